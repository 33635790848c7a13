// Every kind of page of the sample build, with what to do on it to reach the state under test:
// shared by the accessibility, keyboard and validity tests.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { sample, build } from "./harness.mjs";

/** The sample course, built once per test file (with an as-of page), and its file:// URLs. */
export function sampleSite() {
  const dir = sample();
  const out = build(dir, ["--as-of", "2026-03-01"]);
  const url = (p) => {
    const [file, query] = p.split("?");
    return pathToFileURL(path.join(out, file)).href + (query ? "?" + query : "");
  };
  return { dir, out, url };
}

/** Opens a content warning's gate. */
async function openGate(page) {
  const gate = page.locator("details.cw-gate > summary");
  if (await gate.count()) await gate.first().click();
}

/** Waits for a search to finish. */
async function searched(page) {
  await page.waitForFunction(() => {
    const list = document.querySelector(".search-results");
    return list && !list.hasAttribute("aria-busy") && list.children.length > 0;
  });
}

/** Answers every question of an assessment (the first option, some text) and submits it. */
async function submitAssessment(page) {
  await openGate(page);
  await page.waitForFunction(() => window.SyllabusQuiz);
  await page.evaluate(() => {
    for (const fs of document.querySelectorAll("form.assessment fieldset.question:not([hidden])")) {
      const choice = fs.querySelector("input[type=radio], input[type=checkbox]");
      if (choice) choice.checked = true;
      for (const t of fs.querySelectorAll("input[type=text]")) t.value = "answer";
      for (const s of fs.querySelectorAll("select")) s.selectedIndex = s.options.length - 1;
    }
  });
  await page.locator(".assessment-submit").click();
  await page.locator(".assessment-result").waitFor({ state: "visible" });
}

/**
 * name: also the screenshot's file name; path: under the output folder; act: what to do after
 * loading; shot: whether it is a main page type (screenshots in every mode).
 */
export const PAGES = [
  { name: "home", path: "en/index.html", shot: true },
  { name: "section", path: "en/sections/hate-speech/index.html", shot: true },
  { name: "sop-content-warning", path: "en/hs-sop-triage/index.html", shot: true },
  { name: "sop-sensitive-hidden", path: "en/hs-sop-triage/index.html", act: openGate },
  {
    name: "sop-sensitive-revealed", path: "en/hs-sop-triage/index.html", shot: true,
    act: async (page) => {
      await openGate(page);
      for (const s of await page.locator("details.sensitive > summary").all()) await s.click();
    },
  },
  { name: "briefing", path: "en/hs-briefing-dehumanisation-2026/index.html", act: openGate },
  { name: "regional-note", path: "en/hs-regional-my/index.html", act: openGate },
  { name: "assessment", path: "en/hs-assessment/index.html", act: openGate, shot: true },
  { name: "assessment-submitted", path: "en/hs-assessment/index.html", act: submitAssessment, shot: true },
  { name: "calibration", path: "en/hs-calibration-2026-q1/index.html", act: openGate },
  { name: "sop-plain", path: "en/fd-reading-an-sop/index.html" },
  { name: "translation-fallback", path: "ja/hs-sop-triage/index.html", act: openGate, shot: true },
  { name: "translation-stale", path: "id/hs-sop-triage/index.html", act: openGate },
  { name: "translation-japanese", path: "ja/bh-regional-jp/index.html", act: openGate },
  { name: "rtl-home", path: "ar/index.html", shot: true },
  { name: "rtl-module", path: "ar/hs-sop-triage/index.html", act: openGate, shot: true },
  { name: "version", path: "en/hs-sop-triage/v2.1.0/index.html", act: openGate, shot: true },
  { name: "history", path: "en/hs-sop-triage/history/index.html" },
  { name: "diff", path: "en/hs-sop-triage/diff/2.1.0-to-3.0.0/index.html", shot: true },
  { name: "whats-new", path: "en/whats-new/index.html" },
  { name: "as-of", path: "en/as-of/2026-03-01/index.html" },
  { name: "coverage", path: "en/coverage/index.html" },
  { name: "print-edition", path: "en/sections/hate-speech/print/index.html" },
  { name: "search-empty", path: "en/search/index.html" },
  { name: "search-results", path: "en/search/index.html?q=escalation", act: searched, shot: true },
  { name: "search-japanese", path: "ja/search/index.html?q=誹謗中傷", act: searched },
  { name: "search-rtl", path: "ar/search/index.html?q=escalation", act: searched },
];
