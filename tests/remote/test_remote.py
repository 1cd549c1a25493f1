#!/usr/bin/python3
"""test_remote.py: the phone remote against a real console, with real websocket clients.

    test_remote.py NURTURE SOURCE_DIR [CASE...]

Each case starts its own console (see harness.py) so cases can run in parallel; with
no CASE every case runs. Only loopback traffic.
"""
import asyncio
import json
import os
import socket
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import websockets  # noqa: E402

from harness import PIN, SUBPROTOCOL, TIMEOUT, Console, Phone, brief, where  # noqa: E402

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


async def controller(con):
    p = await Phone.connect(con)
    await p.state()
    r = await p.pair()
    assert r["ok"] and r["role"] == "controller", r
    await p.state(lambda s: s["role"] == "controller")
    return p, r["device"]


# --- State on connect ------------------------------------------------------------------


@case
async def state_on_connect(con):
    p = await Phone.connect(con)
    first = await p._read_one(TIMEOUT)
    assert first["type"] == "state", first
    s = first
    assert s["seq"] >= 1 and s["role"] == "follower", brief(s)
    assert where(s) == (0, 0) and s["kind"] == "welcome" and s["title"] == "Welcome"
    assert not s["paused"] and not s["finished"] and not s["blank"]
    assert s["plan"]["title"] == "A small class" and s["plan"]["massage"] == [2, 5]
    assert [g["kind"] for g in s["plan"]["segments"]] == [
        "welcome", "permission", "massage", "rest", "permission", "massage", "closing"]
    assert s["plan"]["segments"][2]["steps"] == ["Resting hands", "Indian milking"]
    assert s["next"]["segment"] == 1 and s["next"]["step"] == 0
    # Timers are deadlines on the console's clock: the countdown is deadline - now.
    assert s["total_ms"] == 300000
    assert 290000 < s["deadline"] - s["now"] <= 300000, (s["deadline"], s["now"])
    assert abs((s["deadline"] - s["now"]) - s["remaining_ms"]) < 2000
    # Nothing changes by itself in a welcome segment: no message per second.
    later = await p.quiet(2.5)
    assert later == [], [brief(x) for x in later]
    # A second phone connecting later learns the clock as it is then.
    q = await Phone.connect(con)
    s2 = await q.state()
    assert s2["seq"] == s["seq"] and s2["deadline"] == s["deadline"]
    assert s2["now"] >= s["now"] + 2000, (s2["now"], s["now"])
    await p.close()
    await q.close()


# --- Pairing -----------------------------------------------------------------------------


@case
async def refused_without_pairing(con):
    p = await Phone.connect(con)
    s = await p.state()
    for name, extra in [("next", {}), ("back", {}), ("pause", {}), ("restart", {}),
                        ("adjust", {"minutes": 1}), ("volume", {"value": 10}),
                        ("blank", {"value": True}), ("goto", {"segment": 2})]:
        r = await p.cmd(name, **extra)
        assert not r["ok"] and r["error"]["code"] == "not-paired", r
        assert r["error"]["message"], r
    assert await p.quiet(0.5) == []
    # The class did not move: a fresh phone sees the same state.
    q = await Phone.connect(con)
    assert (await q.state())["seq"] == s["seq"]


@case
async def pair_by_code(con):
    p = await Phone.connect(con)
    await p.state()
    r = await p.pair("654321")
    assert not r["ok"] and r["error"]["code"] == "wrong-code" and r["role"] == "follower", r
    r = await p.pair("12345")
    assert not r["ok"] and r["error"]["code"] == "wrong-code", r
    r = await p.pair(PIN)
    assert r["ok"] and r["role"] == "controller" and len(r["device"]) == 32, r
    s = await p.state(lambda s: s["role"] == "controller")
    r = await p.cmd("next")
    assert r["ok"] and r["id"] is not None, r
    s2 = await p.state(lambda x: x["seq"] > s["seq"])
    assert where(s2) == (1, 0), brief(s2)
    # Malformed pair requests.
    for bad in [{}, {"code": 123456}, {"code": PIN, "token": "x"}, {"code": ""}]:
        r = await p.request("pair", **bad)
        assert not r["ok"] and r["error"]["code"] == "bad-value", (bad, r)


