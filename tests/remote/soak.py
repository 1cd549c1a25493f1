#!/usr/bin/env python3
"""soak.py NURTURE SRC SECONDS [--rate N] [--max-slope KB] [--seed N]: the console run hard.

A real console in a real window (an Xvfb of its own) plays music through a private
PulseAudio null sink (the console's no-sound path when pulseaudio is not installed),
on a clock running N times fast (NURTURE_CLOCK_RATE, 60 by default: an hour's class a
minute), for SECONDS, while 50 websocket phones use it at once:

  - a lead phone pairs with the code and drives the class (next mostly, back, goto,
    pause, minutes, volume, blank, restart once finished), letting the others in when
    they ask;
  - 5 phones pair (asking, or with the code when nobody controls), give commands, prove
    their device again after reconnecting, and now and then forget it;
  - 6 send random messages, valid and not: garbage JSON, unknown types and commands,
    oversized and binary frames, wrong types and out-of-range values;
  - 6 followers hang up and reconnect at random, the rest follow.

Keys are pressed in the window with xdotool at random (Right, Left, P, B, M, [, ], +, -,
C, now and then K, which forgets every paired phone, and Q, never twice in a row).

Checked all along: every request gets exactly one reply, `ok` or an error code of
docs/PROTOCOL.md; every state a phone receives is valid against docs/PROTOCOL.md (every
field there, of its type, the segment and step in range, seq never going back); the class
runs through to its end at least once (in a run of 30 s or more); the console never
stops. The console's resident memory (VmRSS) is read every 2 s; after a warm-up (the lead
first shows every step of the class once, filling the console's caches; then the first
half of the run, at most 60 s, is not counted either) the least-squares slope is printed in KB a minute and must stay
under --max-slope (0: not checked, e.g. under AddressSanitizer, whose quarantine grows by
design). At the end, a SIGTERM must stop the console with status 0. In the sanitizer
build LeakSanitizer is on: a leak with a frame of the console's own code fails; leaks
wholly inside other libraries (D-Bus, X11, ALSA's plugins, unloaded before the report
and so unnamed) are counted and printed.
Prints `soak: ...` lines with the counts; exits 1 on any failure.
"""
import argparse
import asyncio
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

import websockets

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import PIN, SUBPROTOCOL, VERSION, Console, Screen, proof  # noqa: E402

PHONES = 50
PAIRERS = 5
CHAOS = 6
RECONNECTERS = 6
LEAK_EXIT = 23  # LeakSanitizer's exit status (LSAN_OPTIONS=exitcode=23, its default)
REPLY_TIMEOUT = 20.0  # generous: 50 phones and a console on two loaded cores

ERROR_CODES = {
    "too-big", "binary", "bad-json", "bad-version", "bad-type", "bad-command", "bad-value",
    "not-paired", "wrong-code", "too-many-tries", "pairing-closed", "no-controller",
    "refused", "not-asking", "unknown-device", "out-of-range", "finished", "busy", "failed"}
KINDS = {"welcome", "talk", "safety", "permission", "massage", "rest", "swap", "relaxation",
         "closing"}


class Failed(Exception):
    pass


def need(cond, what):
    if not cond:
        raise Failed(what)


def is_int(x):
    return isinstance(x, int) and not isinstance(x, bool)


def is_str_or_none(x):
    return x is None or isinstance(x, str)


