// relay.mjs PORT: tools/bench's browser alternative to the console's remote, a small Node
// server on the `ws` package as one would write it: it keeps the class's step, applies
// `next` and `back` from any phone (answering it first) and broadcasts the new state to
// every phone. A page's {"type": "first-frame"} prints the wall clock (ms) on stdout.
// {"type": "use-state", "state": {...}} makes that the state broadcast from then on (with
// its seq, step and now kept up to date): tools/bench gives it the console's own state,
// so both sides send the same bytes to every phone. It answers with the state.
import { WebSocketServer } from "ws";

const port = Number(process.argv[2] || 8099);
const wss = new WebSocketServer({ port, host: "127.0.0.1" });
let seq = 1, step = 0;
let template = { v: 1, type: "state", segment: 4, title: "Legs" };

function state() {
  return JSON.stringify({ ...template, seq, step, step_title: `Stroke ${step + 1}`,
                          now: Date.now() });
}

wss.on("connection", (ws) => {
  ws.send(state());
  ws.on("message", (data) => {
    let m;
    try { m = JSON.parse(data); } catch { return; }
    if (m.type === "first-frame") {
      console.log(`first-frame ${Date.now()}`);
      return;
    }
    if (m.type === "use-state" && m.state && typeof m.state === "object") {
      template = m.state;
      ws.send(state());
      return;
    }
    if (m.type !== "cmd") return;
    if (m.cmd === "next") step++;
    else if (m.cmd === "back" && step > 0) step--;
    seq++;
    ws.send(JSON.stringify({ v: 1, type: "reply", id: m.id ?? null, ok: true }));
    const s = state();
    for (const c of wss.clients) if (c.readyState === 1) c.send(s);
  });
});
wss.on("listening", () => console.log(`listening ${port}`));
