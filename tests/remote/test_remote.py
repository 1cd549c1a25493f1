#!/usr/bin/python3
"""test_remote.py: the phone remote against a real console, with real websocket clients.

    test_remote.py NURTURE SOURCE_DIR [CASE...]

Each case starts its own console (see harness.py) so cases can run in parallel; with
no CASE every case runs. Only loopback traffic.
"""
import asyncio
import json
import os
import re
import socket
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import websockets  # noqa: E402

from harness import (PIN, SUBPROTOCOL, TIMEOUT, VERSION, Console, Phone, Screen,  # noqa: E402
                     brief, proof, where)

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


async def controller(con, code=PIN, **kw):
    p = await Phone.connect(con, **kw)
    await p.state()
    r = await p.pair(code)
    assert r["ok"] and r["role"] == "controller", r
    await p.state(lambda s: s["role"] == "controller")
    return p, {"id": r["device"], "key": r["key"]}


# --- State on connect ------------------------------------------------------------------


@case
async def state_on_connect(con):
    p = await Phone.connect(con)
    first = await p._read_one(TIMEOUT)
    assert first["type"] == "challenge" and len(first["challenge"]) == 43, first
    s = await p._read_one(TIMEOUT)
    assert s["type"] == "state", s
    assert s["pairing"] == "code", s["pairing"]  # nobody controls yet: the code is open
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
    assert r["ok"] and r["role"] == "controller" and len(r["device"]) == 16, r
    assert len(r["key"]) == 64, r
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
async def pair_by_device_token(con):
    """After pairing, a phone proves its device with an HMAC of a fresh challenge on each
    connection: the key never crosses the network again, and a captured hello is worth
    nothing on another connection (or twice on the same one)."""
    p, device = await controller(con)
    await p.close()
    q = await Phone.connect(con)
    s = await q.state()
    assert s["role"] == "follower"
    sent = []
    real_send = q.ws.send

    async def capture(text):
        sent.append(text)
        await real_send(text)
    q.ws.send = capture
    r = await q.hello(device)
    assert r["ok"] and r["role"] == "controller", r
    await q.state(lambda s: s["role"] == "controller")
    assert (await q.cmd("next"))["ok"]
    hello = next(x for x in sent if '"hello"' in x)
    assert device["key"] not in hello and json.loads(hello)["proof"], hello
    # The captured hello, replayed on another connection (as someone on the Wi-Fi would).
    f = await Phone.connect(con)
    await f.state()
    await f.ws.send(hello)
    r = await f.any_reply()
    assert not r["ok"] and r["error"]["code"] == "unknown-device" and r["role"] == "follower", r
    r = await f.cmd("next")
    assert r["error"]["code"] == "not-paired", r
    # Replayed on its own connection: one proof per challenge.
    g = await Phone.connect(con)
    await g.state()
    r = await g.hello(device)
    assert r["ok"], r
    r = await g.hello(device)
    assert not r["ok"] and r["error"]["code"] == "unknown-device", r
    # A wrong key, an unknown id, a malformed proof: refused, the phone follows.
    h = await Phone.connect(con)
    await h.state()
    for bad in [{"id": device["id"], "key": "0" * 64}, {"id": "0" * 16, "key": device["key"]}]:
        r = await h.hello(bad)
        assert not r["ok"] and r["error"]["code"] == "unknown-device", r
        await h.close()
        h = await Phone.connect(con)
        await h.state()
    r = await h.request("hello", device=device["id"], proof="zz")
    assert not r["ok"] and r["error"]["code"] == "unknown-device", r
    r = await h.request("hello", device=device["id"])
    assert not r["ok"] and r["error"]["code"] == "bad-value", r
    r = await h.request("hello")
    assert r["ok"] and r["role"] == "follower", r
    # A phone forgets itself: its device no longer proves.
    r = await q.request("forget")
    assert r["ok"] and r["role"] == "follower", r
    k = await Phone.connect(con)
    await k.state()
    r = await k.hello(device)
    assert not r["ok"] and r["error"]["code"] == "unknown-device", r