@case
async def pair_by_qr_token(con):
    assert con.pair_url and "?pair=" in con.pair_url, con.pair_url
    token = con.pair_url.split("?pair=")[1]
    assert len(token) == 22, token
    p = await Phone.connect(con)
    await p.state()
    r = await p.request("pair", token=token)
    assert r["ok"] and r["role"] == "controller", r
    # The token is used up: a second phone cannot use it again.
    q = await Phone.connect(con)
    await q.state()
    r = await q.request("pair", token=token)
    assert not r["ok"] and r["error"]["code"] == "wrong-code", r
    r = await q.request("pair", token="A" * 22)
    assert not r["ok"] and r["error"]["code"] == "wrong-code", r


@case
async def pair_by_device_token(con):
    p, device = await controller(con)
    await p.close()
    # A reconnecting phone presents its device token and controls again.
    q = await Phone.connect(con)
    s = await q.state()
    assert s["role"] == "follower"
    r = await q.request("hello", device=device)
    assert r["ok"] and r["role"] == "controller", r
    await q.state(lambda s: s["role"] == "controller")
    assert (await q.cmd("next"))["ok"]
    # An unknown or malformed token is refused and the phone stays a follower.
    f = await Phone.connect(con)
    await f.state()
    for bad in ["0" * 32, device[:-1] + ("0" if device[-1] != "0" else "1"), device[:31]]:
        r = await f.request("hello", device=bad)
        assert not r["ok"] and r["error"]["code"] == "unknown-device" and r["role"] == "follower", r
    r = await f.request("hello")
    assert r["ok"] and r["role"] == "follower", r
    r = await f.cmd("next")
    assert r["error"]["code"] == "not-paired", r


@case
async def wrong_code_rate_limit(con):
    p = await Phone.connect(con)
    await p.state()
    for i in range(5):
        r = await p.pair(f"00000{i}")
        assert r["error"]["code"] == "wrong-code", (i, r)
    r = await p.pair("000009")
    assert r["error"]["code"] == "too-many-tries", r
    assert "wait a minute" in r["error"]["message"], r
    # Even the right code is refused from this address now.
    r = await p.pair(PIN)
    assert not r["ok"] and r["error"]["code"] == "too-many-tries", r
    # Another address still may try, until the overall limit (20 a minute) is reached.
    wrong = 5
    for a in range(2, 6):
        q = await Phone.connect(con, local_addr=(f"127.0.0.{a}", 0))
        await q.state()
        for _ in range(4 if wrong + 4 <= 20 else 20 - wrong):
            r = await q.pair("999999")
            assert r["error"]["code"] == "wrong-code", (a, r)
            wrong += 1
        await q.close()
    assert wrong == 21 or wrong == 20, wrong
    fresh = await Phone.connect(con, local_addr=("127.0.0.9", 0))
    await fresh.state()
    r = await fresh.pair(PIN)
    assert not r["ok"] and r["error"]["code"] == "too-many-tries", r
    # A paired phone's device token still works: the limit is on guessing only.


# --- Commands ------------------------------------------------------------------------------


@case
async def each_command(con):
    p, _ = await controller(con)
    s = p.states[-1]

    async def do(name, pred, **fields):
        nonlocal s
        r = await p.cmd(name, **fields)
        assert r["ok"], (name, r)
        s = await p.state(lambda x: x["seq"] > s["seq"] and pred(x))
        return s

    async def refused(name, code, **fields):
        r = await p.cmd(name, **fields)
        assert not r["ok"] and r["error"]["code"] == code, (name, fields, r)
        assert r["error"]["message"]

    await refused("back", "out-of-range")
    await do("next", lambda x: where(x) == (1, 0))
    await do("next", lambda x: where(x) == (1, 1))
    await do("back", lambda x: where(x) == (1, 0))
    await do("goto", lambda x: where(x) == (2, 1) and x["stroke"] == "indian-milking"
             and x["side"] == "left" and x["kind"] == "massage", segment=2, step=1)
    assert s["next"]["segment"] == 3 and s["next"]["title"] == "Rest"
    await do("goto", lambda x: where(x) == (5, 0), segment=5)
    await refused("goto", "out-of-range", segment=7)
    await refused("goto", "out-of-range", segment=2, step=2)
    await refused("goto", "bad-value", segment=-1)
    await refused("goto", "bad-value", segment="2")
    await refused("goto", "bad-value")
    # Pause: the countdown stops and is sent as remaining time, with no deadline.
    await do("pause", lambda x: x["paused"] and x["deadline"] is None)
    rem = s["remaining_ms"]
    assert await p.quiet(1.2) == []
    await do("resume", lambda x: not x["paused"] and x["deadline"] is not None)
    assert abs((s["deadline"] - s["now"]) - rem) < 1000, (s["deadline"] - s["now"], rem)
    await do("toggle-pause", lambda x: x["paused"])
    await do("toggle-pause", lambda x: not x["paused"])
    # Minutes more and less.
    total = s["total_ms"]
    await do("adjust", lambda x: x["total_ms"] == total + 60000, minutes=1)
    await do("adjust", lambda x: x["total_ms"] == total - 60000, minutes=-2)
    await refused("adjust", "bad-value", minutes=0)
    await refused("adjust", "bad-value", minutes=61)
    await refused("adjust", "bad-value", minutes=1.5)
    # The screen.
    await do("blank", lambda x: x["blank"], value=True)
    await do("blank", lambda x: not x["blank"], value=False)
    await refused("blank", "bad-value", value=1)
    # Music: answered; the state shows it when there is an audio engine.
    for name, fields in [("volume", {"value": 40}), ("mute", {"value": True}),
                         ("mute", {"value": False}), ("next-track", {})]:
        r = await p.cmd(name, **fields)
        assert r["ok"], (name, r)
    if s["music"] is not None:
        s = await p.state(lambda x: x["music"]["volume"] == 40)
    await refused("volume", "bad-value", value=101)
    await refused("volume", "bad-value", value=-1)
    await refused("mute", "bad-value")
    await refused("fly", "bad-command")
    r = await p.request("cmd")
    assert r["error"]["code"] == "bad-command", r
    # Restart: back to the start with every clock at zero.
    await do("restart", lambda x: where(x) == (0, 0) and x["total_ms"] == 300000)
    # Finish the class: NEXT is then refused, BACK works.
    await do("goto", lambda x: where(x) == (6, 0), segment=6)
    await do("next", lambda x: x["finished"] and x["next"] is None and x["deadline"] is None)
    await refused("next", "finished")
    await do("back", lambda x: not x["finished"])


