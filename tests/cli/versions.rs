//! Versioning: `syllabus release` (and `--all`), the release checks (SY0501–SY0504), the pages
//! built from stored releases (version switcher, superseded banners, history, diffs, what's new,
//! the Atom feed, "as of" pages), `syllabus refresher`, and stale-translation messages that name
//! the changed sections.
//!
//! Release histories are made in the tests by running the real `release` command between edits,
//! except `versions/dated`, whose release folders are written by hand to get fixed dates:
//!
//! - `guide` 1.0.0 released 2026-01-10, effective 2026-02-01; 1.1.0 released 2026-03-05,
//!   effective 2026-03-15 (the current text, area hate-speech, region MY);
//! - `checklist` 1.0.0 released 2026-03-05 without an effective date (area wellbeing, DE);
//! - `later` 0.9.0 never released, effective 2026-06-01; `always` 2.0.0 never released, no
//!   effective date.

use crate::support::{tree, Project, Run};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

// ---- helpers ---------------------------------------------------------------------------------

const GUIDE: &str = "content/policy/guide.md";

/// Runs `syllabus <command> --format json` and returns the diagnostics, asserting the exit code.
#[track_caller]
fn json_of(project: &Project, command: &str, code: i32) -> Vec<Value> {
    project
        .run(&[command, "--format", "json"])
        .code(code)
        .json()
}

fn codes(diags: &[Value]) -> Vec<&str> {
    diags.iter().filter_map(|d| d["code"].as_str()).collect()
}

/// Asserts one JSON diagnostic's code, path, line, column and message exactly.
#[track_caller]
fn assert_diag(d: &Value, code: &str, path: &str, line: u64, column: u64, message: &str) {
    assert_eq!(
        (
            d["code"].as_str(),
            d["path"].as_str(),
            d["line"].as_u64(),
            d["column"].as_u64(),
            d["message"].as_str(),
        ),
        (
            Some(code),
            Some(path),
            Some(line),
            Some(column),
            Some(message)
        ),
        "{d}"
    );
}

/// Runs `syllabus release <args>`, asserting success.
#[track_caller]
fn release(project: &Project, args: &[&str]) -> Run {
    let mut all = vec!["release"];
    all.extend_from_slice(args);
    project.run(&all).code(0)
}

/// Replaces `from` (which must occur) in a project file.
#[track_caller]
fn edit(project: &Project, rel: &str, from: &str, to: &str) {
    let text = project.read(rel);
    assert!(text.contains(from), "{from:?} not in {rel}:\n{text}");
    project.write(rel, &text.replacen(from, to, 1));
}

/// `sha256:<hex>` of a text with CRLF normalised, computed independently of syllabus.
fn sha256(text: &str) -> String {
    let digest = Sha256::digest(text.replace("\r\n", "\n").as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// Today's date in UTC, as `release` records it.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    chrono::DateTime::from_timestamp(i64::try_from(secs).unwrap_or(0), 0)
        .map_or_else(String::new, |d| d.format("%Y-%m-%d").to_string())
}

/// A `release.yaml`, as a map of its keys.
fn release_meta(project: &Project, folder: &str) -> BTreeMap<String, String> {
    let text = project.read(&format!("{folder}/release.yaml"));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{folder}/release.yaml: {e}\n{text}"))
}

/// Relative paths of the files under a project folder (empty when it does not exist).
fn files_under(project: &Project, rel: &str) -> Vec<String> {
    tree(&project.path().join(rel)).into_keys().collect()
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

/// Every `open…close` element of a page, in document order.
fn elements<'h>(html: &'h str, open: &str, close: &str) -> Vec<&'h str> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = html[at..].find(open) {
        let start = at + i;
        let end = find_from(html, start, close) + close.len();
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

/// Every `href="…"` value of a piece of HTML.
fn hrefs(html: &str) -> Vec<&str> {
    html.match_indices("href=\"")
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            &rest[..rest.find('"').unwrap_or(rest.len())]
        })
        .collect()
}

