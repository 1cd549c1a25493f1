#!/usr/bin/env python3
"""run-as-service.py: start a program the way systemd starts nurture.service, and watch
what it tells systemd. For tests on machines where systemd is not running.

  run-as-service.py UNIT --root DIR [--env K=V]... [--watchdog-sec S] [--url URL
                    [--expect-file FILE]] [--expect-status TEXT] [--timeout S]

Reads the unit's [Service] Environment= and ExecStart= lines; runs ExecStart's program
from the staging folder DIR (DIR + its path) with only that environment (plus --env,
which wins, and a few sanitizer variables passed through), a notify socket in
$NOTIFY_SOCKET and the watchdog in $WATCHDOG_USEC (the unit's WatchdogSec, or
--watchdog-sec to see kicks sooner). Then checks, in order:
  READY=1 arrives; a STATUS= line containing --expect-status; two WATCHDOG=1 kicks;
  the page at --url answers (with the bytes of --expect-file); SIGTERM ends it with
  STOPPING=1 and exit status 0.
Prints one line per check; exit 0 when all passed."""
import argparse
import os
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checks import check, finish  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("unit")
ap.add_argument("--root", required=True)
ap.add_argument("--env", action="append", default=[])
ap.add_argument("--watchdog-sec", type=float)
ap.add_argument("--url")
ap.add_argument("--expect-file")
ap.add_argument("--expect-status")
ap.add_argument("--timeout", type=float, default=60)
args = ap.parse_args()

# systemd allows a key several times (Environment=): keep them all.
lines = {}
section = None
with open(args.unit) as f:
    for raw in f:
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _, value = line.partition("=")
        lines.setdefault((section, key), []).append(value)

env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}
for assignments in lines.get(("Service", "Environment"), []):
    for a in shlex.split(assignments):
        k, _, v = a.partition("=")
        env[k] = v
for name in ("ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS", "TMPDIR", "HOME"):
    if name in os.environ:
        env[name] = os.environ[name]
for a in args.env:
    k, _, v = a.partition("=")
    env[k] = v
exec_start = shlex.split(lines[("Service", "ExecStart")][-1])
program = os.path.join(args.root, exec_start[0].lstrip("/"))
watchdog = args.watchdog_sec or float(lines[("Service", "WatchdogSec")][-1])

tmp = tempfile.mkdtemp(prefix="nurture-service-")
sock_path = os.path.join(tmp, "notify")
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(sock_path)
env["NOTIFY_SOCKET"] = sock_path
env["WATCHDOG_USEC"] = str(int(watchdog * 1e6))
print("starting:", " ".join(shlex.quote(x) for x in [program] + exec_start[1:]), flush=True)
proc = subprocess.Popen([program] + exec_start[1:], env=env, stdin=subprocess.DEVNULL)
messages = []


def wait_for(pred, seconds):
    """Read notify messages until pred() holds, the time is up or the program ended."""
    end = time.monotonic() + seconds
    while not pred():
        left = end - time.monotonic()
        ended = proc.poll() is not None
        if left <= 0 and not ended:
            break
        # Once the program ended, only what it sent before is left to read.
        sock.settimeout(0 if ended else min(left, 0.2))
        try:
            data = sock.recv(4096).decode("utf-8", "replace")
        except (socket.timeout, BlockingIOError):
            if ended:
                break
            continue
        for m in data.split("\n"):
            if m:
                messages.append((time.monotonic(), m))
    return pred()


def count(prefix):
    return sum(1 for _, m in messages if m.startswith(prefix))


try:
    ready = wait_for(lambda: count("READY=1") > 0, args.timeout)
    check(ready, "READY=1 (exit status so far: %s)" % proc.poll())
    if ready:
        want = args.expect_status or ""

        def statuses():
            return [m[7:] for _, m in messages if m.startswith("STATUS=")]

        wait_for(lambda: any(want in s for s in statuses()), 60)
        check(any(want in s for s in statuses()),
              "STATUS= says %r (expected to contain %r)" % (statuses()[-1:] or None, want))
        # Two more kicks. The console kicks at half the interval; under emulation on a
        # busy machine a frame can take seconds, so the window is generous: this checks
        # that the main loop kicks, not how fast an emulated machine runs.
        kicks = count("WATCHDOG=1")
        check(wait_for(lambda: count("WATCHDOG=1") >= kicks + 2, max(watchdog * 3, 60)),
              "the main loop kicks the watchdog (%d kicks, WatchdogSec=%g)"
              % (count("WATCHDOG=1"), watchdog))
        if args.url:
            body, error = None, None
            for _ in range(50):
                try:
                    with urllib.request.urlopen(args.url, timeout=5) as r:
                        body = r.read()
                    break
                except OSError as e:
                    error = e
                    time.sleep(0.2)
            ok = body is not None
            if ok and args.expect_file:
                with open(args.expect_file, "rb") as f:
                    ok = body == f.read()
            check(ok, "the page at %s (%s)" % (args.url, error if body is None else
                                                 "%d bytes" % len(body)))
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        rc = proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        rc = proc.wait()
    wait_for(lambda: count("STOPPING=1") > 0, 1)
    if ready:
        check(count("STOPPING=1") > 0, "STOPPING=1 on SIGTERM")
    check(rc == 0, "exit status %s after SIGTERM" % rc)
finally:
    if proc.poll() is None:
        proc.kill()
        proc.wait()
    sock.close()
    os.unlink(sock_path)
    os.rmdir(tmp)
finish()
