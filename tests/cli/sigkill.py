#!/usr/bin/env python3
"""sigkill.py NURTURE SRC: the console killed with SIGKILL at random moments of a class.

A real console (headless, tests/remote/harness.py) runs the small plan with --resume;
a paired phone gives it random commands (next, back, goto, pause, resume, minutes added
or removed), then at a random moment the console is killed with SIGKILL, as a pulled
cable would, and started again with --resume. Each time the phone (paired again by its
device proof) must find:
  - the same plan, segment, step and paused state (a class that had finished is not
    continued: the next one starts at its beginning, with a notice);
  - the segment's clock no further back than the save interval (5 s) from where it was
    at the kill, and not ahead of it;
  - a class log whose complete lines all parse, whose last step entered before the kill
    is that step, and whose new "resumed" line names it.
$NURTURE_KILLS kills (20 by default; tools/soak kills runs 200), $NURTURE_SEED for the random
moments (printed, so a failure can be replayed).
"""
import asyncio
import glob
import json
import os
import random
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "remote"))
from harness import Console, Phone  # noqa: E402

SAVE_EVERY_S = 5.0
SLACK_S = 0.5  # a save takes a turn of the loop and an fsync


def segment_ms(state):
    return state["total_ms"] - state["remaining_ms"]


def segment_ms_at(state, t):
    """The segment's clock at the moment `t` (time.monotonic()) by the console's own
    clock: the state's deadline against its "now" when sent, plus the time since."""
    if state["deadline"] is None:  # paused or finished: it holds still
        return segment_ms(state)
    now = state["now"] + (t - state["_recv"]) * 1000
    return state["total_ms"] - (state["deadline"] - now)


_read_one = Phone._read_one


async def _stamped(self, timeout):
    msg = await _read_one(self, timeout)
    msg["_recv"] = time.monotonic()  # when it came
    return msg


Phone._read_one = _stamped


def log_lines(con):
    """The newest class log's lines as parsed (every log's lines must be whole JSON)."""
    files = sorted(glob.glob(os.path.join(con.dir, "state", "logs", "*.jsonl")),
                   key=os.path.getmtime)
    assert files, "no class log"
    for name in files:
        with open(name, "rb") as f:
            raw = f.read().decode()
        lines = raw.split("\n")
        assert lines[-1] == "", f"a line cut short by SIGKILL: {lines[-1]!r}"  # one write()
        parsed = [json.loads(x) for x in lines[:-1]]
    return parsed


async def random_commands(p, rng, nseg, least):
    for _ in range(rng.randint(least, 3)):
        kind = rng.choice(["next", "next", "back", "goto", "goto", "pause", "resume", "adjust"]
                          if least == 0 else ["goto"])
        if kind == "goto":
            r = await p.cmd("goto", segment=rng.randrange(nseg), step=0)
        elif kind == "adjust":
            r = await p.cmd("adjust", minutes=rng.choice([-1, 1, 2]))
        else:
            r = await p.cmd(kind)
        assert r["ok"] or r["error"]["code"] in ("out-of-range", "finished"), r
    seq = p.states[-1]["seq"]
    await p.quiet(0.05)  # the state after the last command
    return p.states[-1] if p.states[-1]["seq"] >= seq else None


