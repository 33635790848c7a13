//! Links and images in module bodies: broken targets are reported where they are written, paths
//! leaving the content folder are refused, and valid links are rewritten to output pages.
//!
//! Each case is a tiny project under `tests/fixtures/links/<case>/`. Expected lines and columns
//! are read off the fixture (the column of a link is that of its opening `[` or `!`).

use crate::support::failing::{assert_at, human, json, only};
use crate::support::Project;

#[test]
fn broken_module_link_suggests_closest_id() {
    insta::assert_snapshot!("broken_module_link", human("links/broken-module-link"));
    let d = only("links/broken-module-link");
    assert_at(&d, "SY0301", "content/triage.md", 9, 25);
    assert_eq!(d["help"], "did you mean `escalation-paths`?");
}

#[test]
fn broken_relative_markdown_link_is_reported() {
    insta::assert_snapshot!("broken_relative_link", human("links/broken-relative-link"));
    assert_at(
        &only("links/broken-relative-link"),
        "SY0301",
        "content/basics/triage.md",
        7,
        15,
    );
}

#[test]
fn broken_anchors_in_other_module_and_same_page_are_reported() {
    insta::assert_snapshot!("broken_anchor", human("links/broken-anchor"));
    let diags = json("links/broken-anchor");
    assert_eq!(diags.len(), 2, "{diags:#?}");
    assert_at(&diags[0], "SY0302", "content/triage.md", 9, 11);
    assert_eq!(diags[0]["help"], "did you mean `severity-levels`?");
    assert_at(&diags[1], "SY0302", "content/triage.md", 11, 17);
    assert_eq!(
        diags[1]["message"],
        "`#scope` is not a heading of module `triage`"
    );
}

#[test]
fn missing_image_is_reported() {
    insta::assert_snapshot!("missing_image", human("links/missing-image"));
    let d = only("links/missing-image");
    assert_at(&d, "SY0303", "content/escalation.md", 9, 1);
    assert_eq!(
        d["message"],
        "image `images/flow.png` does not exist (looked for content/images/flow.png)"
    );
}

#[test]
fn image_path_escaping_content_is_refused() {
    insta::assert_snapshot!(
        "image_outside_content",
        human("links/image-outside-content")
    );
    assert_at(
        &only("links/image-outside-content"),
        "SY0304",
        "content/escalation.md",
        7,
        1,
    );
}

#[test]
fn absolute_path_link_is_refused() {
    insta::assert_snapshot!("absolute_path_link", human("links/absolute-path-link"));
    assert_at(
        &only("links/absolute-path-link"),
        "SY0304",
        "content/escalation.md",
        7,
        5,
    );
}

#[test]
fn external_image_is_refused_but_external_link_is_not() {
    insta::assert_snapshot!("external_image", human("links/external-image"));
    // One diagnostic: the image on line 7; the web link on line 9 is fine.
    assert_at(
        &only("links/external-image"),
        "SY0304",
        "content/escalation.md",
        7,
        1,
    );
}

#[test]
fn duplicate_explicit_heading_id_is_reported_on_the_second_heading() {
    insta::assert_snapshot!(
        "duplicate_heading_ids",
        human("links/duplicate-heading-ids")
    );
    let d = only("links/duplicate-heading-ids");
    assert_at(&d, "SY0305", "content/escalation.md", 11, 1);
    assert_eq!(
        d["message"],
        "heading id `esc-scope` is used twice in this module"
    );
}

#[test]
fn level_one_heading_is_a_warning_and_still_builds() {
    let project = Project::fixture("links/level-one-heading");
    let run = project.run(&["build"]).code(0);
    insta::assert_snapshot!("level_one_heading", run.diagnostics());
    assert!(project
        .path()
        .join("public/en/escalation/index.html")
        .is_file());
    let run = Project::fixture("links/level-one-heading")
        .run(&["build", "--format", "json"])
        .code(0);
    let diags = run.json();
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(
        (
            diags[0]["severity"].as_str(),
            diags[0]["code"].as_str(),
            diags[0]["line"].as_u64(),
            diags[0]["column"].as_u64()
        ),
        (Some("warning"), Some("SY0306"), Some(7), Some(1))
    );
}

#[test]
fn valid_links_build_and_are_rewritten_to_output_pages() {
    let project = Project::fixture("links/valid-links");
    let run = project.run(&["build"]).code(0);
    assert_eq!(run.stderr, "", "no diagnostics expected");
    let page = project.read("public/en/triage-basics/index.html");
    for expected in [
        // module:escalation-paths#severity-levels
        r#"href="../escalation-paths/index.html#severity-levels""#,
        // ../escalation/escalation-paths.md#esc-urgent
        r#"href="../escalation-paths/index.html#esc-urgent""#,
        // #overview
        r##"href="#overview""##,
        r#"id="overview""#,
    ] {
        assert!(page.contains(expected), "missing {expected} in\n{page}");
    }
    assert!(
        !page.contains("module:"),
        "unrewritten module link in\n{page}"
    );
    assert!(!page.contains(".md"), "unrewritten .md link in\n{page}");
    // The image is published under assets/ and referenced relatively.
    let src = page
        .split(r#"<img src=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no <img> in\n{page}"));
    assert!(
        src.starts_with("../../assets/flow") && src.ends_with(".svg"),
        "{src}"
    );
    let published = project.path().join("public/en/triage-basics").join(src);
    assert!(published.is_file(), "{} missing", published.display());
    let target = project.read("public/en/escalation-paths/index.html");
    assert!(target.contains(r#"id="severity-levels""#), "{target}");
    assert!(target.contains(r#"id="esc-urgent""#), "{target}");
}
