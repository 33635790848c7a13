// Search in a real browser, on the sample course opened from file:// (as moderators may, offline):
// the header box, typing, ranked results with highlighted snippets, filters, a Japanese query,
// nothing parsed as HTML, no request to another host; and the same page under `syllabus serve`'s
// Content-Security-Policy.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { pathToFileURL } from "node:url";
import { sample, build, launch, serve } from "./harness.mjs";

const browser = await launch();
after(() => browser.close());
const dir = sample();
const out = build(dir);
/** The file:// address of a page of the build, with its query string kept. */
function url(p) {
  const [file, query] = p.split("?");
  return pathToFileURL(path.join(out, file)).href + (query ? "?" + query : "");
}

async function open(p, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const outside = [];
  const errors = [];
  page.on("request", (r) => { if (!r.url().startsWith("file://")) outside.push(r.url()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url(p));
  return { page, context, outside, errors };
}

const titles = (page) => page.locator(".search-result-title").allInnerTexts();
const status = (page) => page.locator(".search-status").innerText();

/** Waits for the search of the query in the box to finish (the list is busy until then). */
async function settled(page) {
  await page.waitForFunction(() => {
    const q = document.querySelector("#search-q").value.trim();
    const s = document.querySelector(".search-status").textContent;
    const busy = document.querySelector(".search-results").hasAttribute("aria-busy");
    return q && !busy && s.includes(q);
  });
}

test("the header box of any page leads to ranked results with the match highlighted", async () => {
  const { page, context, outside, errors } = await open("en/hs-sop-triage/index.html");
  await page.locator("#site-search-q").fill("dehumanising");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/en\/search\/index\.html\?q=dehumanising$/);
  await settled(page);
  assert.match(await status(page), /^\d+ results for “dehumanising”$/);
  const found = await titles(page);
  assert.equal(found[0], "Policy Update: Dehumanising Comparisons and Coded Language (2026)", "title matches rank first");
  assert.ok(found.includes("Hate Speech: Triage and Enforcement SOP"), found.join("\n"));
  const marks = await page.locator(".search-results mark").allInnerTexts();
  assert.ok(marks.length > 0);
  for (const m of marks) assert.match(m, /^dehumanising/i);
  const first = page.locator(".search-result").first();
  assert.match(await first.locator(".search-result-meta").innerText(), /^Policy briefing · Hate speech/);
  assert.deepEqual(outside, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test("typing searches as you go, keeps the address in step, and a result opens its section", async () => {
  const { page, context } = await open("en/search/index.html");
  assert.equal(await page.locator(".search-nojs").isVisible(), false);
  await page.locator("#search-q").pressSequentially("escalat", { delay: 20 });
  await settled(page);
  assert.match(await status(page), /results for “escalat”/);
  assert.match(page.url(), /\?q=escalat$/);
  const marks = await page.locator(".search-results mark").allInnerTexts();
  assert.ok(marks.some((m) => /^escalation/i.test(m)), "a prefix highlights the whole word: " + marks.join(", "));
  const link = page.locator(".search-result-title a").first();
  const href = await link.getAttribute("href");
  assert.match(href, /^\.\.\/[a-z0-9-]+\/index\.html(#.+)?$/);
  await link.click();
  await page.waitForURL((u) => u.href.includes(href.replace("../", "/en/")));
  await context.close();
});

test("filters narrow by policy area, kind and region, and come from the address", async () => {
  const { page, context } = await open("en/search/index.html?q=harassment");
  await settled(page);
  const all = await titles(page);
  assert.ok(all.length >= 3, all.join("\n"));
  await page.selectOption("select[name=kind]", "regional-note");
  await page.waitForFunction(() => /kind=regional-note/.test(location.search));
  await settled(page);
  const notes = await titles(page);
  assert.ok(notes.includes("Regional Note: Online Harassment in Japan") && notes.length < all.length, notes.join("\n"));
  for (const meta of await page.locator(".search-result-meta").allInnerTexts()) assert.match(meta, /^Regional note/);
  assert.match(page.url(), /kind=regional-note/);
  await page.selectOption("select[name=kind]", "");
  await page.selectOption("select[name=region]", "DE");
  await page.waitForFunction(() => /region=DE/.test(location.search));
  await settled(page);
  const de = await titles(page);
  assert.ok(!de.includes("Regional Note: Online Harassment in Japan"), "a Japan-only note is not for Germany");
  assert.ok(de.includes("Bullying and Harassment SOP"), "global modules stay for every region");
  await page.goto(url("en/search/index.html?q=harassment&area=hate-speech"));
  await settled(page);
  assert.equal(await page.locator("select[name=area]").inputValue(), "hate-speech");
  for (const meta of await page.locator(".search-result-meta").allInnerTexts()) assert.match(meta, /Hate speech/);
  await context.close();
});

test("a Japanese query finds the Japanese text by its characters, with no spaces between words", async () => {
  const { page, context, outside } = await open("ja/search/index.html?q=" + encodeURIComponent("誹謗中傷"));
  await settled(page);
  assert.equal(await status(page), "「誹謗中傷」の検索結果：1件");
  assert.deepEqual(await titles(page), ["地域ノート：日本におけるオンライン上の嫌がらせ"]);
  assert.deepEqual([...new Set(await page.locator(".search-results mark").allInnerTexts())], ["誹謗中傷"]);
  // Two characters of a longer word, and one character.
  await page.locator("#search-q").fill("炎上");
  await settled(page);
  assert.deepEqual(await titles(page), ["地域ノート：日本におけるオンライン上の嫌がらせ"]);
  assert.match(await page.locator(".search-result-meta").innerText(), /炎上/, "the section the match is in");
  // Modules not translated into Japanese are found by their English text, marked as English.
  await page.locator("#search-q").fill("dehumanising");
  await settled(page);
  assert.equal(await page.locator(".search-result").first().getAttribute("lang"), "en");
  assert.deepEqual(outside, []);
  await context.close();
});

test("trainer notes, answers and sensitive examples are not found; the query is never parsed as HTML", async () => {
  const { page, context, errors } = await open("en/search/index.html");
  for (const q of ["Unblurring", "Imminent Harm Desk Tier 1 correct"]) {
    await page.locator("#search-q").fill(q);
    await settled(page);
    assert.match(await status(page), /^No module contains every word/, q);
  }
  await page.locator("#search-q").fill('<img src=x onerror="window.hacked=1"> escalation');
  await settled(page);
  assert.equal(await page.locator(".search-results img, .search-status img").count(), 0);
  assert.equal(await page.evaluate(() => window.hacked), undefined);
  assert.deepEqual(errors, []);
  await context.close();
});

test("without JavaScript the search page says so and links to the catalog", async () => {
  const { page, context } = await open("en/hs-sop-triage/index.html", { javaScriptEnabled: false });
  await page.locator("#site-search-q").fill("escalation");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/en\/search\/index\.html\?q=escalation$/);
  assert.equal(await page.locator(".search-nojs").isVisible(), true);
  await page.locator(".search-nojs a").click();
  await page.waitForURL(/\/en\/index\.html$/);
  await context.close();
});

test("past twenty results a button shows the next ones and moves focus to the first of them", async () => {
  const project = mkdtempSync(path.join(tmpdir(), "syllabus-browser-"));
  writeFileSync(path.join(project, "syllabus.yaml"), "title: Many\n");
  mkdirSync(path.join(project, "content", "s"), { recursive: true });
  for (let i = 1; i <= 25; i++) {
    const n = String(i).padStart(2, "0");
    const title = i === 7 ? "Common ground" : `Module ${n}`;
    writeFileSync(path.join(project, "content", "s", `m${n}.md`),
      `---\ntitle: ${title}\nkind: sop\nversion: 1.0.0\n---\n\nA common word, repeated ${"common ".repeat(i)}.\n`);
  }
  const many = build(project);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(pathToFileURL(path.join(many, "en/search/index.html")).href + "?q=common");
  await settled(page);
  assert.equal(await status(page), "25 results for “common”");
  assert.equal(await page.locator(".search-result").count(), 20);
  assert.equal((await titles(page))[0], "Common ground", "a title match ranks above any number of repeats");
  await page.locator(".search-more").focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelectorAll(".search-result").length === 25);
  assert.equal(await page.locator(".search-more").isVisible(), false);
  const shown = await titles(page);
  assert.equal(new Set(shown).size, 25);
  assert.equal(await page.evaluate(() => document.activeElement.textContent), shown[20]);
  await context.close();
});

test("search works under serve's Content-Security-Policy (no inline script, no eval)", async () => {
  const server = await serve(dir);
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations = [];
    page.on("console", (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
    const response = await page.goto(server.url + "/ar/search/index.html?q=escalation");
    assert.match(response.headers()["content-security-policy"], /script-src 'self'/);
    await settled(page);
    assert.ok((await titles(page)).length > 0);
    assert.equal(await page.locator("html").getAttribute("dir"), "rtl");
    assert.deepEqual(violations, []);
    await context.close();
  } finally {
    server.stop();
  }
});
