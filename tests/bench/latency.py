#!/usr/bin/python3
"""latency.py URL FOLLOWERS ROUNDS [PIN|-] [INTERVAL] [--save-state F | --use-state F]
[--times F]: phone command to follower state.

For tools/bench. Connects FOLLOWERS phones that only follow and one controller (paired
with PIN when given: the console; the Node relay needs none), then ROUNDS times,
INTERVAL seconds apart (default 1: an instructor's pace, past the console's fade), the
controller sends `next` (or `back`, alternately, to stay in the class) and the time until
the last follower has the new state is taken. Prints one line of JSON: p50 and p99 in ms.
The same client measures the console and the relay. --save-state F writes the last
state a follower had to F; --use-state F gives it to the relay before the rounds, so the
relay broadcasts the same state as the console (the whole plan and step, not a stub).
--times F appends each round's time (ms) to F, a line each, to pool rounds of several runs.
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
    a = ap.parse_args()
    url, followers, rounds, interval = a.url, a.followers, a.rounds, a.interval
    pin = a.pin if a.pin != "-" else None
    if a.use_state:  # the relay's state from now on: the console's, as a follower had it
        with open(a.use_state) as f:
            template = json.load(f)
        ws = await open_phone(url, followers + 1)
        await ws.send(json.dumps({"type": "use-state", "state": template}))
        await read_state(ws)
        await ws.close()
    phones = [await open_phone(url, i) for i in range(followers)]
    for p in phones:
        await read_state(p)
    ctl = await open_phone(url, followers)
    await read_state(ctl)
    if pin:
        await ctl.send(json.dumps({"v": 2, "id": 1, "type": "pair", "code": pin}))
    got = []

    async def drain(ws):  # the controller's own replies and states
        try:
            while True:
                await ws.recv()
        except websockets.ConnectionClosed:
            pass

    drainer = asyncio.create_task(drain(ctl))
    await asyncio.sleep(0.5)
    times = []
    for i in range(rounds):
        cmd = "next" if i % 2 == 0 else "back"
        t0 = time.perf_counter()
        await ctl.send(json.dumps({"v": 2, "id": 100 + i, "type": "cmd", "cmd": cmd}))
        # the new state on every follower (its step differs from the last one seen)
        states = await asyncio.gather(*(read_state(p) for p in phones))
        times.append((time.perf_counter() - t0) * 1000)
        got.append(states[-1].get("step"))
        await asyncio.sleep(interval)
    drainer.cancel()
    if a.save_state:
        with open(a.save_state, "w") as f:
            json.dump(states[-1], f)
    for p in phones + [ctl]:
        await p.close()
    if a.times:
        with open(a.times, "a") as f:
            f.writelines(f"{t:.3f}\n" for t in times)
    times.sort()
    print(json.dumps({"followers": followers, "rounds": rounds,
                      "p50_ms": round(times[len(times) // 2], 3),
                      "p99_ms": round(times[min(len(times) - 1, len(times) * 99 // 100)], 3)}))


asyncio.run(main())
