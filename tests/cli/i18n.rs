//! Localization: translations beside their source, fallback and stale pages, `hreflang` and the
//! language switcher, right-to-left locales, UI string tables and localized dates; regional notes
//! placed inside the modules they apply to; `syllabus coverage`; the diagnostics of all of these.
//!
//! Each case is a small project under `tests/fixtures/i18n/<case>/`, or one the test derives
//! from it by writing a file. Expected lines and columns are read off the fixture.
//!
//! `i18n/site` is the main fixture: locales en (default), ms and ar (rtl), regions MY and DE;
//! `hs-sop` (regions [MY], clause ids, translated into ms) carries three regional notes: MY by
//! heading text and DE by clause id after "Severity tiers" (one block, with a picker), and a
//! second MY note without placement (end of the body); `hs-briefing` has no translation.

use crate::support::{tree, Project, Run};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;

// ---- helpers ---------------------------------------------------------------------------------

/// The project built from `fixture`, asserting success.
fn built(fixture: &str) -> Project {
    let project = Project::fixture(fixture);
    project.run(&["build"]).code(0);
    project
}

/// Runs `syllabus <command> --format json` and returns the diagnostics, asserting the exit code.
#[track_caller]
fn json_of(project: &Project, command: &str, extra: &[&str], code: i32) -> Vec<Value> {
    let mut args = vec![command, "--format", "json"];
    args.extend_from_slice(extra);
    project.run(&args).code(code).json()
}

fn codes(diags: &[Value]) -> Vec<&str> {
    diags.iter().filter_map(|d| d["code"].as_str()).collect()
}

/// Asserts one JSON diagnostic's severity, code, path, line and column exactly.
#[track_caller]
fn assert_at(d: &Value, severity: &str, code: &str, path: &str, line: u64, column: u64) {
    assert_eq!(
        (
            d["severity"].as_str(),
            d["code"].as_str(),
            d["path"].as_str(),
            d["line"].as_u64(),
            d["column"].as_u64(),
        ),
        (
            Some(severity),
            Some(code),
            Some(path),
            Some(line),
            Some(column)
        ),
        "{d}"
    );
}

/// Human diagnostics of `check`, without the timing-dependent summary line.
fn human(run: &Run) -> String {
    run.diagnostics()
        .lines()
        .filter(|l| !l.starts_with("Checked "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The position of `needle` in `html` at or after `from`, with a readable failure.
#[track_caller]
fn find_from(html: &str, from: usize, needle: &str) -> usize {
    html[from..]
        .find(needle)
        .map(|i| from + i)
        .unwrap_or_else(|| panic!("{needle:?} not found after byte {from} in\n{html}"))
}

/// Asserts that the needles occur in this order (each after the end of the previous one).
#[track_caller]
fn assert_in_order(html: &str, needles: &[&str]) {
    let mut at = 0;
    for needle in needles {
        at = find_from(html, at, needle) + needle.len();
    }
}

/// What lies between the end of `a` and the start of the next `b` after it.
#[track_caller]
fn between<'h>(html: &'h str, a: &str, b: &str) -> &'h str {
    let start = find_from(html, 0, a) + a.len();
    let end = find_from(html, start, b);
    &html[start..end]
}

/// Every `<aside class="regional-context" …>…</aside>` of a page, in document order.
fn asides(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = html[at..].find("<aside class=\"regional-context\"") {
        let start = at + i;
        let end = find_from(html, start, "</aside>") + "</aside>".len();
        out.push(&html[start..end]);
        at = end;
    }
    out
}

/// The `<main>` element of a page.
fn main_of(html: &str) -> &str {
    let start = find_from(html, 0, "<main");
    let end = find_from(html, start, "</main>") + "</main>".len();
    &html[start..end]
}

/// A UI string of the default theme, read from `themes/default/i18n/<locale>.yaml`.
fn ui_string(locale: &str, key: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("themes/default/i18n")
        .join(format!("{locale}.yaml"));
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let table: BTreeMap<String, String> =
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("parse {}: {e}", path.display()));
    table
        .get(key)
        .cloned()
        .unwrap_or_else(|| panic!("{} has no `{key}`", path.display()))
}

// ---- the site in three locales ---------------------------------------------------------------

#[test]
fn site_fixture_is_clean() {
    let project = Project::fixture("i18n/site");
    let diags = json_of(&project, "check", &["--strict"], 0);
    assert!(diags.is_empty(), "{diags:#?}");
    let run = project.run(&["build"]).code(0);
    assert_eq!(run.stderr, "", "no warnings expected");
}

#[test]
fn every_locale_gets_every_page() {
    let project = built("i18n/site");
    let files = tree(&project.path().join("public"));
    let pages_of = |locale: &str| -> Vec<String> {
        files
            .keys()
            .filter(|p| p.ends_with(".html"))
            .filter_map(|p| p.strip_prefix(&format!("{locale}/")))
            .map(str::to_string)
            .collect()
    };
    let en = pages_of("en");
    for page in [
        "coverage/index.html",
        "hs-briefing/index.html",
        "hs-note-de/index.html",
        "hs-note-my-records/index.html",
        "hs-note-my/index.html",
        "hs-sop/index.html",
        "index.html",
        "sections/hate-speech/index.html",
        "sections/hate-speech/print/index.html",
    ] {
        assert!(en.iter().any(|p| p == page), "no en/{page} in {en:#?}");
    }
    // Translated or not, every locale has the same pages.
    assert_eq!(pages_of("ms"), en);
    assert_eq!(pages_of("ar"), en);
    let top: Vec<&str> = files
        .keys()
        .map(String::as_str)
        .filter(|p| p.ends_with(".html") && !p.contains('/'))
        .collect();
    assert_eq!(top, ["index.html"]);
}

