// SCORM packages in a real browser with a real LMS runtime: the npm package `scorm-again`
// provides `API` (SCORM 1.2) or `API_1484_11` (SCORM 2004) on an LMS page, and the SCO from a
// zip built by `syllabus package` runs in its frame (see tests/cli/package.rs for the fixture
// course). Each test reads, answers, leaves and comes back, then asserts the CMI data and the
// exact calls the SCO made. scorm-again validates every value against the standard, so a
// malformed duration, response or status fails here as it would in an LMS.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fixture, launch, bin, unzip, waitFor } from "./harness.mjs";

const browser = await launch();
const project = fixture("package");
execFileSync(bin, ["package", "--quiet", "--out", "dist"], { cwd: project, env: { PATH: process.env.PATH, TZ: "UTC" } });
const zips = {
  course12: unzip(path.join(project, "dist/course-1.0.0-en-scorm12.zip")),
  course2004: unzip(path.join(project, "dist/course-1.0.0-en-scorm2004.zip")),
  framed: unzip(path.join(project, "dist/framed-2.0.0-en-scorm2004.zip")),
};
const scormAgain = readFileSync(path.join(import.meta.dirname, "node_modules/scorm-again/dist/scorm-again.js"));

// The LMS page: scorm-again's API, every call recorded with its result and error code, the
// SCO in a frame. `init` (JSON in the URL hash) carries CMI data from an earlier session.
const LMS = `<!doctype html><html><head><meta charset="utf-8"><title>LMS</title>
<script src="/scorm-again.js"></script></head><body>
<iframe id="sco" style="width:1000px;height:700px;border:0"></iframe>
<script>
  const opts = JSON.parse(decodeURIComponent(location.hash.slice(1)));
  const is2004 = opts.standard === "2004";
  const api = is2004 ? new Scorm2004API({ autocommit: false, logLevel: 5 }) : new Scorm12API({ autocommit: false, logLevel: 5 });
  if (opts.init) api.loadFromFlattenedJSON(opts.init, "");
  if (opts.resume) { if (is2004) api.cmi.entry = "resume"; else api.cmi.core.entry = "resume"; }
  window.calls = [];
  const names = is2004 ? ["Initialize", "GetValue", "SetValue", "Commit", "Terminate"]
    : ["LMSInitialize", "LMSGetValue", "LMSSetValue", "LMSCommit", "LMSFinish"];
  const lastError = (is2004 ? api.GetLastError : api.LMSGetLastError).bind(api);
  for (const name of names) {
    const original = api[name].bind(api);
    api[name] = (...args) => {
      const result = original(...args);
      window.calls.push({ name, args, result: String(result), error: String(lastError()) });
      return result;
    };
  }
  if (opts.failing) {
    // An LMS that refuses everything.
    for (const name of names) api[name] = (...args) => { window.calls.push({ name, args, result: "false", error: "101" }); return "false"; };
    api[is2004 ? "GetLastError" : "LMSGetLastError"] = () => "101";
  }
  window[is2004 ? "API_1484_11" : "API"] = api;
  window.lms = api;
  document.getElementById("sco").src = opts.sco;
</script></body></html>`;

const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://x");
  if (url.pathname === "/lms.html") return res.end(LMS);
  if (url.pathname === "/scorm-again.js") { res.setHeader("content-type", "text/javascript"); return res.end(scormAgain); }
  const m = /^\/pkg\/([^/]+)\/(.*)$/.exec(decodeURIComponent(url.pathname));
  const body = m && zips[m[1]] && zips[m[1]].get(m[2]);
  if (!body) { res.statusCode = 404; return res.end("not found"); }
  const type = { html: "text/html", js: "text/javascript", css: "text/css", svg: "image/svg+xml" }[m[2].split(".").pop()];
  if (type) res.setHeader("content-type", type + "; charset=utf-8");
  res.end(body);
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const origin = `http://127.0.0.1:${server.address().port}`;
after(() => { server.close(); return browser.close(); });

/** Opens the LMS page with the SCO `sco` of package `pkg`; waits for the SCO's runtime. */
async function lms(pkg, sco, opts = {}) {
  const standard = pkg.endsWith("12") ? "1.2" : "2004";
  const context = opts.context || await browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  const errors = [];
  const outside = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => { if (!r.url().startsWith(origin)) outside.push(r.url()); });
  const hash = encodeURIComponent(JSON.stringify({ standard, sco: `/pkg/${pkg}/${sco}`, ...opts, context: undefined }));
  await page.goto(`${origin}/lms.html#${hash}`);
  const frame = () => page.frames().find((f) => f.url().includes("/pkg/") && f.url().endsWith("index.html"));
  await waitFor(async () => frame() && await frame().evaluate(() => !!(window.syllabus && window.syllabus.scorm && window.SyllabusQuiz)), 10000, () => "the SCO");
  return { page, context, sco: frame(), errors, outside, standard };
}

