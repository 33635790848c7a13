use super::*;

fn scan_str(text: &str) -> Scan {
    let source = Arc::new(SourceText {
        path: "content/a/m.md".into(),
        text: text.to_string(),
    });
    scan(&source, 0, "a/m.md")
}

fn anchors(text: &str) -> Vec<String> {
    scan_str(text)
        .headings
        .into_iter()
        .map(|h| h.anchor)
        .collect()
}

#[test]
fn slugs_are_unicode_aware() {
    assert_eq!(
        slugify("Severity tiers & actions"),
        "severity-tiers-actions"
    );
    assert_eq!(
        slugify("Ujaran kebencian: konteks"),
        "ujaran-kebencian-konteks"
    );
    assert_eq!(slugify("日本の文脈"), "日本の文脈");
    assert_eq!(slugify("Çà et là"), "çà-et-là");
    assert_eq!(slugify("!!!"), "section");
}

#[test]
fn repeated_headings_get_numbered_anchors() {
    assert_eq!(
        anchors("## Case\n\n## Case\n\n## Case\n"),
        ["case", "case-1", "case-2"]
    );
}

#[test]
fn explicit_clause_ids_win_and_are_avoided_by_generated_ones() {
    let found = scan_str("## Scope\n\n## Severity {#scope}\n");
    let got: Vec<(&str, bool)> = found
        .headings
        .iter()
        .map(|h| (h.anchor.as_str(), h.is_clause))
        .collect();
    assert_eq!(got, [("scope-1", false), ("scope", true)]);
}

#[test]
fn duplicate_clause_ids_are_errors() {
    let found = scan_str("## A {#x}\n\n## B {#x}\n");
    assert_eq!(found.diagnostics.len(), 1);
    assert_eq!(found.diagnostics[0].code, Code::DuplicateAnchor);
    assert_eq!(found.diagnostics[0].line_col(), Some((3, 1)));
}

#[test]
fn headings_inside_sensitive_blocks_are_scanned_in_order() {
    let text = "## One\n\n```sensitive Label\n## Two\n\n[x](module:other)\n```\n\n## Three\n";
    let found = scan_str(text);
    assert_eq!(
        found
            .headings
            .iter()
            .map(|h| h.anchor.as_str())
            .collect::<Vec<_>>(),
        ["one", "two", "three"]
    );
    assert_eq!(found.links.len(), 1);
    assert_eq!(
        found.links[0].span.file.text[found.links[0].span.start..]
            .lines()
            .next(),
        Some("[x](module:other)")
    );
}

#[test]
fn level_one_headings_warn_and_become_level_two() {
    let found = scan_str("# Big\n");
    assert_eq!(found.headings[0].level, 2);
    assert_eq!(found.diagnostics[0].code, Code::BodyH1);
}

#[test]
fn classifies_links() {
    let module = |id: &str, anchor: Option<&str>| LinkTarget::Module {
        id: Some(ModuleId(id.into())),
        path: None,
        anchor: anchor.map(String::from),
    };
    assert_eq!(classify("module:hs-sop", "a/m.md"), module("hs-sop", None));
    assert_eq!(
        classify("module:hs-sop#tiers", "a/m.md"),
        module("hs-sop", Some("tiers"))
    );
    assert_eq!(
        classify("#scope", "a/m.md"),
        LinkTarget::Anchor("scope".into())
    );
    assert_eq!(
        classify("https://example.org", "a/m.md"),
        LinkTarget::External
    );
    assert_eq!(
        classify("mailto:x@example.org", "a/m.md"),
        LinkTarget::External
    );
    assert_eq!(
        classify("../b/other.md#x", "a/m.md"),
        LinkTarget::Module {
            id: None,
            path: Some("b/other.md".into()),
            anchor: Some("x".into())
        }
    );
    assert_eq!(
        classify("img/flow%20chart.svg", "a/m.md"),
        LinkTarget::Asset {
            path: "a/img/flow chart.svg".into(),
            fragment: None
        }
    );
    assert_eq!(
        classify("../../etc/passwd", "a/m.md"),
        LinkTarget::Outside("../../etc/passwd".into())
    );
    assert_eq!(
        classify("/etc/passwd", "a/m.md"),
        LinkTarget::Outside("/etc/passwd".into())
    );
}

#[test]
fn slug_rules() {
    assert!(is_slug("hs-sop-2"));
    assert!(!is_slug("HS"));
    assert!(!is_slug("a--b"));
    assert!(!is_slug("-a"));
    assert!(!is_slug(""));
}

#[test]
fn plain_text_is_kept_by_section() {
    let text = "Intro *text*.\n\n## One\n\nFirst `code` line\nsecond.\n\n- a\n- b\n\n## Two\n\n| x | y |\n|---|---|\n| 1 | 2 |\n";
    let found = scan_str(text);
    assert_eq!(
        found.plain_text.to_strings(text),
        [
            "Intro text.\n",
            "First code line second.\na\nb\n",
            "x\ny\n1\n2\n"
        ]
    );
}

#[test]
fn plain_text_leaves_out_sensitive_data_and_trainer_blocks() {
    let text = "## Scope\n\nVisible words.\n\n```sensitive Label\nHidden slur example.\n\n## Inside\n\nStill hidden.\n```\n\n```trainer\nFacilitator secret.\n```\n\n```quiz\nid: q1\ntype: true-false\nprompt: Answer key here\nanswer: true\n```\n\n<div>raw html</div>\n\n## After\n\nMore words.\n";
    let found = scan_str(text);
    let hidden: Vec<bool> = found.headings.iter().map(|h| h.is_sensitive).collect();
    assert_eq!(
        hidden,
        [false, true, false],
        "the heading inside the block still counts"
    );
    assert_eq!(
        found.plain_text.to_strings(text),
        ["", "Visible words.\n", "", "More words.\n"]
    );
}