@case
async def second_phone_asks(con):
    """While the instructor's phone controls, the code is closed: another phone asks, and
    the instructor's phone allows or refuses. "Add a phone" opens the code for a minute."""
    p, _ = await controller(con)
    q = await Phone.connect(con, local_addr=("127.0.0.2", 0))
    s = await q.state()
    assert s["role"] == "follower" and s["pairing"] == "ask", brief(s)
    # The right code does not work now, and is not even counted as a try.
    for _ in range(8):
        r = await q.pair(PIN)
        assert not r["ok"] and r["error"]["code"] == "pairing-closed", r
    r = await q.request("pair", token="A" * 22)
    assert not r["ok"] and r["error"]["code"] == "pairing-closed", r
    # Asking: the controller sees who asks, and refuses.
    rid = await q.send("ask")
    asks = await p.wait_asks(lambda a: len(a) == 1)
    assert asks[0]["from"] == "127.0.0.2", asks
    r = await p.request("answer", phone=asks[0]["phone"], allow=False)
    assert r["ok"], r
    r = await q.reply_to(rid)
    assert not r["ok"] and r["error"]["code"] == "refused" and r["role"] == "follower", r
    await p.wait_asks(lambda a: a == [])
    assert (await q.cmd("next"))["error"]["code"] == "not-paired"
    # A follower cannot answer for itself.
    r = await q.request("answer", phone=asks[0]["phone"], allow=True)
    assert r["error"]["code"] == "not-paired", r
    # Asked again: allowed. The reply carries its device, once.
    rid = await q.send("ask")
    asks = await p.wait_asks(lambda a: len(a) == 1)
    r = await p.request("answer", phone=asks[0]["phone"], allow=True)
    assert r["ok"], r
    r = await q.reply_to(rid)
    assert r["ok"] and r["role"] == "controller" and len(r["key"]) == 64, r
    await q.state(lambda x: x["role"] == "controller")
    assert (await q.cmd("next"))["ok"]
    r = await p.request("answer", phone=asks[0]["phone"], allow=True)
    assert r["error"]["code"] == "not-asking", r
    # "Add a phone": the code is open for a third phone, then closed again once used.
    t = await Phone.connect(con, local_addr=("127.0.0.3", 0))
    await t.state(lambda x: x["pairing"] == "ask")
    r = await p.request("open")
    assert r["ok"], r
    await t.state(lambda x: x["pairing"] == "code")
    r = await t.pair(PIN)
    assert r["ok"] and r["role"] == "controller", r
    u = await Phone.connect(con, local_addr=("127.0.0.4", 0))
    s = await u.state()
    assert s["pairing"] == "ask", s["pairing"]
    r = await u.pair(PIN)
    assert r["error"]["code"] == "pairing-closed", r
    # When every controller has gone, an asking phone is told to type the code.
    rid = await u.send("ask")
    await p.wait_asks(lambda a: len(a) == 1)
    for x in (p, q, t):
        await x.close()
    r = await u.reply_to(rid)
    assert not r["ok"] and r["error"]["code"] == "no-controller", r
    await u.state(lambda x: x["pairing"] == "code")
    r = await u.pair(PIN)
    assert r["ok"], r


async def projector_codes(con, pred):
    """The page's QR codes on the projector (a screenshot read with zbarimg), once they
    match `pred`; the window takes a moment to show."""
    got = None
    for _ in range(60):
        got = [c for c in await asyncio.get_running_loop().run_in_executor(
            None, con.screen.qr_codes) if not c.startswith("WIFI:")]
        if pred(got):
            return got
        await asyncio.sleep(0.25)
    raise AssertionError(f"the projector shows {got}")


