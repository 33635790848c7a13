// The scoring core of the default theme's quiz.js, in node (no browser): the script returns
// early without a `document` after publishing `globalThis.SyllabusQuiz`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import path from "node:path";
import vm from "node:vm";

const repo = path.resolve(import.meta.dirname, "..", "..");
const source = readFileSync(path.join(repo, "themes", "default", "static", "quiz.js"), "utf8");
vm.runInThisContext(source, { filename: "quiz.js" });
const Q = globalThis.SyllabusQuiz;

const nodeSha = (s) => createHash("sha256").update(s, "utf8").digest("hex");

test("the script publishes its scoring core and nothing else without a document", () => {
  assert.deepEqual(Object.keys(Q).sort(), ["answerKey", "normalise", "score", "seedOf", "sha256", "shuffle"]);
  assert.equal(globalThis.syllabus, undefined, "no event interface without a page");
});

test("sha256 matches node:crypto", () => {
  // FIPS 180-4 vectors.
  assert.equal(Q.sha256(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  assert.equal(Q.sha256("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // Two blocks (56 bytes: the padding spills into a second block).
  assert.equal(Q.sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  const inputs = [
    "", "abc", "a".repeat(55), "a".repeat(56), "a".repeat(63), "a".repeat(64), "a".repeat(65),
    "x".repeat(1000),
    // Non-ASCII: 2-, 3- and 4-byte UTF-8, right-to-left, combining marks.
    "Müller–Lüdenscheidt", "日本語の質問", "العربية", "emoji 🙂 and 𝄞", "e\u0301", "salt|Tier 1",
  ];
  for (const s of inputs) assert.equal(Q.sha256(s), nodeSha(s), JSON.stringify(s));
});

test("answerKey is the first 32 hex digits of sha256(salt|answer)", () => {
  // Pinned in src/content/quiz/tests.rs: published pages depend on it.
  assert.equal(Q.answerKey("abc", "0"), "faca77149ea2e74b344754d9b33f2672");
  assert.equal(Q.answerKey("f663328fc3297190", "0,2"), nodeSha("f663328fc3297190|0,2").slice(0, 32));
  assert.equal(Q.answerKey("s", "ünïcödé"), nodeSha("s|ünïcödé").slice(0, 32));
  assert.notEqual(Q.answerKey("s1", "0"), Q.answerKey("s2", "0"));
});

test("normalise trims, collapses whitespace and lowercases unless case-sensitive", () => {
  assert.equal(Q.normalise("  Threat   Escalation \n", false), "threat escalation");
  assert.equal(Q.normalise("\tThreat\u00a0Escalation", false), "threat escalation");
  assert.equal(Q.normalise("  TierOne  ", true), "TierOne");
  assert.equal(Q.normalise("Tier  One", true), "Tier One");
  assert.equal(Q.normalise("ÉSCALADE", false), "éscalade");
  assert.equal(Q.normalise("   ", false), "");
  assert.equal(Q.normalise(42, false), "42");
});

test("shuffle is seeded: same seed same order, a permutation, other seeds differ", () => {
  const items = Array.from({ length: 10 }, (_, i) => `q${i}`);
  const a = Q.shuffle(12345, items);
  assert.deepEqual(Q.shuffle(12345, items), a, "reproducible");
  assert.deepEqual([...a].sort(), [...items].sort(), "a permutation");
  assert.deepEqual(items, Array.from({ length: 10 }, (_, i) => `q${i}`), "input untouched");
  const orders = new Set();
  for (let seed = 1; seed <= 20; seed++) orders.add(Q.shuffle(seed, items).join(","));
  assert.ok(orders.size >= 19, `20 seeds gave only ${orders.size} orders`);
  assert.notDeepEqual(Q.shuffle(1, items), items);
  assert.deepEqual(Q.shuffle(7, []), []);
  assert.deepEqual(Q.shuffle(7, ["only"]), ["only"]);
});

test("seedOf is the first 32 bits of sha256 and seeds per attempt", () => {
  assert.equal(Q.seedOf("exam@1.0.0#1"), parseInt(nodeSha("exam@1.0.0#1").slice(0, 8), 16));
  assert.notEqual(Q.seedOf("exam@1.0.0#1"), Q.seedOf("exam@1.0.0#2"));
  assert.ok(Number.isInteger(Q.seedOf("x")) && Q.seedOf("x") >= 0 && Q.seedOf("x") < 2 ** 32);
});

test("score sums points, scales and passes at the pass mark", () => {
  const r = (points, correct) => ({ points, correct });
  assert.deepEqual(Q.score([r(1, true), r(2, false), r(1, true)], 50),
    { raw: 2, max: 4, scaled: 0.5, percent: 50, passed: true });
  // Exactly at the pass mark passes; one point below fails.
  const five = (n) => Array.from({ length: 5 }, (_, i) => r(1, i < n));
  assert.equal(Q.score(five(3), 60).passed, true);
  assert.equal(Q.score(five(2), 60).passed, false);
  assert.equal(Q.score(five(4), 80).percent, 80);
  assert.equal(Q.score(five(4), 80).passed, true);
  assert.equal(Q.score(five(4), 81).passed, false);
  assert.deepEqual(Q.score(five(5), 100), { raw: 5, max: 5, scaled: 1, percent: 100, passed: true });
  assert.deepEqual(Q.score(five(0), 0), { raw: 0, max: 5, scaled: 0, percent: 0, passed: true });
  // Nothing to score: no division by zero.
  assert.deepEqual(Q.score([], 80), { raw: 0, max: 0, scaled: 0, percent: 0, passed: false });
  // 2 of 3: percent is rounded for display.
  assert.equal(Q.score([r(1, true), r(1, true), r(1, false)], 67).percent, 67);
});

// README: "the assessment is passed when the percentage is at least `pass_mark`". quiz.js
// compares the *rounded* percent, so 159 of 200 points (79.5%) passes an 80% pass mark, and
// 2 of 3 (66.67%) passes a 67% one.
test("fixed: score() decides pass/fail on the rounded percent (79.5% passes pass_mark 80)", () => {
  const results = [{ points: 159, correct: true }, { points: 41, correct: false }];
  assert.equal(Q.score(results, 80).passed, false);
  assert.equal(Q.score([{ points: 2, correct: true }, { points: 1, correct: false }], 67).passed, false);
});
