// The phone remote (docs/PROTOCOL.md): follows the class, and controls it once paired.
// Plain JavaScript, no framework, nothing from the internet.
"use strict";

(() => {
  const PROTOCOL = "nurture.v1";
  const DEVICE_KEY = "nurture.device";
  const $ = (id) => document.getElementById(id);

  let ws = null;
  let state = null;
  let offset = 0; // the console's clock minus performance.now()
  let role = "follower";
  let nextId = 1;
  let retryMs = 500;
  let wakeLock = null;
  let noticeTimer = 0;
  const waiting = new Map(); // request id -> what to do with the reply

  // --- The link -------------------------------------------------------------------------

  function connect() {
    setLink("connecting", "Connecting…");
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    ws = new WebSocket(`${scheme}://${location.host}/ws`, PROTOCOL);
    ws.onopen = () => {
      retryMs = 500;
      const device = localStorage.getItem(DEVICE_KEY);
      send({ type: "hello", ...(device ? { device } : {}) }, onHello);
      const token = new URLSearchParams(location.search).get("pair");
      if (token) {
        history.replaceState(null, "", location.pathname);
        send({ type: "pair", token }, onPaired);
      }
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
    };
    ws.onclose = () => {
      ws = null;
      waiting.clear();
      setRole("follower", false);
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
    ws.send(JSON.stringify({ v: 1, id, ...msg }));
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

  function onHello(r) {
    if (!r.ok && r.error.code === "unknown-device") {
      localStorage.removeItem(DEVICE_KEY);
      notify("This phone is no longer paired. Type the code to control again.");
    }
  }

  function onPaired(r) {
    if (r.ok) {
      if (r.device) localStorage.setItem(DEVICE_KEY, r.device);
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
    render();
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
    if (s.side) detail.push(s.side === "both" ? "both sides" : `${s.side} side`);
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
    tick();
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
  $("pair-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const code = $("code").value.replace(/\D/g, "");
    if (code) send({ type: "pair", code }, onPaired);
  });
  document.addEventListener("visibilitychange", () => keepAwake(role === "controller"));
  setInterval(tick, 250);
  connect();
})();