@case
async def wrong_code_rate_limit(con):
    """Wrong codes are limited per address; beyond 20 a minute from everywhere the code
    is changed on the projector instead of refusing everyone, so 40 wrong codes from
    several addresses never stop the instructor pairing with what the projector shows."""
    p = await Phone.connect(con, local_addr=("127.0.0.2", 0))
    await p.state()
    for i in range(5):
        r = await p.pair(f"00000{i}")
        assert r["error"]["code"] == "wrong-code", (i, r)
    r = await p.pair("000009")
    assert r["error"]["code"] == "too-many-tries", r
    assert "wait a minute" in r["error"]["message"], r
    # Even the right code is refused from this address now (not counted either).
    r = await p.pair(PIN)
    assert not r["ok"] and r["error"]["code"] == "too-many-tries", r
    wrong = 5
    for a in range(3, 10):
        q = await Phone.connect(con, local_addr=(f"127.0.0.{a}", 0))
        await q.state()
        for _ in range(5):
            r = await q.pair("999999")
            assert r["error"]["code"] == "wrong-code", (a, r)
            wrong += 1
        await q.close()
    assert wrong == 40, wrong
    assert "new code" in con.output(), con.output()[-2000:]
    # The fixed code was replaced: it is wrong now, from an address that may still try.
    fresh = await Phone.connect(con, local_addr=("127.0.0.20", 0))
    await fresh.state()
    r = await fresh.pair(PIN)
    assert not r["ok"] and r["error"]["code"] == "wrong-code", r
    # The instructor types the code the projector shows now, read back from the screen
    # with OCR once two readings agree (a slow machine may still show the code of a
    # moment ago); a wrong try is retried as a person would, from another phone.
    shown, r, last, tried = None, None, None, set()
    for attempt in range(40):
        words = await asyncio.get_running_loop().run_in_executor(None, con.screen.text)
        found = [c for c in re.findall(r"(?<!\d)\d{6,10}(?!\d)", words.replace(" ", ""))
                 if c != PIN]
        code = found[0] if found else None
        if code and code == last and code not in tried:
            tried.add(code)
            inst = await Phone.connect(con, local_addr=(f"127.0.0.{30 + attempt}", 0))
            await inst.state()
            r = await inst.pair(code)
            if r["ok"]:
                shown = code
                break
            assert r["error"]["code"] == "wrong-code", r
            await inst.close()
        last = code
        await asyncio.sleep(0.5)
    assert shown and r["ok"] and r["role"] == "controller", (shown, r)
    # The page's QR code on the projector no longer grants control once a phone controls.
    codes = await projector_codes(con, lambda c: len(c) == 1 and "?pair=" not in c[0])
    # Lock-outs, the new code and the new controller are told, without a code or token.
    out = con.output()
    assert "too many wrong codes from 127.0.0.2" in out and "controls the class now" in out
    assert PIN not in out and shown not in out and r["key"] not in out


