// Accessibility of every kind of page of the sample build, in a real browser: axe-core at WCAG 2.2
// A and AA, in light and dark mode, at desktop and phone width, in every state under test
// (content warning closed and open, sensitive example hidden and revealed, assessment before and
// after submit, search results). No page may request anything outside the site. Screenshots of
// the main page types go to tests/browser/screenshots/ (not committed) for a reviewer.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { launch } from "./harness.mjs";
import { PAGES, sampleSite } from "./pages.mjs";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const shots = path.join(import.meta.dirname, "screenshots");
mkdirSync(shots, { recursive: true });

const browser = await launch();
after(() => browser.close());
const { url } = sampleSite();

const MODES = [
  { name: "light", colorScheme: "light", viewport: { width: 1280, height: 900 } },
  { name: "dark", colorScheme: "dark", viewport: { width: 1280, height: 900 } },
  { name: "phone", colorScheme: "light", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
];

/** axe's violations, one line per offending element. */
async function violations(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate((tags) => window.axe.run(document, {
    runOnly: { type: "tag", values: tags },
    resultTypes: ["violations"],
  }), TAGS);
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(" ")}: ${n.failureSummary.replace(/\s+/g, " ")}`));
}

for (const mode of MODES) {
  test(`no WCAG 2.2 A/AA violation on any page (${mode.name})`, async (t) => {
    const context = await browser.newContext({
      colorScheme: mode.colorScheme, viewport: mode.viewport, isMobile: mode.isMobile, hasTouch: mode.hasTouch,
    });
    const outside = [];
    context.on("request", (r) => { if (!r.url().startsWith("file://")) outside.push(r.url()); });
    try {
      for (const p of PAGES) {
        await t.test(p.name, async () => {
          const page = await context.newPage();
          const errors = [];
          page.on("pageerror", (e) => errors.push(String(e)));
          await page.goto(url(p.path));
          if (p.act) await p.act(page);
          const found = await violations(page);
          if (p.shot || mode.name === "light") {
            await page.screenshot({ path: path.join(shots, `${p.name}-${mode.name}.png`), fullPage: true });
          }
          if (mode.viewport.width < 500) {
            const overflow = await page.evaluate(() =>
              document.documentElement.scrollWidth - document.documentElement.clientWidth);
            assert.ok(overflow <= 0, `${p.path} is ${overflow}px wider than the phone`);
          }
          await page.close();
          assert.deepEqual(found, [], `${p.path}`);
          assert.deepEqual(errors, [], `${p.path}: script errors`);
        });
      }
      assert.deepEqual(outside, [], "requests outside the site");
    } finally {
      await context.close();
    }
  });
}