def check_state(s, last_seq):
    """Raise Failed unless `s` is a state as docs/PROTOCOL.md describes it."""
    def field(name, ok):
        need(name in s, f"state without {name!r}: {sorted(s)}")
        need(ok(s[name]), f"state field {name!r} is {s[name]!r}")
    field("v", lambda x: x == VERSION)
    field("seq", lambda x: is_int(x) and x >= 1 and x >= last_seq)
    field("now", is_int)
    field("role", lambda x: x in ("controller", "follower"))
    field("pairing", lambda x: x in ("code", "ask"))
    field("plan", lambda x: isinstance(x, dict))
    p = s["plan"]
    for k in ("name", "title", "audience"):
        need(isinstance(p.get(k), str), f"plan.{k} is {p.get(k)!r}")
    need(is_str_or_none(p.get("subtitle", 0)), "plan.subtitle")
    need(is_int(p.get("length_ms")), "plan.length_ms")
    segs = p.get("segments")
    need(isinstance(segs, list) and segs, "plan.segments")
    for g in segs:
        need(g.get("kind") in KINDS, f"segment kind {g.get('kind')!r}")
        need(isinstance(g.get("title"), str), "segment title")
        need(is_int(g.get("duration_ms")) and g["duration_ms"] > 0, "segment duration_ms")
        need(isinstance(g.get("steps"), list) and g["steps"] and
             all(isinstance(t, str) for t in g["steps"]), "segment steps")
    need(isinstance(p.get("massage"), list) and
         all(is_int(i) and 0 <= i < len(segs) for i in p["massage"]), "plan.massage")
    field("segment", lambda x: is_int(x) and 0 <= x < len(segs))
    g = segs[s["segment"]]
    field("step", lambda x: is_int(x) and 0 <= x < len(g["steps"]))
    field("kind", lambda x: x == g["kind"])
    field("title", lambda x: x == g["title"])
    field("step_title", lambda x: x == g["steps"][s["step"]])
    for k in ("text", "segment_text", "card_text", "stroke", "side_words"):
        field(k, is_str_or_none)
    field("prompts", lambda x: isinstance(x, list) and all(isinstance(t, str) for t in x))
    field("cues", lambda x: x is None or (isinstance(x, dict) and all(
        isinstance(x.get(k), list) for k in ("yes", "no", "if_no"))))
    field("side", lambda x: x in (None, "left", "right", "both"))
    field("reps", lambda x: is_int(x) and x >= 0)
    field("next", lambda x: x is None or (
        isinstance(x, dict) and is_int(x.get("segment")) and 0 <= x["segment"] < len(segs)
        and is_int(x.get("step")) and 0 <= x["step"] < len(segs[x["segment"]]["steps"])
        and x.get("kind") in KINDS and isinstance(x.get("segment_title"), str)
        and isinstance(x.get("title"), str)))
    field("paused", lambda x: isinstance(x, bool))
    field("finished", lambda x: isinstance(x, bool))
    field("total_ms", is_int)
    field("remaining_ms", is_int)
    field("deadline", lambda x: x is None if (s["paused"] or s["finished"]) else is_int(x))
    field("step_deadline", lambda x: x is None or is_int(x))
    field("class_ms", lambda x: is_int(x) and x >= 0)
    field("class_started", lambda x: x is None if s["finished"] else is_int(x))
    field("music", lambda x: x is None or (
        isinstance(x, dict) and is_int(x.get("volume")) and 0 <= x["volume"] <= 100
        and isinstance(x.get("muted"), bool) and isinstance(x.get("level"), (int, float))
        and 0 <= x["level"] <= 1 and isinstance(x.get("device"), bool)
        and is_str_or_none(x.get("track", 0)) and is_str_or_none(x.get("notice", 0))))
    field("blank", lambda x: isinstance(x, bool))
    # A controller's summary once the class has finished (it may come a state later);
    # a follower's is always null.
    field("summary", lambda x: x is None or (
        s["role"] == "controller" and s["finished"] and isinstance(x, dict)
        and isinstance(x.get("title"), str) and isinstance(x.get("segments"), list)
        and len(x["segments"]) == len(segs) and isinstance(x.get("text"), str)
        and isinstance(x.get("csv"), str)
        and x.get("ended") in ("finished", "quit", "cut-off")))


class Stats:
    def __init__(self):
        self.states = 0
        self.requests = 0
        self.ok = 0
        self.refused = {}
        self.reconnects = 0
        self.keys = 0
        self.pairings = 0
        self.finished = 0
        self.restarts = 0
        self.failures = []