#[test]
fn translated_page_shows_the_translation_without_a_banner() {
    let project = built("i18n/site");
    let html = project.read("public/ms/hs-sop/index.html");
    assert!(
        html.starts_with("<!doctype html>\n<html lang=\"ms\" dir=\"ltr\">"),
        "{html}"
    );
    assert!(html.contains("<title>Ucapan kebencian: SOP triaj · Fixture Training</title>"));
    let main = main_of(&html);
    assert!(
        main.contains("<h1>Ucapan kebencian: SOP triaj</h1>"),
        "{main}"
    );
    assert!(main.contains("<p class=\"summary\">Cara membuat triaj laporan ucapan kebencian.</p>"));
    assert!(
        main.contains("<li>ucapan kebencian</li>"),
        "translated content warnings"
    );
    for text in [
        "SCOPE-MS",
        "TIERS-MS",
        "DETAILS-MS",
        "ESCALATION-MS",
        "RECORDS-MS",
    ] {
        assert!(main.contains(text), "{text} missing");
    }
    assert!(
        !main.contains("SCOPE-EN"),
        "source text on a translated page"
    );
    assert!(
        !main.contains("class=\"banner"),
        "no banner expected:\n{main}"
    );
    // The translation is in the page's language: the article does not override it.
    assert!(
        main.contains("<article class=\"module\" data-module=\"hs-sop\">"),
        "{main}"
    );
    // Clause ids stay; headings without one get an anchor from the translated text.
    assert!(main.contains("<h2 id=\"x-scope\">Skop</h2>"));
    assert!(main.contains("<h2 id=\"hs-tiers\">Tahap keterukan</h2>"));
    assert!(main.contains("<h2 id=\"rekod\">Rekod</h2>"));
    // UI strings come from ms.yaml.
    assert!(main.contains(&format!(
        "<summary>{}</summary>",
        ui_string("ms", "cw_continue")
    )));
    assert!(html.contains(&format!(
        "<a class=\"skip-link\" href=\"#main\">{}</a>",
        ui_string("ms", "skip_to_content")
    )));
}

#[test]
fn untranslated_module_is_a_fallback_page_in_an_rtl_locale() {
    let project = built("i18n/site");
    let html = project.read("public/ar/hs-briefing/index.html");
    assert!(
        html.starts_with("<!doctype html>\n<html lang=\"ar\" dir=\"rtl\">"),
        "{html}"
    );
    let banner = ui_string("ar", "not_translated")
        .replace("{language}", "العربية")
        .replace("{source_language}", "English");
    assert!(!banner.contains('{'), "unfilled placeholder in {banner}");
    let main = main_of(&html);
    assert_in_order(
        main,
        &[
            &format!("<div class=\"banner banner-fallback\" role=\"note\"><p>{banner}</p></div>"),
            "<article class=\"module\" data-module=\"hs-briefing\" lang=\"en\" dir=\"ltr\">",
            "<h1>Dehumanising comparisons: 2026 update</h1>",
            "WHY-EN",
        ],
    );
    assert!(!main.contains("banner-stale"));
    // The same module in ms is a fallback too, with ms's text.
    let ms = project.read("public/ms/hs-briefing/index.html");
    let banner = ui_string("ms", "not_translated")
        .replace("{language}", "Bahasa Melayu")
        .replace("{source_language}", "English");
    assert!(
        ms.contains(&format!(
            "<div class=\"banner banner-fallback\" role=\"note\"><p>{banner}</p></div>"
        )),
        "{ms}"
    );
    // The source page has no banner.
    let en = project.read("public/en/hs-briefing/index.html");
    assert!(!en.contains("class=\"banner"), "{en}");
    assert!(en.contains("<article class=\"module\" data-module=\"hs-briefing\">"));
}

#[test]
fn hreflang_links_name_the_locales_a_page_is_translated_into() {
    let project = built("i18n/site");
    let html = project.read("public/en/hs-sop/index.html");
    assert!(html.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"index.html\">"));
    assert!(html
        .contains("<link rel=\"alternate\" hreflang=\"ms\" href=\"../../ms/hs-sop/index.html\">"));
    assert!(
        !html.contains("<link rel=\"alternate\" hreflang=\"ar\""),
        "ar is a fallback, not a translation"
    );
    // The switcher links the same page in every locale; ar is marked untranslated.
    let nav = between(&html, "<nav class=\"languages\"", "</nav>");
    assert_in_order(
        nav,
        &[
            "<a href=\"index.html\" hreflang=\"en\" lang=\"en\" aria-current=\"page\">English</a>",
            "<a href=\"../../ms/hs-sop/index.html\" hreflang=\"ms\" lang=\"ms\">Bahasa Melayu</a>",
            "<a href=\"../../ar/hs-sop/index.html\" hreflang=\"ar\" lang=\"ar\" class=\"untranslated\"",
        ],
    );
    assert_eq!(nav.matches("untranslated").count(), 1, "{nav}");
    // On a fallback page only the default locale is an alternate.
    let ar = project.read("public/ar/hs-briefing/index.html");
    let alternates: Vec<&str> = ar
        .lines()
        .filter(|l| l.starts_with("<link rel=\"alternate\""))
        .collect();
    assert_eq!(
        alternates,
        ["<link rel=\"alternate\" hreflang=\"en\" href=\"../../en/hs-briefing/index.html\">"]
    );
    let nav = between(&ar, "<nav class=\"languages\"", "</nav>");
    assert!(nav.contains(
        "<a href=\"../../ms/hs-briefing/index.html\" hreflang=\"ms\" lang=\"ms\" class=\"untranslated\""
    ));
    assert!(
        nav.contains("<a href=\"index.html\" hreflang=\"ar\" lang=\"ar\" aria-current=\"page\">")
    );
}