async def run(exe, src, kills, seed):
    rng = random.Random(seed)
    worst = 0
    # The time off is never counted here (--wall-clock untrusted: the clocks come back as
    # saved, whatever this machine's clock); progress_resume tests counting it.
    con = Console(exe, src, extra=["--resume", "--wall-clock", "untrusted"])
    try:
        con.start()
        p = await Phone.connect(con)
        await p.state()
        r = await p.pair()
        assert r["ok"] and r["role"] == "controller", r
        device = {"id": r["device"], "key": r["key"]}
        await p.state(lambda s: s["role"] == "controller")
        nseg = len(p.states[-1]["plan"]["segments"])
        for i in range(kills):
            await random_commands(p, rng, nseg, 1 if i == 0 else 0)
            # mostly soon after a command, now and then past a periodic save
            await asyncio.sleep(rng.uniform(1, 7) if rng.random() < 0.1 else rng.uniform(0.1, 0.8))
            await p.quiet(0.02)
            before = p.states[-1]
            con.proc.kill()  # SIGKILL
            con.proc.wait()
            killed_at = time.monotonic()
            await p.close()
            con.log.close()
            con.proc = None
            at_kill = segment_ms_at(before, killed_at)
            place = (before["segment"], before["step"])
            with open(os.path.join(con.dir, "state", "progress.json")) as f:
                saved = json.load(f)["segments"][place[0]]["elapsed_ms"]

            restarted = time.monotonic()
            con.start()
            p = await Phone.connect(con)
            await p.state()
            r = await p.hello(device)
            assert r["ok"] and r["role"] == "controller", r
            after = await p.state(lambda s: s["role"] == "controller")
            what = f"kill {i + 1} (seed {seed}): before {place} {before['paused']} " \
                   f"{segment_ms(before)} ms, after ({after['segment']}, {after['step']}) " \
                   f"{after['paused']} {segment_ms(after)} ms"
            assert after["plan"]["name"] == before["plan"]["name"], what
            if before["finished"]:
                # A finished class is not continued: the next one starts (and says so).
                assert (after["segment"], after["step"], after["finished"]) == (0, 0, False), what
                assert "The saved class had finished" in con.output(), what
                continue
            assert (after["segment"], after["step"]) == place, what
            assert after["paused"] == before["paused"], what
            assert after["finished"] == before["finished"], what
            lost = at_kill - saved  # what the kill cost: the time since the last save
            worst = max(worst, lost)
            assert lost <= (SAVE_EVERY_S + SLACK_S) * 1000, f"{what}: {lost} ms lost"
            # restored as saved, then running on from there only since the restart
            since = (after["_recv"] - restarted) * 1000
            assert saved <= at_kill + 100, f"{what}: saved {saved} ms, at the kill {at_kill} ms"
            assert saved <= segment_ms(after) <= saved + since + 100, \
                f"{what}: saved {saved} ms, {since:.0f} ms since the restart"

            lines = log_lines(con)
            resumed = max(k for k, x in enumerate(lines) if x["ev"] == "resumed")
            entered = [x for x in lines[:resumed] if x["ev"] == "entered"]
            assert entered and (entered[-1]["segment"], entered[-1]["step"]) == place, \
                f"{what}: the log's last step entered {entered[-1] if entered else None}"
            assert (lines[resumed]["segment"], lines[resumed]["step"]) == place, what
            pauses = [x["ev"] for x in lines[:resumed] if x["ev"] in ("pause", "unpause")]
            assert (pauses[-1:] == ["pause"]) == before["paused"], f"{what}: {pauses[-3:]}"
        # who did it: the paired phone, by the first characters of its device id
        by = {x.get("by") for name in glob.glob(os.path.join(con.dir, "state", "logs", "*"))
              for x in map(json.loads, open(name).read().splitlines())}
        assert f"phone {device['id'][:6]}" in by, f"the phone is not named in the log: {by}"
        await p.close()
        rc = con.stop()
        assert rc == 0, f"the console exited with {rc}"
        return worst
    except BaseException:
        print(con.output()[-3000:], file=sys.stderr)
        raise
    finally:
        con.cleanup()


def main():
    exe, src = sys.argv[1], sys.argv[2]
    kills = int(os.environ.get("NURTURE_KILLS", "20"))
    seed = int(os.environ.get("NURTURE_SEED", str(random.randrange(1 << 30))))
    t0 = time.monotonic()
    worst = asyncio.run(run(exe, src, kills, seed))
    print(f"ok   {kills} kills with SIGKILL, each resumed in place, the segment clock at most "
          f"{worst / 1000:.1f} s back (seed {seed}, {time.monotonic() - t0:.1f}s)")


if __name__ == "__main__":
    main()