class Client:
    """One phone: a reader task checks every state and hands replies to their request."""

    def __init__(self, soak, name):
        self.soak, self.name = soak, name
        self.ws = None
        self.reader = None
        self.challenge = None
        self.state = None
        self.seq = 0
        self.next_id = 1
        self.waiting = {}  # id -> future
        self.null_replies = asyncio.Queue()  # replies with "id": null
        self.asks = []
        self.device = None  # {"id", "key"} once paired
        # As in a room, each phone from an address of its own (one may hold 16).
        self.addr = f"127.0.1.{len(soak.clients) + 1}"
        soak.clients.append(self)

    @property
    def role(self):
        return self.state["role"] if self.state else "follower"

    async def connect(self):
        self.ws = await asyncio.wait_for(websockets.connect(
            self.soak.con.url, subprotocols=[SUBPROTOCOL], max_size=2**22, open_timeout=20,
            ping_interval=None, local_addr=(self.addr, 0)), 30)
        self.challenge, self.state, self.seq = None, None, 0
        self.waiting, self.null_replies = {}, asyncio.Queue()
        self.reader = asyncio.create_task(self.read())
        t0 = time.monotonic()
        while self.state is None:  # the challenge, then the state
            need(time.monotonic() - t0 < REPLY_TIMEOUT, f"{self.name}: no state on connect")
            need(not self.reader.done(), f"{self.name}: closed on connect")
            await asyncio.sleep(0.02)

    async def close(self):
        if self.ws:
            await self.ws.close()
        if self.reader:
            try:
                await asyncio.wait_for(self.reader, 10)
            except (asyncio.TimeoutError, websockets.ConnectionClosed):
                self.reader.cancel()
        self.ws = self.reader = None

    async def reconnect(self):
        await self.close()
        await self.connect()
        self.soak.stats.reconnects += 1

    async def read(self):
        try:
            async for raw in self.ws:
                self.take(raw)
        except websockets.ConnectionClosed:
            pass
        except Failed as e:
            self.soak.fail(f"{self.name}: {e}")
        for f in self.waiting.values():
            if not f.done():
                f.set_exception(Failed(f"{self.name}: the connection closed before the reply"))

    def take(self, raw):
        need(isinstance(raw, str), "a binary frame from the console")
        m = json.loads(raw)
        need(m.get("v") == VERSION, f"a message without v: 2: {raw[:200]}")
        t = m.get("type")
        if t == "challenge":
            need(self.challenge is None and isinstance(m.get("challenge"), str),
                 "a second or bad challenge")
            self.challenge = m["challenge"]
        elif t == "state":
            check_state(m, self.seq)
            self.seq = m["seq"]
            self.state = m
            self.soak.stats.states += 1
            if self is self.soak.clients[0]:  # the lead counts the classes finished
                self.soak.saw(m)
        elif t == "asks":
            need(isinstance(m.get("asks"), list), "asks")
            self.asks = m["asks"]
        elif t == "reply":
            need(isinstance(m.get("ok"), bool), f"a reply without ok: {m}")
            if not m["ok"]:
                code = (m.get("error") or {}).get("code")
                need(code in ERROR_CODES, f"a refusal with code {code!r}: {m}")
                need(isinstance(m["error"].get("message"), str), "a refusal without message")
            rid = m.get("id")
            if rid is None:
                self.null_replies.put_nowait(m)
            else:
                f = self.waiting.pop(rid, None)
                need(f is not None, f"{self.name}: a reply to no request: {m}")
                f.set_result(m)
        else:
            raise Failed(f"an unknown message {raw[:200]}")

    async def request(self, msg=None, raw=None, binary=None, null_id=False):
        """Send a request and wait for its one reply (the console names it by our id, or
        with null when it could not read one)."""
        stats = self.soak.stats
        stats.requests += 1
        if null_id:
            if raw is not None:
                await self.ws.send(raw)
            else:
                await self.ws.send(binary)
            r = await asyncio.wait_for(self.null_replies.get(), REPLY_TIMEOUT)
        else:
            rid = self.next_id
            self.next_id += 1
            f = asyncio.get_running_loop().create_future()
            self.waiting[rid] = f
            await self.ws.send(raw if raw is not None else
                               json.dumps({"v": VERSION, "id": rid, **msg}))
            try:
                r = await asyncio.wait_for(f, REPLY_TIMEOUT)
            except asyncio.TimeoutError:
                raise Failed(f"{self.name}: no reply to {msg or raw[:80]}")
        if r["ok"]:
            stats.ok += 1
        else:
            c = r["error"]["code"]
            stats.refused[c] = stats.refused.get(c, 0) + 1
        self.soak.commands_since_check += 1
        return r

    async def cmd(self, name, **fields):
        return await self.request({"type": "cmd", "cmd": name, **fields})

    async def hello(self):
        while self.challenge is None:
            await asyncio.sleep(0.01)
        r = await self.request({"type": "hello", "device": self.device["id"],
                                "proof": proof(self.device["key"], self.challenge)})
        if not r["ok"]:
            need(r["error"]["code"] == "unknown-device", f"hello: {r}")
            self.device = None
        return r["ok"]

    async def gain_control(self):
        """Pair: ask the controlling phone, or type the code when nobody controls."""
        if self.role == "controller":
            return True
        if self.device and await self.hello():
            return True
        r = await self.request({"type": "pair", "code": PIN})
        if not r["ok"] and r["error"]["code"] == "pairing-closed":
            r = await self.request({"type": "ask"})
            if not r["ok"] and r["error"]["code"] == "no-controller":
                r = await self.request({"type": "pair", "code": PIN})
        if r["ok"]:
            need(isinstance(r.get("device"), str) and isinstance(r.get("key"), str),
                 f"a pairing without its device: {r}")
            self.device = {"id": r["device"], "key": r["key"]}
            self.soak.stats.pairings += 1
            return True
        need(r["error"]["code"] in ("pairing-closed", "no-controller", "refused", "busy",
                                    "too-many-tries", "wrong-code"), f"pairing: {r}")
        return False

    async def answer_asks(self):
        """A controller lets in the phones that ask (now and then says no)."""
        for a in list(self.asks):
            if self.role != "controller":
                return
            allow = self.soak.rng.random() < 0.85
            r = await self.request({"type": "answer", "phone": a.get("phone"), "allow": allow})
            need(r["ok"] or r["error"]["code"] in ("not-asking", "not-paired"), f"answer: {r}")
        self.asks = []


