#!/usr/bin/env python3
"""analyse.py MODE RAW: check a recording of the sound (float32 little-endian stereo at
48 kHz, as parec writes it) made by tests/audio/e2e.sh. Prints what it measures; exits
1 when a check fails.

  class RAW    the e2e class: music full in a 12 s massage, a chime when its time is up,
               low in a 10 s talk, a chime, then silence for the permission ritual
  audible RAW [FROM]  music is playing from second FROM on
  tone RAW HZ  what plays is mostly a tone of HZ (a music file made with sox)
  silent RAW   nothing at all

The chimes are found by the marker partial of their first strike (2.76 x 1046.5 Hz, see
console/sound/chime.h), which the music does not contain, and the music's level is measured below 250 Hz (its
bass and pad), where the bell has nothing. Standard library only."""
import array
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checks import check, finish  # noqa: E402

RATE = 48000
MARK_HZ = 1046.50 * 2.76  # the first strike of the end chime


def load(path):
    a = array.array("f")
    with open(path, "rb") as f:
        a.frombytes(f.read())
    if sys.byteorder != "little":
        a.byteswap()
    return [(a[i] + a[i + 1]) * 0.5 for i in range(0, len(a) - 1, 2)]


def lowband(x, hz=250.0, stages=4):
    k = 1 - math.exp(-2 * math.pi * hz / RATE)
    for _ in range(stages):
        y, s = [], 0.0
        for v in x:
            s += k * (v - s)
            y.append(s)
        x = y
    return x


def rms(x, t0, t1):
    a, b = max(0, int(t0 * RATE)), min(len(x), int(t1 * RATE))
    if b <= a:
        return 0.0
    return math.sqrt(sum(v * v for v in x[a:b]) / (b - a))


def tone(x, t0, t1, hz):
    a, b = max(0, int(t0 * RATE)), min(len(x), int(t1 * RATE))
    w = 2 * math.pi * hz / RATE
    c, s1, s2 = 2 * math.cos(w), 0.0, 0.0
    for v in x[a:b]:
        s1, s2 = v + c * s1 - s2, s1
    p = s1 * s1 + s2 * s2 - c * s1 * s2
    return 2 * math.sqrt(max(p, 0)) / max(1, b - a)


def chime_onsets(x):
    """Times where the marker partial jumps up: an end chime's first strike."""
    step = 0.05
    n = int(len(x) / RATE / step)
    level = [tone(x, i * step, i * step + 0.1, MARK_HZ) for i in range(n)]
    onsets, quiet_until = [], -1
    for i in range(4, n):
        before = max(level[i - 4 : i - 1])
        if level[i] > 0.002 and level[i] > 8 * before and i > quiet_until:
            onsets.append(i * step)
            quiet_until = i + int(3 / step)
    return onsets


def check_class(x):
    seconds = len(x) / RATE
    print(f"recorded {seconds:.1f} s")
    onsets = chime_onsets(x)
    print("chimes heard at " + ", ".join(f"{t:.2f} s" for t in onsets))
    check(len(onsets) == 2, "two chimes: the massage's time is up, then the talk's")
    if len(onsets) != 2:
        return
    up1, up2 = onsets[0], onsets[1]
    check(abs((up2 - up1) - 10.0) < 0.4, f"the talk lasted {up2 - up1:.2f} s (plan: 10 s)")
    check(up1 > 9.0, f"the first chime came {up1:.1f} s into the recording (massage: 12 s)")
    low = lowband(x)
    massage = rms(low, up1 - 6, up1 - 0.5)
    talk = rms(low, up1 + 4.5, up2 - 0.3)
    permission = rms(low, up2 + 4, seconds - 0.5)
    print(f"music (below 250 Hz): massage {massage:.5f}, talk {talk:.5f}, "
          f"permission {permission:.6f}")
    check(massage > 0.002, "music is audible in the massage")
    check(0.05 < talk / massage < 0.35, f"music is low in the talk ({talk / massage:.2f} of the massage)")
    check(permission < 0.01 * massage, "no music in the permission ritual")
    check(rms(x, up2 + 8, seconds - 0.5) < 0.002, "the permission ritual is quiet once the chime has faded")
    start = up1 - 12
    first = rms(low, start, start + 1.0)
    check(first < 0.25 * massage, f"the class's music starts softly ({first / massage:.2f} of full in its first second)")

    def fade(at, before, after, label):
        steps = [rms(low, at + t, at + t + 0.5) for t in (0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5)]
        print(f"{label}: " + " ".join(f"{v:.5f}" for v in steps))
        mid = rms(low, at + 0.75, at + 1.75)
        check(after + 0.15 * (before - after) < mid < before * 1.1,
              f"{label} fades over seconds (a second in: {mid:.5f}, from {before:.5f} to {after:.5f})")
        check(steps[-1] < steps[0], f"{label} goes down")

    fade(up1, massage, talk, "massage to talk")
    fade(up2, talk, permission, "talk to permission")
    mark_before = tone(x, up1 - 1.5, up1 - 0.5, MARK_HZ)
    mark_after = tone(x, onsets[0], onsets[0] + 0.5, MARK_HZ)
    check(mark_after > 20 * mark_before, f"the chime stands out ({mark_after:.4f} vs {mark_before:.5f})")
    peak = max(abs(v) for v in x)
    check(peak < 0.9, f"nothing clips (peak {peak:.3f})")


def main():
    mode, path = sys.argv[1], sys.argv[2]
    x = load(path)
    if mode == "class":
        check_class(x)
    elif mode == "audible":
        since = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
        level = rms(x, since, len(x) / RATE)
        check(level > 0.002, f"music is playing ({level:.4f} from {since:.1f} s)")
    elif mode == "tone":
        hz = float(sys.argv[3])
        end = len(x) / RATE
        level, amp = rms(x, 0.5, end), tone(x, 0.5, end, hz)
        check(level > 0.002 and amp > 0.5 * level * math.sqrt(2),
              f"the {hz:g} Hz file plays (its tone {amp:.4f}, all the sound {level:.4f} rms)")
    elif mode == "silent":
        peak = max((abs(v) for v in x), default=0.0)
        check(peak < 1e-5, f"silence (peak {peak:.2e} over {len(x) / RATE:.1f} s)")
    else:
        sys.exit(f"analyse.py: unknown mode {mode}")
    finish()


if __name__ == "__main__":
    main()
