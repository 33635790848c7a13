use super::*;
use crate::content::markdown::scan;

fn parse(md: &str) -> (Blocks, Vec<Diagnostic>) {
    let source = Arc::new(SourceText {
        path: "content/m.md".into(),
        text: md.to_string(),
    });
    let found = scan(&source, 0, "m.md");
    parse_blocks(
        &source,
        &found.blocks,
        &found.headings,
        &["leave-up".into(), "remove".into()],
    )
}

#[test]
fn single_question_parses() {
    let (b, d) = parse("## Tiers {#t}\n\n```quiz\nid: q1\ntype: single\nprompt: Pick\ncovers: [t]\noptions:\n  - { text: A, correct: true, feedback: Yes }\n  - { text: B }\n```\n");
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(b.questions.len(), 1);
    assert_eq!(b.questions[0].kind, QuestionType::Single);
    assert_eq!(b.questions[0].points, 1);
}

#[test]
fn yaml_errors_point_into_the_block() {
    let (_, d) = parse("intro\n\n```quiz\nid: q1\ntype: single\nprompt: [unclosed\n```\n");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, Code::QuestionInvalid);
    assert_eq!(d[0].line_col().map(|p| p.0), Some(6));
}

#[test]
fn answer_rules_per_type() {
    let two = "```quiz\nid: q\ntype: single\nprompt: P\noptions:\n  - { text: A, correct: true }\n  - { text: B, correct: true }\n```\n";
    assert_eq!(parse(two).1[0].code, Code::QuestionAnswer);
    let none = "```quiz\nid: q\ntype: multiple\nprompt: P\noptions:\n  - { text: A }\n  - { text: B }\n```\n";
    assert_eq!(parse(none).1[0].code, Code::QuestionAnswer);
    let tf = "```quiz\nid: q\ntype: true-false\nprompt: P\n```\n";
    assert_eq!(parse(tf).1[0].code, Code::QuestionAnswer);
    let unknown = "```quiz\nid: q\ntype: singel\nprompt: P\n```\n";
    let d = parse(unknown).1;
    assert_eq!(d[0].help.as_deref(), Some("did you mean `single`?"));
}

#[test]
fn covers_must_name_a_heading_and_ids_are_unique() {
    let md = "## A {#a}\n\n```quiz\nid: q\ntype: true-false\nprompt: P\nanswer: true\ncovers: [b]\n```\n\n```quiz\nid: q\ntype: true-false\nprompt: P\nanswer: false\n```\n";
    let codes: Vec<Code> = parse(md).1.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::CoversUnknown, Code::DuplicateQuestion]);
}

#[test]
fn cases_take_the_default_decisions_and_check_the_expected_one() {
    let (b, d) = parse("```case\nid: c1\nscenario: \"[example: a post]\"\nexpected: remove\n```\n");
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(b.cases[0].decisions, ["leave-up", "remove"]);
    let (_, d) = parse("```case\nid: c1\nscenario: x\nexpected: delete\n```\n");
    assert_eq!(d[0].code, Code::CaseInvalid);
}

#[test]
fn retired_questions_are_not_live() {
    let (b, _) = parse("```quiz\nid: q\ntype: true-false\nprompt: P\nanswer: true\nintroduced_in: 2.0.0\nretired_in: 3.0.0\n```\n");
    let v = |s: &str| semver::Version::parse(s).unwrap_or_else(|e| panic!("{e}"));
    assert!(!b.questions[0].is_live(&v("1.9.0")));
    assert!(b.questions[0].is_live(&v("2.5.0")));
    assert!(!b.questions[0].is_live(&v("3.0.0")));
}

#[test]
fn answer_keys_are_salted_and_stable() {
    let v = semver::Version::new(1, 0, 0);
    let s1 = salt("m", "q1", &v);
    assert_eq!(s1.len(), 16);
    assert_eq!(s1, salt("m", "q1", &v));
    assert_ne!(s1, salt("m", "q2", &v));
    assert_ne!(answer_key(&s1, "0"), answer_key(&salt("m", "q2", &v), "0"));
    // The digest the page's script must reproduce (pinned: changing it breaks published pages).
    assert_eq!(answer_key("abc", "0"), "faca77149ea2e74b344754d9b33f2672");
}

#[test]
fn correct_answer_strings_per_type() {
    let (b, d) = parse(concat!(
        "```quiz\nid: m\ntype: multiple\nprompt: P\noptions:\n  - { text: A, correct: true }\n  - { text: B }\n  - { text: C, correct: true }\n```\n\n",
        "```quiz\nid: t\ntype: text\nprompt: P\naccepted: [\"  Escalate  Now \"]\n```\n\n",
        "```quiz\nid: p\ntype: match\nprompt: P\npairs:\n  - { left: Threat, right: Escalate }\n  - { left: Slur, right: Remove }\n```\n",
    ));
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(correct_answers(&b.questions[0]), ["0,2"]);
    assert_eq!(correct_answers(&b.questions[1]), ["escalate now"]);
    // Rights sorted: [Escalate, Remove]; Threat -> 0, Slur -> 1.
    assert_eq!(correct_answers(&b.questions[2]), ["0,1"]);
}