class Soak:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.stats = Stats()
        self.stop = False
        self.commands_since_check = 0
        self.last_finished = False
        self.rss = []  # (seconds since start, KB)
        self.t0 = time.monotonic()
        self.walked_at = None  # when the lead had shown every step once
        self.clients = []

    def fail(self, what):
        self.stats.failures.append(what)
        self.stop = True

    def saw(self, s):
        """Count the class finishing, by the lead's states."""
        if s["finished"] and not self.last_finished:
            self.stats.finished += 1
        self.last_finished = s["finished"]

    async def guarded(self, name, body):
        try:
            await body()
        except Failed as e:
            self.fail(f"{name}: {e}")
        except (websockets.ConnectionClosed, OSError, asyncio.TimeoutError) as e:
            if not self.stop:
                self.fail(f"{name}: {type(e).__name__}: {e}")

    async def pause(self, lo, hi):
        await asyncio.sleep(self.rng.uniform(lo, hi))

    # --- the phones -----------------------------------------------------------------------

    async def walk_through(self, c):
        """The lead shows every step of the class once, so the console's caches (texts,
        drawings) hold the whole class before its memory is judged."""
        while not await c.gain_control():
            await self.pause(0.1, 0.3)
        for g, seg in enumerate(c.state["plan"]["segments"]):
            for t in range(len(seg["steps"])):
                r = await c.cmd("goto", segment=g, step=t)
                need(r["ok"] or r["error"]["code"] == "not-paired", f"walk: {r}")
                if not r["ok"]:
                    await c.gain_control()
        self.walked_at = time.monotonic() - self.t0

    async def lead(self, c):
        await self.walk_through(c)
        while not self.stop:
            await c.answer_asks()
            if c.role != "controller" and not await c.gain_control():
                await self.pause(0.2, 0.5)
                continue
            s = c.state
            if s["finished"]:
                r = await c.cmd("restart")
                if r["ok"]:
                    self.stats.restarts += 1
            else:
                r = await self.random_command(c, lead=True)
            need(r["ok"] or r["error"]["code"] in ("out-of-range", "finished", "not-paired",
                                                   "busy"), f"lead: {r}")
            await self.pause(0.05, 0.3)

    async def random_command(self, c, lead=False):
        rng, s = self.rng, c.state
        segs = s["plan"]["segments"]
        x = rng.random()
        if x < (0.7 if lead else 0.25):
            return await c.cmd("next")
        if x < 0.62:
            return await c.cmd("back")
        if x < 0.66:
            g = rng.randrange(len(segs))
            return await c.cmd("goto", segment=g, step=rng.randrange(len(segs[g]["steps"])))
        if x < 0.72:
            return await c.cmd("resume" if s["paused"] else "pause")
        if x < 0.76:
            return await c.cmd("adjust", minutes=rng.choice([-2, -1, 1, 2, 5]))
        if x < 0.82:
            return await c.cmd("volume", value=rng.randrange(20, 101))
        if x < 0.86:
            return await c.cmd("mute", value=False)
        if x < 0.88:
            return await c.cmd("mute", value=True)
        if x < 0.93:
            return await c.cmd("blank", value=rng.random() < 0.3)
        if x < 0.96:
            return await c.cmd("next-track")
        if x < 0.98:
            return await c.cmd("toggle-pause")
        return await c.request({"type": "open"})

    async def pairer(self, c):
        rng = self.rng
        while not self.stop:
            await c.answer_asks()
            if not await c.gain_control():
                await self.pause(0.3, 1.0)
                continue
            for _ in range(rng.randrange(1, 6)):
                if self.stop:
                    return
                await c.answer_asks()
                r = await self.random_command(c)
                need(r["ok"] or r["error"]["code"] in ("out-of-range", "finished",
                                                       "not-paired", "busy", "not-asking"),
                     f"pairer: {r}")
                await self.pause(0.2, 0.8)
            y = rng.random()
            if y < 0.15:  # this phone stops controlling
                r = await c.request({"type": "forget"})
                need(r["ok"] or r["error"]["code"] == "not-paired", f"forget: {r}")
                if r["ok"]:
                    c.device = None
            elif y < 0.6:  # hang up, come back and prove the device
                await c.reconnect()
            await self.pause(0.2, 1.0)

    async def chaos(self, c):
        rng = self.rng
        while not self.stop:
            x = rng.random()
            if x < 0.12:
                r = await c.request(raw=rng.choice(
                    ["{", "[]", "42", "null", '"text"', "{\"v\": 2,", "\u00ff\u0000",
                     "{} {}", "not json at all"]), null_id=True)
                need(r["error"]["code"] in ("bad-json", "bad-version", "bad-type"), f"{r}")
            elif x < 0.2:
                r = await c.request(raw="x" * rng.randrange(1025, 4000), null_id=True)
                need(r["error"]["code"] == "too-big", f"oversized: {r}")
            elif x < 0.26:
                r = await c.request(binary=bytes(rng.randrange(256) for _ in range(40)),
                                    null_id=True)
                need(r["error"]["code"] == "binary", f"binary: {r}")
            elif x < 0.36:
                r = await c.request({"type": rng.choice(["nope", "", "CMD", "state", "reply"])})
                need(r["error"]["code"] == "bad-type", f"unknown type: {r}")
            elif x < 0.44:
                r = await c.request({"v": rng.choice([1, 3, "2", None]), "type": "cmd",
                                     "cmd": "next"})
                need(not r["ok"], f"bad version accepted: {r}")
            elif x < 0.56:
                r = await c.cmd(rng.choice(["jump", "", "NEXT", "next ", "quit"]))
                need(r["error"]["code"] in ("bad-command", "not-paired"), f"unknown cmd: {r}")
            elif x < 0.72:
                name, fields = rng.choice([
                    ("goto", {"segment": "1"}), ("goto", {"segment": -1}),
                    ("goto", {"segment": 10**6, "step": 0}), ("goto", {}),
                    ("adjust", {"minutes": 0}), ("adjust", {"minutes": 61}),
                    ("adjust", {"minutes": 1.5}), ("adjust", {"minutes": "1"}),
                    ("volume", {"value": 101}), ("volume", {"value": -1}),
                    ("volume", {"value": None}), ("mute", {"value": 1}),
                    ("blank", {"value": "yes"}), ("blank", {})])
                r = await c.cmd(name, **fields)
                need(not r["ok"], f"a bad {name} {fields} accepted: {r}")
            elif x < 0.8:
                r = await c.request({"type": "pair", "code": rng.choice([123456, None, [], ""])})
                need(not r["ok"], f"a bad pair accepted: {r}")
            elif x < 0.86:
                r = await c.request({"type": "hello", "device": rng.choice(["", 5, "0" * 16]),
                                     "proof": "00"})
                need(not r["ok"], f"a bad hello accepted: {r}")
            elif x < 0.92:
                r = await c.cmd("next")
                need(r["ok"] or r["error"]["code"] in ("not-paired", "out-of-range",
                                                       "finished"), f"{r}")
            else:
                r = await c.request({"type": rng.choice(["answer", "open", "forget"]),
                                     "phone": 1, "allow": True})
                need(r["ok"] or r["error"]["code"] in ("not-paired", "not-asking", "bad-value"),
                     f"{r}")
            await self.pause(0.05, 0.4)

    async def reconnecter(self, c):
        while not self.stop:
            await self.pause(1, 6)
            await c.reconnect()

    async def follower(self, c):
        while not self.stop:
            await asyncio.sleep(0.5)
            need(not c.reader.done(), f"{c.name}: its connection closed")

    # --- keys, memory, the whole run ------------------------------------------------------

    async def keys(self):
        rng = self.rng
        keys = ["Right", "Right", "Right", "Left", "space", "p", "b", "m", "bracketright",
                "bracketleft", "plus", "minus", "c"]
        last = None
        while not self.stop:
            await self.pause(0.3, 1.5)
            x = rng.random()
            if x < 0.03 and last != "q":
                key = "q"  # asks to quit; the next key (never Q) takes that back
            elif x < 0.05:
                key = "k"  # forgets every paired phone: they pair again
            else:
                key = rng.choice(keys)
            await asyncio.to_thread(self.screen.press, key)
            self.stats.keys += 1
            last = key

    async def memory(self, t0):
        path = f"/proc/{self.con.proc.pid}/status"
        while not self.stop:
            with open(path) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        self.rss.append((time.monotonic() - t0, int(line.split()[1])))
            need(self.con.alive(), "the console stopped")
            await asyncio.sleep(2)

    async def run(self):
        t0 = self.t0 = time.monotonic()
        clients = [Client(self, f"phone{i}") for i in range(PHONES)]
        for c in clients:
            await c.connect()
        roles = ([self.lead] + [self.pairer] * PAIRERS + [self.chaos] * CHAOS +
                 [self.reconnecter] * RECONNECTERS)
        roles += [self.follower] * (PHONES - len(roles))
        tasks = [asyncio.create_task(self.guarded(c.name, lambda c=c, r=r: r(c)))
                 for c, r in zip(clients, roles)]
        tasks.append(asyncio.create_task(self.guarded("keys", self.keys)))
        tasks.append(asyncio.create_task(self.guarded("memory", lambda: self.memory(t0))))
        end = t0 + self.args.seconds
        while not self.stop and time.monotonic() < end:
            await asyncio.sleep(0.5)
        self.stop = True
        await asyncio.wait(tasks, timeout=60)
        for c in clients:
            await c.close()


