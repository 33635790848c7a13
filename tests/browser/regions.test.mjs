// Regional notes and locales in a real browser, on a build opened from file://: the region picker
// of a "Regional context" block, the choice remembered across pages and reloads, every note shown
// without JavaScript, the catalog's region filter counting notes, and right-to-left pages.
//
// Fixture tests/fixtures/i18n/site: `hs-sop` (regions [MY]) carries a block after "Severity
// tiers" with a DE and a MY note (so a picker) and a MY-only block at the end of the body (no
// picker); it is translated into ms, so ms/hs-sop is a second page with the same block.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { fixture, build, launch } from "./harness.mjs";

const browser = await launch();
after(() => browser.close());
const out = build(fixture("i18n/site"));
const url = (p) => pathToFileURL(path.join(out, p)).href;

async function open(context, p) {
  const page = await context.newPage();
  const outside = [];
  page.on("request", (r) => { if (!r.url().startsWith("file://")) outside.push(r.url()); });
  await page.goto(url(p));
  return { page, outside };
}

/** Opens the content-warning gate when the page has one (the notes are inside it). */
async function passGate(page) {
  const gate = page.locator("details.cw-gate");
  if ((await gate.count()) && (await gate.getAttribute("open")) === null) {
    await gate.locator(":scope > summary").click();
  }
}

/** Which notes are visible: "DE"/"MY" per visible .rc-note, in document order. */
async function visibleNotes(page) {
  return page.locator(".rc-note:visible").evaluateAll((els) => els.map((e) => e.getAttribute("data-regions")));
}

const picker = (page) => page.locator("aside[data-regional-context] select[data-rc-picker]");

test("the region picker shows one region's notes and remembers it across reloads and pages", async () => {
  const context = await browser.newContext();
  const { page, outside } = await open(context, "en/hs-sop/index.html");
  await passGate(page);
  assert.equal(await picker(page).count(), 1, "one block has notes for two regions");
  assert.equal(await page.locator(".rc-picker").isVisible(), true, "JavaScript unhides the picker");
  assert.deepEqual(await visibleNotes(page), ["DE", "MY", "MY"], "no choice yet: every note");

  await picker(page).selectOption("MY");
  assert.deepEqual(await visibleNotes(page), ["MY", "MY"]);
  assert.equal(await page.locator(".rc-note[data-regions=DE]").isHidden(), true);
  assert.match(await page.locator(".rc-note:visible").first().innerText(), /NOTE-MY-EN/);

  await page.reload();
  await passGate(page);
  assert.equal(await picker(page).inputValue(), "MY", "the choice survives a reload");
  assert.deepEqual(await visibleNotes(page), ["MY", "MY"]);

  // Another page with notes (the ms translation) starts with the same choice.
  const { page: ms, outside: msOutside } = await open(context, "ms/hs-sop/index.html");
  await passGate(ms);
  assert.equal(await picker(ms).inputValue(), "MY");
  assert.deepEqual(await visibleNotes(ms), ["MY", "MY"]);
  assert.match(await ms.locator(".rc-note:visible").first().innerText(), /NOTE-MY-MS/);

  await picker(ms).selectOption("");
  assert.deepEqual(await visibleNotes(ms), ["DE", "MY", "MY"], "all regions: both notes");
  assert.equal(await ms.evaluate(() => localStorage.getItem("syllabus:region")), "");

  await page.reload();
  await passGate(page);
  assert.equal(await picker(page).inputValue(), "", "the choice made on the other page holds");
  assert.deepEqual(await visibleNotes(page), ["DE", "MY", "MY"]);
  assert.deepEqual([...outside, ...msOutside], []);
  await context.close();
});

test("a remembered region that a block has no option for shows all of its notes", async () => {
  const context = await browser.newContext();
  const { page } = await open(context, "en/hs-sop/index.html");
  await page.evaluate(() => localStorage.setItem("syllabus:region", "XX"));
  await page.reload();
  await passGate(page);
  assert.equal(await picker(page).inputValue(), "");
  assert.deepEqual(await visibleNotes(page), ["DE", "MY", "MY"]);
  await context.close();
});

test("without JavaScript every note shows and the picker stays hidden", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const { page } = await open(context, "en/hs-sop/index.html");
  await passGate(page);
  assert.equal(await page.locator(".rc-picker").isVisible(), false);
  assert.deepEqual(await visibleNotes(page), ["DE", "MY", "MY"]);
  await context.close();
});

test("the catalog's region filter keeps modules that carry notes for the region", async () => {
  const context = await browser.newContext();
  const { page, outside } = await open(context, "en/index.html");
  const visible = async () => (await page.locator(".catalog .card:visible .card-title").allInnerTexts()).sort();
  assert.equal((await visible()).length, 5);
  // hs-sop targets MY only, but carries a DE note.
  await page.selectOption("select[name=region]", "DE");
  assert.deepEqual(await visible(), ["Hate speech: triage SOP", "Regional note: Germany"]);
  await page.selectOption("select[name=region]", "MY");
  assert.deepEqual(await visible(), [
    "Dehumanising comparisons: 2026 update",
    "Hate speech: triage SOP",
    "Regional note: Malaysia",
    "Regional note: Malaysian records",
  ]);
  assert.deepEqual(outside, []);
  await context.close();
});

test("an rtl locale lays the page out right to left and a fallback article left to right", async () => {
  const context = await browser.newContext();
  const { page } = await open(context, "ar/hs-briefing/index.html");
  const direction = (sel) => page.locator(sel).evaluate((e) => getComputedStyle(e).direction);
  assert.equal(await direction("body"), "rtl");
  assert.equal(await direction("article.module"), "ltr");
  assert.equal(await page.locator(".banner-fallback").isVisible(), true);
  assert.equal(await direction(".banner-fallback"), "rtl");
  await context.close();
});
