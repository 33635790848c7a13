// The default theme's behaviour in a real browser, on a build opened from file:// (as trainees
// may): content-warning gate, click-to-reveal by keyboard, catalog filters, no outside requests.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { fixture, build, launch } from "./harness.mjs";

const browser = await launch();
after(() => browser.close());
const out = build(fixture("build/site"));
const url = (p) => pathToFileURL(path.join(out, p)).href;

async function open(p, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const outside = [];
  page.on("request", (r) => { if (!r.url().startsWith("file://")) outside.push(r.url()); });
  await page.goto(url(p));
  return { page, context, outside };
}

test("a module with content warnings opens only after the reader continues, once per session", async () => {
  const { page, context, outside } = await open("en/hs-sop/index.html");
  const gate = page.locator("details.cw-gate");
  assert.equal(await gate.getAttribute("open"), null);
  assert.equal(await page.locator("#scope").isVisible(), false, "body hidden behind the notice");
  assert.match(await page.locator(".cw-notice").innerText(), /descriptions of slurs/);
  await page.locator("details.cw-gate > summary").click();
  assert.equal(await page.locator("#scope").isVisible(), true);
  await page.reload();
  assert.equal(await page.locator("#scope").isVisible(), true, "the choice is remembered in the session");
  assert.deepEqual(outside, []);
  await context.close();
});

test("a link into a gated body opens the gate", async () => {
  const { page, context } = await open("en/hs-sop/index.html");
  await page.locator("nav.toc a[href='#hs-tiers']").click();
  await page.waitForFunction(() => document.querySelector("details.cw-gate").open);
  assert.equal(await page.locator("#hs-tiers").isVisible(), true);
  await context.close();
});

test("a sensitive example is revealed from the keyboard", async () => {
  const { page, context } = await open("en/hs-sop/index.html");
  await page.locator("details.cw-gate > summary").focus();
  await page.keyboard.press("Enter");
  const block = page.locator("details.sensitive");
  assert.equal(await block.locator(".sensitive-body").isVisible(), false);
  await block.locator("summary").focus();
  await page.keyboard.press("Enter");
  assert.equal(await block.locator(".sensitive-body").isVisible(), true);
  assert.match(await block.locator(".sensitive-body").innerText(), /\[example: a reply using a coded term/);
  await context.close();
});

test("catalog filters by region and audience, global modules stay for every region", async () => {
  const { page, context, outside } = await open("en/index.html");
  const visible = async () => page.locator(".catalog .card:visible .card-title").allInnerTexts();
  assert.equal((await visible()).length, 3);
  await page.selectOption("select[name=region]", "DE");
  assert.deepEqual((await visible()).sort(), ["Dehumanising comparisons — 2026 update", "Hate speech: triage SOP", "Wellbeing basics"]);
  await page.selectOption("select[name=audience]", "new-hire");
  assert.deepEqual((await visible()).sort(), ["Hate speech: triage SOP", "Wellbeing basics"]);
  assert.match(await page.locator(".filter-status").innerText(), /2 module/);
  await page.selectOption("select[name=audience]", "refresher");
  await page.selectOption("select[name=region]", "");
  assert.deepEqual((await visible()).sort(), ["Dehumanising comparisons — 2026 update", "Hate speech: triage SOP"]);
  assert.equal(await page.locator("#area-wellbeing").isVisible(), false, "an area with no match is hidden");
  assert.deepEqual(outside, []);
  await context.close();
});

test("without JavaScript everything stays reachable", async () => {
  const { page, context } = await open("en/index.html", { javaScriptEnabled: false });
  assert.equal(await page.locator("form.filters").isVisible(), false, "filters need JS and stay hidden");
  assert.equal((await page.locator(".catalog .card:visible").count()), 3);
  await page.goto(url("en/hs-sop/index.html"));
  await page.locator("details.cw-gate > summary").click();
  assert.equal(await page.locator("#scope").isVisible(), true);
  await context.close();
});

test("a phone-width page does not scroll sideways", async () => {
  const { page, context } = await open("en/hs-sop/index.html", { viewport: { width: 360, height: 740 } });
  await page.locator("details.cw-gate > summary").click();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
  await context.close();
});
