// remote.test.mjs: the phone page in Debian's Chromium (playwright-core, no browser
// download) at a phone's size with touch, against a real console.
//
//   NURTURE_EXE=build/release/nurture NURTURE_SOURCE=. node --test tests/browser/remote.test.mjs
//
// SCREENSHOTS=DIR keeps screenshots of the page (light and dark) in DIR.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const exe = path.resolve(process.env.NURTURE_EXE ?? "build/release/nurture");
const src = path.resolve(process.env.NURTURE_SOURCE ?? ".");
const shots = process.env.SCREENSHOTS;
const PIN = "123456";
const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true, isMobile: true };

let dir, consoleProc, port, browser;

// The console takes any free port (--port 0) and says which once it is ready: "phones
// join at http://HOST:PORT/". Returns that port.
async function waitForJoinLine(file, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const m = fs.readFileSync(file, "utf8").match(/phones join at (\S+)/);
    if (m) return Number(new URL(m[1]).port || 80);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("the console did not say where phones join");
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "nurture-browser-"));
  fs.mkdirSync(path.join(dir, "data"));
  fs.symlinkSync(path.join(src, "tests/plans/fixture/scenes"), path.join(dir, "data/scenes"));
  fs.symlinkSync(path.join(src, "media"), path.join(dir, "data/media"));
  const log = fs.openSync(path.join(dir, "console.log"), "a");
  consoleProc = spawn(exe, ["--window", "--mute", "--port", "0", "--pin", PIN,
    "--plan", path.join(src, "tests/plans/good/minimal.yaml")], {
    env: { ...process.env, NURTURE_DATA: path.join(dir, "data"), SDL_VIDEODRIVER: "dummy",
      NURTURE_STATE_DIR: path.join(dir, "state") },
    stdio: ["ignore", log, log],
  });
  port = await waitForJoinLine(path.join(dir, "console.log"), 20000);
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

after(async () => {
  await browser?.close();
  if (consoleProc && consoleProc.exitCode === null) {
    const done = new Promise((r) => consoleProc.once("exit", r));
    consoleProc.kill("SIGTERM");
    await Promise.race([done, new Promise((r) => setTimeout(r, 10000))]);
    if (consoleProc.exitCode === null) consoleProc.kill("SIGKILL");
  }
  if (process.env.KEEP_LOG) console.log(fs.readFileSync(path.join(dir, "console.log"), "utf8"));
  fs.rmSync(dir, { recursive: true, force: true });
});

async function openPhone(colorScheme) {
  const context = await browser.newContext({ ...phone, colorScheme });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(`http://127.0.0.1:${port}/`);
  return { page, errors };
}