@case
async def projector_gives_control(con):
    """The projector shows a QR code that pairs (and the code) only while no phone
    controls, or for a minute after the instructor presses C; else one that follows."""
    follow = f"http://{con.url_shown.split('//')[1].split('/')[0]}/"
    assert con.url_shown == follow, con.url_shown

    def wait_codes(pred):
        return projector_codes(con, pred)

    # A fresh console: the QR code pairs.
    got = await wait_codes(lambda c: len(c) == 1 and "?pair=" in c[0])
    token = got[0].split("?pair=")[1]
    assert got[0] == follow + "?pair=" + token, got
    p = await Phone.connect(con)
    await p.state()
    r = await p.request("pair", token=token)
    assert r["ok"] and r["role"] == "controller", r
    # Once a phone controls: the follow address only, and the token is used up.
    await wait_codes(lambda c: c == [follow])
    q = await Phone.connect(con)
    await q.state()
    r = await q.request("pair", token=token)
    assert r["error"]["code"] == "pairing-closed", r
    # C on the console: a new pairing QR code for a minute, used once.
    await asyncio.get_running_loop().run_in_executor(None, con.screen.press, "c")
    got = await wait_codes(lambda c: len(c) == 1 and "?pair=" in c[0])
    token2 = got[0].split("?pair=")[1]
    assert token2 != token
    await q.state(lambda x: x["pairing"] == "code")
    r = await q.request("pair", token=token2)
    assert r["ok"] and r["role"] == "controller", r
    await wait_codes(lambda c: c == [follow])
    # The instructor's phone away: the pairing QR code is back.
    await p.close()
    await q.close()
    await wait_codes(lambda c: len(c) == 1 and "?pair=" in c[0])
    assert "?pair=" not in con.output() and "code " + PIN not in con.output()


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
    # A second controller (added from the first) sees its commands, and the other way round.
    assert (await p.request("open"))["ok"]
    q, _ = await controller(con)
    assert (await q.cmd("adjust", minutes=3))["ok"]
    s = await p.state(lambda x: where(x) == (1, 0) and x["total_ms"] == 120000 + 180000)
    for f in followers:
        got = await f.state(lambda x: x["seq"] >= s["seq"])
        assert got["total_ms"] == s["total_ms"], (brief(got), brief(s))
    # Every state names its sequence number, growing by one per change of the class; a
    # state is sent again under the same number only when the phone's role or the
    # pairing changed.
    sts = followers[0].states
    seqs = [x["seq"] for x in sts]
    assert seqs == sorted(seqs), seqs
    for a, b in zip(sts, sts[1:]):
        assert a["seq"] != b["seq"] or (a["role"], a["pairing"]) != (b["role"], b["pairing"])


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
        ('{"v":2,"type":"cmd","cmd":"next","pad":"' + "y" * 2000 + '"}', "too-big"),
        (b"\x00\x01\x02", "binary"),
        (json.dumps({"v": 2, "type": "cmd", "cmd": "next"}).encode(), "binary"),
        ("{nope", "bad-json"),
        ("", "bad-json"),
        ("[1,2]", "bad-json"),
        ('{"v":2,"type":"cmd","cmd":"next"} trailing', "bad-json"),
        ('"next"', "bad-json"),
        (json.dumps({"type": "cmd", "cmd": "next"}), "bad-version"),
        (json.dumps({"v": 1, "type": "cmd", "cmd": "next"}), "bad-version"),
        (json.dumps({"v": 2, "type": "dance"}), "bad-type"),
        (json.dumps({"v": 2, "cmd": "next"}), "bad-type"),
        (json.dumps({"v": 2, "id": "seven", "type": "cmd", "cmd": "next"}), "bad-value"),
        (json.dumps({"v": 2, "id": -1, "type": "cmd", "cmd": "next"}), "bad-value"),
    ]
    for text, code in cases:
        await p.ws.send(text)
        r = await p.any_reply()
        assert not r["ok"] and r["error"]["code"] == code, (text[:40], r)
    # A fragmented message is put together; one over the limit in fragments is refused.
    await p.ws.send(iter(['{"v":2,"id":900,', '"type":"cmd",', '"cmd":"pause"}']))
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
    # As in a room: each phone from its own address (one address may hold 16).
    phones = await asyncio.gather(*[Phone.connect(con, local_addr=(f"127.0.1.{i + 1}", 0))
                                    for i in range(100)])
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
    r = await q.hello(device)
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


# --- The console's own window (an X server of the case's own) -------------------------

WINDOWED = {"revoke_key", "projector_gives_control", "wrong_code_rate_limit"}


@case
async def revoke_key(con):
    """K on the console forgets every paired phone: a controller becomes a follower at
    once, its commands are refused, and its device token no longer pairs."""
    p, device = await controller(con)
    await asyncio.get_running_loop().run_in_executor(None, con.screen.press, "k")
    s = await p.state(lambda s: s["role"] == "follower")
    assert s["role"] == "follower", brief(s)
    r = await p.cmd("next")
    assert not r["ok"] and r["error"]["code"] == "not-paired", r
    q = await Phone.connect(con)
    await q.state()
    r = await q.hello(device)
    assert not r["ok"] and r["error"]["code"] == "unknown-device" and r["role"] == "follower", r
    await q.close()
    await p.close()