const calls = (page) => page.evaluate(() => window.calls);
/** The LMS's data, flattened ("cmi.core.lesson_status": "completed"). */
const cmi = (page) => page.evaluate(() => {
  const out = {};
  const walk = (o, prefix) => {
    for (const [k, v] of Object.entries(o || {})) {
      if (v && typeof v === "object") walk(v, prefix + k + ".");
      else if (v !== "" && v !== undefined && v !== null) out[prefix + k] = String(v);
    }
  };
  walk(JSON.parse(JSON.stringify(window.lms.cmi)), "cmi.");
  return out;
});
/** Leaves the SCO the way an LMS does: the frame navigates away. */
async function leave(page) {
  await page.evaluate(() => { document.getElementById("sco").src = "about:blank"; });
  await waitFor(async () => (await calls(page)).some((c) => c.name === "LMSFinish" || c.name === "Terminate"), 5000, () => "Finish/Terminate");
}
/** Scrolls the SCO to the bottom in steps, as a reader would. */
async function readToEnd(sco) {
  await sco.evaluate(async () => {
    for (let y = 0; y <= document.body.scrollHeight; y += 300) {
      window.scrollTo(0, y);
      await new Promise((r) => setTimeout(r, 30));
    }
    window.scrollTo(0, document.body.scrollHeight);
    await new Promise((r) => setTimeout(r, 100));
  });
}
const failed = (list) => list.filter((c) => c.error !== "0");
const suspendOf = (list) => list.filter((c) => /suspend_data$/.test(c.args[0]) && c.name.endsWith("SetValue")).map((c) => c.args[1]).pop();

test("SCORM 1.2: a module read to the end completes, reports its answer and finishes once", async () => {
  const { page, context, sco, errors, outside } = await lms("course12", "en/guide/index.html");
  await sco.locator("details.cw-gate summary").click();
  await sco.locator("#q-guide--g1 input[value='1']").check();
  await sco.locator("#q-guide--g1 .q-check").click();
  await readToEnd(sco);
  await waitFor(async () => (await cmi(page))["cmi.core.lesson_status"] === "completed", 5000, () => "completed");
  await leave(page);

  const list = await calls(page);
  assert.deepEqual(list.slice(0, 7).map((c) => [c.name, ...c.args]), [
    ["LMSInitialize", ""],
    ["LMSGetValue", "cmi.core.entry"],
    ["LMSGetValue", "cmi.suspend_data"],
    ["LMSGetValue", "cmi.core.lesson_location"],
    ["LMSGetValue", "cmi.interactions._count"],
    ["LMSGetValue", "cmi.core.lesson_status"],
    ["LMSSetValue", "cmi.core.lesson_status", "incomplete"],
  ]);
  const tail = list.slice(-6).map((c) => [c.name, c.args[0]]);
  assert.deepEqual(tail, [
    ["LMSSetValue", "cmi.suspend_data"],
    ["LMSSetValue", "cmi.core.lesson_location"],
    ["LMSSetValue", "cmi.core.exit"],
    ["LMSSetValue", "cmi.core.session_time"],
    ["LMSCommit", ""],
    ["LMSFinish", ""],
  ]);
  assert.equal(list.filter((c) => c.name === "LMSInitialize").length, 1);
  assert.equal(list.filter((c) => c.name === "LMSFinish").length, 1, "finish exactly once");
  assert.deepEqual(failed(list), [], "every call succeeded");

  const data = await cmi(page);
  assert.equal(data["cmi.core.lesson_status"], "completed");
  assert.equal(data["cmi.core.exit"], undefined, "a completed module exits normally (empty exit)");
  assert.match(list.find((c) => c.args[0] === "cmi.core.session_time").args[1], /^\d{4}:\d{2}:\d{2}\.\d{2}$/);
  assert.equal(data["cmi.core.lesson_location"], "wrap-up");
  // The saved state has the documented shape (tests/cli and src/package/suspend.rs use it too).
  assert.equal(suspendOf(list), '{"v":1,"l":"wrap-up","p":100,"s":"f1","a":0,"k":0,"c":1}');
  // The knowledge check as an interaction in SCORM 1.2's formats.
  const set = Object.fromEntries(list.filter((c) => c.name === "LMSSetValue" && c.args[0].startsWith("cmi.interactions.0.")).map((c) => [c.args[0], c.args[1]]));
  assert.deepEqual(Object.keys(set).map((k) => k.replace("cmi.interactions.0.", "")),
    ["id", "type", "correct_responses.0.pattern", "student_response", "result", "weighting", "latency", "time"]);
  assert.equal(set["cmi.interactions.0.id"], "guide/g1");
  assert.equal(set["cmi.interactions.0.type"], "choice");
  assert.equal(set["cmi.interactions.0.student_response"], "b");
  assert.equal(set["cmi.interactions.0.correct_responses.0.pattern"], "a");
  assert.equal(set["cmi.interactions.0.result"], "wrong");
  assert.match(set["cmi.interactions.0.latency"], /^\d{4}:\d{2}:\d{2}\.\d{2}$/);
  assert.match(set["cmi.interactions.0.time"], /^\d{2}:\d{2}:\d{2}$/);
  assert.deepEqual(errors, []);
  assert.deepEqual(outside, [], "the SCO requests nothing outside the package");
  await context.close();
});