// What a separate websocket client (in the follower's browser) reads from the console.
async function consoleState(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${location.host}/ws`, "nurture.v2");
    ws.onmessage = (ev) => {
      const msg = JSON.parse(ev.data);
      if (msg.type !== "state") return; // the challenge comes first
      ws.close();
      resolve(msg);
    };
    ws.onerror = reject;
  }));
}

async function snap(page, name, fullPage = true) {
  if (!shots) return;
  fs.mkdirSync(shots, { recursive: true });
  // Colours change with a transition (a switch to dark mode): the picture after it.
  const moving = () => page.evaluate(() =>
    document.getAnimations().some((a) => a instanceof CSSTransition));
  for (let i = 0; i < 100 && (await moving()); i++) await page.waitForTimeout(20);
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage });
}

test("pair with the code, tap Next, and every phone follows", async () => {
  const { page: ctl, errors } = await openPhone("light");
  const { page: fol, errors: ferrors } = await openPhone("dark");
  const link = (p) => p.locator("#link-text");
  await link(ctl).filter({ hasText: "Following" }).waitFor();
  await link(fol).filter({ hasText: "Following" }).waitFor();
  assert.equal(await ctl.locator("#segment-title").textContent(), "Welcome");
  assert.ok(await ctl.locator("#pairing").isVisible());
  assert.ok(!(await ctl.locator("#nav").isVisible()));
  assert.match(await ctl.locator("#countdown").textContent(), /^[45]:\d\d$/);
  await snap(ctl, "follower-light");
  await snap(fol, "follower-dark");

  // A wrong code is refused in plain words; the right one makes this phone a controller.
  await ctl.locator("#code").tap();
  await ctl.locator("#code").fill("000000");
  await ctl.locator("#pair-form button").tap();
  await ctl.locator("#notice").filter({ hasText: "not right" }).waitFor();
  await ctl.locator("#code").fill(PIN);
  await ctl.locator("#pair-form button").tap();
  await link(ctl).filter({ hasText: "Controlling" }).waitFor();
  assert.ok(await ctl.locator("#nav").isVisible());
  assert.ok(!(await ctl.locator("#pairing").isVisible()));
  assert.equal(await link(fol).textContent(), "Following");
  await ctl.locator("#notice").waitFor({ state: "hidden", timeout: 6000 });
  await snap(ctl, "controller-light");

  // Big thumb targets at the bottom of the screen.
  const next = await ctl.locator("#next").boundingBox();
  const back = await ctl.locator("#back").boundingBox();
  assert.ok(next.height >= 64 && next.width >= 150, JSON.stringify(next));
  assert.ok(back.height >= 64, JSON.stringify(back));
  assert.ok(next.y + next.height <= 844 && next.y > 844 * 0.7, JSON.stringify(next));

  // Tap Next: the console moves, and so does the follower.
  await ctl.locator("#next").tap();
  await ctl.locator("#segment-title").filter({ hasText: "Asking permission" }).waitFor();
  await fol.locator("#segment-title").filter({ hasText: "Asking permission" }).waitFor();
  const s = await consoleState(fol);
  assert.equal(s.segment, 1);
  assert.equal(s.title, "Asking permission");

  // The massage jump, pause ("baby needs a moment"), a minute more, the screen.
  await ctl.locator("#massage-2").tap();
  await fol.locator("#segment-title").filter({ hasText: "Tummy" }).waitFor();
  await ctl.locator("#pause").tap();
  await ctl.locator("#pause .pause-main").filter({ hasText: "Carry on" }).waitFor();
  await fol.locator("#clock-note").filter({ hasText: "paused" }).waitFor();
  const before = await fol.locator("#countdown").textContent();
  await ctl.locator("button[data-minutes='1']").tap();
  await fol.locator("#countdown").filter({ hasNotText: before }).waitFor();
  // Paused: exactly one minute more than before (a slow machine may have run a second
  // or two of the segment before the pause landed).
  const seconds = (t) => t.split(":").reduce((a, x) => a * 60 + Number(x), 0);
  assert.equal(seconds(await fol.locator("#countdown").textContent()), seconds(before) + 60);
  assert.ok(seconds(before) > 240 && seconds(before) <= 300, before);
  await ctl.locator("#blank").tap();
  await ctl.locator("#blank[aria-pressed='true']").waitFor();
  assert.equal((await consoleState(fol)).blank, true);
  await ctl.locator("#blank").tap();
  await ctl.locator("#pause").tap();
  await fol.locator("#clock-note").filter({ hasText: "left" }).waitFor();
  await snap(ctl, "controller-massage-light");

  // The countdown runs on the phone between messages.
  const t1 = await fol.locator("#countdown").textContent();
  await fol.waitForTimeout(1300);
  assert.notEqual(await fol.locator("#countdown").textContent(), t1);

  // A second phone while the first controls: the code is closed, it asks, and the
  // controlling phone allows it. After a reload it proves its device (HMAC-SHA256 in the
  // page: http is no secure context, so no WebCrypto) and controls again at once.
  const dark = await browser.newContext({ ...phone, colorScheme: "dark" });
  const dpage = await dark.newPage();
  await dpage.goto(`http://127.0.0.1:${port}/`);
  await dpage.locator("#link-text").filter({ hasText: "Following" }).waitFor();
  assert.ok(!(await dpage.locator("#code").isVisible()));
  await dpage.locator("#ask").tap();
  await ctl.locator("#asks button", { hasText: "Allow" }).tap();
  await dpage.locator("#link-text").filter({ hasText: "Controlling" }).waitFor();
  const stored = await dpage.evaluate(() => JSON.parse(localStorage.getItem("nurture.device.v2")));
  assert.equal(stored.key.length, 64);
  assert.equal(
    await dpage.evaluate(() => window.nurtureHmac("key", "The quick brown fox jumps over the lazy dog")),
    "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
  ); // the well-known example value of HMAC-SHA256
  await dpage.reload();
  await dpage.locator("#link-text").filter({ hasText: "Controlling" }).waitFor();
  await dpage.locator("#notice").waitFor({ state: "hidden", timeout: 6000 });
  await snap(dpage, "controller-dark");

  // Accessible names for the controls.
  for (const name of ["Next", "Back", "One minute more", "One minute less"])
    assert.ok(await ctl.getByRole("button", { name, exact: true }).isVisible(), name);
  assert.deepEqual(errors, []);
  assert.deepEqual(ferrors, []);
});