#[test]
fn root_index_redirects_to_the_default_locale_and_links_every_locale() {
    let project = built("i18n/site");
    let html = project.read("public/index.html");
    assert!(html.contains("<meta http-equiv=\"refresh\" content=\"0; url=en/index.html\">"));
    assert_in_order(
        &html,
        &[
            "<a href=\"en/index.html\" hreflang=\"en\" lang=\"en\" dir=\"ltr\">English</a>",
            "<a href=\"ms/index.html\" hreflang=\"ms\" lang=\"ms\" dir=\"ltr\">Bahasa Melayu</a>",
            "<a href=\"ar/index.html\" hreflang=\"ar\" lang=\"ar\" dir=\"rtl\">العربية</a>",
        ],
    );
}

#[test]
fn regional_notes_sit_at_the_end_of_the_named_heading_section() {
    let project = built("i18n/site");
    let html = project.read("public/en/hs-sop/index.html");
    let blocks = asides(&html);
    assert_eq!(blocks.len(), 2, "{blocks:#?}");

    // MY (by heading text) and DE (by clause id) both name "Severity tiers": one block, after
    // its h3 subsection, just before the next h2.
    assert_in_order(
        &html,
        &[
            "<h2 id=\"hs-tiers\">Severity tiers</h2>",
            "TIERS-EN",
            "<h3 id=\"tier-details\">Tier details</h3>",
            "<p>DETAILS-EN: tier 2 is a coded slur.</p>",
            blocks[0],
            "<h2 id=\"hs-escalation\">Escalation</h2>",
        ],
    );
    assert_eq!(
        between(
            &html,
            "<p>DETAILS-EN: tier 2 is a coded slur.</p>",
            "<aside"
        )
        .trim(),
        ""
    );
    assert_eq!(
        between(&html, blocks[0], "<h2 id=\"hs-escalation\">").trim(),
        ""
    );
    assert!(
        !between(&html, "<h2 id=\"x-scope\">", "<h2 id=\"hs-tiers\">").contains("<aside"),
        "nothing in Scope"
    );
    assert_in_order(
        blocks[0],
        &[
            "data-regional-context>",
            "<div class=\"rc-picker\" hidden>",
            "<select id=\"rc-",
            "data-rc-picker><option value=\"\">",
            "<option value=\"DE\">Germany</option><option value=\"MY\">Malaysia</option></select>",
            "<section class=\"rc-note\" data-regions=\"DE\"",
            "NOTE-DE-EN",
            "<a href=\"../hs-note-de/index.html\">",
            "<section class=\"rc-note\" data-regions=\"MY\"",
            "NOTE-MY-EN",
            "<a href=\"../hs-note-my/index.html\">",
        ],
    );
    assert_eq!(blocks[0].matches("<section class=\"rc-note\"").count(), 2);
    assert!(!blocks[0].contains("NOTE-MY-RECORDS"));
    assert!(
        !blocks[0].contains(" lang="),
        "notes in the page's language carry no lang:\n{}",
        blocks[0]
    );

    // The note without placement ends the body; one region, so no picker.
    assert_in_order(
        &html,
        &[
            "<h2 id=\"records\">Records</h2>",
            "<p>RECORDS-EN: log every decision.</p>",
            blocks[1],
        ],
    );
    assert_eq!(
        between(&html, "<p>RECORDS-EN: log every decision.</p>", "<aside").trim(),
        ""
    );
    let after = &html[find_from(&html, 0, blocks[1]) + blocks[1].len()..];
    assert!(
        after.trim_start().starts_with("</div>\n</details>"),
        "the last block closes the gated body:\n{after}"
    );
    assert!(blocks[1].contains("<section class=\"rc-note\" data-regions=\"MY\""));
    assert!(blocks[1].contains("NOTE-MY-RECORDS-EN"));
    assert!(!blocks[1].contains("rc-picker"), "{}", blocks[1]);
}

#[test]
fn regional_notes_follow_clause_ids_into_translations() {
    let project = built("i18n/site");
    let html = project.read("public/ms/hs-sop/index.html");
    let blocks = asides(&html);
    assert_eq!(blocks.len(), 2, "{blocks:#?}");
    assert_in_order(
        &html,
        &[
            "<h2 id=\"hs-tiers\">Tahap keterukan</h2>",
            "TIERS-MS",
            "<p>DETAILS-MS: tahap 2 ialah kata cercaan berkod.</p>",
            blocks[0],
            "<h2 id=\"hs-escalation\">Eskalasi</h2>",
            "RECORDS-MS",
            blocks[1],
        ],
    );
    let title = ui_string("ms", "regional_context");
    assert!(
        blocks[0].contains(&format!(">{title}</p>")),
        "{}",
        blocks[0]
    );
    // The MY note has an ms translation: shown in ms, no lang override.
    assert!(
        blocks[0]
            .contains("<section class=\"rc-note\" data-regions=\"MY\" aria-label=\"Malaysia\">"),
        "{}",
        blocks[0]
    );
    assert!(blocks[0].contains("NOTE-MY-MS"));
    assert!(!blocks[0].contains("NOTE-MY-EN"));
    // The DE note has none: its English text, marked as English.
    assert!(
        blocks[0].contains(
            "<section class=\"rc-note\" data-regions=\"DE\" aria-label=\"Germany\" lang=\"en\" dir=\"ltr\">"
        ),
        "{}",
        blocks[0]
    );
    assert!(blocks[0].contains("NOTE-DE-EN"));
    assert!(blocks[1].contains("lang=\"en\" dir=\"ltr\""));
    assert!(blocks[1].contains("NOTE-MY-RECORDS-EN"));
    // Links to the notes stay in the locale.
    assert!(blocks[0].contains("<a href=\"../hs-note-my/index.html\">"));
    // In ar nothing is translated: every note is marked English inside the rtl page.
    let ar = project.read("public/ar/hs-sop/index.html");
    let ar_blocks = asides(&ar);
    assert_eq!(ar_blocks.len(), 2);
    let notes = ar_blocks
        .iter()
        .map(|b| b.matches("<section class=\"rc-note\"").count())
        .sum::<usize>();
    let english = ar_blocks
        .iter()
        .map(|b| b.matches("lang=\"en\" dir=\"ltr\">").count())
        .sum::<usize>();
    assert_eq!((notes, english), (3, 3), "{ar_blocks:#?}");
}

