// Questions, graded assessments, calibration cases and acknowledgements in a real browser, on the
// `quiz/site` fixture opened from file:// (see tests/cli/quiz.rs for what it holds): results,
// revealed feedback, the `window.syllabus` events an LMS runtime listens to, attempts, seeded
// shuffling and keyboard use.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { fixture, build, launch } from "./harness.mjs";

const browser = await launch();
after(() => browser.close());
const out = build(fixture("quiz/site"));
const url = (p) => pathToFileURL(path.join(out, p)).href;

/** A page in a fresh context (fresh local storage), with outside requests recorded. */
async function open(p) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const outside = [];
  const errors = [];
  page.on("request", (r) => { if (!r.url().startsWith("file://")) outside.push(r.url()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url(p));
  await page.waitForFunction(() => window.syllabus && window.SyllabusQuiz);
  return { page, context, outside, errors };
}

/** The recorded events of one type (progress events come and go with scrolling). */
const events = (page, type) =>
  page.evaluate((t) => window.syllabus.events.filter((e) => e.type === t).map((e) => e.detail), type);

const result = (page, fs) => page.locator(`${fs} .q-result`).innerText();

/** An answered event, with its latency checked and removed. */
function withoutLatency(d) {
  assert.equal(typeof d.latency, "number");
  assert.ok(d.latency >= 0, `latency ${d.latency}`);
  const { latency, ...rest } = d;
  return rest;
}

test("a single-choice check: wrong then right, with feedback, explanation and events", async () => {
  const { page, context, outside, errors } = await open("en/check/index.html");
  const fs = "#q-check--pick";
  await page.locator(`${fs} .q-check`).click();
  assert.equal(await result(page, fs), "Choose or type an answer first.");
  assert.deepEqual(await events(page, "answered"), [], "no answer, no event");

  await page.locator("#check--pick-1").check();
  await page.locator(`${fs} .q-check`).click();
  assert.equal(await result(page, fs), "Not quite.");
  assert.match(await page.locator(fs).getAttribute("class"), /is-incorrect/);
  assert.equal(await page.locator(`${fs} .q-option-feedback[data-for="1"]`).isVisible(), true);
  assert.match(await page.locator(`${fs} .q-option-feedback[data-for="1"]`).innerText(), /FEEDBACK-WRONG-52bb/);
  assert.equal(await page.locator(`${fs} .q-option-feedback[data-for="0"]`).isVisible(), false,
    "the feedback of an option not chosen stays hidden");
  assert.match(await page.locator(`${fs} .q-explanation`).innerText(), /EXPLANATION-63cc/);
  assert.equal(await page.locator(`${fs} .q-explanation`).isVisible(), true);

  await page.locator("#check--pick-0").check();
  await page.locator(`${fs} .q-check`).click();
  assert.equal(await result(page, fs), "Correct.");
  assert.match(await page.locator(fs).getAttribute("class"), /is-correct/);
  assert.equal(await page.locator(`${fs} .q-option-feedback[data-for="0"]`).isVisible(), true);

  const answered = await events(page, "answered");
  assert.deepEqual(answered.map(withoutLatency), [
    { module: "check", id: "pick", type: "single", response: "1", correct: false, points: 1 },
    { module: "check", id: "pick", type: "single", response: "0", correct: true, points: 1 },
  ]);
  assert.deepEqual(outside, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test("events are also dispatched on document as syllabus:<type>", async () => {
  const { page, context } = await open("en/check/index.html");
  await page.evaluate(() => {
    window.seen = [];
    document.addEventListener("syllabus:answered", (e) => window.seen.push(e.detail.id));
  });
  await page.locator("#check--tf-false").check();
  await page.locator("#q-check--tf .q-check").click();
  assert.deepEqual(await page.evaluate(() => window.seen), ["tf"]);
  assert.equal(await result(page, "#q-check--tf"), "Correct.");
  await context.close();
});

test("a multiple-choice check needs exactly the right options and reports its points", async () => {
  const { page, context } = await open("en/check/index.html");
  const fs = "#q-check--many";
  await page.locator("#check--many-0").check();
  await page.locator(`${fs} .q-check`).click();
  assert.equal(await result(page, fs), "Not quite.");
  await page.locator("#check--many-2").check();
  await page.locator("#check--many-1").check();
  await page.locator(`${fs} .q-check`).click();
  assert.equal(await result(page, fs), "Not quite.", "an extra option is wrong");
  await page.locator("#check--many-1").uncheck();
  await page.locator(`${fs} .q-check`).click();
  assert.equal(await result(page, fs), "Correct.");
  const last = (await events(page, "answered")).at(-1);
  assert.deepEqual(withoutLatency(last), { module: "check", id: "many", type: "multiple", response: "0,2", correct: true, points: 2 });
  await context.close();
});

test("a text question ignores case and extra whitespace, unless case-sensitive", async () => {
  const { page, context } = await open("en/check/index.html");
  const fs = "#q-check--queue";
  await page.locator("#check--queue-answer").fill("Threat queue");
  await page.locator(`${fs} .q-check`).click();
  assert.equal(await result(page, fs), "Not quite.");
  await page.locator("#check--queue-answer").fill("   THREAT \t  escalation  ");
  await page.locator(`${fs} .q-check`).click();
  assert.equal(await result(page, fs), "Correct.");
  assert.equal(await page.locator(`${fs} .q-explanation`).isVisible(), true);
  await page.locator("#check--queue-answer").fill("Zebra-Escalation-TOKEN");
  await page.locator(`${fs} .q-check`).click();
  assert.equal(await result(page, fs), "Correct.", "every accepted answer counts");
  const answered = (await events(page, "answered")).map(withoutLatency);
  assert.deepEqual(answered.map((d) => [d.type, d.response, d.correct]), [
    ["text", "threat queue", false],
    ["text", "threat escalation", true],
    ["text", "zebra-escalation-token", true],
  ]);

  const code = "#q-check--code";
  await page.locator("#check--code-answer").fill("tierone");
  await page.locator(`${code} .q-check`).click();
  assert.equal(await result(page, code), "Not quite.");
  await page.locator("#check--code-answer").fill("  TierOne ");
  await page.locator(`${code} .q-check`).click();
  assert.equal(await result(page, code), "Correct.");
  await context.close();
});

test("a match question is right only when every pair is", async () => {
  const { page, context } = await open("en/check/index.html");
  const fs = "#q-check--pairs";
  // Offered alphabetically: 0 Escalate, 1 Leave up, 2 Remove.
  await page.selectOption("#check--pairs-0", { label: "Escalate" });
  await page.locator(`${fs} .q-check`).click();
  assert.equal(await result(page, fs), "Choose or type an answer first.", "incomplete");
  await page.selectOption("#check--pairs-1", { label: "Leave up" });
  await page.selectOption("#check--pairs-2", { label: "Remove" });
  await page.locator(`${fs} .q-check`).click();
  assert.equal(await result(page, fs), "Not quite.");
  await page.selectOption("#check--pairs-1", { label: "Remove" });
  await page.selectOption("#check--pairs-2", { label: "Leave up" });
  await page.locator(`${fs} .q-check`).click();
  assert.equal(await result(page, fs), "Correct.");
  const answered = (await events(page, "answered")).map(withoutLatency);
  assert.deepEqual(answered, [
    { module: "check", id: "pairs", type: "match", response: "0,1,2", correct: false, points: 1 },
    { module: "check", id: "pairs", type: "match", response: "0,2,1", correct: true, points: 1 },
  ]);
  await context.close();
});

test("a question is reached and answered with Tab, Space and Enter only", async () => {
  const { page, context } = await open("en/check/index.html");
  let reached = false;
  for (let i = 0; i < 80 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement && document.activeElement.id === "check--pick-0");
  }
  assert.ok(reached, "Tab reaches the first option of the first question");
  await page.keyboard.press("Space");
  assert.equal(await page.locator("#check--pick-0").isChecked(), true);
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.className), "q-check",
    "the next stop after the option group is the question's button");
  await page.keyboard.press("Enter");
  assert.equal(await result(page, "#q-check--pick"), "Correct.");
  // Checkboxes are one tab stop each.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "check--many-0");
  await page.keyboard.press("Space");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  assert.equal(await result(page, "#q-check--many"), "Correct.");
  await context.close();
});

// ---- graded assessment ------------------------------------------------------------------------

const EXAM = ["q-exam--e1", "q-exam--e2", "q-check--pick", "q-check--tf", "q-check--pairs"];

/** Ids of the served questions, in page order. */
const order = (page) =>
  page.locator("form.assessment fieldset.question:not([hidden])").evaluateAll((l) => l.map((f) => f.id));

/** The order quiz.js must produce for attempt `n`, computed with its own functions. */
const expectedOrder = (page, n) =>
  page.evaluate(([ids, n]) => window.SyllabusQuiz.shuffle(window.SyllabusQuiz.seedOf("exam@1.0.0#" + n), ids), [EXAM, n]);

/** Answers the exam: `right` lists the question ids to answer correctly, the rest wrongly. */
async function answerExam(page, right) {
  const ok = (id) => right.includes(id);
  await page.locator(ok("q-exam--e1") ? "#exam--e1-false" : "#exam--e1-true").check();
  await page.locator(ok("q-exam--e2") ? "#exam--e2-0" : "#exam--e2-1").check();
  await page.locator(ok("q-check--pick") ? "#check--pick-0" : "#check--pick-2").check();
  await page.locator(ok("q-check--tf") ? "#check--tf-false" : "#check--tf-true").check();
  const picks = ok("q-check--pairs") ? ["Escalate", "Remove", "Leave up"] : ["Remove", "Escalate", "Leave up"];
  for (let i = 0; i < 3; i++) await page.selectOption(`#check--pairs-${i}`, { label: picks[i] });
}

const summary = (page) => page.locator(".assessment-result p").allInnerTexts();

test("a graded assessment: submit, score, per-question marking, retry, no attempts left", async () => {
  const { page, context, errors } = await open("en/exam/index.html");
  assert.equal(await page.locator("form.assessment .q-check").count(), 0, "no per-question check");
  assert.equal(await page.locator(".assessment-result").isVisible(), false);
  assert.equal(await page.locator("form.assessment").getAttribute("data-attempt"), "1");

  // Attempt 1: 2 of 5 right, pass mark 60.
  await answerExam(page, ["q-exam--e1", "q-check--tf"]);
  await page.locator(".assessment-submit").click();
  assert.deepEqual(await summary(page), ["Your score: 2 of 5 (40%).", "Not passed yet.", "Attempts left: 1."]);
  assert.equal(await page.locator(".assessment-submit").isVisible(), false);
  assert.equal(await page.evaluate(() => document.activeElement.className), "assessment-result",
    "focus moves to the result");
  for (const id of EXAM) {
    const right = ["q-exam--e1", "q-check--tf"].includes(id);
    assert.match(await page.locator(`#${id}`).getAttribute("class"), right ? /is-correct/ : /is-incorrect/, id);
    assert.equal(await result(page, `#${id}`), right ? "Correct." : "Not quite.", id);
    assert.equal(await page.locator(`#${id}`).evaluate((f) => f.disabled), true, `${id} locked`);
  }
  assert.equal(await page.locator("#q-check--pick .q-explanation").isVisible(), true, "explanations revealed");
  const answered = await events(page, "answered");
  assert.deepEqual(answered.map((d) => d.id).sort(), ["e1", "e2", "pairs", "pick", "tf"]);
  assert.deepEqual(withoutLatency(answered.find((d) => d.id === "pairs")),
    { module: "check", id: "pairs", type: "match", response: "2,0,1", correct: false, points: 1 });
  assert.deepEqual(await events(page, "finished"),
    [{ module: "exam", raw: 2, max: 5, scaled: 0.4, passed: false, attempt: 1, kind: "assessment" }]);

  // Attempt 2: a fresh, reshuffled form.
  await page.locator(".assessment-retry").click();
  assert.equal(await page.locator("form.assessment").getAttribute("data-attempt"), "2");
  assert.deepEqual(await order(page), await expectedOrder(page, 2));
  assert.equal(await page.locator(".assessment-result").isVisible(), false);
  assert.equal(await page.locator("#check--pick-0").isChecked(), false, "answers cleared");
  assert.equal(await page.locator("#q-check--pick .q-explanation").isVisible(), false, "explanations hidden again");
  assert.equal(await result(page, "#q-check--pick"), "");
  await answerExam(page, EXAM.slice(0, 3));
  await page.locator(".assessment-submit").click();
  assert.deepEqual(await summary(page), ["Your score: 3 of 5 (60%).", "Passed.", "No attempts left."]);
  assert.equal(await page.locator(".assessment-retry").count(), 0);
  assert.deepEqual((await events(page, "finished")).at(-1),
    { module: "exam", raw: 3, max: 5, scaled: 0.6, passed: true, attempt: 2, kind: "assessment" });

  // Attempts are remembered: the form is locked on reload.
  await page.reload();
  assert.equal(await page.locator(".assessment-result").innerText(), "No attempts left.");
  assert.equal(await page.locator(".assessment-submit").isDisabled(), true);
  assert.equal(await page.locator("#q-exam--e1").evaluate((f) => f.disabled), true);
  assert.deepEqual(errors, []);
  await context.close();
});

test("failing the last attempt offers no retry", async () => {
  const { page, context } = await open("en/exam/index.html");
  await page.evaluate(() => localStorage.setItem("syllabus:attempts:exam@1.0.0", "1"));
  await page.reload();
  assert.equal(await page.locator("form.assessment").getAttribute("data-attempt"), "2");
  await page.locator(".assessment-submit").click();
  assert.deepEqual(await summary(page), ["Your score: 0 of 5 (0%).", "Not passed yet.", "No attempts left."]);
  assert.equal(await page.locator(".assessment-retry").count(), 0);
  assert.deepEqual((await events(page, "answered")).map((d) => [d.response, d.correct]),
    Array(5).fill(["", false]), "unanswered questions are reported as wrong");
  await context.close();
});

test("the shuffle is the same for the same attempt on two fresh loads", async () => {
  const first = await open("en/exam/index.html");
  const a = await order(first.page);
  const options = (page) => page.locator("#q-exam--e2 .q-options input").evaluateAll((l) => l.map((i) => i.value));
  const optsA = await options(first.page);
  assert.deepEqual(a, await expectedOrder(first.page, 1), "seeded by module@version#attempt");
  assert.notDeepEqual(a, EXAM, "the fixture's seed does reorder");
  // Numbers follow the served order.
  assert.deepEqual((await first.page.locator("form.assessment .q-number").allInnerTexts()).map((n) => n.trim()),
    ["Question 1", "Question 2", "Question 3", "Question 4", "Question 5"]);
  // Cleared storage, same attempt number: same order.
  await first.page.evaluate(() => localStorage.clear());
  await first.page.reload();
  assert.deepEqual(await order(first.page), a);
  await first.context.close();

  const second = await open("en/exam/index.html");
  assert.deepEqual(await order(second.page), a);
  assert.deepEqual(await options(second.page), optsA, "options are shuffled reproducibly too");
  assert.deepEqual([...optsA].sort(), ["0", "1", "2"]);
  await second.context.close();
});

test("a drawn assessment serves `draw` questions and scores only those", async () => {
  const { page, context } = await open("en/drawn/index.html");
  const served = await order(page);
  assert.equal(served.length, 2);
  assert.equal(await page.locator("form.assessment fieldset.question").count(), 4);
  await page.locator(".assessment-submit").click();
  const finished = await events(page, "finished");
  assert.equal(finished.length, 1);
  assert.equal(finished[0].max, 2);
  assert.equal((await events(page, "answered")).length, 2);
  await context.close();
});

// README: "draw: 5 # serve 5 questions at random from the pool per attempt". Without
// `shuffle: true` quiz.js always serves the first `draw` questions of the pool.
test("fixed: `draw` without `shuffle` always serves the same first questions", async () => {
  const { page, context } = await open("en/drawn/index.html");
  const sets = new Set();
  for (let used = 0; used < 8; used++) {
    await page.evaluate((n) => localStorage.setItem("syllabus:attempts:drawn@1.0.0", String(n)), used);
    await page.reload();
    sets.add((await order(page)).sort().join(" "));
  }
  assert.ok(sets.size > 1, `8 attempts all served ${[...sets]}`);
  await context.close();
});

// ---- calibration and acknowledgement ----------------------------------------------------------

test("calibration cases report decisions and, after the last one, the agreement", async () => {
  const { page, context } = await open("en/cal/index.html");
  const c1 = "#case-cal--c1", c2 = "#case-cal--c2";
  await page.locator(`${c1} .q-check`).click();
  // The locale's `answer_required` string (quiz.js's "Choose a decision first." is only a fallback).
  assert.equal(await result(page, c1), "Choose or type an answer first.");
  // Right decision, wrong labels: partly correct.
  await page.locator("#cal--c1-d1").check();
  await page.locator("#cal--c1-l1").check();
  await page.locator(`${c1} .q-check`).click();
  assert.equal(await result(page, c1), "Partly correct.");
  assert.equal(await page.locator(`${c1} .case-rationale`).isVisible(), true);
  assert.match(await page.locator(`${c1} .case-rationale`).innerText(), /RATIONALE-74dd/);
  await page.locator("#cal--c1-l1").uncheck();
  await page.locator("#cal--c1-l0").check();
  await page.locator(`${c1} .q-check`).click();
  assert.equal(await result(page, c1), "Correct.");
  assert.deepEqual(await events(page, "finished"), [], "not before every case is decided");

  await page.locator("#cal--c2-d0").check();
  await page.locator(`${c2} .q-check`).click();
  assert.equal(await result(page, c2), "Not quite.");
  const answered = (await events(page, "answered")).map(withoutLatency);
  assert.deepEqual(answered, [
    { module: "cal", id: "c1", type: "case", response: "1;1", correct: false, points: 1 },
    { module: "cal", id: "c1", type: "case", response: "1;0", correct: true, points: 1 },
    { module: "cal", id: "c2", type: "case", response: "0", correct: false, points: 1 },
  ]);
  assert.deepEqual(await events(page, "finished"),
    [{ module: "cal", raw: 1, max: 2, scaled: 0.5, passed: null, attempt: 1, kind: "calibration" }]);
  await context.close();
});

// quiz.js writes the agreement into `.calibration-result`, but no template renders that element,
// so the reader never sees it (README: "Its score is the agreement ... reported like a score").
test("fixed: the calibration agreement is never shown (no .calibration-result in the page)", async () => {
  const { page, context } = await open("en/cal/index.html");
  await page.locator("#cal--c1-d1").check();
  await page.locator("#cal--c1-l0").check();
  await page.locator("#case-cal--c1 .q-check").click();
  await page.locator("#cal--c2-d1").check();
  await page.locator("#case-cal--c2 .q-check").click();
  assert.match(await page.locator(".calibration-result").innerText({ timeout: 2000 }), /100%/);
  await context.close();
});

test("an acknowledgement is recorded with the module version and remembered", async () => {
  const { page, context } = await open("en/ack/index.html");
  const box = ".acknowledgement";
  await page.locator(`${box} .ack-submit`).click();
  // The locale's `answer_required` string (quiz.js's "Tick the box first." is only a fallback).
  assert.equal(await result(page, box), "Choose or type an answer first.");
  assert.deepEqual(await events(page, "acknowledged"), []);
  await page.locator("#ack-ack--read-policy").check();
  await page.locator(`${box} .ack-submit`).click();
  assert.equal(await result(page, box), "Acknowledged. Thank you.");
  assert.deepEqual(await events(page, "acknowledged"), [{ module: "ack", id: "read-policy", version: "3.1.0" }]);
  assert.equal(await page.locator(`${box} .ack-submit`).isDisabled(), true);

  await page.reload();
  await page.waitForFunction(() => window.syllabus);
  assert.equal(await page.locator("#ack-ack--read-policy").isChecked(), true);
  assert.equal(await page.locator("#ack-ack--read-policy").isDisabled(), true);
  assert.equal(await result(page, box), "Acknowledged. Thank you.");
  assert.deepEqual(await events(page, "acknowledged"), [], "not reported again");
  await context.close();
});