// A console of its own for a class of the browser test (tests/browser/words, or `plan`
// with the fixture's `cards`), started at segment and step `start` ("N.M"); phones only
// follow it unless `pin` is given.
async function startConsole(start, { plan = "tests/browser/words/words.yaml",
  cards = "tests/browser/words/cards", pin = null } = {}) {
  const cdir = fs.mkdtempSync(path.join(os.tmpdir(), "nurture-words-"));
  fs.mkdirSync(path.join(cdir, "data/scenes"), { recursive: true });
  fs.symlinkSync(path.join(src, "tests/plans/fixture/scenes/strokes"), path.join(cdir, "data/scenes/strokes"));
  fs.symlinkSync(path.join(src, cards), path.join(cdir, "data/scenes/cards"));
  fs.symlinkSync(path.join(src, "media"), path.join(cdir, "data/media"));
  const log = fs.openSync(path.join(cdir, "console.log"), "a");
  const proc = spawn(exe, ["--window", "--mute", "--port", "0", "--start", start,
    ...(pin ? ["--pin", pin] : []), "--plan", path.join(src, plan)], {
    env: { ...process.env, NURTURE_DATA: path.join(cdir, "data"), SDL_VIDEODRIVER: "dummy",
      NURTURE_STATE_DIR: path.join(cdir, "state") },
    stdio: ["ignore", log, log],
  });
  const cport = await waitForJoinLine(path.join(cdir, "console.log"), 20000);
  return { proc, port: cport, dir: cdir };
}

async function stopConsole(c) {
  if (c.proc.exitCode === null) {
    const done = new Promise((r) => c.proc.once("exit", r));
    c.proc.kill("SIGTERM");
    await Promise.race([done, new Promise((r) => setTimeout(r, 10000))]);
    if (c.proc.exitCode === null) c.proc.kill("SIGKILL");
  }
  fs.rmSync(c.dir, { recursive: true, force: true });
}