@case
async def broadcast_to_all(con):
    p, _ = await controller(con)
    followers = [await Phone.connect(con) for _ in range(4)]
    for f in followers:
        await f.state()
    seq = p.states[-1]["seq"]
    assert (await p.cmd("next"))["ok"]
    for f in followers:
        s = await f.state(lambda x: x["seq"] > seq)
        assert where(s) == (1, 0) and s["role"] == "follower", brief(s)
    # A second controller sees the first one's commands, and the other way round.
    q, _ = await controller(con)
    assert (await q.cmd("adjust", minutes=3))["ok"]
    s = await p.state(lambda x: where(x) == (1, 0) and x["total_ms"] == 120000 + 180000)
    for f in followers:
        got = await f.state(lambda x: x["seq"] >= s["seq"])
        assert got["total_ms"] == s["total_ms"], (brief(got), brief(s))
    # Every state names its sequence number, growing by one per change.
    seqs = [x["seq"] for x in followers[0].states]
    assert seqs == sorted(set(seqs)), seqs


# --- Refusing what is not ours --------------------------------------------------------------


@case
async def bad_origin(con):
    for origin in ["http://evil.example", f"http://evil.example:{con.port}", "null",
                   f"http://127.0.0.1:{con.port + 1}", f"ftp://127.0.0.1:{con.port}"]:
        try:
            ws = await websockets.connect(con.url, subprotocols=[SUBPROTOCOL], origin=origin,
                                          open_timeout=TIMEOUT)
        except (websockets.exceptions.InvalidHandshake, OSError, asyncio.TimeoutError):
            continue
        await ws.close()
        raise AssertionError(f"a page from {origin} was let in")
    # The console's own page is welcome.
    p = await Phone.connect(con, origin=f"http://127.0.0.1:{con.port}")
    await p.state()
    # Another path, no subprotocol, another subprotocol: refused.
    for url, sub in [(f"ws://127.0.0.1:{con.port}/other", [SUBPROTOCOL]),
                     (con.url, None), (con.url, ["chat"])]:
        try:
            ws = await websockets.connect(url, subprotocols=sub, open_timeout=TIMEOUT)
        except (websockets.exceptions.InvalidHandshake, OSError, asyncio.TimeoutError):
            continue
        try:
            # lws may accept and then refuse; a refused socket closes without a state.
            await asyncio.wait_for(ws.recv(), 1.0)
        except (websockets.exceptions.ConnectionClosed, asyncio.TimeoutError):
            await ws.close()
            continue
        raise AssertionError(f"{url} with {sub} was served")


