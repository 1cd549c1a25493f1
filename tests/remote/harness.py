"""harness.py: start a real console for the remote's tests and talk to it.

The console runs headless (SDL's dummy video driver, no sound) on a free port with a
fixed pairing code, the small fixture library and the repository's phone page, and a
state folder of its own. Everything is bounded by timeouts; the console is stopped by
its pid.
"""
import asyncio
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import websockets

PIN = "123456"
SUBPROTOCOL = "nurture.v1"
TIMEOUT = 5.0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Console:
    """One nurture process. `src` is the source tree, `exe` the program."""

    def __init__(self, exe, src, workdir=None, port=None, plan="tests/plans/good/minimal.yaml"):
        self.exe, self.src = exe, src
        self.own_dir = workdir is None
        self.dir = workdir or tempfile.mkdtemp(prefix="nurture-remote-")
        self.port = port or free_port()
        self.plan = os.path.join(src, plan)
        self.proc = None
        self.pair_url = None
        data = os.path.join(self.dir, "data")
        if not os.path.isdir(data):
            os.makedirs(data)
            os.symlink(os.path.join(src, "tests/plans/fixture/scenes"), os.path.join(data, "scenes"))
            os.symlink(os.path.join(src, "media"), os.path.join(data, "media"))
        self.env = dict(os.environ, NURTURE_DATA=data, SDL_VIDEODRIVER="dummy",
                        SDL_AUDIODRIVER="dummy", NURTURE_STATE_DIR=os.path.join(self.dir, "state"))

    @property
    def url(self):
        return f"ws://127.0.0.1:{self.port}/ws"

    def start(self):
        self.log = open(os.path.join(self.dir, "console.log"), "ab")
        self.proc = subprocess.Popen(
            [self.exe, "--window", "--mute", "--port", str(self.port), "--pin", PIN,
             "--plan", self.plan], env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("the console stopped at start:\n" + self.output())
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        else:
            raise RuntimeError("the console did not open its port:\n" + self.output())
        m = re.findall(r"or by (\S+)", self.output())
        self.pair_url = m[-1] if m else None
        return self

    def output(self):
        with open(os.path.join(self.dir, "console.log"), "rb") as f:
            return f.read().decode(errors="replace")

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        """SIGTERM (SDL turns it into a quit), then the exit status; 0 is a clean stop."""
        if not self.proc:
            return 0
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise RuntimeError("the console did not stop on SIGTERM")
        self.log.close()
        rc, self.proc = self.proc.returncode, None
        return rc

    def cleanup(self):
        if self.proc:
            self.proc.kill()
            self.proc.wait()
        if self.own_dir:
            shutil.rmtree(self.dir, ignore_errors=True)


class Phone:
    """A websocket client that sorts what arrives: states and replies."""

    def __init__(self, ws):
        self.ws = ws
        self.states = []
        self.replies = {}
        self.next_id = 1
        self.pending = []

    @classmethod
    async def connect(cls, console, **kw):
        ws = await asyncio.wait_for(
            websockets.connect(console.url, subprotocols=[SUBPROTOCOL], max_size=2**22,
                               open_timeout=TIMEOUT, **kw), TIMEOUT)
        return cls(ws)

    async def close(self):
        await self.ws.close()

    async def _read_one(self, timeout):
        raw = await asyncio.wait_for(self.ws.recv(), timeout)
        msg = json.loads(raw)
        assert msg.get("v") == 1, msg
        if msg["type"] == "state":
            self.states.append(msg)
        elif msg["type"] == "reply":
            self.replies[msg["id"]] = msg
            self.pending.append(msg)
        else:
            raise AssertionError(f"unexpected message {msg}")
        return msg

    async def state(self, pred=lambda s: True, timeout=TIMEOUT):
        """The newest state once one matching `pred` has arrived."""
        end = time.monotonic() + timeout
        while True:
            if self.states and pred(self.states[-1]):
                return self.states[-1]
            left = end - time.monotonic()
            if left <= 0:
                last = self.states[-1] if self.states else None
                raise AssertionError(f"no matching state; last: {brief(last)}")
            await self._read_one(left)

    async def reply_to(self, rid, timeout=TIMEOUT):
        end = time.monotonic() + timeout
        while rid not in self.replies:
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no reply to {rid}")
            await self._read_one(left)
        r = self.replies.pop(rid)
        self.pending.remove(r)
        return r

    async def any_reply(self, timeout=TIMEOUT):
        end = time.monotonic() + timeout
        while not self.pending:
            await self._read_one(max(0.01, end - time.monotonic()))
        r = self.pending.pop(0)
        self.replies.pop(r["id"], None)
        return r

    async def request(self, type_, **fields):
        rid = self.next_id
        self.next_id += 1
        await self.ws.send(json.dumps({"v": 1, "id": rid, "type": type_, **fields}))
        return await self.reply_to(rid)

    async def cmd(self, name, **fields):
        return await self.request("cmd", cmd=name, **fields)

    async def pair(self, code=PIN):
        return await self.request("pair", code=code)

    async def quiet(self, seconds):
        """Read for `seconds`; return the states that arrived."""
        n = len(self.states)
        end = time.monotonic() + seconds
        try:
            while time.monotonic() < end:
                await self._read_one(end - time.monotonic())
        except asyncio.TimeoutError:
            pass
        return self.states[n:]


def brief(state):
    if not state:
        return None
    return {k: state.get(k) for k in ("seq", "segment", "step", "paused", "finished",
                                      "total_ms", "blank", "role")}


def where(state):
    return (state["segment"], state["step"])