/** Answers the fixture exam: all right, or all wrong. */
async function answerExam(sco, right) {
  await sco.locator(right ? "#exam--e1-false" : "#exam--e1-true").check();
  await sco.locator(right ? "#exam--e2-0" : "#exam--e2-1").check();
  await sco.locator("#exam--e3-0").check();
  await sco.locator(right ? "#exam--e3-2" : "#exam--e3-1").check();
  await sco.locator("#q-exam--e4 input[type=text]").fill(right ? "Threat  Escalation" : "general");
  const picks = right ? ["Escalate", "Remove", "Leave up"] : ["Remove", "Escalate", "Leave up"];
  for (let i = 0; i < 3; i++) await sco.selectOption(`#exam--e5-${i}`, { label: picks[i] });
  await sco.locator(".assessment-submit").click();
}

test("SCORM 1.2: a passed assessment reports score, passed and every answer", async () => {
  const { page, context, sco, errors } = await lms("course12", "en/exam/index.html");
  await answerExam(sco, true);
  await waitFor(async () => (await cmi(page))["cmi.core.lesson_status"] === "passed", 5000, () => "passed");
  await leave(page);
  const list = await calls(page);
  assert.deepEqual(failed(list), []);
  const data = await cmi(page);
  assert.equal(data["cmi.core.score.raw"], "100");
  assert.equal(data["cmi.core.score.min"], "0");
  assert.equal(data["cmi.core.score.max"], "100");
  const responses = list.filter((c) => /^cmi\.interactions\.\d+\.(id|type|student_response|result|correct_responses\.0\.pattern)$/.test(c.args[0]))
    .map((c) => c.args[1]);
  assert.deepEqual(responses, [
    "exam/e1", "true-false", "f", "f", "correct",
    "exam/e2", "choice", "a", "a", "correct",
    "exam/e3", "choice", "a,c", "a,c", "correct",
    "exam/e4", "fill-in", "threat escalation", "threat escalation", "correct",
    "exam/e5", "matching", "0.a,1.c,2.b", "0.a,1.c,2.b", "correct",
  ]);
  assert.equal(list.find((c) => c.args[0] === "cmi.core.exit").args[1], "", "passed: a normal exit");
  assert.deepEqual(errors, []);
  await context.close();
});