/// The catalog card (`<li class="card" …>…</li>`) that links to `href`.
#[track_caller]
fn card<'h>(html: &'h str, href: &str) -> &'h str {
    html.split("<li class=\"card\"")
        .skip(1)
        .map(|c| &c[..c.find("</li>").unwrap_or(c.len())])
        .find(|c| c.contains(&format!("href=\"{href}\"")))
        .unwrap_or_else(|| panic!("no card linking to {href} in\n{html}"))
}

#[test]
fn catalog_cards_carry_the_regions_of_their_notes() {
    let project = built("i18n/site");
    for locale in ["en", "ms", "ar"] {
        let html = project.read(&format!("public/{locale}/index.html"));
        let sop = card(&html, "hs-sop/index.html");
        assert!(
            sop.starts_with(
                " data-audience=\"new-hire\" data-regions=\"MY\" data-note-regions=\"DE MY\""
            ),
            "{locale}: {sop}"
        );
        let briefing = card(&html, "hs-briefing/index.html");
        assert!(
            briefing.contains("data-regions=\"MY\" data-note-regions=\"\""),
            "{locale}: {briefing}"
        );
    }
}

#[test]
fn dates_are_written_in_the_reader_language() {
    let project = built("i18n/site");
    let en = project.read("public/en/hs-sop/index.html");
    assert!(
        en.contains("<time datetime=\"2026-03-01\">1 March 2026</time>"),
        "{en}"
    );
    let ms = project.read("public/ms/hs-sop/index.html");
    assert!(
        ms.contains("<time datetime=\"2026-03-01\">1 Mac 2026</time>"),
        "{ms}"
    );
    // The catalog's cards too, inside the locale's "effective on" phrase.
    let catalog = project.read("public/ms/index.html");
    let phrase = ui_string("ms", "effective_on").replace("{date}", "1 Mac 2026");
    assert!(
        catalog.contains(&format!("<time datetime=\"2026-03-01\">{phrase}</time>")),
        "{catalog}"
    );
}

#[test]
fn section_translation_titles_the_section_in_its_locale() {
    let project = built("i18n/site");
    let page = project.read("public/ms/sections/hate-speech/index.html");
    let main = main_of(&page);
    assert!(main.contains("<h1>Ucapan kebencian</h1>"), "{main}");
    assert!(main.contains("Serangan terhadap orang kerana siapa mereka."));
    assert!(main.contains("Bahagian ini merangkumi ucapan kebencian."));
    assert!(!main.contains("This section covers hate speech."));
    // The ms catalog lists it under its ms title; module pages name it in breadcrumbs.
    let catalog = project.read("public/ms/index.html");
    let list = between(&catalog, "<ul class=\"section-list\">", "</ul>");
    assert!(
        list.contains("<a href=\"sections/hate-speech/index.html\">Ucapan kebencian</a>"),
        "{list}"
    );
    let module = project.read("public/ms/hs-briefing/index.html");
    assert!(module
        .contains("<li><a href=\"../sections/hate-speech/index.html\">Ucapan kebencian</a></li>"));
    // Other locales keep the source title; hreflang follows the section's translations.
    let ar = project.read("public/ar/sections/hate-speech/index.html");
    assert!(main_of(&ar).contains("<h1>Hate speech</h1>"));
    let en = project.read("public/en/sections/hate-speech/index.html");
    assert!(en.contains(
        "<link rel=\"alternate\" hreflang=\"ms\" href=\"../../../ms/sections/hate-speech/index.html\">"
    ));
    assert!(!en.contains("<link rel=\"alternate\" hreflang=\"ar\""));
}

#[test]
fn two_builds_with_locales_are_byte_identical() {
    let project = Project::fixture("i18n/site");
    project.run(&["build", "--out", "one"]).code(0);
    project
        .run_with_env(&["build", "--out", "two"], &[("RAYON_NUM_THREADS", "1")])
        .code(0);
    let one = tree(&project.path().join("one"));
    let two = tree(&project.path().join("two"));
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        two.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &one {
        assert!(
            two.get(path) == Some(bytes),
            "{path} differs between builds"
        );
    }
}

