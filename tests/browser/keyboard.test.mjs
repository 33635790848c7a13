// Keyboard use of the sample build in a real browser: Tab reaches every interactive control of a
// page, in document order (which is reading order: the theme never reorders visually), each with
// a visible focus indicator; and the controls work from the keyboard alone (skip link, content
// warning, sensitive examples, questions, catalog filters, search).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { launch } from "./harness.mjs";
import { sampleSite } from "./pages.mjs";

const browser = await launch();
after(() => browser.close());
const { url } = sampleSite();

async function open(p) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(url(p));
  return { page, context };
}

/**
 * Numbers the controls a keyboard user should reach, in document order: links, buttons, fields,
 * summaries and focusable regions that are shown and enabled (one radio button per group: arrow
 * keys move inside a group).
 */
async function expectedStops(page) {
  return page.evaluate(() => {
    const seen = new Set();
    const stops = [];
    const candidates = document.querySelectorAll(
      "a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])");
    for (const el of candidates) {
      if (el.disabled || el.closest("[hidden]") || el.getAttribute("tabindex") === "-1") continue;
      // A closed <details> shows only its summary, and only when everything around it is open.
      const own = el.tagName === "SUMMARY" ? el.parentElement : null;
      const closed = (own ? own.parentElement : el)?.closest("details:not([open])");
      if (closed || (own && !own.open && own.tagName !== "DETAILS")) continue;
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (r.width === 0 && r.height === 0 && !el.classList.contains("skip-link")) continue;
      if (style.visibility === "hidden" || style.display === "none") continue;
      if (el.type === "radio") {
        const group = `${el.form ? "form" : ""}:${el.name}`;
        if (seen.has(group)) continue;
        seen.add(group);
      }
      el.dataset.stop = String(stops.length);
      stops.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} ${(el.textContent || el.value || "").trim().slice(0, 40)}`);
    }
    return stops;
  });
}

/** Tabs through the page from the top; returns the stops reached and any without visible focus. */
async function tabThrough(page, count) {
  // Start from the first control (a click leaves the browser's starting point where it was);
  // its focus style is checked by the skip link test.
  await page.evaluate(() => document.querySelector("[data-stop='0']").focus());
  const reached = ["0"];
  const invisible = [];
  for (let i = 0; i < count + 3; i++) {
    await page.keyboard.press("Tab");
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const s = getComputedStyle(el);
      const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
      const ring = s.boxShadow && s.boxShadow !== "none";
      return { stop: el.dataset.stop ?? `(unexpected ${el.tagName.toLowerCase()}.${el.className})`, visible: outline || ring };
    });
    if (!info) break;
    if (reached.length && reached[reached.length - 1] === info.stop) break;
    if (reached.includes(info.stop)) break;
    reached.push(info.stop);
    if (!info.visible) invisible.push(info.stop);
  }
  return { reached, invisible };
}

for (const [name, p, prepare] of [
  ["home", "en/index.html"],
  ["module with questions, gated", "en/bh-sop-harassment/index.html"],
  ["module with questions, gate open, examples revealed", "en/bh-sop-harassment/index.html", async (page) => {
    await page.locator("details.cw-gate > summary").click();
    for (const s of await page.locator("details.sensitive > summary").all()) await s.click();
  }],
  ["assessment", "en/hs-assessment/index.html", async (page) => page.locator("details.cw-gate > summary").click()],
  ["search results", "en/search/index.html?q=escalation", async (page) =>
    page.waitForFunction(() => document.querySelectorAll(".search-result").length > 0)],
  ["right-to-left home", "ar/index.html"],
  ["diff", "en/hs-sop-triage/diff/2.1.0-to-3.0.0/index.html"],
]) {
  test(`every control is reached by Tab in order with visible focus: ${name}`, async () => {
    const { page, context } = await open(p);
    if (prepare) await prepare(page);
    const stops = await expectedStops(page);
    const { reached, invisible } = await tabThrough(page, stops.length);
    const at = reached.findIndex((r, i) => r !== String(i));
    assert.deepEqual(reached, stops.map((_, i) => String(i)), at < 0
      ? `Tab stopped after ${reached.length} of ${stops.length} controls; next: ${stops[reached.length]}`
      : `Tab reached ${stops[reached[at]] ?? reached[at]} where ${stops[at]} comes next in the document`);
    assert.deepEqual(invisible.map((i) => stops[i]), [], "focus not visible");
    await context.close();
  });
}

test("the skip link moves focus to the main content", async () => {
  const { page, context } = await open("en/hs-sop-triage/index.html");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.className), "skip-link");
  assert.equal(await page.locator(".skip-link").isVisible(), true);
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement.id), "main");
  await context.close();
});

test("content warning, sensitive example and a question work from the keyboard", async () => {
  const { page, context } = await open("en/bh-sop-harassment/index.html");
  await page.locator("details.cw-gate > summary").focus();
  await page.keyboard.press("Enter");
  assert.equal(await page.locator("details.cw-gate").getAttribute("open"), "");
  const example = page.locator("details.sensitive").first();
  await example.locator("summary").focus();
  await page.keyboard.press("Space");
  assert.equal(await example.locator(".sensitive-body").isVisible(), true);
  // A single-choice question: arrow keys choose, Enter on the button checks.
  const question = page.locator("fieldset.question:has(input[type=radio])").first();
  await question.locator("input[type=radio]").first().focus();
  await page.keyboard.press("Space");
  assert.equal(await question.locator("input[type=radio]").first().isChecked(), true);
  await page.keyboard.press("ArrowDown");
  assert.equal(await question.locator("input[type=radio]").nth(1).isChecked(), true);
  await question.locator(".q-check").focus();
  await page.keyboard.press("Enter");
  assert.match(await question.locator(".q-result").innerText(), /\S/);
  await context.close();
});

test("catalog filters and search work from the keyboard", async () => {
  const { page, context } = await open("en/index.html");
  await page.locator("select[name=region]").focus();
  await page.keyboard.press("ArrowDown");
  assert.notEqual(await page.locator("select[name=region]").inputValue(), "");
  assert.match(await page.locator(".filter-status").innerText(), /module/);
  await page.locator("#site-search-q").focus();
  await page.keyboard.type("pile-ons");
  await page.keyboard.press("Enter");
  await page.waitForURL(/search\/index\.html\?q=pile-ons$/);
  await page.waitForFunction(() => document.querySelectorAll(".search-result").length > 0);
  // From the box, Tab goes to the button, the filters, then the first result.
  await page.locator("#search-q").focus();
  let guard = 0;
  while (!(await page.evaluate(() => !!document.activeElement.closest(".search-result"))) && guard++ < 10) {
    await page.keyboard.press("Tab");
  }
  assert.equal(await page.evaluate(() => document.activeElement.closest(".search-result")?.querySelector("a")?.textContent),
    "Briefing: Coordinated Harassment and Pile-ons");
  await page.keyboard.press("Enter");
  await page.waitForURL(/bh-briefing-pile-ons\/index\.html/);
  await context.close();
});