test("SCORM 2004: a failed attempt suspends, and the learner resumes with one attempt left", async () => {
  const first = await lms("course2004", "en/exam/index.html");
  await answerExam(first.sco, false);
  await waitFor(async () => (await cmi(first.page))["cmi.success_status"] === "failed", 5000, () => "failed");
  await leave(first.page);
  const list = await calls(first.page);
  assert.deepEqual(failed(list).map((c) => [c.name, c.args[0], c.error]), [
    // Reading what was never set is error 403 in SCORM 2004: how a SCO detects a first launch.
    ["GetValue", "cmi.suspend_data", "403"],
    ["GetValue", "cmi.location", "403"],
  ]);
  const data = await cmi(first.page);
  assert.equal(data["cmi.completion_status"], "completed", "a submitted assessment is complete");
  assert.equal(data["cmi.success_status"], "failed");
  assert.equal(data["cmi.score.scaled"], "0");
  assert.equal(data["cmi.score.raw"], "0");
  assert.equal(data["cmi.exit"], "suspend", "failed with attempts left: suspend keeps the attempt count");
  assert.match(list.find((c) => c.args[0] === "cmi.session_time").args[1], /^PT(\d+H)?(\d+M)?[\d.]+S$/);
  const sets = Object.fromEntries(list.filter((c) => c.name === "SetValue").map((c) => [c.args[0], c.args[1]]));
  assert.equal(sets["cmi.interactions.2.learner_response"], "a[,]b");
  assert.equal(sets["cmi.interactions.2.correct_responses.0.pattern"], "a[,]c");
  assert.equal(sets["cmi.interactions.2.result"], "incorrect");
  assert.equal(sets["cmi.interactions.4.learner_response"], "0[.]c[,]1[.]a[,]2[.]b");
  assert.equal(sets["cmi.interactions.3.learner_response"], "general");
  assert.equal(sets["cmi.interactions.0.description"], "Satire aimed at a protected group is always allowed.");
  assert.match(sets["cmi.interactions.0.timestamp"], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,2})?Z$/);
  assert.match(sets["cmi.interactions.0.latency"], /^PT(\d+H)?(\d+M)?[\d.]+S$/);
  assert.equal(JSON.parse(sets["cmi.suspend_data"]).a, 1, "one attempt used, kept by the LMS");
  await first.context.close();

  // A new browser (no localStorage): the LMS alone remembers the attempt.
  const init = { "cmi.suspend_data": sets["cmi.suspend_data"], "cmi.location": sets["cmi.location"] || "",
    "cmi.completion_status": "completed", "cmi.success_status": "failed" };
  const second = await lms("course2004", "en/exam/index.html", { init, resume: true });
  await answerExam(second.sco, true);
  await waitFor(async () => (await cmi(second.page))["cmi.success_status"] === "passed", 5000, () => "passed");
  assert.match(await second.sco.locator(".assessment-result").innerText(), /No attempts left/);
  await leave(second.page);
  const data2 = await cmi(second.page);
  assert.equal(data2["cmi.success_status"], "passed");
  assert.equal(data2["cmi.score.scaled"], "1");
  assert.equal(data2["cmi.exit"], "normal");
  assert.deepEqual(second.errors, []);
  await second.context.close();
});

test("SCORM 2004: leaving midway suspends at the learner's place, and resuming offers to continue there", async () => {
  const first = await lms("course2004", "en/guide/index.html");
  await first.sco.locator("details.cw-gate summary").click();
  await first.sco.locator("#procedure").scrollIntoViewIfNeeded();
  await first.sco.evaluate(() => { document.getElementById("procedure").scrollIntoView(); window.scrollBy(0, 10); });
  await first.sco.evaluate(() => new Promise((r) => setTimeout(r, 150)));
  await leave(first.page);
  const list = await calls(first.page);
  const data = await cmi(first.page);
  assert.equal(data["cmi.completion_status"], "incomplete");
  assert.equal(data["cmi.exit"], "suspend");
  assert.equal(data["cmi.location"], "procedure");
  const progress = Number(data["cmi.progress_measure"]);
  assert.ok(progress > 0 && progress < 1, `progress ${progress}`);
  const saved = suspendOf(list);
  assert.equal(JSON.parse(saved).l, "procedure");
  await first.context.close();

  const second = await lms("course2004", "en/guide/index.html", { init: { "cmi.suspend_data": saved, "cmi.location": "procedure", "cmi.completion_status": "incomplete" }, resume: true });
  const offer = second.sco.locator(".sco-resume");
  await offer.waitFor();
  assert.equal(await offer.locator("p").innerText(), "You were here before. Continue where you left off?");
  await offer.locator(".sco-continue").click();
  assert.equal(await offer.count(), 0);
  const top = await second.sco.evaluate(() => document.getElementById("procedure").getBoundingClientRect().top);
  assert.ok(top >= -5 && top < 100, `the heading is at the top (${top})`);
  assert.equal(await second.sco.evaluate(() => document.activeElement.id), "procedure", "focus moves there too");
  await second.context.close();
});