/// `target` resolved against the folder of the site page `from` (both `/`-separated).
fn resolve(from: &str, target: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in target.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// Every relative href of every page of `out`, as (page, href) pairs that do not resolve to a
/// file, or to an element id of that file.
fn broken_links(out: &Path) -> Vec<(String, String)> {
    let files = tree(out);
    let mut broken = Vec::new();
    for (page, bytes) in &files {
        if !page.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for (i, _) in html.match_indices("href=\"") {
            let value = &html[i + 6..];
            let value = &value[..value.find('"').unwrap_or(value.len())];
            if value.contains("://") {
                continue;
            }
            let (path, fragment) = value.split_once('#').unwrap_or((value, ""));
            let target = if path.is_empty() {
                page.clone()
            } else {
                resolve(page, path)
            };
            let ok = match files.get(&target) {
                None => false,
                Some(_) if fragment.is_empty() => true,
                Some(t) => String::from_utf8_lossy(t).contains(&format!("id=\"{fragment}\"")),
            };
            if !ok {
                broken.push((page.clone(), value.to_string()));
            }
        }
    }
    broken
}

#[test]
fn every_link_of_every_locale_resolves() {
    let project = built("i18n/site");
    let broken = broken_links(&project.path().join("public"));
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn print_edition_hreflang_follows_the_section_translations() {
    let project = built("i18n/site");
    let section = project.read("public/en/sections/hate-speech/index.html");
    assert!(!section.contains("<link rel=\"alternate\" hreflang=\"ar\""));
    let print = project.read("public/en/sections/hate-speech/print/index.html");
    assert!(print.contains(
        "<link rel=\"alternate\" hreflang=\"ms\" href=\"../../../../ms/sections/hate-speech/print/index.html\">"
    ));
    assert!(
        !print.contains("<link rel=\"alternate\" hreflang=\"ar\""),
        "nothing of this edition is in ar"
    );
}

// ---- stale translations ----------------------------------------------------------------------

/// `i18n/stale` (`guide` 1.0.0, translated into ms from 1.0.0) with the source at `version`
/// and `stale_on` set (or left to its default).
fn stale(stale_on: Option<&str>, version: &str) -> Project {
    let project = Project::fixture("i18n/stale");
    if let Some(level) = stale_on {
        let config = project.read("syllabus.yaml");
        project.write("syllabus.yaml", &format!("{config}stale_on: {level}\n"));
    }
    let source = project.read("content/guide.md");
    project.write(
        "content/guide.md",
        &source.replace("version: 1.0.0", &format!("version: {version}")),
    );
    project
}

#[test]
fn staleness_follows_stale_on() {
    let cases: [(Option<&str>, &str, bool); 9] = [
        (Some("patch"), "1.0.0", false),
        (Some("patch"), "1.0.1", true),
        (None, "1.0.1", false),
        (None, "1.1.0", true),
        (Some("minor"), "1.1.0", true),
        (Some("major"), "1.1.0", false),
        (Some("major"), "1.9.9", false),
        (Some("major"), "2.0.0", true),
        (Some("minor"), "2.0.0", true),
    ];
    for (stale_on, version, expect_stale) in cases {
        let project = stale(stale_on, version);
        let diags = json_of(&project, "build", &[], 0);
        let case = format!("stale_on {stale_on:?}, source {version}");
        if expect_stale {
            assert_eq!(diags.len(), 1, "{case}: {diags:#?}");
            assert_at(&diags[0], "warning", "SY0401", "content/guide.ms.md", 2, 17);
            assert_eq!(
                diags[0]["message"],
                format!(
                    "the Bahasa Melayu translation of `guide` is of version 1.0.0, but the source \
                     is now {version} (what changed: Added the coded-terms tier.)"
                ),
                "{case}"
            );
        } else {
            assert!(diags.is_empty(), "{case}: {diags:#?}");
        }
        let page = project.read("public/ms/guide/index.html");
        assert_eq!(page.contains("banner-stale"), expect_stale, "{case}");
        assert!(!page.contains("banner-fallback"), "{case}");
        assert!(
            page.contains("Apa yang diliputi."),
            "{case}: the translation is shown"
        );
    }
}

#[test]
fn stale_page_links_the_current_source_and_says_what_changed() {
    let project = stale(None, "1.1.0");
    project.run(&["build"]).code(0);
    let html = project.read("public/ms/guide/index.html");
    let text = ui_string("ms", "stale_translation")
        .replace("{translated}", "1.0.0")
        .replace("{current}", "1.1.0");
    let link = ui_string("ms", "read_current").replace("{source_language}", "English");
    let banner = between(
        &html,
        "<div class=\"banner banner-stale\" role=\"note\">",
        "</div>",
    );
    assert!(
        banner.starts_with(&format!(
            "<p>{text} <a href=\"../../en/guide/index.html\">{link}</a></p>"
        )),
        "{banner}"
    );
    assert!(
        banner.contains("<span lang=\"en\">Added the coded-terms tier.</span>"),
        "{banner}"
    );
    // The link goes to a page that exists: the source in the default locale.
    assert!(project.path().join("public/en/guide/index.html").is_file());
    assert!(!project
        .read("public/en/guide/index.html")
        .contains("banner"));
    // The card in the ms catalog is flagged.
    let catalog = project.read("public/ms/index.html");
    assert!(catalog.contains(&format!(
        "<span class=\"stale-flag\">{}</span>",
        ui_string("ms", "status_stale")
    )));
}

#[test]
fn check_warns_on_a_stale_translation_and_strict_fails() {
    let project = stale(None, "1.1.0");
    let diags = json_of(&project, "check", &[], 0);
    assert_eq!(codes(&diags), ["SY0401"], "{diags:#?}");
    let diags = json_of(&project, "check", &["--strict"], 1);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_at(&diags[0], "error", "SY0401", "content/guide.ms.md", 2, 17);
    let run = project.run(&["check"]).code(0);
    insta::assert_snapshot!("stale_translation", human(&run));
    // A warning does not stop the build.
    let run = project.run(&["build"]).code(0);
    assert!(run.stderr.contains("warning[SY0401]"), "{}", run.stderr);
}

#[test]
fn stale_banner_marks_the_changes_with_the_default_locale() {
    let project = stale(None, "1.1.0");
    project.write(
        "syllabus.yaml",
        "title: Fixture course\ndefault_locale: en\nlocales:\n  \
         - { code: ms, name: Bahasa Melayu }\n  - { code: en, name: English }\n",
    );
    project.run(&["build"]).code(0);
    let html = project.read("public/ms/guide/index.html");
    let banner = between(
        &html,
        "<div class=\"banner banner-stale\" role=\"note\">",
        "</div>",
    );
    assert!(
        banner.contains("<span lang=\"en\">Added the coded-terms tier.</span>"),
        "{banner}"
    );
}

// ---- errors ----------------------------------------------------------------------------------

/// The only diagnostic of `check --format json` on `fixture` (exit `code`); `build` agrees and,
/// on an error, writes nothing.
#[track_caller]
fn only(fixture: &str, code: i32) -> Value {
    let project = Project::fixture(fixture);
    let mut diags = json_of(&project, "check", &[], code);
    assert_eq!(diags.len(), 1, "expected one diagnostic: {diags:#?}");
    let built = json_of(&project, "build", &[], code);
    assert_eq!(built, diags, "build and check disagree");
    if code != 0 {
        assert!(
            !project.path().join("public").exists(),
            "a failed build wrote public/"
        );
    }
    diags.remove(0)
}

/// Human output of `check` on `fixture`.
fn human_of(fixture: &str, code: i32) -> String {
    let project = Project::fixture(fixture);
    human(&project.run(&["check"]).code(code))
}

#[test]
fn translation_setting_a_fixed_key_is_sy0402() {
    let d = only("i18n/fixed-key", 1);
    assert_at(&d, "error", "SY0402", "content/guide.ms.md", 4, 1);
    assert_eq!(
        d["message"],
        "a translation cannot set `kind`: it comes from the source module"
    );
    insta::assert_snapshot!("fixed_key", human_of("i18n/fixed-key", 1));
}

#[test]
fn every_fixed_key_is_refused_in_a_translation() {
    let project = Project::fixture("i18n/stale");
    let keys = [
        ("id", "guide"),
        ("kind", "sop"),
        ("version", "1.0.0"),
        ("effective", "2026-03-01"),
        ("policy_area", "hate-speech"),
        ("audience", "[new-hire]"),
        ("regions", "[global]"),
        ("prerequisites", "[]"),
        ("applies_to", "guide"),
        ("placement", "{ after_heading: Scope }"),
    ];
    let lines: String = keys.iter().map(|(k, v)| format!("{k}: {v}\n")).collect();
    project.write(
        "content/guide.ms.md",
        &format!("---\ntranslation_of: 1.0.0\n{lines}---\n\nTeks.\n"),
    );
    let diags = json_of(&project, "check", &[], 1);
    assert_eq!(diags.len(), keys.len(), "{diags:#?}");
    for (i, ((key, _), d)) in keys.iter().zip(&diags).enumerate() {
        assert_at(d, "error", "SY0402", "content/guide.ms.md", i as u64 + 3, 1);
        assert!(
            d["message"]
                .as_str()
                .unwrap_or_default()
                .contains(&format!("`{key}`")),
            "{d}"
        );
    }
}

#[test]
fn translation_without_a_source_is_sy0403() {
    let d = only("i18n/orphan-translation", 1);
    assert_at(&d, "error", "SY0403", "content/guidance.ms.md", 3, 17);
    assert_eq!(
        d["message"],
        "this translation has no source: content/guidance.md does not exist"
    );
    insta::assert_snapshot!("orphan_translation", human_of("i18n/orphan-translation", 1));
}

#[test]
fn translation_of_a_version_the_source_has_not_reached_is_sy0106() {
    let d = only("i18n/newer-than-source", 1);
    assert_at(&d, "error", "SY0106", "content/guide.ms.md", 3, 17);
    assert_eq!(
        d["message"],
        "`translation_of: 1.2.0` is newer than the source, which is at 1.0.0"
    );
}

#[test]
fn translation_without_translation_of_is_sy0105() {
    let d = only("i18n/missing-translation-of", 1);
    assert_at(&d, "error", "SY0105", "content/guide.ms.md", 1, 1);
    assert_eq!(d["message"], "required key `translation_of` is missing");
}

#[test]
fn note_for_an_unknown_module_is_sy0405() {
    let d = only("i18n/unknown-note-target", 1);
    // The second item of `applies_to: [guide, guid]`.
    assert_at(&d, "error", "SY0405", "content/guide-note-my.md", 6, 21);
    assert_eq!(
        d["message"],
        "this note applies to `guid`, which is not a module"
    );
    assert_eq!(d["help"], "did you mean `guide`?");
    insta::assert_snapshot!(
        "unknown_note_target",
        human_of("i18n/unknown-note-target", 1)
    );
}

#[test]
fn note_placed_after_a_missing_heading_is_sy0406() {
    let d = only("i18n/placement-not-found", 1);
    assert_at(&d, "error", "SY0406", "content/guide-note-my.md", 7, 12);
    assert_eq!(
        d["message"],
        "`guide` has no heading `Escalations` to place this note after"
    );
    assert!(
        d["help"]
            .as_str()
            .unwrap_or_default()
            .starts_with("did you mean `Escalation`?"),
        "{d}"
    );
    insta::assert_snapshot!(
        "placement_not_found",
        human_of("i18n/placement-not-found", 1)
    );
}

#[test]
fn note_for_an_undeclared_region_is_sy0109() {
    let d = only("i18n/undeclared-note-region", 1);
    assert_at(&d, "error", "SY0109", "content/guide-note-jp.md", 5, 11);
    assert_eq!(d["message"], "region `JP` is not declared in syllabus.yaml");
}

#[test]
fn applies_to_on_another_kind_is_sy0106() {
    let d = only("i18n/applies-to-on-sop", 1);
    assert_at(&d, "error", "SY0106", "content/checklist.md", 5, 1);
    assert!(
        d["message"]
            .as_str()
            .unwrap_or_default()
            .contains("`applies_to`"),
        "{d}"
    );
}

#[test]
fn regional_note_without_applies_to_is_sy0105() {
    let d = only("i18n/note-without-target", 1);
    assert_at(&d, "error", "SY0105", "content/guide-note-my.md", 1, 1);
    assert_eq!(d["message"], "a regional note needs `applies_to`");
}

#[test]
fn locale_without_ui_strings_warns_and_uses_english() {
    let d = only("i18n/missing-ui-strings", 0);
    assert_eq!(
        (
            d["severity"].as_str(),
            d["code"].as_str(),
            d["path"].as_str()
        ),
        (Some("warning"), Some("SY0404"), Some("i18n/th.yaml")),
        "{d}"
    );
    assert!(
        d["message"].as_str().unwrap_or_default().contains("`th`"),
        "{d}"
    );
    insta::assert_snapshot!("missing_ui_strings", human_of("i18n/missing-ui-strings", 0));
    let project = built("i18n/missing-ui-strings");
    let html = project.read("public/th/guide/index.html");
    assert!(
        html.starts_with("<!doctype html>\n<html lang=\"th\" dir=\"ltr\">"),
        "{html}"
    );
    assert!(html.contains(&format!(
        "<a class=\"skip-link\" href=\"#main\">{}</a>",
        ui_string("en", "skip_to_content")
    )));
    let banner = ui_string("en", "not_translated")
        .replace("{language}", "Thai")
        .replace("{source_language}", "English");
    assert!(html.contains(&banner), "{html}");
    // Strict: the warning fails the check.
    let project = Project::fixture("i18n/missing-ui-strings");
    let diags = json_of(&project, "check", &["--strict"], 1);
    assert_eq!(codes(&diags), ["SY0404"]);
}

#[test]
fn a_theme_can_add_ui_strings_for_a_locale() {
    let project = Project::fixture("i18n/missing-ui-strings");
    let config = project.read("syllabus.yaml");
    project.write("syllabus.yaml", &format!("{config}theme: mytheme\n"));
    project.write("mytheme/i18n/th.yaml", "skip_to_content: ข้ามไปยังเนื้อหา\n");
    // A partial table: the missing keys are named, and fall back to the default locale.
    let diags = json_of(&project, "build", &[], 0);
    assert_eq!(codes(&diags), ["SY0404"], "{diags:#?}");
    let message = diags[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with("UI strings for `th` lack ") && message.contains("not_translated"),
        "{message}"
    );
    assert!(!message.contains("skip_to_content"), "{message}");
    let html = project.read("public/th/guide/index.html");
    assert!(html.contains("<a class=\"skip-link\" href=\"#main\">ข้ามไปยังเนื้อหา</a>"));
    assert!(html.contains(&ui_string("en", "contents")));
    // A complete table: no warning.
    let complete = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n/en.yaml"),
    )
    .unwrap_or_else(|e| panic!("{e}"))
    .replace("Skip to content", "ข้ามไปยังเนื้อหา");
    project.write("mytheme/i18n/th.yaml", &complete);
    let diags = json_of(&project, "build", &[], 0);
    assert!(diags.is_empty(), "{diags:#?}");
}

// ---- links in translations -------------------------------------------------------------------

#[test]
fn module_links_in_a_translation_stay_in_its_locale() {
    let project = built("i18n/links");
    let ms = project.read("public/ms/reader/index.html");
    assert!(
        ms.contains("<a href=\"../target/index.html#t-urgent\">eskalasi segera</a>"),
        "{ms}"
    );
    let target = project.read("public/ms/target/index.html");
    assert!(target.contains("<h2 id=\"t-urgent\">Eskalasi segera</h2>"));
    let en = project.read("public/en/reader/index.html");
    assert!(en.contains("<a href=\"../target/index.html#t-urgent\">urgent escalation</a>"));
}

#[test]
fn link_to_an_anchor_the_target_translation_lacks_is_sy0302() {
    let project = Project::fixture("i18n/links");
    // `#records` is an anchor of the English target; its ms translation has `#rekod`.
    project.write(
        "content/reader.ms.md",
        "---\ntranslation_of: 1.0.0\ntitle: Panduan triaj\n---\n\n\
         ## Ancaman\n\nLihat [rekod](module:target#records).\n",
    );
    let diags = json_of(&project, "check", &[], 1);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_at(&diags[0], "error", "SY0302", "content/reader.ms.md", 8, 7);
    assert_eq!(
        diags[0]["message"],
        "`#records` is not a heading of module `target` in `ms`"
    );
    let help = diags[0]["help"].as_str().unwrap_or_default();
    assert!(help.contains("clause id"), "{help}");
    insta::assert_snapshot!(
        "translated_broken_anchor",
        human(&project.run(&["check"]).code(1))
    );
    // Linking to the anchor the translation does have is fine.
    project.write(
        "content/reader.ms.md",
        "---\ntranslation_of: 1.0.0\n---\n\nLihat [rekod](module:target#rekod).\n",
    );
    let diags = json_of(&project, "check", &[], 0);
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn fallback_page_links_only_to_anchors_that_exist() {
    let project = Project::fixture("i18n/links");
    project.write(
        "content/other.md",
        "---\ntitle: Other\nkind: sop\nversion: 1.0.0\n---\n\nSee [the records](module:target#records).\n",
    );
    // Either reported, or rewritten so that the link works: not a silent broken anchor.
    let run = project.run(&["build", "--format", "json"]);
    if run.json().iter().any(|d| d["code"] == "SY0302") {
        return;
    }
    let broken = broken_links(&project.path().join("public"));
    assert!(broken.is_empty(), "{broken:#?}");
}

// ---- coverage --------------------------------------------------------------------------------

#[test]
fn coverage_json_has_every_status_and_the_notes_per_region() {
    let project = Project::fixture("i18n/coverage");
    let run = project.run(&["coverage", "--json"]).code(0);
    let data: Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}\n{}", run.stdout));
    let source = |v: &str| json!(["en", { "status": "source", "version": v }]);
    let missing = json!(["ms", { "status": "missing" }]);
    let current = |v: &str| json!(["ms", { "status": "current", "translation_of": v }]);
    let expected = json!({
        "default_locale": "en",
        "locales": ["en", "ms"],
        "regions": ["MY", "DE"],
        "modules": [
            {
                "id": "current", "title": "Current module", "kind": "sop", "version": "2.1.0",
                "locales": [source("2.1.0"), current("2.1.0")],
                "notes": { "DE": ["note-de", "note-my-de"], "MY": ["note-my", "note-my-de"] }
            },
            {
                "id": "missing", "title": "Missing module", "kind": "assessment", "version": "1.0.0",
                "locales": [source("1.0.0"), missing],
                "notes": {}
            },
            {
                "id": "note-de", "title": "German note", "kind": "regional-note", "version": "1.0.0",
                "locales": [source("1.0.0"), missing],
                "notes": {}
            },
            {
                "id": "note-my", "title": "Malaysian note", "kind": "regional-note", "version": "1.0.0",
                "locales": [source("1.0.0"), current("1.0.0")],
                "notes": {}
            },
            {
                "id": "note-my-de", "title": "Malaysian and German note", "kind": "regional-note",
                "version": "1.0.0",
                "locales": [source("1.0.0"), missing],
                "notes": {}
            },
            {
                "id": "stale", "title": "Stale module", "kind": "briefing", "version": "3.0.0",
                "locales": [
                    source("3.0.0"),
                    ["ms", { "status": "stale", "translation_of": "2.4.1", "current": "3.0.0" }]
                ],
                "notes": { "MY": ["note-my"] }
            }
        ],
        "totals": [{ "locale": "ms", "current": 2, "stale": 1, "missing": 3 }]
    });
    // Clause coverage by questions is tested with the quiz features; this test pins locales and notes.
    let mut data = data;
    if let Some(modules) = data.get_mut("modules").and_then(|m| m.as_array_mut()) {
        for m in modules {
            if let Some(obj) = m.as_object_mut() {
                obj.remove("clauses");
            }
        }
    }
    assert_eq!(data, expected, "{}", run.stdout);
    assert!(
        !project.path().join("public").exists(),
        "coverage writes nothing"
    );
}

#[test]
fn coverage_table_lists_each_module_in_each_locale() {
    let project = Project::fixture("i18n/coverage");
    let run = project.run(&["coverage"]).code(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let words = |id: &str| -> Vec<&str> {
        lines
            .iter()
            .find(|l| l.split_whitespace().next() == Some(id))
            .unwrap_or_else(|| panic!("no row {id} in\n{}", run.stdout))
            .split_whitespace()
            .collect()
    };
    assert_eq!(
        lines[0].split_whitespace().collect::<Vec<_>>(),
        ["module", "en", "ms", "notes"]
    );
    assert_eq!(words("current"), ["current", "source", "ok", "DE", "MY"]);
    assert_eq!(words("missing"), ["missing", "source", "-"]);
    assert_eq!(words("stale"), ["stale", "source", "stale", "2.4.1", "MY"]);
    assert!(
        lines.contains(&"ms: 2 current, 1 stale, 3 missing"),
        "{}",
        run.stdout
    );
}

#[test]
fn coverage_of_a_broken_project_fails() {
    let project = Project::fixture("i18n/orphan-translation");
    let run = project.run(&["coverage", "--json"]).code(1);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("SY0403"), "{}", run.stderr);
}

#[test]
fn coverage_page_is_built_in_every_locale() {
    let project = built("i18n/coverage");
    let html = project.read("public/ms/coverage/index.html");
    assert!(html.contains(&ui_string("ms", "coverage_title")), "{html}");
    assert!(html.starts_with("<!doctype html>\n<html lang=\"ms\" dir=\"ltr\">"));
}

/// A translated home page takes its lead paragraph from `content/_index.<locale>.md`.
#[test]
fn translated_home_page_uses_the_translated_description() {
    let project = Project::fixture("i18n/site");
    project.write(
        "content/_index.ms.md",
        "---\ntitle: Laman utama\ndescription: Latihan untuk moderator.\n---\n\nSelamat datang.\n",
    );
    project.run(&["build"]).code(0);
    let ms = project.read("public/ms/index.html");
    assert!(
        ms.contains("<p class=\"lead\">Latihan untuk moderator.</p>"),
        "{ms}"
    );
    let en = project.read("public/en/index.html");
    assert!(!en.contains("Latihan untuk moderator."), "{en}");
}

/// A note shown on several modules has its body rendered once and shared (`notes::BodyCache`):
/// each host must show exactly what it shows when the note applies to it alone, including a
/// note that links to one of its hosts (a link to the page itself is written differently).
#[test]
fn a_note_on_several_modules_shows_as_it_would_on_one() {
    let note = |targets: &str, links: &str| {
        format!(
            "---\ntitle: Malaysian note\nkind: regional-note\nversion: 1.0.0\nregions: [MY]\n\
             applies_to: {targets}\n---\n\nCheck {links} first.\n"
        )
    };
    let build = |text: &str| {
        let project = Project::fixture("i18n/coverage");
        project.write("content/note-my.md", text);
        project.run(&["build"]).code(0);
        project
    };
    for links in [
        "[the missing module](module:missing)",
        "[the current SOP](module:current) and [the missing one](module:missing)",
    ] {
        let shared = build(&note("[current, stale]", links));
        for host in ["current", "stale"] {
            let alone = build(&note(&format!("[{host}]"), links));
            for locale in ["en", "ms"] {
                let page = format!("public/{locale}/{host}/index.html");
                let (with_both, with_one) = (shared.read(&page), alone.read(&page));
                let (with_both, with_one) = (asides(&with_both), asides(&with_one));
                assert!(!with_one.is_empty(), "{page} shows no note");
                assert_eq!(with_both, with_one, "{page} with: {links}");
            }
        }
    }
}