/// The site file a relative link of `page` (a path under `public/`) points to.
fn resolve(page: &str, href: &str) -> String {
    let href = href.split('#').next().unwrap_or_default();
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Asserts that every relative link of `html` (on `page`) names a file of the built site.
#[track_caller]
fn assert_links_resolve(project: &Project, page: &str, html: &str) {
    for href in hrefs(html) {
        if href.starts_with('#') || href.contains("://") {
            continue;
        }
        let target = resolve(page, href);
        assert!(
            project.path().join("public").join(&target).is_file(),
            "{page}: {href} -> {target} does not exist"
        );
    }
}

/// Removes every tag from a piece of HTML.
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The text of a diff paragraph as one side read it: `old` drops insertions, new drops
/// deletions; the visually-hidden labels are dropped either way.
fn side(diff_text: &str, old: bool) -> String {
    let dropped = if old {
        ("<ins>", "</ins>")
    } else {
        ("<del>", "</del>")
    };
    let mut text = diff_text.to_string();
    for (open, close) in [dropped, ("<span class=\"visually-hidden\">", "</span>")] {
        while let Some(start) = text.find(open) {
            let end = find_from(&text, start, close) + close.len();
            text.replace_range(start..end, "");
        }
    }
    strip_tags(&text)
}

/// The `<p class="diff-text">` of a diff section.
#[track_caller]
fn diff_text(section: &str) -> &str {
    between(section, "<p class=\"diff-text\">", "</p>")
}

/// The kinds of the diff sections of a page, in order (`changed`, `added`, …).
fn section_kinds(html: &str) -> Vec<&str> {
    elements(html, "<section class=\"diff-section diff-", "</section>")
        .into_iter()
        .map(|s| {
            let rest = &s["<section class=\"diff-section diff-".len()..];
            &rest[..rest.find('"').unwrap_or(rest.len())]
        })
        .collect()
}

/// The superseded banner's text (without its link).
#[track_caller]
fn superseded(html: &str) -> &str {
    between(
        html,
        "<div class=\"banner banner-superseded\" role=\"note\"><p>",
        " <a href=",
    )
}

/// Rows of an "as of" page: module title -> what the version cell shows.
fn as_of_rows(html: &str) -> BTreeMap<String, String> {
    elements(html, "<tr><th scope=\"row\">", "</tr>")
        .into_iter()
        .map(|row| {
            (
                between(row, "<th scope=\"row\">", "</th>").to_string(),
                between(row, "</th><td>", "</td>").to_string(),
            )
        })
        .collect()
}

/// `diff` fixture with three releases made by the real command:
/// 1.0.0 as is; 1.1.0 changes words in Scope, renames "Severity" to "Severity tiers" under the
/// same clause id, keeps Escalation, drops Records and adds Appeals; 2.0.0 rewords Appeals.
fn three_releases() -> Project {
    let project = Project::fixture("versions/diff");
    release(&project, &["guide"]);
    edit(
        &project,
        GUIDE,
        "All reported posts",
        "All reported posts and comments",
    );
    edit(
        &project,
        GUIDE,
        "## Severity {#tiers}",
        "## Severity tiers {#tiers}",
    );
    edit(
        &project,
        GUIDE,
        "## Records\n\nKeep notes for a year.\n",
        "## Appeals\n\nUsers may appeal within a week.\n",
    );
    release(
        &project,
        &[
            "guide",
            "--bump",
            "minor",
            "--changes",
            "Appeals added; records dropped.",
        ],
    );
    edit(&project, GUIDE, "within a week.", "within two weeks.");
    release(
        &project,
        &[
            "guide",
            "--bump",
            "major",
            "--changes",
            "Longer appeal window.",
        ],
    );
    project
}

// ---- release ---------------------------------------------------------------------------------

#[test]
fn release_freezes_the_source_translations_and_metadata() {
    let project = Project::fixture("versions/release");
    let source = project.read(GUIDE);
    let translation = project.read("content/policy/guide.ms.md");
    let before = today();
    let run = release(&project, &["guide"]);
    let after = today();
    assert_eq!(
        run.stdout,
        "Released guide 1.0.0 -> versions/guide/1.0.0/\n"
    );
    assert_eq!(
        files_under(&project, "versions"),
        [
            "guide/1.0.0/guide.md",
            "guide/1.0.0/guide.ms.md",
            "guide/1.0.0/release.yaml"
        ]
    );
    assert_eq!(project.read("versions/guide/1.0.0/guide.md"), source);
    assert_eq!(
        project.read("versions/guide/1.0.0/guide.ms.md"),
        translation
    );
    // Without --bump or --changes the live file is left alone.
    assert_eq!(project.read(GUIDE), source);
    let meta = release_meta(&project, "versions/guide/1.0.0");
    assert_eq!(
        meta.keys().map(String::as_str).collect::<Vec<_>>(),
        ["date", "hash", "id", "path", "version"],
        "no effective date or changes in the source, so none recorded: {meta:?}"
    );
    assert_eq!(meta["id"], "guide");
    assert_eq!(meta["version"], "1.0.0");
    assert_eq!(meta["path"], "policy/guide.md");
    assert!(
        meta["date"] == before || meta["date"] == after,
        "date {} is not today ({before})",
        meta["date"]
    );
    assert_eq!(meta["hash"], sha256(&source));
    // A fresh release is clean.
    let diags = json_of(&project, "check", 0);
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn release_records_effective_date_and_changes_from_the_front_matter() {
    let project = Project::fixture("versions/release");
    edit(
        &project,
        GUIDE,
        "summary:",
        "effective: 2026-05-01\nchanges: Scope widened.\nsummary:",
    );
    release(&project, &["guide"]);
    let meta = release_meta(&project, "versions/guide/1.0.0");
    assert_eq!(meta["effective"], "2026-05-01");
    assert_eq!(meta["changes"], "Scope widened.");
}

#[test]
fn bump_and_changes_edit_only_those_front_matter_lines() {
    let project = Project::fixture("versions/release");
    let source = project.read(GUIDE);
    let run = release(
        &project,
        &[
            "guide",
            "--bump",
            "minor",
            "--changes",
            "Scope: now covers comments",
        ],
    );
    assert_eq!(
        run.stdout,
        "Released guide 1.1.0 -> versions/guide/1.1.0/\n"
    );
    let expected = source
        .replace("version: 1.0.0\n", "version: 1.1.0\n")
        .replace(
            "summary: How to triage reports.\n",
            "summary: How to triage reports.\nchanges: 'Scope: now covers comments'\n",
        );
    assert_ne!(expected, source);
    let live = project.read(GUIDE);
    assert_eq!(live, expected);
    assert!(live.contains("# reviewed by the policy team\n"), "{live}");
    // The release holds the edited text, and its hash is that text's.
    assert_eq!(project.read("versions/guide/1.1.0/guide.md"), expected);
    let meta = release_meta(&project, "versions/guide/1.1.0");
    assert_eq!(meta["version"], "1.1.0");
    assert_eq!(meta["changes"], "Scope: now covers comments");
    assert_eq!(meta["hash"], sha256(&expected));
    assert!(project
        .path()
        .join("versions/guide/1.1.0/guide.ms.md")
        .is_file());
    assert!(!project.path().join("versions/guide/1.0.0").exists());

    // Patch and major follow semver from there.
    release(&project, &["guide", "--bump", "patch"]);
    assert!(project.read(GUIDE).contains("\nversion: 1.1.1\n"));
    release(&project, &["guide", "--bump", "major"]);
    assert!(project.read(GUIDE).contains("\nversion: 2.0.0\n"));
    assert_eq!(
        files_under(&project, "versions/guide")
            .iter()
            .filter(|p| p.ends_with("release.yaml"))
            .collect::<Vec<_>>(),
        [
            "1.1.0/release.yaml",
            "1.1.1/release.yaml",
            "2.0.0/release.yaml"
        ]
    );
    // Released, so clean, but the translation (of 1.0.0) is now behind.
    assert_eq!(codes(&json_of(&project, "check", 0)), ["SY0401"]);
}

#[test]
fn hash_ignores_crlf_line_endings() {
    let project = Project::fixture("versions/release");
    let crlf = project.read(GUIDE).replace('\n', "\r\n");
    project.write(GUIDE, &crlf);
    release(&project, &["guide", "--changes", "Windows line endings"]);
    let live = project.read(GUIDE);
    assert!(
        live.contains("changes: Windows line endings\r\n"),
        "the edit keeps CRLF: {live:?}"
    );
    assert_eq!(
        release_meta(&project, "versions/guide/1.0.0")["hash"],
        sha256(&live)
    );
    // The same text with LF endings is not a change.
    project.write(GUIDE, &live.replace("\r\n", "\n"));
    let diags = json_of(&project, "check", 0);
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn releasing_an_existing_version_is_refused_and_writes_nothing() {
    let project = Project::fixture("versions/release");
    release(&project, &["guide"]);
    let versions = tree(&project.path().join("versions"));
    let source = project.read(GUIDE);
    for args in [
        &["release", "guide"][..],
        &["release", "guide", "--changes", "Sneaky edit"][..],
    ] {
        let run = project.run(args).code(1);
        assert!(
            run.stderr.contains(
                "error[SY0504]: guide 1.0.0 is already released (the last release is 1.0.0)"
            ),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("content/policy/guide.md:4:10"),
            "{}",
            run.stderr
        );
        assert_eq!(run.stdout, "");
        assert_eq!(tree(&project.path().join("versions")), versions);
        assert_eq!(project.read(GUIDE), source, "front matter must not change");
    }
    // No staging folder is left behind.
    assert_eq!(files_under(&project, "versions").len(), 3);
}

#[test]
fn release_of_an_unknown_module_is_a_usage_error() {
    let project = Project::fixture("versions/release");
    let run = project.run(&["release", "nope"]).code(2);
    assert!(
        run.stderr.contains("there is no module `nope`"),
        "{}",
        run.stderr
    );
    project.run(&["release"]).code(2);
    project.run(&["release", "guide", "--all"]).code(2);
    assert!(!project.path().join("versions").exists());
}

#[test]
fn release_all_releases_only_what_changed() {
    let project = Project::fixture("versions/release");
    let run = release(&project, &["--all"]);
    assert_eq!(
        run.stdout,
        "Released checklist 0.3.0 -> versions/checklist/0.3.0/\n\
         Released guide 1.0.0 -> versions/guide/1.0.0/\n"
    );
    let first = tree(&project.path().join("versions"));
    assert_eq!(first.len(), 5, "{:?}", first.keys());

    // Nothing changed: nothing to do.
    let run = release(&project, &["--all"]);
    assert_eq!(
        run.stdout,
        "Nothing to release: every module matches its last release.\n"
    );
    assert_eq!(tree(&project.path().join("versions")), first);

    // A changed module still at its released version gets a patch bump; the other stays.
    edit(
        &project,
        GUIDE,
        "All reported posts.",
        "All reported posts and comments.",
    );
    assert_eq!(codes(&json_of(&project, "check", 1)), ["SY0501"]);
    let run = release(&project, &["--all"]);
    assert_eq!(
        run.stdout,
        "Released guide 1.0.1 -> versions/guide/1.0.1/\n"
    );
    assert!(project.read(GUIDE).contains("\nversion: 1.0.1\n"));
    assert_eq!(
        files_under(&project, "versions/checklist"),
        ["0.3.0/checklist.md", "0.3.0/release.yaml"]
    );

    // A module bumped by hand is released at the version it says.
    edit(
        &project,
        "content/policy/checklist.md",
        "version: 0.3.0",
        "version: 0.4.0",
    );
    edit(
        &project,
        "content/policy/checklist.md",
        "Open the queue.",
        "Open the queue and the inbox.",
    );
    let run = release(&project, &["--all"]);
    assert_eq!(
        run.stdout,
        "Released checklist 0.4.0 -> versions/checklist/0.4.0/\n"
    );
    let diags = json_of(&project, "check", 0);
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn release_all_bump_applies_only_to_modules_still_at_their_release() {
    let project = Project::fixture("versions/release");
    release(&project, &["guide"]);
    // guide: changed, still 1.0.0 -> gets the bump. checklist: never released -> 0.3.0 as is.
    edit(
        &project,
        GUIDE,
        "All reported posts.",
        "All reported posts and comments.",
    );
    let run = release(&project, &["--all", "--bump", "minor"]);
    assert_eq!(
        run.stdout,
        "Released checklist 0.3.0 -> versions/checklist/0.3.0/\n\
         Released guide 1.1.0 -> versions/guide/1.1.0/\n"
    );
    // checklist bumped by hand to 0.5.0 -> released as 0.5.0, not 0.6.0.
    edit(
        &project,
        "content/policy/checklist.md",
        "version: 0.3.0",
        "version: 0.5.0",
    );
    let run = release(&project, &["--all", "--bump", "minor"]);
    assert_eq!(
        run.stdout,
        "Released checklist 0.5.0 -> versions/checklist/0.5.0/\n"
    );
}

#[test]
fn release_refuses_when_the_project_has_other_errors() {
    let project = Project::fixture("versions/release");
    project.write(
        "content/policy/broken.md",
        "---\ntitle: Broken\nkind: checklist\nversion: 1.0.0\n---\n",
    );
    for args in [&["release", "--all"][..], &["release", "guide"][..]] {
        let run = project.run(args).code(1);
        assert!(
            run.stderr.starts_with("Fix these errors before releasing:"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("SY0106"), "{}", run.stderr);
        assert!(!project.path().join("versions").exists());
    }
}

// ---- release checks ----------------------------------------------------------------------------

#[test]
fn changed_without_bump_is_caught_at_the_version_and_fixed_by_a_release() {
    let project = Project::fixture("versions/release");
    release(&project, &["guide"]);
    edit(
        &project,
        GUIDE,
        "All reported posts.",
        "All reported posts and comments.",
    );
    for command in ["check", "build"] {
        let diags = json_of(&project, command, 1);
        assert_eq!(diags.len(), 1, "{diags:#?}");
        assert_diag(
            &diags[0],
            "SY0501",
            "content/policy/guide.md",
            4,
            10,
            "changed since 1.0.0 but still says 1.0.0",
        );
        assert!(
            diags[0]["help"]
                .as_str()
                .unwrap_or_default()
                .contains("syllabus release guide --bump patch"),
            "{}",
            diags[0]
        );
    }
    let run = release(&project, &["guide", "--bump", "patch"]);
    assert_eq!(
        run.stdout,
        "Released guide 1.0.1 -> versions/guide/1.0.1/\n"
    );
    assert!(json_of(&project, "check", 0).is_empty());
    project.run(&["build"]).code(0);
}

#[test]
fn version_behind_the_last_release_is_an_error() {
    let project = Project::fixture("versions/release");
    release(&project, &["guide", "--bump", "minor"]);
    edit(&project, GUIDE, "version: 1.1.0", "version: 1.0.9");
    let diags = json_of(&project, "check", 1);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_diag(
        &diags[0],
        "SY0502",
        "content/policy/guide.md",
        4,
        10,
        "version 1.0.9 is lower than the last release, 1.1.0",
    );
    // Releasing is refused too: this is not a changed-without-bump.
    project.run(&["release", "--all"]).code(1);
}

#[test]
fn corrupt_release_yaml_is_reported_at_the_release() {
    let project = Project::fixture("versions/release");
    release(&project, &["guide"]);
    let meta = "versions/guide/1.0.0/release.yaml";
    let good = project.read(meta);
    let broken = [
        good.replace("version: 1.0.0", "version: [1.0.0"),
        good.replace("date: ", "released: "),
        good.replace("version: 1.0.0", "version: one"),
        good.replace("version: 1.0.0", "version: 1.0.1"),
    ];
    for text in &broken {
        project.write(meta, text);
        let diags = json_of(&project, "check", 1);
        assert_eq!(codes(&diags), ["SY0503"], "{text}\n{diags:#?}");
        assert_eq!(
            diags[0]["path"].as_str(),
            Some("versions/guide/1.0.0/release.yaml"),
            "{text}\n{diags:#?}"
        );
        project.run(&["build"]).code(1);
    }
    // A release folder without its metadata file.
    std::fs::remove_file(project.path().join(meta)).unwrap_or_else(|e| panic!("{e}"));
    let diags = json_of(&project, "check", 1);
    assert_eq!(codes(&diags), ["SY0503"], "{diags:#?}");
}

// ---- history and diffs -----------------------------------------------------------------------

#[test]
fn history_lists_releases_newest_first_with_diff_links() {
    let project = three_releases();
    project.run(&["build"]).code(0);
    let page = "en/guide/history/index.html";
    let html = project.read(&format!("public/{page}"));
    let main = main_of(&html);
    assert!(
        main.contains("<h1>Triage guide: version history</h1>"),
        "{main}"
    );
    let rows = elements(main, "<tr><th scope=\"row\">", "</tr>");
    assert_eq!(rows.len(), 3, "{main}");
    let day = today();
    let expected = [
        (
            "../v2.0.0/index.html\">2.0.0</a>",
            "Longer appeal window.",
            Some("../diff/1.1.0-to-2.0.0/index.html"),
        ),
        (
            "../v1.1.0/index.html\">1.1.0</a>",
            "Appeals added; records dropped.",
            Some("../diff/1.0.0-to-1.1.0/index.html"),
        ),
        ("../v1.0.0/index.html\">1.0.0</a>", "", None),
    ];
    for (row, (version, changes, diff)) in rows.iter().zip(expected) {
        assert!(row.contains(version), "{row}");
        assert!(row.contains(&format!("<time datetime=\"{day}\">")), "{row}");
        assert!(row.contains(&format!("<td>{changes}</td>")), "{row}");
        match diff {
            Some(href) => assert!(
                row.ends_with(&format!(
                    "<td><a href=\"{href}\">What changed</a></td></tr>"
                )),
                "{row}"
            ),
            None => assert!(row.ends_with("<td></td></tr>"), "{row}"),
        }
    }
    // Every pair can be compared.
    let compare = between(main, "<ul class=\"compare-list\"", "</ul>");
    assert_in_order(
        compare,
        &[
            "<a href=\"../diff/1.0.0-to-1.1.0/index.html\">1.0.0 → 1.1.0</a>",
            "<a href=\"../diff/1.0.0-to-2.0.0/index.html\">1.0.0 → 2.0.0</a>",
            "<a href=\"../diff/1.1.0-to-2.0.0/index.html\">1.1.0 → 2.0.0</a>",
        ],
    );
    assert!(main.contains("<a href=\"../index.html\">Read the current version</a>"));
    assert_links_resolve(&project, page, main);
}

#[test]
fn every_pair_of_releases_has_a_diff_page_in_every_locale() {
    let project = three_releases();
    project.write(
        "syllabus.yaml",
        &format!(
            "{}  - {{ code: ms, name: Bahasa Melayu }}\n",
            project.read("syllabus.yaml")
        ),
    );
    project.run(&["build"]).code(0);
    for locale in ["en", "ms"] {
        let pages: Vec<String> = files_under(&project, &format!("public/{locale}/guide"));
        assert_eq!(
            pages,
            [
                "diff/1.0.0-to-1.1.0/index.html",
                "diff/1.0.0-to-2.0.0/index.html",
                "diff/1.1.0-to-2.0.0/index.html",
                "history/index.html",
                "index.html",
                "v1.0.0/index.html",
                "v1.1.0/index.html",
                "v2.0.0/index.html",
            ],
            "{locale}"
        );
        for diff in &pages[..3] {
            let page = format!("{locale}/guide/{diff}");
            let html = project.read(&format!("public/{page}"));
            assert_links_resolve(&project, &page, main_of(&html));
        }
    }
}

#[test]
fn diff_page_shows_added_removed_changed_and_renamed_sections() {
    let project = three_releases();
    project.run(&["build"]).code(0);
    let html = project.read("public/en/guide/diff/1.0.0-to-1.1.0/index.html");
    let main = main_of(&html);
    assert_eq!(
        section_kinds(main),
        ["changed", "changed", "added", "removed"],
        "{main}"
    );
    let sections = elements(main, "<section class=\"diff-section", "</section>");

    // Scope: words changed.
    let scope = sections[0];
    assert!(
        scope.contains(
            "Changed section:</span> <a href=\"../../v1.1.0/index.html#scope\">Scope</a></h2>"
        ),
        "{scope}"
    );
    assert!(!scope.contains("diff-renamed"), "{scope}");
    assert_eq!(
        diff_text(scope),
        "All reported posts <ins><span class=\"visually-hidden\">[added: </span>and comments \
         <span class=\"visually-hidden\">]</span></ins>in the queue."
    );
    assert_eq!(
        side(diff_text(scope), true),
        "All reported posts in the queue."
    );
    assert_eq!(
        side(diff_text(scope), false),
        "All reported posts and comments in the queue."
    );

    // Severity -> Severity tiers under the same clause id: one change, not removed + added.
    let tiers = sections[1];
    assert!(
        tiers.contains("<a href=\"../../v1.1.0/index.html#tiers\">Severity tiers</a></h2>"),
        "{tiers}"
    );
    assert!(
        tiers.contains("<p class=\"diff-renamed\">Renamed; was: Severity</p>"),
        "{tiers}"
    );
    assert_eq!(diff_text(tiers), "Tier one removes the post.");
    assert_eq!(main.matches("Severity").count(), 2, "{main}");

    // Appeals added, Records removed (no link: it is not in the newer version).
    let added = sections[2];
    assert!(
        added.contains(
            "Added section:</span> <a href=\"../../v1.1.0/index.html#appeals\">Appeals</a>"
        ),
        "{added}"
    );
    assert_eq!(side(diff_text(added), true), "");
    assert_eq!(
        side(diff_text(added), false),
        "Users may appeal within a week."
    );
    let removed = sections[3];
    assert!(
        removed.contains("<span class=\"diff-label\">Removed section:</span> Records</h2>"),
        "{removed}"
    );
    assert_eq!(
        diff_text(removed),
        "<del><span class=\"visually-hidden\">[removed: </span>Keep notes for a year.\
         <span class=\"visually-hidden\">]</span></del>"
    );
    assert_eq!(side(diff_text(removed), false), "");

    assert!(
        main.contains("<p class=\"diff-unchanged\">Unchanged: Escalation</p>"),
        "{main}"
    );
    assert!(main.contains(
        "<p class=\"changes\"><strong>What changed in 1.1.0:</strong> Appeals added; records dropped.</p>"
    ));
    insta::assert_snapshot!("diff_page_main", main);
}

#[test]
fn diff_page_marks_removed_and_added_words() {
    let project = three_releases();
    project.run(&["build"]).code(0);
    let html = project.read("public/en/guide/diff/1.1.0-to-2.0.0/index.html");
    let main = main_of(&html);
    assert_eq!(section_kinds(main), ["changed"], "{main}");
    let text = diff_text(main);
    assert!(
        text.contains("<del><span class=\"visually-hidden\">[removed: </span>"),
        "{text}"
    );
    assert!(
        text.contains("<ins><span class=\"visually-hidden\">[added: </span>"),
        "{text}"
    );
    assert!(text.starts_with("Users may appeal within "), "{text}");
    assert_eq!(side(text, true), "Users may appeal within a week.");
    assert_eq!(side(text, false), "Users may appeal within two weeks.");
    assert!(
        main.contains(
            "<p class=\"diff-unchanged\">Unchanged: Scope, Severity tiers, Escalation</p>"
        ),
        "{main}"
    );
    // Across two releases the changes add up.
    let html = project.read("public/en/guide/diff/1.0.0-to-2.0.0/index.html");
    let main = main_of(&html);
    assert_eq!(
        section_kinds(main),
        ["changed", "changed", "added", "removed"],
        "{main}"
    );
    assert!(
        main.contains("Users may appeal within two weeks."),
        "{main}"
    );
}

#[test]
fn diff_matches_repeated_headings_in_order() {
    let project = Project::fixture("versions/diff");
    project.write(
        GUIDE,
        "---\ntitle: Triage guide\nkind: sop\nversion: 1.0.0\n---\n\n## Tier one\n\n### Examples\n\nAlpha.\n\n## Tier two\n\n### Examples\n\nBeta.\n",
    );
    release(&project, &["guide"]);
    edit(&project, GUIDE, "Beta.", "Gamma.");
    release(&project, &["guide", "--bump", "patch"]);
    project.run(&["build"]).code(0);
    let html = project.read("public/en/guide/diff/1.0.0-to-1.0.1/index.html");
    let main = main_of(&html);
    // Only the second "Examples" changed, from Beta to Gamma; nothing was removed.
    assert_eq!(section_kinds(main), ["changed"], "{main}");
    assert_eq!(side(diff_text(main), true), "Beta.");
    assert_eq!(side(diff_text(main), false), "Gamma.");
}

// ---- module pages: switcher and banners --------------------------------------------------------

#[test]
fn latest_page_has_a_version_switcher_and_history_link() {
    let project = Project::fixture("versions/dated");
    project.run(&["build"]).code(0);
    let html = project.read("public/en/guide/index.html");
    let nav = between(&html, "<nav class=\"versions\"", "</nav>");
    assert_eq!(
        hrefs(nav),
        ["index.html", "v1.0.0/index.html", "history/index.html"],
        "{nav}"
    );
    assert!(
        nav.contains("<a href=\"index.html\" aria-current=\"page\">1.1.0</a>"),
        "{nav}"
    );
    assert!(!html.contains("banner-superseded"));
    assert_links_resolve(&project, "en/guide/index.html", nav);
    // A module never released has neither.
    let always = project.read("public/en/always/index.html");
    assert!(!always.contains("<nav class=\"versions\""), "{always}");
    assert!(!always.contains("history/index.html"), "{always}");
    assert!(!project.path().join("public/en/always/history").exists());
}

#[test]
fn superseded_banners_name_the_newer_version() {
    let project = Project::fixture("versions/dated");
    project.run(&["build"]).code(0);
    let old = project.read("public/en/guide/v1.0.0/index.html");
    // Superseded on the newer release's effective date, not its release date.
    assert_eq!(
        superseded(&old),
        "You are reading version 1.0.0, superseded on 15 March 2026 by version 1.1.0."
    );
    assert!(old.contains("<a href=\"../index.html\">Read the current version</a></p></div>"));
    let nav = between(&old, "<nav class=\"versions\"", "</nav>");
    assert!(
        nav.contains("<a href=\"index.html\" aria-current=\"page\">1.0.0</a>"),
        "{nav}"
    );
    assert!(
        old.contains("All reported posts.") && !old.contains("Users may appeal."),
        "the release page shows the released text"
    );
    let current = project.read("public/en/guide/v1.1.0/index.html");
    assert_eq!(
        superseded(&current),
        "You are reading release 1.1.0, the current version."
    );

    // A newer text, not yet released.
    edit(&project, GUIDE, "version: 1.1.0", "version: 1.2.0");
    edit(
        &project,
        GUIDE,
        "Users may appeal.",
        "Users may appeal twice.",
    );
    project.run(&["build"]).code(0);
    let behind = project.read("public/en/guide/v1.1.0/index.html");
    assert_eq!(
        superseded(&behind),
        "You are reading version 1.1.0; version 1.2.0 is current."
    );
    let old = project.read("public/en/guide/v1.0.0/index.html");
    assert_eq!(
        superseded(&old),
        "You are reading version 1.0.0, superseded on 15 March 2026 by version 1.1.0."
    );
    let latest = project.read("public/en/guide/index.html");
    let nav = between(&latest, "<nav class=\"versions\"", "</nav>");
    assert_in_order(
        nav,
        &[
            "<a href=\"index.html\" aria-current=\"page\">1.2.0</a>",
            "<a href=\"v1.1.0/index.html\">1.1.0</a>",
            "<a href=\"v1.0.0/index.html\">1.0.0</a>",
        ],
    );
}

// ---- as-of pages -------------------------------------------------------------------------------

#[test]
fn as_of_pages_show_the_release_in_force() {
    let project = Project::fixture("versions/dated");
    let dates = [
        "2026-01-15",
        "2026-02-01",
        "2026-03-10",
        "2026-03-15",
        "2026-06-01",
    ];
    let mut args = vec!["build"];
    for d in &dates {
        args.extend(["--as-of", d]);
    }
    project.run(&args).code(0);
    let not = "not yet in force";
    let link = |href: &str, v: &str| format!("<a href=\"../../{href}/index.html\">{v}</a>");
    let expect = |guide: String, checklist: String, later: String| {
        BTreeMap::from([
            ("Daily checklist".to_string(), checklist),
            ("Later policy".to_string(), later),
            ("Standing policy".to_string(), link("always", "2.0.0")),
            ("Triage guide".to_string(), guide),
        ])
    };
    let cases = [
        // Before any release is in force; a never-released module without a date is.
        ("2026-01-15", expect(not.into(), not.into(), not.into())),
        // On guide 1.0.0's effective date.
        (
            "2026-02-01",
            expect(link("guide/v1.0.0", "1.0.0"), not.into(), not.into()),
        ),
        // guide 1.1.0 is released but not yet effective; checklist counts from its release date.
        (
            "2026-03-10",
            expect(
                link("guide/v1.0.0", "1.0.0"),
                link("checklist/v1.0.0", "1.0.0"),
                not.into(),
            ),
        ),
        (
            "2026-03-15",
            expect(
                link("guide/v1.1.0", "1.1.0"),
                link("checklist/v1.0.0", "1.0.0"),
                not.into(),
            ),
        ),
        // A never-released module in force from its effective date, at its current version.
        (
            "2026-06-01",
            expect(
                link("guide/v1.1.0", "1.1.0"),
                link("checklist/v1.0.0", "1.0.0"),
                link("later", "0.9.0"),
            ),
        ),
    ];
    for (date, expected) in cases {
        let page = format!("en/as-of/{date}/index.html");
        let html = project.read(&format!("public/{page}"));
        assert_eq!(as_of_rows(main_of(&html)), expected, "{date}");
        assert_links_resolve(&project, &page, main_of(&html));
        assert!(
            project
                .path()
                .join(format!("public/ms/as-of/{date}/index.html"))
                .is_file(),
            "ms {date}"
        );
    }
    let first = project.read("public/en/as-of/2026-02-01/index.html");
    assert!(first.contains("<h1>Versions in force on 1 February 2026</h1>"));
    assert!(
        first.contains("1.0.0</a></td><td>1 February 2026</td>"),
        "effective date shown: {first}"
    );
    assert_eq!(
        files_under(&project, "public/en/as-of"),
        dates
            .iter()
            .map(|d| format!("{d}/index.html"))
            .collect::<Vec<_>>()
    );
    // Without --as-of there are no such pages.
    project.run(&["build"]).code(0);
    assert!(!project.path().join("public/en/as-of").exists());
}

// ---- what's new and the feed -------------------------------------------------------------------

#[test]
fn whats_new_lists_releases_newest_first() {
    let project = Project::fixture("versions/dated");
    project.run(&["build"]).code(0);
    let page = "en/whats-new/index.html";
    let html = project.read(&format!("public/{page}"));
    let main = main_of(&html);
    let items: Vec<(String, &str)> = elements(main, "<li class=\"news-item\"", "</li>")
        .into_iter()
        .map(|li| {
            (
                strip_tags(between(li, "<h2 class=\"news-title\">", "</h2>")),
                between(li, "<li class=\"news-item\" ", ">"),
            )
        })
        .collect();
    // By date, then module id: checklist and guide 1.1.0 share 2026-03-05.
    assert_eq!(
        items,
        [
            (
                "Daily checklist 1.0.0".to_string(),
                "data-area=\"wellbeing\" data-regions=\"DE\""
            ),
            (
                "Triage guide 1.1.0".to_string(),
                "data-area=\"hate-speech\" data-regions=\"MY\""
            ),
            (
                "Triage guide 1.0.0".to_string(),
                "data-area=\"hate-speech\" data-regions=\"MY\""
            ),
        ]
    );
    assert!(main.contains(
        "<time datetime=\"2026-03-05\">released 5 March 2026</time> · Hate speech · \
         <a href=\"../guide/diff/1.0.0-to-1.1.0/index.html\">What changed</a>"
    ));
    assert!(main.contains("<p>Added the appeals step.</p>"));
    assert!(main.contains("<a href=\"../feed.xml\" type=\"application/atom+xml\">"));
    assert_links_resolve(&project, page, main);
}

#[test]
fn atom_feed_parses_and_links_to_release_pages() {
    let project = Project::fixture("versions/dated");
    project.run(&["build"]).code(0);
    for locale in ["en", "ms"] {
        let feed_path = format!("{locale}/feed.xml");
        let bytes = std::fs::read(project.path().join("public").join(&feed_path))
            .unwrap_or_else(|e| panic!("{feed_path}: {e}"));
        let feed = feed_rs::parser::parse(bytes.as_slice())
            .unwrap_or_else(|e| panic!("{feed_path} does not parse: {e}"));
        let titles: Vec<String> = feed
            .entries
            .iter()
            .map(|e| {
                e.title
                    .as_ref()
                    .map_or(String::new(), |t| t.content.clone())
            })
            .collect();
        assert_eq!(
            titles,
            [
                "Daily checklist 1.0.0",
                "Triage guide 1.1.0",
                "Triage guide 1.0.0"
            ],
            "{feed_path}"
        );
        let updated: Vec<String> = feed
            .entries
            .iter()
            .map(|e| {
                e.updated
                    .map_or(String::new(), |d| d.format("%Y-%m-%d").to_string())
            })
            .collect();
        assert_eq!(updated, ["2026-03-05", "2026-03-05", "2026-01-10"]);
        let summaries: Vec<Option<String>> = feed
            .entries
            .iter()
            .map(|e| e.summary.as_ref().map(|s| s.content.clone()))
            .collect();
        assert_eq!(
            summaries,
            [
                None,
                Some("Added the appeals step.".to_string()),
                Some("First release.".to_string())
            ]
        );
        let mut ids: Vec<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
        ids.dedup();
        assert_eq!(ids.len(), 3, "entry ids are unique: {ids:?}");
        let links: Vec<String> = feed
            .entries
            .iter()
            .flat_map(|e| e.links.iter().map(|l| l.href.clone()))
            .collect();
        assert_eq!(
            links,
            [
                "checklist/v1.0.0/index.html",
                "guide/v1.1.0/index.html",
                "guide/v1.0.0/index.html"
            ]
        );
        for href in links.iter().chain(feed.links.iter().map(|l| &l.href)) {
            let target = resolve(&feed_path, href);
            assert!(
                project.path().join("public").join(&target).is_file(),
                "{feed_path}: {href} -> {target}"
            );
        }
        assert_eq!(
            feed.updated
                .map(|d| d.format("%Y-%m-%d").to_string())
                .as_deref(),
            Some("2026-03-05")
        );
    }
}

#[test]
fn feed_without_releases_is_empty_but_valid() {
    let project = Project::fixture("versions/release");
    project.run(&["build"]).code(0);
    let bytes =
        std::fs::read(project.path().join("public/en/feed.xml")).unwrap_or_else(|e| panic!("{e}"));
    let feed = feed_rs::parser::parse(bytes.as_slice()).unwrap_or_else(|e| panic!("{e}"));
    assert!(feed.entries.is_empty());
    let html = project.read("public/en/whats-new/index.html");
    assert!(!html.contains("news-item"), "{html}");
}

// ---- refresher ---------------------------------------------------------------------------------

const SOP: &str = "content/hate-speech/hs-sop.md";
const REFRESHER: &str = "content/hate-speech/hs-sop-refresher-1-0-0-to-1-1-0.md";

/// `refresher` fixture released at 1.0.0 and at 1.1.0 (Scope reworded, Severity renamed and
/// reworded under its clause id, Records dropped, Appeals added).
fn refresher_project() -> Project {
    let project = Project::fixture("versions/refresher");
    release(&project, &["hs-sop"]);
    edit(
        &project,
        SOP,
        "Attacks on people",
        "Attacks and threats on people",
    );
    edit(
        &project,
        SOP,
        "## Severity {#hs-tiers}\n\nTier one: remove the post.",
        "## Severity tiers {#hs-tiers}\n\nTier one: remove the post and warn the author.",
    );
    edit(
        &project,
        SOP,
        "## Records\n\nKeep notes for a year.\n",
        "## Appeals\n\nUsers may appeal.\n",
    );
    release(
        &project,
        &[
            "hs-sop",
            "--bump",
            "minor",
            "--changes",
            "Tiers renamed; appeals added.",
        ],
    );
    project
}

#[test]
fn refresher_explains_the_changed_sections_and_builds() {
    let project = refresher_project();
    let run = project
        .run(&["refresher", "hs-sop", "--from", "1.0.0"])
        .code(0);
    assert!(
        run.stdout.contains(
            "hs-sop-refresher-1-0-0-to-1-1-0.md (module `hs-sop-refresher-1-0-0-to-1-1-0`)"
        ),
        "{}",
        run.stdout
    );
    let text = project.read(REFRESHER);
    let (front, body) = text
        .strip_prefix("---\n")
        .and_then(|t| t.split_once("\n---\n"))
        .unwrap_or_else(|| panic!("no front matter:\n{text}"));
    let fm: BTreeMap<String, serde_yaml::Value> =
        serde_yaml::from_str(front).unwrap_or_else(|e| panic!("{e}\n{front}"));
    let s = |k: &str| fm.get(k).and_then(|v| v.as_str()).unwrap_or_default();
    assert_eq!(s("id"), "hs-sop-refresher-1-0-0-to-1-1-0");
    assert_eq!(s("kind"), "briefing");
    assert_eq!(
        s("title"),
        "What changed: Hate speech: triage SOP (1.0.0 → 1.1.0)"
    );
    assert_eq!(s("policy_area"), "hate-speech");
    let list = |k: &str| -> Vec<String> {
        serde_yaml::from_value(fm.get(k).cloned().unwrap_or_default()).unwrap_or_default()
    };
    assert_eq!(list("audience"), ["refresher"]);
    assert_eq!(list("regions"), ["MY"]);
    assert_eq!(list("content_warnings"), ["hate speech"]);
    assert!(
        s("summary").contains("certified on version 1.0.0"),
        "{front}"
    );

    assert_in_order(
        body,
        &[
            "## What changed {#what-changed}\n\nTiers renamed; appeals added.\n",
            "## Scope (changed)\n\nAttacks <ins>and threats </ins>on people",
            "[Read this section in the current version](module:hs-sop#x-scope)",
            "## Severity tiers (changed)\n\n*Renamed; was: Severity*\n\n",
            "Tier one: remove the <del>post.</del><ins>post and warn the author.</ins>",
            "(module:hs-sop#hs-tiers)",
            "## Appeals (new section)\n\n<ins>Users may appeal.</ins>",
            "## Records (removed section)\n\n<del>Keep notes for a year.</del>",
        ],
    );
    assert!(!body.contains("Scope (changed)\n\n*Renamed"), "{body}");
    let removed = &body[find_from(body, 0, "## Records (removed section)")..];
    assert!(
        !removed.contains("module:"),
        "no link to a removed section: {removed}"
    );

    // It is an ordinary module: the site builds without a single diagnostic.
    let run = project.run(&["build", "--format", "json"]).code(0);
    assert!(run.json().is_empty(), "{}", run.stderr);
    let page = project.read("public/en/hs-sop-refresher-1-0-0-to-1-1-0/index.html");
    assert!(page.contains("<del>Keep notes for a year.</del>"), "{page}");
    assert!(json_of(&project, "check", 0).is_empty());
}

#[test]
fn refresher_to_the_current_text_uses_its_version() {
    let project = refresher_project();
    edit(&project, SOP, "version: 1.1.0", "version: 1.2.0");
    edit(&project, SOP, "Users may appeal.", "Users may appeal once.");
    project
        .run(&["refresher", "hs-sop", "--from", "1.1.0"])
        .code(0);
    let text = project.read("content/hate-speech/hs-sop-refresher-1-1-0-to-1-2-0.md");
    assert!(text.contains("## Appeals (changed)"), "{text}");
    assert!(!text.contains("## Scope"), "only changed sections: {text}");
    project.run(&["build"]).code(0);
}

#[test]
fn refresher_refuses_to_overwrite_without_force() {
    let project = refresher_project();
    project
        .run(&["refresher", "hs-sop", "--from", "1.0.0", "--to", "1.1.0"])
        .code(0);
    let written = project.read(REFRESHER);
    project.write(
        REFRESHER,
        &written.replace("Tiers renamed", "Edited by hand"),
    );
    let edited = project.read(REFRESHER);
    let run = project
        .run(&["refresher", "hs-sop", "--from", "1.0.0"])
        .code(1);
    assert!(
        run.stderr.contains("the refresher already exists"),
        "{}",
        run.stderr
    );
    assert_eq!(project.read(REFRESHER), edited);
    project
        .run(&["refresher", "hs-sop", "--from", "1.0.0", "--force"])
        .code(0);
    assert_eq!(project.read(REFRESHER), written);
}

#[test]
fn refresher_rejects_unknown_versions() {
    let project = refresher_project();
    let run = project
        .run(&["refresher", "hs-sop", "--from", "0.9.0"])
        .code(2);
    assert!(
        run.stderr
            .contains("`hs-sop` has no release 0.9.0 (releases: 1.0.0, 1.1.0)"),
        "{}",
        run.stderr
    );
    let run = project
        .run(&["refresher", "hs-sop", "--from", "1.0.0", "--to", "3.0.0"])
        .code(2);
    assert!(
        run.stderr.contains("`hs-sop` has no release 3.0.0"),
        "{}",
        run.stderr
    );
    project
        .run(&["refresher", "hs-sop", "--from", "1.1.0", "--to", "1.0.0"])
        .code(2);
    project
        .run(&["refresher", "nope", "--from", "1.0.0"])
        .code(2);
    project
        .run(&["refresher", "hs-sop", "--from", "one"])
        .code(2);
    let refreshers: Vec<String> = files_under(&project, "content")
        .into_iter()
        .filter(|p| p.contains("refresher"))
        .collect();
    assert!(refreshers.is_empty(), "{refreshers:?}");
}

#[test]
fn refresher_names_a_changed_introduction() {
    let project = Project::fixture("versions/refresher");
    edit(
        &project,
        SOP,
        "---\n\n## Scope",
        "---\n\nRead this first.\n\n## Scope",
    );
    release(&project, &["hs-sop"]);
    edit(
        &project,
        SOP,
        "Read this first.",
        "Read this first, always.",
    );
    release(&project, &["hs-sop", "--bump", "patch"]);
    project
        .run(&["refresher", "hs-sop", "--from", "1.0.0"])
        .code(0);
    let text = project.read("content/hate-speech/hs-sop-refresher-1-0-0-to-1-0-1.md");
    assert!(text.contains("\n## Introduction (changed)\n"), "{text}");
    assert!(!text.contains("\n##  ("), "{text}");
}

#[test]
fn refresher_to_an_older_release_builds() {
    let project = refresher_project();
    // 2.0.0 drops Appeals, which 1.1.0 added.
    edit(&project, SOP, "## Appeals\n\nUsers may appeal.\n", "");
    release(&project, &["hs-sop", "--bump", "major"]);
    project
        .run(&["refresher", "hs-sop", "--from", "1.0.0", "--to", "1.1.0"])
        .code(0);
    let run = project.run(&["build", "--format", "json"]).code(0);
    assert!(run.json().is_empty(), "{}", run.stderr);
}

// ---- stale translations ------------------------------------------------------------------------

#[test]
fn stale_translation_names_the_sections_changed_since_its_release() {
    let project = Project::fixture("versions/stale-translation");
    release(&project, &["guide"]);
    assert!(project
        .path()
        .join("versions/guide/1.0.0/guide.ms.md")
        .is_file());
    edit(&project, GUIDE, "Tier one removes", "Tier one hides");
    edit(
        &project,
        GUIDE,
        "## Records",
        "## Appeals\n\nUsers may appeal.\n\n## Records",
    );
    release(&project, &["guide", "--bump", "minor"]);
    let diags = json_of(&project, "check", 0);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_diag(
        &diags[0],
        "SY0401",
        "content/policy/guide.ms.md",
        2,
        17,
        "the Bahasa Melayu translation of `guide` is of version 1.0.0, but the source is now \
         1.1.0; sections changed since 1.0.0: Severity, Appeals",
    );
    let run = project.run(&["build"]).code(0);
    assert!(run.stderr.contains("SY0401"), "{}", run.stderr);
    let html = project.read("public/ms/guide/index.html");
    let banner = between(&html, "<div class=\"banner banner-stale\"", "</div>");
    assert!(
        banner.contains("<span lang=\"en\">Severity, Appeals</span>"),
        "{banner}"
    );
}

#[test]
fn stale_translation_without_the_release_stored_names_no_sections() {
    let project = Project::fixture("versions/stale-translation");
    edit(&project, GUIDE, "version: 1.0.0", "version: 1.1.0");
    edit(&project, GUIDE, "Tier one removes", "Tier one hides");
    let diags = json_of(&project, "check", 0);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_diag(
        &diags[0],
        "SY0401",
        "content/policy/guide.ms.md",
        2,
        17,
        "the Bahasa Melayu translation of `guide` is of version 1.0.0, but the source is now 1.1.0",
    );
    project.run(&["build"]).code(0);
    let html = project.read("public/ms/guide/index.html");
    let banner = between(&html, "<div class=\"banner banner-stale\"", "</div>");
    assert!(!banner.contains("<span lang=\"en\">"), "{banner}");
}

// ---- determinism -------------------------------------------------------------------------------

#[test]
fn builds_with_releases_are_byte_identical() {
    for project in [Project::fixture("versions/dated"), three_releases()] {
        let args = |out: &'static str| {
            [
                "build",
                "--out",
                out,
                "--as-of",
                "2026-03-10",
                "--as-of",
                "2026-06-01",
            ]
        };
        project.run(&args("one")).code(0);
        project
            .run_with_env(&args("two"), &[("RAYON_NUM_THREADS", "1")])
            .code(0);
        let one = tree(&project.path().join("one"));
        let two = tree(&project.path().join("two"));
        assert_eq!(
            one.keys().collect::<Vec<_>>(),
            two.keys().collect::<Vec<_>>()
        );
        assert!(one.keys().any(|p| p.contains("/diff/")));
        for (path, bytes) in &one {
            assert!(
                two.get(path) == Some(bytes),
                "{path} differs between builds"
            );
        }
    }
}

/// The fixture's hand-written release folders are consistent with the live text.
#[test]
fn dated_fixture_is_clean() {
    let project = Project::fixture("versions/dated");
    let diags = json_of(&project, "check", 0);
    assert!(diags.is_empty(), "{diags:#?}");
    for folder in ["guide/1.1.0", "checklist/1.0.0"] {
        let meta = release_meta(&project, &format!("versions/{folder}"));
        let file = format!(
            "versions/{folder}/{}",
            meta["path"].trim_start_matches("policy/")
        );
        assert_eq!(meta["hash"], sha256(&project.read(&file)), "{folder}");
    }
    assert!(project.path().join("versions/guide/1.0.0").is_dir());
}