@case
async def bad_messages(con):
    p, _ = await controller(con)
    f = await Phone.connect(con)
    s0 = await f.state()
    cases = [
        ("x" * 5000, "too-big"),
        ('{"v":1,"type":"cmd","cmd":"next","pad":"' + "y" * 2000 + '"}', "too-big"),
        (b"\x00\x01\x02", "binary"),
        (json.dumps({"v": 1, "type": "cmd", "cmd": "next"}).encode(), "binary"),
        ("{nope", "bad-json"),
        ("", "bad-json"),
        ("[1,2]", "bad-json"),
        ('{"v":1,"type":"cmd","cmd":"next"} trailing', "bad-json"),
        ('"next"', "bad-json"),
        (json.dumps({"type": "cmd", "cmd": "next"}), "bad-version"),
        (json.dumps({"v": 2, "type": "cmd", "cmd": "next"}), "bad-version"),
        (json.dumps({"v": 1, "type": "dance"}), "bad-type"),
        (json.dumps({"v": 1, "cmd": "next"}), "bad-type"),
        (json.dumps({"v": 1, "id": "seven", "type": "cmd", "cmd": "next"}), "bad-value"),
        (json.dumps({"v": 1, "id": -1, "type": "cmd", "cmd": "next"}), "bad-value"),
    ]
    for text, code in cases:
        await p.ws.send(text)
        r = await p.any_reply()
        assert not r["ok"] and r["error"]["code"] == code, (text[:40], r)
    # A fragmented message is put together; one over the limit in fragments is refused.
    await p.ws.send(iter(['{"v":1,"id":900,', '"type":"cmd",', '"cmd":"pause"}']))
    r = await p.reply_to(900)
    assert r["ok"], r
    await p.ws.send(iter(["[" + "1," * 400, "1," * 400 + "1]"]))
    r = await p.any_reply()
    assert r["error"]["code"] == "too-big", r
    s = await f.state(lambda x: x["paused"])
    # Nothing else changed the class, and the server is alive for everyone.
    assert where(s) == where(s0) and s["total_ms"] == s0["total_ms"] and s["seq"] == s0["seq"] + 1
    assert (await p.cmd("resume"))["ok"]
    g = await Phone.connect(con)
    assert where(await g.state()) == where(s0)
    assert con.alive()


@case
async def hundred_connections(con):
    p, _ = await controller(con)
    phones = await asyncio.gather(*[Phone.connect(con) for _ in range(100)])
    firsts = await asyncio.gather(*[x.state() for x in phones])
    assert all(s["role"] == "follower" for s in firsts)
    seq = max(s["seq"] for s in firsts)
    t0 = time.monotonic()
    assert (await p.cmd("next"))["ok"]
    got = await asyncio.gather(*[x.state(lambda s: s["seq"] > seq) for x in phones])
    assert all(where(s) == (1, 0) for s in got)
    elapsed = time.monotonic() - t0
    assert elapsed < 3, elapsed
    await asyncio.gather(*[x.close() for x in phones])
    q = await Phone.connect(con)
    assert where(await q.state()) == (1, 0)