def leaks(out, exe):
    """LeakSanitizer's report in `out`, as (leaks with a frame of the console's own code,
    leaks wholly inside other libraries: D-Bus, X11 and ALSA's plugins, unloaded at exit,
    keep a few allocations that are not the console's to free)."""
    ours, foreign = [], 0
    exe = os.path.realpath(exe)
    for record in out.split("\n\n"):
        head = record.strip().splitlines()
        if not head or "leak of" not in head[0]:
            continue
        if any(exe in line or "/console/" in line for line in head[1:]):
            ours.append(record.strip())
        else:
            foreign += 1
    return ours, foreign


def slope_kb_per_min(samples):
    n = len(samples)
    if n < 3:
        return None
    mx = sum(t for t, _ in samples) / n
    my = sum(v for _, v in samples) / n
    sxx = sum((t - mx) ** 2 for t, _ in samples)
    return sum((t - mx) * (v - my) for t, v in samples) / sxx * 60 if sxx else None


def start_pulse(tmp, env):
    """A private PulseAudio with a null sink (as tests/audio/e2e.sh); None without one."""
    if not shutil.which("pulseaudio"):
        return None
    home, run = os.path.join(tmp, "home"), os.path.join(tmp, "run")
    os.makedirs(home)
    os.makedirs(run, mode=0o700)
    with open(os.path.join(home, ".asoundrc"), "w") as f:
        f.write("pcm.!default { type pulse }\nctl.!default { type pulse }\n")
    env.update(HOME=home, XDG_RUNTIME_DIR=run, PULSE_SERVER=f"unix:{tmp}/native")
    log = open(os.path.join(tmp, "pulse.log"), "wb")
    proc = subprocess.Popen(
        ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no",
         "--disallow-exit", "-L", f"module-native-protocol-unix socket={tmp}/native "
         "auth-anonymous=1", "-L", "module-null-sink sink_name=nurture_soak rate=48000 "
         "channels=2"], env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if subprocess.run(["pactl", "info"], env=env, capture_output=True).returncode == 0:
            return proc
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError("PulseAudio did not start")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("exe")
    ap.add_argument("src")
    ap.add_argument("seconds", type=float)
    ap.add_argument("--rate", type=int, default=60)
    ap.add_argument("--max-slope", type=float, default=0)
    ap.add_argument("--seed", type=int, default=int(os.environ.get("NURTURE_SEED") or
                                                    time.time()))
    ap.add_argument("--plan", default="scenes/baby-week-1.yaml")
    ap.add_argument("--renderer", help="SDL_RENDER_DRIVER (default: the console's choice)")
    ap.add_argument("--mmap-threshold", type=int, default=0,
                    help="glibc's malloc: blocks from this size on mapped alone and given "
                    "back when freed (0: glibc's own, which moves the threshold up)")
    ap.add_argument("--rss-file", help="write the memory samples there (seconds, KB)")
    args = ap.parse_args()
    print(f"soak: {args.seconds:.0f} s, clock x{args.rate}, {PHONES} phones, seed {args.seed} "
          f"(NURTURE_SEED={args.seed}: the same random choices again)", flush=True)
    tmp = tempfile.mkdtemp(prefix="nurture-soak-")
    screen = pulse = None
    soak = Soak(args)
    con = Console(args.exe, args.src, workdir=tmp, plan=args.plan, mute=False)
    try:
        screen = soak.screen = Screen()
        con.env.pop("SDL_VIDEODRIVER", None)
        con.env.pop("SDL_AUDIODRIVER", None)
        # Under the sanitizers, LeakSanitizer on, with the status it exits with told.
        con.env["LSAN_OPTIONS"] = "exitcode=%d" % LEAK_EXIT
        con.env["ASAN_OPTIONS"] = "detect_leaks=1"
        con.env.update(DISPLAY=screen.display, NURTURE_DATA=args.src,
                       NURTURE_CLOCK_RATE=str(args.rate),
                       NURTURE_CONFIG=os.path.join(tmp, "nurture.conf"))
        with open(con.env["NURTURE_CONFIG"], "w") as f:
            f.write("volume: 70\n")  # no settings from the machine
        if args.renderer:
            con.env["SDL_RENDER_DRIVER"] = args.renderer
        if args.mmap_threshold:
            con.env["GLIBC_TUNABLES"] = f"glibc.malloc.mmap_threshold={args.mmap_threshold}"
        pulse = start_pulse(tmp, con.env)
        if not pulse:  # the console's no-sound path: it says so and goes on
            con.env["PULSE_SERVER"] = f"unix:{tmp}/nobody-here"
        print("soak: sound through a private PulseAudio null sink" if pulse else
              "soak: no pulseaudio here: the console's no-sound path", flush=True)
        soak.con = con.start()
        asyncio.run(soak.run())
        out_before = con.output()
        rc = con.stop()
        out = con.output()
        st = soak.stats
        ours, foreign = leaks(out, args.exe)
        if foreign:
            print(f"soak: LeakSanitizer: {foreign} leaks inside other libraries (not ours)")
        for record in ours:
            soak.fail("a leak of the console's own:\n" + record)
        if rc != 0 and not (rc == LEAK_EXIT and foreign and not ours):
            soak.fail(f"the console exited with status {rc}")
        for bad in ("ERROR: AddressSanitizer", "runtime error:"):
            if bad in out:
                soak.fail(f"the console's output has {bad!r}")
        if pulse and "audio: playing on" not in out_before:
            soak.fail("the music never played")
        if args.seconds >= 30 and st.finished == 0:
            soak.fail("the class never finished")
        if args.rss_file:
            with open(args.rss_file, "w") as f:
                f.writelines(f"{t:.1f} {v}\n" for t, v in soak.rss)
        if soak.walked_at is None:
            soak.fail("the lead never showed every step")
        warm = max(soak.walked_at or 0, min(60.0, args.seconds / 2))
        kept = [(t, v) for t, v in soak.rss if t >= warm]
        slope = slope_kb_per_min(kept)
        refused = ", ".join(f"{k} {v}" for k, v in sorted(st.refused.items()))
        print(f"soak: {st.states} states checked, {st.requests} requests ({st.ok} ok; "
              f"refused: {refused})")
        print(f"soak: {st.reconnects} reconnects, {st.pairings} pairings, {st.keys} keys, "
              f"the class finished {st.finished} times ({st.restarts} restarts)")
        if soak.rss and args.seconds >= 120:  # the curve, a sample a minute
            marks, m = [], 0
            for t, v in soak.rss:
                if t >= m * 60:
                    marks.append(f"{t / 60:.0f} min {v / 1024:.1f}")
                    m += 1
            print("soak: RSS (MB): " + ", ".join(marks))
        if slope is not None:
            print(f"soak: RSS {kept[0][1]} KB at {kept[0][0]:.0f} s, {kept[-1][1]} KB at "
                  f"{kept[-1][0]:.0f} s; slope {slope:+.1f} KB/min over {len(kept)} samples "
                  f"after a {warm:.0f} s warm-up")
            if args.max_slope and slope > args.max_slope:
                soak.fail(f"resident memory grows {slope:.1f} KB/min (at most "
                          f"{args.max_slope:g})")
        elif args.max_slope:
            soak.fail("too few memory samples")
        for line in out.splitlines():
            if "underruns" in line or "music:" in line:
                print("soak: console said:", line.strip())
        if st.failures:
            for f in st.failures[:10]:
                print("FAIL", f)
            print("soak: the console's last lines:")
            print("\n".join("    " + x for x in out.splitlines()[-30:]))
            return 1
        print("soak: all good")
        return 0
    finally:
        con.cleanup()
        if pulse:
            pulse.terminate()
            pulse.wait(timeout=10)
        if screen:
            screen.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
