#!/usr/bin/python3
"""latency.py URL FOLLOWERS ROUNDS [PIN|-] [INTERVAL] [--save-state F | --use-state F]
[--times F] [--pair URL PIN|- [--pair-state F] [--pair-times F]]: phone command to
follower state.

For tools/bench. Connects FOLLOWERS phones that only follow and one controller (paired
with PIN when given: the console; the Node relay needs none), then ROUNDS times,
INTERVAL seconds apart (default 1: an instructor's pace, past the console's fade), the
controller sends `next` (or `back`, alternately, to stay in the class) and the time until
the last follower has the new state is taken. Prints one line of JSON: p50 and p99 in ms.
The same client measures the console and the relay. --save-state F writes the last
state a follower had to F; --use-state F gives it to the relay before the rounds, so the
relay broadcasts the same state as the console (the whole plan and step, not a stub).
--times F appends each round's time (ms) to F, a line each, to pool rounds of several runs.
--pair measures a second server in the same run, round by round in turns with the first
(a round of one, INTERVAL, a round of the other, INTERVAL, ...), so that whatever else
the machine does meets both alike; --pair-state and --pair-times are --use-state and
--times for it, and a second line of JSON is printed for it.
"""
import argparse
import asyncio
import json
import time

import websockets


async def open_phone(url, n):
    # each phone from an address of its own, as in a room (the console lets one address
    # hold 16 connections)
    return await websockets.connect(url, subprotocols=["nurture.v2"], max_size=2**22,
                                    ping_interval=None, local_addr=(f"127.0.3.{n + 1}", 0))


async def read_state(ws):
    while True:
        m = json.loads(await ws.recv())
        if m.get("type") == "state":
            return m


class Side:
    """One server, its followers and its controller."""

    def __init__(self, url, pin, use_state):
        self.url, self.pin, self.use_state = url, pin, use_state
        self.times, self.last = [], None

    async def open(self, followers):
        if self.use_state:  # the relay's state from now on: the console's, as a follower had it
            with open(self.use_state) as f:
                template = json.load(f)
            ws = await open_phone(self.url, followers + 1)
            await ws.send(json.dumps({"type": "use-state", "state": template}))
            await read_state(ws)
            await ws.close()
        self.phones = [await open_phone(self.url, i) for i in range(followers)]
        for p in self.phones:
            await read_state(p)
        self.ctl = await open_phone(self.url, followers)
        await read_state(self.ctl)
        if self.pin:
            await self.ctl.send(json.dumps({"v": 2, "id": 1, "type": "pair", "code": self.pin}))
        self.drainer = asyncio.create_task(self.drain())

    async def drain(self):  # the controller's own replies and states
        try:
            while True:
                await self.ctl.recv()
        except websockets.ConnectionClosed:
            pass

    async def round(self, i):
        cmd = "next" if i % 2 == 0 else "back"
        t0 = time.perf_counter()
        await self.ctl.send(json.dumps({"v": 2, "id": 100 + i, "type": "cmd", "cmd": cmd}))
        # the new state on every follower (its step differs from the last one seen)
        states = await asyncio.gather(*(read_state(p) for p in self.phones))
        self.times.append((time.perf_counter() - t0) * 1000)
        self.last = states[-1]

    async def close(self):
        self.drainer.cancel()
        for p in self.phones + [self.ctl]:
            await p.close()

    def report(self, followers, times_file):
        if times_file:
            with open(times_file, "a") as f:
                f.writelines(f"{t:.3f}\n" for t in self.times)
        t = sorted(self.times)
        print(json.dumps({"followers": followers, "rounds": len(t),
                          "p50_ms": round(t[len(t) // 2], 3),
                          "p99_ms": round(t[min(len(t) - 1, len(t) * 99 // 100)], 3)}))


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("followers", type=int)
    ap.add_argument("rounds", type=int)
    ap.add_argument("pin", nargs="?", default="-")
    ap.add_argument("interval", nargs="?", type=float, default=1.0)
    ap.add_argument("--save-state")
    ap.add_argument("--use-state")
    ap.add_argument("--times")
    ap.add_argument("--pair", nargs=2, metavar=("URL", "PIN"))
    ap.add_argument("--pair-state")
    ap.add_argument("--pair-times")
    a = ap.parse_args()
    sides = [Side(a.url, a.pin if a.pin != "-" else None, a.use_state)]
    if a.pair:
        sides.append(Side(a.pair[0], a.pair[1] if a.pair[1] != "-" else None, a.pair_state))
    for s in sides:
        await s.open(a.followers)
    await asyncio.sleep(0.5)
    for i in range(a.rounds):
        for s in sides:
            await s.round(i)
            await asyncio.sleep(a.interval)
    for s in sides:
        await s.close()
    if a.save_state:
        with open(a.save_state, "w") as f:
            json.dump(sides[0].last, f)
    sides[0].report(a.followers, a.times)
    if a.pair:
        sides[1].report(a.followers, a.pair_times)


asyncio.run(main())