async function followAt(c) {
  const context = await browser.newContext({ ...phone, colorScheme: "light" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  await page.goto(`http://127.0.0.1:${c.port}/`);
  await page.locator("#link-text").filter({ hasText: "Following" }).waitFor();
  return { page, errors };
}

const items = (page, id) => page.locator(`#${id} li`).allTextContents();

test("a follower's phone shows the screen's words: the permission cues, a massage's text", async () => {
  // The permission step that shows the cues (the card's third step): every cue, in order.
  let c = await startConsole("2.3");
  try {
    const { page, errors } = await followAt(c);
    await page.locator("#cues").waitFor();
    assert.equal(await page.locator("#segment-title").textContent(), "Asking permission");
    assert.deepEqual(await items(page, "cues-yes"), ["Bright, open eyes", "Gazing at you",
      "Turning towards you", "Smiling or cooing", "Reaching out", "Becoming still"]);
    assert.deepEqual(await items(page, "cues-no"), ["Crying or fussing", "Looking or turning away",
      "Arching the back", "Hiccups or yawning", "Falling asleep", "Hands clasped across the chest"]);
    assert.deepEqual(await items(page, "cues-if-no"), ["Cuddle your baby", "Offer a feed",
      "Practise on the demo doll", "Try again in the next segment"]);
    for (const id of ["cues-yes", "cues-no", "cues-if-no"])
      assert.ok(await page.locator(`#${id} li`).last().isVisible(), id);
    assert.equal(await page.locator("#card-text").textContent(),
      "One cue alone means little; a \"no\" usually shows as several cues together.");
    assert.equal(await page.locator("#step-title").textContent(), "Watch for the answer.");
    await snap(page, "follower-cues");
    assert.deepEqual(errors, []);
  } finally {
    await stopConsole(c);
  }

  // The second stroke of a massage: its instruction, and the segment's own text.
  c = await startConsole("3.2");
  try {
    const { page, errors } = await followAt(c);
    await page.locator("#segment-text").waitFor();
    const s = await consoleState(page);
    assert.equal(s.step_title, "Indian milking");
    assert.equal(await page.locator("#segment-text").textContent(),
      "If your baby has just fed, leave the tummy for today. Keep talking or singing.");
    assert.ok(s.text && s.text.length > 0);
    assert.equal(await page.locator("#step-text").textContent(), s.text);
    assert.ok(await page.locator("#step-text").isVisible());
    assert.ok(!(await page.locator("#cues").isVisible()));
    // Whose left, as the projector says it: the parent faces the baby.
    assert.equal(s.side, "left");
    assert.equal(await page.locator("#step-detail").textContent(),
      "The leg on your left \u2014 your baby's right · 3 times");
    await snap(page, "follower-massage-words");
    assert.deepEqual(errors, []);
  } finally {
    await stopConsole(c);
  }
});

test("a finished class: the controlling phone shows how it went and saves the CSV", async () => {
  // The minimal class started at its last segment: a minute added, a pause, then Next
  // finishes it.
  const c = await startConsole("7.1", { plan: "tests/plans/good/minimal.yaml",
    cards: "tests/plans/fixture/scenes/cards", pin: PIN });
  try {
    const context = await browser.newContext({ ...phone, colorScheme: "light", acceptDownloads: true });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e));
    await page.goto(`http://127.0.0.1:${c.port}/`);
    await page.locator("#link-text").filter({ hasText: "Following" }).waitFor();
    await page.locator("#code").fill(PIN);
    await page.locator("#pair-form button").tap();
    await page.locator("#link-text").filter({ hasText: "Controlling" }).waitFor();
    const { page: fol, errors: ferrors } = await followAt(c);
    assert.ok(await page.locator("#minutes-row").isVisible());
    await page.locator("button[data-minutes='1']").tap();
    await fol.locator("#countdown").filter({ hasText: /^1:|^2:0/ }).waitFor();
    await page.locator("#pause").tap();
    await page.locator("#pause .pause-main").filter({ hasText: "Carry on" }).waitFor();
    await page.locator("#pause").tap();
    await page.locator("#pause .pause-main").filter({ hasText: "Baby needs a moment" }).waitFor();
    await page.locator("#next").tap();

    // The summary: a row per part, the minute added by this phone, the pause.
    await page.locator("#summary").waitFor();
    assert.equal(await page.locator("#step-title").textContent(), "The class has finished");
    for (const id of ["clock", "pause", "minutes-row", "next-line"])
      assert.ok(!(await page.locator(`#${id}`).isVisible()), id);
    assert.ok(await page.locator("#back").isVisible());
    const titles = await page.locator("#summary-rows th").allTextContents();
    assert.deepEqual(titles.map((t) => t.replace(/ \(.*\)$/, "")), ["Welcome", "Asking permission",
      "Legs", "Rest", "Asking again", "Tummy", "Goodbye"]);
    const rows = await page.locator("#summary-rows tr").evaluateAll((trs) =>
      trs.map((tr) => [...tr.children].map((x) => x.textContent)));
    assert.deepEqual(rows[0], ["Welcome", "5:00", "skipped", "—"]); // --start went past it
    assert.equal(rows[6][0], "Goodbye (+1 min)");
    assert.equal(rows[6][1], "1:00");
    assert.match(rows[6][2], /^0:\d\d$/);
    assert.match(await page.locator("#summary-pauses").textContent(), /^Pauses: 1, 0:\d\d in all\.$/);
    assert.deepEqual(await items(page, "summary-minutes"),
      [`This phone (${(await page.evaluate(() =>
        JSON.parse(localStorage.getItem("nurture.device.v2")).id)).slice(0, 6)}): added 1 min`]);
    // The table fits a phone's width.
    const table = await page.locator("#summary-table").boundingBox();
    assert.ok(table.x >= 0 && table.x + table.width <= 390, JSON.stringify(table));
    await page.locator("#notice").waitFor({ state: "hidden", timeout: 6000 });
    await snap(page, "finished-light", false);
    await snap(page, "finished-light-page");
    await page.emulateMedia({ colorScheme: "dark" });
    await page.locator("#summary-pauses").scrollIntoViewIfNeeded();
    await snap(page, "finished-dark", false);
    await page.emulateMedia({ colorScheme: "light" });

    // Saved by the phone itself: the CSV of the state, a row per part.
    const [download] = await Promise.all([page.waitForEvent("download"),
      page.locator("#save-csv").tap()]);
    assert.match(download.suggestedFilename(), /^class-\d{4}-\d\d-\d\d-\d{6}\.csv$/);
    const csv = fs.readFileSync(await download.path(), "utf8").trim().split("\n");
    assert.equal(csv.length, 8);
    assert.ok(csv[0].startsWith("segment,title,planned_s,added_s,"), csv[0]);
    assert.ok(csv[1].startsWith('1,"Welcome",300,0,0,0,0,0,0,no'), csv[1]);
    assert.match(csv[7], /^7,"Goodbye",60,60,0,\d+,0,1,\d+,yes$/);

    // A follower sees the class finish, never who did what.
    await fol.locator("#step-title").filter({ hasText: "The class has finished" }).waitFor();
    assert.ok(!(await fol.locator("#summary").isVisible()));
    assert.equal((await consoleState(fol)).summary, null);

    // Back into the class: the countdown and the controls again, no summary.
    await page.locator("#back").tap();
    await page.locator("#summary").waitFor({ state: "hidden" });
    assert.ok(await page.locator("#clock").isVisible());
    assert.ok(await page.locator("#pause").isVisible());
    assert.deepEqual(errors, []);
    assert.deepEqual(ferrors, []);
  } finally {
    await stopConsole(c);
  }
});
