"""harness.py: start a real console for the remote's tests and talk to it.

The console runs headless (SDL's dummy video driver, no sound) on a free port with a
fixed pairing code, the small fixture library and the repository's phone page, and a
state folder of its own; or in a real window on an X server of its own (Xvfb, see
`Screen`). Everything is bounded by timeouts; the console is stopped by its pid.
"""
import asyncio
import hashlib
import hmac
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.parse

import websockets

PIN = "123456"
SUBPROTOCOL = "nurture.v2"
VERSION = 2
TIMEOUT = 5.0


def proof(key, challenge):
    """What a phone holding `key` answers to `challenge` (docs/PROTOCOL.md)."""
    return hmac.new(key.encode(), ("nurture-hello:" + challenge).encode(),
                    hashlib.sha256).hexdigest()


class Screen:
    """An X server of our own (Xvfb picks a free display and tells us which), so cases
    running in parallel never share one; screenshots of it read with zbarimg."""

    def __init__(self, size="1280x720"):
        r, w = os.pipe()
        self.proc = subprocess.Popen(
            ["Xvfb", "-displayfd", str(w), "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
            pass_fds=(w,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(w)
        with os.fdopen(r) as f:
            self.display = ":" + f.readline().strip()
        assert self.display != ":", "Xvfb did not start"

    def read(self, reader, after=(), timeout=20):
        """A screenshot of the screen now, read by the command `reader` (then the image's
        path, then `after`); what it printed."""
        with tempfile.TemporaryDirectory() as d:
            shot = os.path.join(d, "screen.png")
            subprocess.run(["import", "-display", self.display, "-window", "root", shot],
                           check=True, timeout=20, capture_output=True)
            return subprocess.run([*reader, shot, *after], capture_output=True, text=True,
                                  timeout=timeout).stdout

    def qr_codes(self):
        """The QR codes on the screen now, as text."""
        out = self.read(["zbarimg", "--raw", "-q"])
        return sorted(x for x in out.splitlines() if x and not x.startswith("Connection"))

    def text(self):
        """The words on the screen now, read back with tesseract (OCR)."""
        return self.read(["tesseract"], after=["-"], timeout=60)

    def press(self, key):
        """Press `key` in the console's window, through the X server's input path."""
        env = dict(os.environ, DISPLAY=self.display)
        win = subprocess.run(["xdotool", "search", "--sync", "--name", "^Nurture$"], env=env,
                             capture_output=True, text=True, timeout=20).stdout.split()
        assert win, "no window named Nurture"
        subprocess.run(["xdotool", "windowfocus", "--sync", win[0]], env=env, timeout=10)
        subprocess.run(["xdotool", "key", key], env=env, check=True, timeout=10)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


class Console:
    """One nurture process. `src` is the source tree, `exe` the program."""

    def __init__(self, exe, src, workdir=None, port=None, plan="tests/plans/good/minimal.yaml",
                 extra=(), mute=True):
        self.exe, self.src = exe, src
        self.own_dir = workdir is None
        self.dir = workdir or tempfile.mkdtemp(prefix="nurture-remote-")
        # Port 0: the console takes any free port and says which (no race with other
        # tests picking the same one); a restart keeps the port it was given.
        self.port = port or 0
        self.plan = os.path.join(src, plan)
        self.proc = None
        self.extra = list(extra)
        self.mute = mute  # False: the console plays (the caller gives it a sound server)
        self.url_shown = None
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
        start = len(self.output()) if os.path.exists(os.path.join(self.dir, "console.log")) else 0
        self.proc = subprocess.Popen(
            [self.exe, "--window", *(["--mute"] if self.mute else []), "--port", str(self.port),
             "--pin", PIN,
             "--plan", self.plan, *self.extra], env=self.env, stdout=self.log,
            stderr=subprocess.STDOUT)
        # Ready once it says where phones join (the port opens a little before).
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("the console stopped at start:\n" + self.output())
            lines = [x for x in self.output()[start:].splitlines() if "phones join at " in x]
            if lines:
                self.url_shown = lines[-1].split("phones join at ", 1)[1].strip()
                if not self.port:
                    self.port = urllib.parse.urlsplit(self.url_shown).port or 80
                break
            time.sleep(0.05)
        else:
            raise RuntimeError("the console did not say where phones join:\n" + self.output())
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
        self.challenge = None
        self.asks = None  # the newest list of phones asking, for a controller

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
        assert msg.get("v") == VERSION, msg
        if msg["type"] == "challenge":
            assert self.challenge is None, "a second challenge"
            self.challenge = msg["challenge"]
        elif msg["type"] == "asks":
            self.asks = msg["asks"]
        elif msg["type"] == "state":
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
        await self.ws.send(json.dumps({"v": VERSION, "id": rid, "type": type_, **fields}))
        return await self.reply_to(rid)

    async def send(self, type_, **fields):
        """Send without waiting for the reply; its id."""
        rid = self.next_id
        self.next_id += 1
        await self.ws.send(json.dumps({"v": VERSION, "id": rid, "type": type_, **fields}))
        return rid

    async def hello(self, device):
        """Prove `device` ({"id", "key"}) for this connection's challenge."""
        while self.challenge is None:
            await self._read_one(TIMEOUT)
        return await self.request("hello", device=device["id"],
                                  proof=proof(device["key"], self.challenge))

    async def wait_asks(self, pred, timeout=TIMEOUT):
        end = time.monotonic() + timeout
        while self.asks is None or not pred(self.asks):
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no matching asks; last: {self.asks}")
            await self._read_one(left)
        return self.asks

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
