// The phone remote (docs/PROTOCOL.md): follows the class, and controls it once paired.
// Plain JavaScript, no framework, nothing from the internet.
"use strict";

(() => {
  const PROTOCOL = "nurture.v2";
  const VERSION = 2;
  const DEVICE_KEY = "nurture.device.v2"; // {"id": ..., "key": ...} from pairing
  localStorage.removeItem("nurture.device"); // version 1's token: it no longer pairs
  const $ = (id) => document.getElementById(id);

  let ws = null;
  let state = null;
  let offset = 0; // the console's clock minus performance.now()
  let role = "follower";
  let nextId = 1;
  let retryMs = 500;
  let wakeLock = null;
  let noticeTimer = 0;
  let asking = false;
  const waiting = new Map(); // request id -> what to do with the reply

  // --- The device: proved with HMAC-SHA256, never sent again ------------------------------
  // The page is served over plain http from the console's address (http://10.42.0.1:8080),
  // which browsers do not count as a secure context, so WebCrypto's crypto.subtle is not
  // there. SHA-256 and HMAC (FIPS 180-4, RFC 2104) are written out here instead, small and
  // checked against the console's own HMAC in the tests; one code path on every phone.

  const K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ]);

  function sha256(bytes) {
    const n = bytes.length;
    const padded = new Uint8Array(((n + 9 + 63) >> 6) << 6);
    padded.set(bytes);
    padded[n] = 0x80;
    const view = new DataView(padded.buffer);
    view.setUint32(padded.length - 8, Math.floor(n / 0x20000000));
    view.setUint32(padded.length - 4, (n << 3) >>> 0);
    const h = new Uint32Array([
      0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    ]);
    const w = new Uint32Array(64);
    const rotr = (x, r) => (x >>> r) | (x << (32 - r));
    for (let off = 0; off < padded.length; off += 64) {
      for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + 4 * i);
      for (let i = 16; i < 64; i++) {
        const a = w[i - 15], b = w[i - 2];
        const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
        const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
      }
      let [a, b, c, d, e, f, g, hh] = h;
      for (let i = 0; i < 64; i++) {
        const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) >>> 0;
        const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
        hh = g; g = f; f = e; e = (d + t1) >>> 0;
        d = c; c = b; b = a; a = (t1 + t2) >>> 0;
      }
      const v = [a, b, c, d, e, f, g, hh];
      for (let i = 0; i < 8; i++) h[i] = (h[i] + v[i]) >>> 0;
    }
    const out = new Uint8Array(32);
    const ov = new DataView(out.buffer);
    h.forEach((x, i) => ov.setUint32(4 * i, x));
    return out;
  }

  function hmacSha256Hex(keyText, messageText) {
    const enc = new TextEncoder();
    let key = enc.encode(keyText);
    if (key.length > 64) key = sha256(key);
    const ipad = new Uint8Array(64 + 0), opad = new Uint8Array(64);
    for (let i = 0; i < 64; i++) {
      ipad[i] = (key[i] || 0) ^ 0x36;
      opad[i] = (key[i] || 0) ^ 0x5c;
    }
    const msg = enc.encode(messageText);
    const inner = new Uint8Array(64 + msg.length);
    inner.set(ipad);
    inner.set(msg, 64);
    const outer = new Uint8Array(64 + 32);
    outer.set(opad);
    outer.set(sha256(inner), 64);
    return Array.from(sha256(outer), (b) => b.toString(16).padStart(2, "0")).join("");
  }
  window.nurtureHmac = hmacSha256Hex; // for the browser test's check

  function storedDevice() {
    try {
      const d = JSON.parse(localStorage.getItem(DEVICE_KEY));
      return d && typeof d.id === "string" && typeof d.key === "string" ? d : null;
    } catch {
      return null;
    }
  }

  // --- The link -------------------------------------------------------------------------

  function connect() {
    setLink("connecting", "Connecting…");
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    ws = new WebSocket(`${scheme}://${location.host}/ws`, PROTOCOL);
    ws.onopen = () => {
      retryMs = 500;
      asking = false;
    };
    ws.onmessage = (ev) => {
      let msg;
      try {
        msg = JSON.parse(ev.data);
      } catch {
        return;
      }
      if (msg.type === "state") onState(msg);
      else if (msg.type === "reply") onReply(msg);
      else if (msg.type === "challenge") onChallenge(msg);
      else if (msg.type === "asks") onAsks(msg.asks);
    };
    ws.onclose = () => {
      ws = null;
      waiting.clear();
      setRole("follower", false);
      onAsks([]);
      setLink("offline", "Reconnecting…");
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  }

  function send(msg, then) {
    if (!ws || ws.readyState !== WebSocket.OPEN) {
      notify("Not connected to the console yet.");
      return;
    }
    const id = nextId++;
    if (then) waiting.set(id, then);
    ws.send(JSON.stringify({ v: VERSION, id, ...msg }));
  }

  function command(cmd, fields = {}) {
    send({ type: "cmd", cmd, ...fields }, (r) => {
      if (!r.ok) notify(r.error.message);
    });
  }

  function onReply(r) {
    const then = waiting.get(r.id);
    waiting.delete(r.id);
    if (r.role) setRole(r.role, true);
    if (then) then(r);
    else if (!r.ok) notify(r.error.message);
  }

  // The console's first message: prove the device (if any) for this connection only.
  function onChallenge(msg) {
    const device = storedDevice();
    if (device) {
      const proof = hmacSha256Hex(device.key, "nurture-hello:" + msg.challenge);
      send({ type: "hello", device: device.id, proof }, onHello);
    } else {
      send({ type: "hello" }, onHello);
    }
    const token = new URLSearchParams(location.search).get("pair");
    if (token) {
      history.replaceState(null, "", location.pathname);
      send({ type: "pair", token }, onPaired);
    }
  }

  function onHello(r) {
    if (!r.ok && r.error.code === "unknown-device") {
      localStorage.removeItem(DEVICE_KEY);
      notify("This phone is no longer paired. Ask to control it again.");
    }
  }

  function keepDevice(r) {
    if (r.device && r.key) localStorage.setItem(DEVICE_KEY, JSON.stringify({ id: r.device, key: r.key }));
  }

  function onAsked(r) {
    asking = false;
    renderPairing();
    if (r.ok) {
      keepDevice(r);
      notify("This phone now controls the class.");
    } else {
      notify(r.error.message);
    }
  }

  // Phones asking for control, shown to a controlling phone to allow or refuse.
  function onAsks(asks) {
    const list = $("asks");
    list.replaceChildren(
      ...asks.map((a) => {
        const li = document.createElement("li");
        const who = document.createElement("span");
        who.textContent = `A phone (${a.from}) asks to control`;
        const yes = document.createElement("button");
        yes.type = "button";
        yes.className = "soft small";
        yes.textContent = "Allow";
        yes.addEventListener("click", () => send({ type: "answer", phone: a.phone, allow: true }));
        const no = document.createElement("button");
        no.type = "button";
        no.className = "soft small";
        no.textContent = "Refuse";
        no.addEventListener("click", () => send({ type: "answer", phone: a.phone, allow: false }));
        li.append(who, yes, no);
        return li;
      })
    );
    $("asking").hidden = asks.length === 0;
  }

  function renderPairing() {
    const codeOpen = !state || state.pairing !== "ask";
    $("code-form").hidden = !codeOpen;
    $("ask-form").hidden = codeOpen;
    $("ask").disabled = asking;
    $("ask").textContent = asking ? "Waiting for an answer…" : "Ask to control";
  }

  function onPaired(r) {
    if (r.ok) {
      keepDevice(r);
      $("code").value = "";
      $("code").blur();
      notify("This phone now controls the class.");
    } else {
      notify(r.error.message);
      $("code").select();
    }
  }

  function setLink(kind, text) {
    $("link").dataset.state = kind;
    $("link-text").textContent = text;
  }

  function setRole(r, connected) {
    role = r;
    const controlling = role === "controller";
    $("controls").hidden = !controlling;
    $("nav").hidden = !controlling;
    $("pairing").hidden = controlling || !connected;
    if (connected) setLink(role, controlling ? "Controlling" : "Following");
    keepAwake(controlling);
  }

  // --- The class ------------------------------------------------------------------------

  function onState(s) {
    offset = s.now - performance.now();
    state = s;
    if (s.role !== role) setRole(s.role, true);
    else if ($("link").dataset.state !== role) setRole(role, true);
    renderPairing();
    render();
  }

  function lowerFirst(t) {
    return t.charAt(0).toLowerCase() + t.slice(1);
  }

  function render() {
    const s = state;
    if (!s) return;
    $("class-title").textContent = s.plan.title;
    $("kind").textContent = s.kind;
    $("kind").hidden = s.kind.toLowerCase() === s.title.toLowerCase();
    $("segment-title").textContent = s.title;
    const title = s.finished ? "The class has finished" : s.step_title;
    if ($("step-title").textContent !== title) $("step-title").textContent = title;
    const detail = [];
    if (s.side === "both") detail.push(s.side_words ? `both sides: ${lowerFirst(s.side_words)} first` : "both sides");
    else if (s.side) detail.push(s.side_words || `${s.side} side`);
    if (s.reps) detail.push(`${s.reps} times`);
    $("step-detail").textContent = detail.join(" · ");
    renderWords(s);
    $("next-title").textContent = s.next
      ? s.next.segment === s.segment || s.next.title === s.next.segment_title
        ? s.next.segment === s.segment ? s.next.title : s.next.segment_title
        : `${s.next.segment_title} — ${s.next.title}`
      : "the end";

    const pause = $("pause");
    pause.classList.toggle("paused", s.paused);
    pause.dataset.cmd = s.paused ? "resume" : "pause";
    pause.querySelector(".pause-main").textContent = s.paused ? "Carry on" : "Baby needs a moment";
    pause.querySelector(".pause-sub").textContent = s.paused
      ? "Resume the class and the music"
      : "Pause the class and fade the music";
    pause.setAttribute("aria-pressed", String(s.paused));

    const [m1, m2] = s.plan.massage;
    $("massage-1").textContent = s.plan.segments[m1].title;
    $("massage-2").textContent = s.plan.segments[m2].title;
    $("massage-1").setAttribute("aria-label", `Jump to the first massage: ${s.plan.segments[m1].title}`);
    $("massage-2").setAttribute("aria-label", `Jump to the second massage: ${s.plan.segments[m2].title}`);

    const music = s.music;
    $("volume").textContent = music ? (music.muted ? "muted" : `${music.volume}%`) : "–";
    $("vol-down").disabled = $("vol-up").disabled = !music;
    $("blank").setAttribute("aria-pressed", String(s.blank));
    $("blank").textContent = s.blank ? "Show screen" : "Blank screen";
    $("next").disabled = s.finished;
    // A finished class: no countdown, pause or minutes (only back, goto and restart
    // work); the controllers get its summary instead.
    $("clock").hidden = s.finished;
    $("next-line").hidden = s.finished;
    $("pause").hidden = s.finished;
    $("minutes-row").hidden = s.finished;
    renderSummary(s.finished ? s.summary : null);
    tick();
  }

  // --- The finished class's summary (controllers only) ------------------------------------

  let shownSummary = null; // the summary's text, to draw the table once

  function cell(tag, text, className) {
    const el = document.createElement(tag);
    el.textContent = text;
    if (className) el.className = className;
    return el;
  }

  function duration(ms) {
    return ms === null || ms === undefined ? "—" : clockText(ms);
  }

  function whoText(by) {
    if (by === "keys") return "The console's keys";
    const device = storedDevice();
    const id = by.startsWith("phone ") ? by.slice(6) : "";
    if (id && device && device.id.startsWith(id)) return `This phone (${id})`;
    return id ? `Phone ${id}` : by;
  }

  function minutesText(ms) {
    const m = Math.round(ms / 60000);
    return `${m} min`;
  }

  function renderSummary(sm) {
    $("summary").hidden = !sm;
    if (!sm || shownSummary === sm.text) return;
    shownSummary = sm.text;
    $("summary-rows").replaceChildren(
      ...sm.segments.map((g) => {
        const tr = document.createElement("tr");
        if (!g.reached) tr.className = "skipped";
        const planned = g.planned_ms + g.added_ms - g.removed_ms;
        const part = cell("th", g.title);
        part.scope = "row";
        if (planned !== g.planned_ms) {
          part.append(cell("span", ` (${g.added_ms - g.removed_ms > 0 ? "+" : "−"}${minutesText(Math.abs(g.added_ms - g.removed_ms))})`, "adjusted"));
        }
        tr.append(
          part,
          cell("td", clockText(g.planned_ms)),
          cell("td", g.reached ? duration(g.took_ms) : "skipped"),
          cell("td", g.over_ms > 0 ? `+${clockText(g.over_ms)}` : "—", g.over_ms > 0 ? "over" : "")
        );
        return tr;
      })
    );
    const t = sm.total;
    const total = $("summary-total");
    const head = cell("th", "In all");
    head.scope = "row";
    total.replaceChildren(
      head,
      cell("td", clockText(t.planned_ms)),
      cell("td", clockText(t.took_ms)),
      cell("td", t.over_ms > 0 ? `+${clockText(t.over_ms)}` : "—")
    );
    $("summary-line").textContent = t.over_ms > 0
      ? `${clockText(t.took_ms)} for ${clockText(t.planned_ms)} planned; ${clockText(t.over_ms)} over in ${t.over_segments} ${t.over_segments === 1 ? "part" : "parts"}.`
      : `${clockText(t.took_ms)} for ${clockText(t.planned_ms)} planned; no part ran over.`;
    const p = sm.pauses;
    $("summary-pauses").textContent = p.count
      ? `Pauses: ${p.count}, ${clockText(p.total_ms)} in all.`
      : "No pauses.";
    $("summary-minutes").replaceChildren(
      ...(sm.minutes.length
        ? sm.minutes.map((w) => {
            const parts = [];
            if (w.added) parts.push(`added ${minutesText(w.added_ms)}`);
            if (w.removed) parts.push(`removed ${minutesText(w.removed_ms)}`);
            return cell("li", `${whoText(w.by)}: ${parts.join(", ")}`);
          })
        : [cell("li", "No minutes added or removed.")])
    );
  }

  // The CSV is in the state already: saved by the phone itself, no second request.
  function saveCsv() {
    const sm = state && state.summary;
    if (!sm) return;
    const blob = new Blob([sm.csv], { type: "text/csv;charset=utf-8" });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    const day = (sm.started || "").replace(/[^0-9T-]/g, "").replace("T", "-");
    a.href = url;
    a.download = `class-${day || "summary"}.csv`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  // The same words as the projector: the step's instruction, the segment's own text and
  // its card's, a talk's prompts, and the permission cues on the step that shows them.
  function setText(id, text) {
    const el = $(id);
    if (el.textContent !== (text || "")) el.textContent = text || "";
    el.hidden = !text;
  }

  function setList(id, items) {
    const ul = $(id);
    const list = items || [];
    const same = ul.children.length === list.length &&
      list.every((t, i) => ul.children[i].textContent === t);
    if (!same) {
      ul.replaceChildren(...list.map((t) => {
        const li = document.createElement("li");
        li.textContent = t;
        return li;
      }));
    }
    ul.hidden = list.length === 0;
  }

  function renderWords(s) {
    setText("step-text", s.text);
    setText("segment-text", s.segment_text);
    setText("card-text", s.card_text);
    setList("prompts", s.prompts);
    const cues = s.cues;
    $("cues").hidden = !cues;
    setList("cues-yes", cues && cues.yes);
    setList("cues-no", cues && cues.no);
    setList("cues-if-no", cues && cues.if_no);
    for (const id of ["cues-yes", "cues-no", "cues-if-no"]) $(id).parentElement.hidden = $(id).hidden;
    $("words").hidden = !s.segment_text && !s.card_text && !(s.prompts || []).length && !cues;
  }

  function clockText(ms) {
    const neg = ms < 0;
    let sec = Math.abs(neg ? Math.floor(ms / 1000) : Math.ceil(ms / 1000));
    const h = Math.floor(sec / 3600);
    const m = Math.floor((sec % 3600) / 60);
    sec %= 60;
    const mm = h ? String(m).padStart(2, "0") : String(m);
    return (neg ? "+" : "") + (h ? `${h}:` : "") + `${mm}:${String(sec).padStart(2, "0")}`;
  }

  // The countdown runs on the phone from the deadline: no message per second.
  function tick() {
    const s = state;
    if (!s) return;
    const left = s.deadline === null ? s.remaining_ms : s.deadline - (performance.now() + offset);
    const el = $("countdown");
    el.textContent = clockText(left);
    el.classList.toggle("over", left < 0);
    $("clock-note").textContent = s.finished
      ? ""
      : s.paused
        ? "paused"
        : left < 0
          ? "over time"
          : "left";
  }

  // --- Keeping the phone awake while it controls ------------------------------------------

  async function keepAwake(on) {
    if (!("wakeLock" in navigator)) return;
    try {
      if (on && !wakeLock && document.visibilityState === "visible") {
        wakeLock = await navigator.wakeLock.request("screen");
        wakeLock.addEventListener("release", () => (wakeLock = null));
      } else if (!on && wakeLock) {
        await wakeLock.release();
        wakeLock = null;
      }
    } catch {
      wakeLock = null; // not allowed now (battery saver, hidden page): try again later
    }
  }

  function notify(text) {
    const n = $("notice");
    n.textContent = text;
    n.hidden = false;
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => (n.hidden = true), 3500);
  }

  // --- Wiring -------------------------------------------------------------------------------

  document.addEventListener("click", (ev) => {
    const b = ev.target.closest("button[data-cmd]");
    if (!b) return;
    const fields = b.dataset.minutes ? { minutes: Number(b.dataset.minutes) } : {};
    command(b.dataset.cmd, fields);
  });
  document.querySelectorAll("[data-jump]").forEach((b) =>
    b.addEventListener("click", () => {
      if (state) command("goto", { segment: state.plan.massage[Number(b.dataset.jump)], step: 0 });
    })
  );
  const volumeBy = (d) => {
    if (!state || !state.music) return;
    command("volume", { value: Math.max(0, Math.min(100, state.music.volume + d)) });
  };
  $("vol-down").addEventListener("click", () => volumeBy(-10));
  $("vol-up").addEventListener("click", () => volumeBy(10));
  $("blank").addEventListener("click", () => state && command("blank", { value: !state.blank }));
  $("save-csv").addEventListener("click", saveCsv);
  $("ask").addEventListener("click", () => {
    asking = true;
    renderPairing();
    send({ type: "ask" }, onAsked);
  });
  $("add-phone").addEventListener("click", () =>
    send({ type: "open" }, (r) =>
      notify(r.ok ? "The screen shows the code for a minute." : r.error.message)
    )
  );
  $("forget").addEventListener("click", () =>
    send({ type: "forget" }, (r) => {
      if (!r.ok) return notify(r.error.message);
      localStorage.removeItem(DEVICE_KEY);
      notify("This phone no longer controls the class.");
    })
  );
  $("pair-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const code = $("code").value.replace(/\D/g, "");
    if (code) send({ type: "pair", code }, onPaired);
  });
  document.addEventListener("visibilitychange", () => keepAwake(role === "controller"));
  setInterval(tick, 250);
  connect();
})();