def raw_ws(port, rcvbuf=None):
    """A websocket by hand, so it can stop reading (or never answer a ping)."""
    s = socket.socket()
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.settimeout(TIMEOUT)
    s.connect(("127.0.0.1", port))
    s.sendall((f"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
               "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
               f"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: {SUBPROTOCOL}\r\n\r\n")
              .encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = s.recv(1)
        assert chunk, "closed during the handshake"
        head += chunk
    assert head.startswith(b"HTTP/1.1 101"), head
    return s


def closed_by_server(s, within):
    """Drain `s`; True when the server closes it within `within` seconds."""
    end = time.monotonic() + within
    s.settimeout(0.5)
    while time.monotonic() < end:
        try:
            if not s.recv(65536):
                return True
        except socket.timeout:
            continue
        except OSError:
            return True
    return False


@case
async def slow_client_dropped(con):
    p, _ = await controller(con)
    f = await Phone.connect(con)
    await f.state()
    slow = raw_ws(con.port, rcvbuf=4096)
    # Dead: reads everything but never answers a ping.
    dead = raw_ws(con.port)
    loop = asyncio.get_running_loop()
    dead_task = loop.run_in_executor(None, closed_by_server, dead, 30)
    # Many changes: the slow phone's socket fills up; the others must not wait for it.
    worst = 0.0
    t_start = time.monotonic()
    for i in range(400):
        t0 = time.monotonic()
        seq = f.states[-1]["seq"]
        assert (await p.cmd("adjust", minutes=1 if i % 2 == 0 else -1))["ok"]
        await f.state(lambda x: x["seq"] > seq)
        worst = max(worst, time.monotonic() - t0)
    assert worst < 1.0, f"a follower waited {worst:.2f}s for a state"
    # Both are dropped: lws pings a quiet phone after 5 s and hangs up after 12 s without
    # an answer; a phone whose socket stays full for 8 s is dropped before that.
    assert await loop.run_in_executor(None, closed_by_server, slow, 25), "slow phone kept"
    assert await dead_task, "a phone that never answers pings was kept"
    elapsed = time.monotonic() - t_start
    # The others never noticed.
    seq = f.states[-1]["seq"]
    assert (await p.cmd("next"))["ok"]
    await f.state(lambda x: x["seq"] > seq)
    assert con.alive() and elapsed < 60


@case
async def reconnect_after_restart(con):
    p, device = await controller(con)
    assert (await p.cmd("goto", segment=2))["ok"]
    await p.state(lambda x: where(x) == (2, 0))
    assert con.stop() == 0, "the console did not stop cleanly:\n" + con.output()
    # The phone notices the console went away.
    try:
        await asyncio.wait_for(p.ws.recv(), TIMEOUT)
        raise AssertionError("still connected")
    except websockets.exceptions.ConnectionClosed:
        pass
    con.start()
    q = await Phone.connect(con)
    s = await q.state()
    assert s["role"] == "follower" and where(s) == (0, 0)
    r = await q.request("hello", device=device)
    assert r["ok"] and r["role"] == "controller", r
    await q.state(lambda x: x["role"] == "controller")
    assert (await q.cmd("next"))["ok"]
    await q.state(lambda x: where(x) == (1, 0))


@case
async def http_page(con):
    import urllib.request
    for path, kind in [("/", "text/html"), ("/app.js", "javascript"), ("/style.css", "text/css"),
                       ("/index.html", "text/html")]:
        with urllib.request.urlopen(f"http://127.0.0.1:{con.port}{path}", timeout=TIMEOUT) as r:
            assert r.status == 200 and kind in r.headers["content-type"], (path, r.headers)
            assert "default-src 'none'" in r.headers["content-security-policy"]
            assert r.read()
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{con.port}/nope.js", timeout=TIMEOUT)
        raise AssertionError("a missing file was served")
    except urllib.error.HTTPError as e:
        assert e.code == 404, e.code


# --- The console's own key ------------------------------------------------------------

WINDOWED = {"revoke_key"}


def press_key(key):
    """Press `key` in the console's window through the X server (run under tests/display/with-xvfb.sh)."""
    import subprocess
    win = subprocess.run(["xdotool", "search", "--sync", "--name", "^Nurture$"],
                         capture_output=True, text=True, timeout=20).stdout.split()
    assert win, "no window named Nurture"
    subprocess.run(["xdotool", "windowfocus", "--sync", win[0]], timeout=10)
    subprocess.run(["xdotool", "key", key], check=True, timeout=10)


@case
async def revoke_key(con):
    """K on the console forgets every paired phone: a controller becomes a follower at
    once, its commands are refused, and its device token no longer pairs."""
    p, device = await controller(con)
    await asyncio.get_running_loop().run_in_executor(None, press_key, "k")
    s = await p.state(lambda s: s["role"] == "follower")
    assert s["role"] == "follower", brief(s)
    r = await p.cmd("next")
    assert not r["ok"] and r["error"]["code"] == "not-paired", r
    q = await Phone.connect(con)
    await q.state()
    r = await q.request("hello", device=device)
    assert not r["ok"] and r["error"]["code"] == "unknown-device" and r["role"] == "follower", r
    await q.close()
    await p.close()


async def run_case(name, exe, src):
    con = Console(exe, src)
    if name in WINDOWED:
        # A real window on the X server the case runs under (with-xvfb.sh), for its keys.
        con.env.pop("SDL_VIDEODRIVER", None)
    con.start()
    try:
        await asyncio.wait_for(CASES[name](con), 120)
        rc = con.stop()
        if os.environ.get("SHOW_LOG"):
            print(con.output())
        assert rc == 0, f"the console exited with {rc}:\n" + con.output()
    except BaseException:
        print(con.output()[-3000:], file=sys.stderr)
        raise
    finally:
        con.cleanup()


def main():
    exe, src, names = sys.argv[1], sys.argv[2], sys.argv[3:] or list(CASES)
    failed = 0
    for name in names:
        if name not in CASES:
            print(f"unknown case {name}; cases: {' '.join(CASES)}", file=sys.stderr)
            return 2
        t0 = time.monotonic()
        try:
            asyncio.run(run_case(name, exe, src))
            print(f"ok   test_remote__{name} ({time.monotonic() - t0:.1f}s)")
        except BaseException:
            traceback.print_exc()
            print(f"FAIL test_remote__{name}")
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