test("SCORM 2004: an acknowledgement completes its module; a calibration reports decisions by name", async () => {
  const ack = await lms("course2004", "en/policy/index.html");
  await readToEnd(ack.sco);
  assert.notEqual((await cmi(ack.page))["cmi.completion_status"], "completed", "reading is not enough");
  await ack.sco.locator("#ack-policy--read-policy").check();
  await ack.sco.locator(".ack-submit").click();
  await waitFor(async () => (await cmi(ack.page))["cmi.completion_status"] === "completed", 5000, () => "completed");
  await ack.context.close();

  const cal = await lms("course2004", "en/cal/index.html");
  await cal.sco.locator("#cal--c1-d1").check();
  await cal.sco.locator("#cal--c1-l0").check();
  await cal.sco.locator("#case-cal--c1 .q-check").click();
  await cal.sco.locator("#cal--c2-d0").check();
  await cal.sco.locator("#case-cal--c2 .q-check").click();
  await waitFor(async () => (await cmi(cal.page))["cmi.completion_status"] === "completed", 5000, () => "completed");
  const sets = Object.fromEntries((await calls(cal.page)).filter((c) => c.name === "SetValue").map((c) => [c.args[0], c.args[1]]));
  assert.equal(sets["cmi.interactions.0.id"], "cal/c1");
  assert.equal(sets["cmi.interactions.0.type"], "choice");
  assert.equal(sets["cmi.interactions.0.learner_response"], "remove[,]dehumanisation");
  assert.equal(sets["cmi.interactions.0.correct_responses.0.pattern"], "remove[,]dehumanisation");
  assert.equal(sets["cmi.interactions.0.result"], "correct");
  assert.equal(sets["cmi.interactions.1.learner_response"], "keep-online");
  assert.equal(sets["cmi.interactions.1.result"], "incorrect");
  assert.equal(sets["cmi.score.scaled"], "0.5");
  assert.equal(sets["cmi.success_status"], undefined, "a calibration has nothing to pass");
  assert.deepEqual(failed(await calls(cal.page)).filter((c) => c.name !== "GetValue"), []);
  await cal.context.close();
});

test("Cornerstone profile: the SCO in a frame page finds the API, and a done module stays suspended", async () => {
  const { page, context, sco, errors } = await lms("framed", "en/guide/launch.html");
  assert.equal(await sco.evaluate(() => window.syllabus.scorm.connected), true, "found through the frame page");
  await sco.locator("details.cw-gate summary").click();
  await readToEnd(sco);
  await waitFor(async () => (await cmi(page))["cmi.completion_status"] === "completed", 5000, () => "completed");
  await leave(page);
  assert.equal((await cmi(page))["cmi.exit"], "suspend", "the profile keeps the attempt open");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a failing LMS: every call errors, the page stays usable and says so only in the console", async () => {
  const { page, context, sco, errors } = await lms("course12", "en/guide/index.html", { failing: true });
  assert.equal(await sco.evaluate(() => window.syllabus.scorm.connected), false);
  await sco.locator("details.cw-gate summary").click();
  await sco.locator("#q-guide--g1 input[value='0']").check();
  await sco.locator("#q-guide--g1 .q-check").click();
  assert.equal(await sco.locator("#q-guide--g1 .q-result").innerText(), "Correct.");
  await page.evaluate(() => { document.getElementById("sco").src = "about:blank"; });
  await page.waitForTimeout(300);
  const list = await calls(page);
  assert.deepEqual(list.map((c) => c.name), ["LMSInitialize"], "after a refused initialize, nothing more is sent");
  assert.deepEqual(errors, []);
  await context.close();
});

test("without an LMS the SCO page works as a normal page", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${origin}/pkg/course12/en/exam/index.html`);
  await page.waitForFunction(() => window.syllabus && window.syllabus.scorm);
  assert.equal(await page.evaluate(() => window.syllabus.scorm.connected), false);
  await answerExam(page, true);
  assert.match(await page.locator(".assessment-result").innerText(), /Passed/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("syllabus preview: the local LMS page runs the SCO and shows its calls and data live", async () => {
  const { spawn } = await import("node:child_process");
  const port = await (await import("./harness.mjs")).freePort();
  const child = spawn(bin, ["preview", "dist/course-1.0.0-en-scorm2004.zip", "--port", String(port)], { cwd: project, stdio: "ignore" });
  try {
    const url = `http://127.0.0.1:${port}/`;
    await waitFor(async () => { try { return (await fetch(url)).ok; } catch { return false; } }, 10000, () => "preview");
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(url);
    assert.deepEqual(await page.locator("#items button").allInnerTexts(),
      ["Triage guide", "Policy acknowledgement", "Certification exam", "Calibration session"]);
    const log = page.locator("#log li");
    await waitFor(async () => (await log.allInnerTexts()).some((t) => t.startsWith("Initialize(")), 10000, () => "Initialize in the log");
    await waitFor(async () => (await page.locator("#cmi tbody").innerText()).includes("cmi.completion_status\tincomplete"), 5000, () => "CMI table");
    // Leave and relaunch: the SCO ends its session (suspended) and comes back resuming.
    await page.locator("#relaunch").click();
    await waitFor(async () => (await log.allInnerTexts()).some((t) => t.includes("entry: resume")), 5000, () => "a resumed launch");
    const texts = await log.allInnerTexts();
    assert.ok(texts.some((t) => t.startsWith("Terminate(")), texts.join("\n"));
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    child.kill();
  }
});