# --- Only the console's own names; bounded; valid text ---------------------------------


def http_get(port, host, origin=None):
    """The status of GET / with this Host (and Origin), by hand."""
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as c:
        extra = f"Origin: {origin}\r\n" if origin else ""
        c.sendall(f"GET / HTTP/1.1\r\nHost: {host}\r\n{extra}Connection: close\r\n\r\n".encode())
        head = b""
        try:
            while b"\r\n" not in head:
                chunk = c.recv(256)
                if not chunk:
                    break
                head += chunk
        except OSError:
            pass
    parts = head.split(b" ")
    return int(parts[1]) if len(parts) > 1 and head.startswith(b"HTTP/") else None


@case
async def rebinding(con):
    """A page of another site whose name points at the console (DNS rebinding) sends its
    own name as Host and Origin: refused, over HTTP and the websocket."""
    port = con.port
    for host, origin in [(f"evil.example:{port}", f"http://evil.example:{port}"),
                         (f"evil.example:{port}", None),
                         (f"127.0.0.1.nip.io:{port}", f"http://127.0.0.1.nip.io:{port}"),
                         (f"127.0.0.1:{port + 1}", f"http://127.0.0.1:{port + 1}"),
                         ("127.0.0.1", "http://127.0.0.1"),
                         (f"127.0.0.1:{port}", f"http://localhost:{port}"),
                         (f"localhost:{port}", f"http://evil.example:{port}")]:
        try:
            ws = await websockets.connect(con.url, subprotocols=[SUBPROTOCOL], origin=origin,
                                          additional_headers={"Host": host},
                                          open_timeout=TIMEOUT)
        except TypeError:  # an older python3-websockets names it extra_headers
            ws = None
            try:
                ws = await websockets.connect(con.url, subprotocols=[SUBPROTOCOL], origin=origin,
                                              extra_headers={"Host": host}, open_timeout=TIMEOUT)
            except (websockets.exceptions.InvalidHandshake, OSError, asyncio.TimeoutError):
                pass
        except (websockets.exceptions.InvalidHandshake, OSError, asyncio.TimeoutError):
            ws = None
        if ws is not None:
            await ws.close()
            raise AssertionError(f"a websocket for Host {host}, Origin {origin} was let in")
        status = await asyncio.get_running_loop().run_in_executor(None, http_get, port, host,
                                                                  origin)
        assert status != 200, (host, origin, status)
    # The console's own names are welcome.
    for host in [f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}",
                 f"10.42.0.1:{port}", f"{socket.gethostname()}:{port}"]:
        status = await asyncio.get_running_loop().run_in_executor(None, http_get, port, host,
                                                                  f"http://{host}")
        assert status == 200, (host, status)
    p = await Phone.connect(con, origin=f"http://127.0.0.1:{port}")
    await p.state()
    # Refusals are counted and told once, not once each.
    await asyncio.sleep(1.5)
    told = [x for x in con.output().splitlines() if "another site or name" in x]
    assert len(told) == 1, told


def cpu_ticks(pid, name):
    """User and system clock ticks of the thread called `name` in process `pid`."""
    for tid in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{tid}/comm") as f:
            if f.read().strip() != name:
                continue
        with open(f"/proc/{pid}/task/{tid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    raise AssertionError(f"no thread {name}")


def flood(port, n):
    """`n` connection attempts from a few addresses, every socket held open; returns
    how many the console accepted and kept."""
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, n + 512)), hard))
    held, kept = [], 0
    for i in range(n):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        s.settimeout(2)
        try:
            s.bind((f"127.0.2.{i % 4 + 1}", 0))
            s.connect(("127.0.0.1", port))
            held.append(s)
        except OSError:
            s.close()
    time.sleep(1.0)
    for s in held:
        s.setblocking(False)
        try:
            kept += len(s.recv(1))  # closed by the console: b""
        except BlockingIOError:
            kept += 1  # still open, nothing said: accepted and counted
        except OSError:
            pass
    return held, kept


