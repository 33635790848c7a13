use super::*;
use crate::content::discover::{FileRole, SourceFile};
use crate::content::parse::parse_module;
use crate::diagnostics::SourceText;
use std::sync::Arc;

fn module(version: &str, body: &str) -> Module {
    let text = format!("---\nid: m\ntitle: M\nkind: sop\nversion: {version}\n---\n{body}");
    let file = SourceFile {
        role: FileRole::Module,
        content_path: "m.md".into(),
        source: Arc::new(SourceText {
            path: "content/m.md".into(),
            text,
        }),
    };
    parse_module(&file)
        .0
        .unwrap_or_else(|| panic!("fixture does not parse"))
}

fn summary(d: &[SectionDiff]) -> Vec<(SectionChange, String)> {
    d.iter()
        .map(|s| {
            (
                s.change,
                s.new_title
                    .clone()
                    .or(s.old_title.clone())
                    .unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn added_removed_changed_and_unchanged_sections() {
    let old = module("1.0.0", "## Scope\n\nAll posts.\n\n## Old rule\n\nGone soon.\n\n## Tiers {#t}\n\nTier one removes.\n");
    let new = module("1.1.0", "## Scope\n\nAll posts.\n\n## Tiers {#t}\n\nTier one removes and labels.\n\n## Appeals\n\nNew.\n");
    assert_eq!(
        summary(&diff(&old, &new)),
        vec![
            (SectionChange::Unchanged, "Scope".to_string()),
            (SectionChange::Removed, "Old rule".to_string()),
            (SectionChange::Changed, "Tiers".to_string()),
            (SectionChange::Added, "Appeals".to_string()),
        ]
    );
}

#[test]
fn renamed_heading_with_same_clause_id_is_a_change() {
    let old = module("1.0.0", "## Severity {#hs-tiers}\n\nSame text.\n");
    let new = module(
        "2.0.0",
        "## Severity tiers and actions {#hs-tiers}\n\nSame text.\n",
    );
    let d = diff(&old, &new);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].change, SectionChange::Changed);
    assert!(d[0].renamed);
    assert_eq!(d[0].old_title.as_deref(), Some("Severity"));
}

#[test]
fn word_diff_marks_only_changed_words() {
    assert_eq!(
        words("remove the post", "remove and label the post"),
        vec![
            Piece {
                kind: "same",
                text: "remove ".into()
            },
            Piece {
                kind: "added",
                text: "and label ".into()
            },
            Piece {
                kind: "same",
                text: "the post".into()
            },
        ]
    );
}

#[test]
fn in_force_picks_the_newest_effective_release() {
    let mk = |v: &str, eff: &str| Release {
        version: semver::Version::parse(v).unwrap_or_else(|e| panic!("{e}")),
        date: chrono::NaiveDate::parse_from_str(eff, "%Y-%m-%d").unwrap_or_default(),
        effective: chrono::NaiveDate::parse_from_str(eff, "%Y-%m-%d").ok(),
        changes: None,
        hash: String::new(),
        module: module(v, ""),
        translations: Default::default(),
    };
    let releases = vec![mk("1.0.0", "2026-01-01"), mk("1.1.0", "2026-03-01")];
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
    assert!(in_force(&releases, day("2025-12-31")).is_none());
    assert_eq!(
        in_force(&releases, day("2026-02-15")).map(|r| r.version.to_string()),
        Some("1.0.0".into())
    );
    assert_eq!(
        in_force(&releases, day("2026-03-01")).map(|r| r.version.to_string()),
        Some("1.1.0".into())
    );
}

#[test]
fn refresher_carries_the_questions_that_test_changed_sections() {
    let old = module(
        "1.0.0",
        "## Tiers {#t}\n\nTier one removes.\n\n## Scope {#s}\n\nAll posts.\n",
    );
    let quiz = "```quiz\nid: q1\ntype: true-false\nprompt: Tier one labels too?\nanswer: true\ncovers: [t]\n```\n\n```quiz\nid: q2\ntype: true-false\nprompt: All posts?\nanswer: true\ncovers: [s]\n```\n";
    let new = module("1.1.0", &format!("## Tiers {{#t}}\n\nTier one removes and labels.\n\n## Scope {{#s}}\n\nAll posts.\n\n{quiz}"));
    let questions: Vec<&Question> = new.blocks.questions.iter().collect();
    let text = refresher_text(&old, &new, &new, Some("Tier one also labels."), &questions);
    assert!(text.contains("id: m-refresher-1-0-0-to-1-1-0\n"), "{text}");
    assert!(
        text.contains("Tier one removes <ins>and labels.</ins>") || text.contains("<ins>"),
        "{text}"
    );
    assert!(
        text.contains("id: q1"),
        "the question on the changed section is carried: {text}"
    );
    assert!(
        !text.contains("id: q2"),
        "the question on an unchanged section is not: {text}"
    );
    assert!(
        !text.contains("covers:"),
        "covers name the original module's sections: {text}"
    );
}

#[test]
fn diffs_leave_out_questions_and_trainer_notes_even_inside_sensitive_blocks() {
    let body = "## A {#a}\n\nText.\n\n````sensitive Label\nShown example.\n\n```trainer\nSECRET-NOTE\n```\n````\n\n```quiz\nid: q\ntype: text\nprompt: P\naccepted: [SECRET-ANSWER]\n```\n";
    let m = module("1.0.0", body);
    let text: String = sections(&m).iter().map(|s| s.text.clone()).collect();
    assert!(text.contains("Shown example."), "{text}");
    assert!(!text.contains("SECRET-NOTE"), "{text}");
    assert!(!text.contains("SECRET-ANSWER"), "{text}");
}
