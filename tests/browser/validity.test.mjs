// HTML validity: every page of the sample build (trainee and trainer editions) and the DOM of its
// scripted states (search results, a submitted assessment, revealed examples) pass the Nu HTML
// Checker (npm vnu-jar on Debian's Java) without an error. One checker run covers them all (the
// JVM start is most of its time); a page broken on purpose proves the checker is listening.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { launch, bin } from "./harness.mjs";
import { PAGES, sampleSite } from "./pages.mjs";

const vnuJar = path.join(path.dirname(createRequire(import.meta.url).resolve("vnu-jar")), "build", "dist", "vnu.jar");
const java = process.env.JAVA || "java";

const { dir, out, url } = sampleSite();
execFileSync(bin, ["build", "--quiet", "--edition", "trainer", "--out", "trainer"],
  { cwd: dir, env: { PATH: process.env.PATH, TZ: "UTC" }, stdio: "pipe" });
const trainerOut = path.join(dir, "trainer");

const browser = await launch();
after(() => browser.close());

/** The DOM of every page state a script makes, as HTML files in a fresh folder. */
async function scriptedStates() {
  const folder = mkdtempSync(path.join(tmpdir(), "syllabus-dom-"));
  const context = await browser.newContext();
  for (const p of PAGES.filter((p) => p.act)) {
    const page = await context.newPage();
    await page.goto(url(p.path));
    await p.act(page);
    writeFileSync(path.join(folder, `${p.name}.html`), await page.content());
    await page.close();
  }
  await context.close();
  return folder;
}

/** Runs the checker once over `targets`; returns its error messages as `file:line: message`. */
function check(targets) {
  const run = spawnSync(java, ["-jar", vnuJar, "--errors-only", "--format", "json", "--skip-non-html", ...targets],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  assert.equal(run.error, undefined, `cannot run ${java}: install Debian's default-jre-headless`);
  const report = JSON.parse(run.stderr || "{\"messages\":[]}");
  return report.messages
    .filter((m) => m.type === "error" || m.type === "non-document-error")
    .map((m) => `${m.url.replace(/^file:/, "")}:${m.lastLine ?? "?"}: ${m.message}`);
}

test("every generated page and every scripted state is valid HTML", async () => {
  const states = await scriptedStates();
  assert.equal(readdirSync(states).length, PAGES.filter((p) => p.act).length);
  const canary = mkdtempSync(path.join(tmpdir(), "syllabus-canary-"));
  mkdirSync(canary, { recursive: true });
  writeFileSync(path.join(canary, "broken.html"), "<!doctype html><html lang=en><title>x</title><ul><p>not a list item</p></ul>");
  const errors = check([out, trainerOut, states, canary]);
  const broken = errors.filter((e) => e.includes("broken.html"));
  assert.ok(broken.length > 0, "the checker did not report the page broken on purpose");
  assert.deepEqual(errors.filter((e) => !e.includes("broken.html")), []);
});