@case
async def connection_flood(con):
    """2000 connection attempts, each held open, from a few addresses: refused at accept
    beyond 16 an address; the instructor's phone keeps working, a new phone still
    connects, the remote thread stays idle and the log says it once."""
    p, _ = await controller(con)
    loop = asyncio.get_running_loop()
    held, kept = await loop.run_in_executor(None, flood, con.port, 2000)
    try:
        assert kept <= 4 * 16, kept
        seq = p.states[-1]["seq"]
        assert (await p.cmd("next"))["ok"]
        await p.state(lambda x: x["seq"] > seq)
        q = await Phone.connect(con)
        assert where(await q.state()) == (1, 0)
        # Idle while the flood's sockets stay open: no spinning on accept.
        before = cpu_ticks(con.proc.pid, "nurture-remote")
        await asyncio.sleep(3)
        used = cpu_ticks(con.proc.pid, "nurture-remote") - before
        assert used <= 30, f"the remote thread used {used} ticks in 3 s"
    finally:
        for s in held:
            s.close()
    await asyncio.sleep(1.5)
    told = [x for x in con.output().splitlines() if "refused" in x]
    assert 1 <= len(told) <= 2, told
    assert (await p.cmd("back"))["ok"]


# --- The finished class ------------------------------------------------------------------


@case
async def finished_summary(con):
    """A paired phone drives the class to its end: its state then carries the class log
    summed up (JSON, text and CSV), with who did what; a follower's is null, and so is
    everyone's once the class goes on. The log has the phone's music changes."""
    import glob
    p, dev = await controller(con)
    f = await Phone.connect(con)
    await f.state()
    who = "phone " + dev["id"][:6]
    for name, fields in [("adjust", {"minutes": 2}), ("volume", {"value": 40}),
                         ("mute", {"value": True}), ("mute", {"value": False}),
                         ("next-track", {}), ("pause", {}), ("resume", {})]:
        r = await p.cmd(name, **fields)
        assert r["ok"], (name, r)
    segments = p.states[-1]["plan"]["segments"]
    assert (await p.cmd("goto", segment=len(segments) - 1, step=0))["ok"]
    await p.state(lambda x: x["segment"] == len(segments) - 1)
    for _ in range(10):
        if p.states[-1]["finished"]:
            break
        seq = p.states[-1]["seq"]
        assert (await p.cmd("next"))["ok"]
        await p.state(lambda x: x["seq"] > seq)
    assert all(x["summary"] is None for x in p.states if not x["finished"])
    s = await p.state(lambda x: x["finished"] and x["summary"], timeout=15)
    sm = s["summary"]
    assert sm["title"] == "A small class" and sm["ended"] == "finished", sm["ended"]
    assert [g["title"] for g in sm["segments"]] == [g["title"] for g in segments]
    assert [g["planned_ms"] for g in sm["segments"]] == [g["duration_ms"] for g in segments]
    first, skipped, last = sm["segments"][0], sm["segments"][1], sm["segments"][-1]
    assert first["reached"] and first["took_ms"] >= 0 and first["added_ms"] == 120000, first
    assert first["over_ms"] == max(0, first["took_ms"] - 420000), first
    assert not skipped["reached"] and skipped["took_ms"] is None, skipped
    assert last["reached"] and last["took_ms"] is not None, last
    assert sm["pauses"]["count"] == 1 and sm["pauses"]["total_ms"] >= 0, sm["pauses"]
    assert sm["minutes"] == [{"by": who, "added": 1, "removed": 0, "added_ms": 120000,
                              "removed_ms": 0}], sm["minutes"]
    assert sm["music"]["volume_changes"] == 1 and sm["music"]["mutes"] == 1, sm["music"]
    assert sm["music"]["skips"] == 1, sm["music"]
    assert sm["text"].startswith("A small class (") and who + " +1 -0" in sm["text"], sm["text"]
    rows = sm["csv"].splitlines()
    assert rows[0].startswith("segment,title,planned_s,") and len(rows) == 1 + len(segments)
    assert rows[1].startswith('1,"Welcome",300,120,0,') and rows[2].endswith(",no"), rows
    # The follower saw the class finish, never the summary.
    await f.state(lambda x: x["finished"] and x["seq"] >= s["seq"])
    await f.quiet(0.5)
    assert f.states and all(x["summary"] is None for x in f.states), \
        [brief(x) for x in f.states if x["summary"] is not None]
    # Back into the class: the summary is gone for the controller too.
    assert (await p.cmd("back"))["ok"]
    s2 = await p.state(lambda x: not x["finished"])
    assert s2["summary"] is None
    # The log: every line JSON, the phone's music changes with its short name.
    logs = glob.glob(os.path.join(con.dir, "state", "logs", "*.jsonl"))
    assert len(logs) == 1, logs
    with open(logs[0], encoding="utf-8") as fh:
        lines = [json.loads(x) for x in fh]
    music = [(x["what"], x.get("volume"), x["by"]) for x in lines if x["ev"] == "music"]
    assert music == [("volume", 40, who), ("mute", None, who), ("unmute", None, who),
                     ("skip", None, who)], music
    await p.close()
    await f.close()


