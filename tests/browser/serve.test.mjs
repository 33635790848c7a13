// Live reload in a real browser: an edit reloads the open tab at the same scroll position; a
// broken save shows the error overlay over the last good page; the fix clears it.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fixture, launch, serve, waitFor } from "./harness.mjs";

const browser = await launch();
after(() => browser.close());

test("an edit reloads the page and keeps the scroll position", async () => {
  const dir = fixture("build/site");
  const file = path.join(dir, "content/hate-speech/hs-sop.md");
  // Make the page long enough to scroll.
  writeFileSync(file, readFileSync(file, "utf8") + "\n" + Array.from({ length: 80 }, (_, i) => `Paragraph ${i}.\n`).join("\n"));
  const server = await serve(dir);
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 600 } });
    await page.goto(server.url + "/en/hs-sop/index.html");
    await page.locator("details.cw-gate > summary").click();
    await page.evaluate(() => window.scrollTo(0, 900));
    await waitFor(async () => (await page.evaluate(() => window.scrollY)) === 900, 2000);
    writeFileSync(file, readFileSync(file, "utf8").replace("Paragraph 79.", "Paragraph seventy-nine, edited."));
    await waitFor(async () => (await page.content()).includes("Paragraph seventy-nine, edited."), 10000,
      () => "the page to reload with the edit\n" + server.log());
    await waitFor(async () => Math.abs((await page.evaluate(() => window.scrollY)) - 900) < 5, 3000,
      () => "the scroll position to be restored");
  } finally {
    server.stop();
  }
});

test("a broken save shows the overlay on the last good page until it is fixed", async () => {
  const dir = fixture("build/site");
  const file = path.join(dir, "content/wellbeing/wellbeing-basics.md");
  const good = readFileSync(file, "utf8");
  const server = await serve(dir);
  try {
    const page = await browser.newPage();
    await page.goto(server.url + "/en/wellbeing-basics/index.html");
    // Wait until the event stream is connected (the status fetch ran) before breaking the file.
    await page.waitForLoadState("networkidle").catch(() => {});
    writeFileSync(file, "---\ntitle: Broken\nkind: sop\n---\n");
    const overlay = page.locator("#syllabus-errors");
    await overlay.waitFor({ timeout: 10000 });
    const text = await overlay.innerText();
    assert.match(text, /SY0105/);
    assert.match(text, /content\/wellbeing\/wellbeing-basics\.md:1:1/);
    assert.equal(await page.locator("h1").first().innerText(), "Wellbeing basics", "last good page stays");
    // A reload while broken still shows the overlay (from the status endpoint).
    await page.reload();
    await overlay.waitFor({ timeout: 10000 });
    writeFileSync(file, good.replace("title: Wellbeing basics", "title: Wellbeing basics again"));
    await waitFor(async () => (await page.locator("h1").first().innerText()) === "Wellbeing basics again", 10000,
      () => "the fixed page\n" + server.log());
    assert.equal(await overlay.count(), 0);
  } finally {
    server.stop();
  }
});