def utf8_music(con):
    """A music folder with one file whose name is not UTF-8 (Latin-1 bytes)."""
    import wave
    folder = os.path.join(con.dir, "music")
    os.makedirs(folder, exist_ok=True)
    name = os.path.join(folder.encode(), b"Berceuse \xe9t\xe9.wav")
    with wave.open(name.decode("utf-8", "surrogateescape"), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(48000)
        w.writeframes(b"\x10\x00\xf0\xff" * 48000 * 20)
    con.extra += ["--music", folder]


@case
async def invalid_utf8_track(con):
    """A track named with bytes that are not UTF-8 goes to the phones and the class log
    as valid text: every phone stays connected (a browser closes a connection on invalid
    UTF-8)."""
    phones = [await Phone.connect(con) for _ in range(3)]
    s = None
    for x in phones:
        s = await x.state(lambda st: st["music"] and st["music"]["track"], timeout=15)
    track = s["music"]["track"]
    assert track.startswith("Berceuse ") and "\ufffd" in track, track
    # The class log names the track that started, as valid UTF-8 (strict decoding).
    import glob
    end = time.monotonic() + TIMEOUT
    while True:
        logs = glob.glob(os.path.join(con.dir, "state", "logs", "*.jsonl"))
        with open(logs[0], "rb") as fh:
            lines = [json.loads(x.decode("utf-8", errors="strict")) for x in fh]
        files = [x["file"] for x in lines if x["ev"] == "track"]
        if files or time.monotonic() > end:
            break
        await asyncio.sleep(0.05)
    assert files == [track], (files, track)
    # Still connected, still getting states.
    p, _ = await controller(con)
    seq = p.states[-1]["seq"]
    assert (await p.cmd("next"))["ok"]
    for x in phones:
        await x.state(lambda st: st["seq"] > seq)


EXTRA = {}
SETUP = {"invalid_utf8_track": utf8_music}


async def run_case(name, exe, src):
    con = Console(exe, src, extra=EXTRA.get(name, ()))
    con.screen = None
    if name in WINDOWED:
        con.screen = Screen()
        con.env.pop("SDL_VIDEODRIVER", None)
        con.env["DISPLAY"] = con.screen.display
    if name in SETUP:
        SETUP[name](con)
    try:
        con.start()
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
        if con.screen:
            con.screen.stop()


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
