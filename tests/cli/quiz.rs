//! Questions, graded assessments and calibration cases: the SY0601–SY0607 diagnostics (each at
//! its exact line and column), the accessible forms a build writes, the separation of the
//! trainer and trainee editions, and the salted answer digests quiz.js compares answers with.
//!
//! Each diagnostic is a tiny project under `tests/fixtures/quiz/<case>/`; expected lines and
//! columns are read off the fixture (the quiz blocks start at line 11 of `content/check.md`).
//! `tests/fixtures/quiz/site` is a small working course (also used by the browser tests):
//!
//! - `check` 2.0.0 (sop): questions `pick` (single), `many` (multiple, 2 points), `tf`
//!   (true-false), `queue` (text, accepted `zebra-escalation-token` and `Threat  Escalation`),
//!   `code` (text, case-sensitive), `pairs` (match), `old` (retired in 2.0.0), `future`
//!   (introduced in 3.0.0), `fresh` (introduced in 2.0.0, retired in 3.0.0), a `trainer` block
//!   and a `trainer` block nested in a `sensitive` block;
//! - `exam` 1.0.0 (assessment, pass mark 60, shuffled, 2 attempts): own `e1`, `e2`, pulls
//!   `check#pick`, `check#tf`, `check#pairs`;
//! - `drawn` 1.0.0 (assessment, draw 2 of four pulled questions, not shuffled);
//! - `cal` (calibration): `c1` (sensitive, site default decisions, labels), `c2` (own
//!   decisions), a `trainer` block;
//! - `ack` 3.1.0 (briefing): an acknowledgement.

use crate::support::{tree, Project, Run};
use serde_json::Value;
use sha2::{Digest, Sha256};

// ---- helpers ---------------------------------------------------------------------------------

/// Runs `syllabus <command> [--format json]` on a fixture that must fail: exit code 1, and for
/// `build` no `public/`.
fn fails(fixture: &str, command: &str, json: bool) -> Run {
    let project = Project::fixture(fixture);
    let mut args = vec![command];
    if json {
        args.extend(["--format", "json"]);
    }
    let run = project.run(&args).code(1);
    assert!(
        !project.path().join("public").exists(),
        "a failing {command} must not create public/\n{}",
        run.stderr
    );
    run
}

/// The human diagnostics of a failing build.
fn human(fixture: &str) -> String {
    fails(fixture, "build", false).diagnostics()
}

/// The only JSON diagnostic of a failing build.
#[track_caller]
fn only(fixture: &str) -> Value {
    let mut diags = fails(fixture, "build", true).json();
    assert_eq!(diags.len(), 1, "expected one diagnostic: {diags:#?}");
    diags.remove(0)
}

/// Asserts one JSON diagnostic's severity, code, path, line, column, message and help exactly.
#[track_caller]
fn assert_diag(d: &Value, code: &str, at: (&str, u64, u64), message: &str, help: Option<&str>) {
    let (path, line, column) = at;
    assert_eq!(
        (
            d["severity"].as_str(),
            d["code"].as_str(),
            d["path"].as_str(),
            d["line"].as_u64(),
            d["column"].as_u64(),
            d["message"].as_str(),
            d["help"].as_str(),
        ),
        (
            Some("error"),
            Some(code),
            Some(path),
            Some(line),
            Some(column),
            Some(message),
            help
        ),
        "{d}"
    );
}

const CHECK: &str = "content/check.md";
const EXAM: &str = "content/exam.md";
const QUIZ_HELP: &str = "a quiz block is YAML with id, type (single, multiple, true-false, text, match), prompt, and options / answer / accepted / pairs";

/// The position of `needle` in `html` at or after `from`, with a readable failure.
#[track_caller]
fn find_from(html: &str, from: usize, needle: &str) -> usize {
    html[from..]
        .find(needle)
        .map(|i| from + i)
        .unwrap_or_else(|| panic!("{needle:?} not found after byte {from} in\n{html}"))
}

/// Every `open…close` element of a page, in document order (not for nested elements).
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

/// The element that starts with `open` (its first occurrence), up to the first `close`.
#[track_caller]
fn element<'h>(html: &'h str, open: &str, close: &str) -> &'h str {
    let start = find_from(html, 0, open);
    let end = find_from(html, start, close) + close.len();
    &html[start..end]
}

/// The value of attribute `name` in the first tag of `html`.
fn attr<'h>(html: &'h str, name: &str) -> Option<&'h str> {
    let tag = &html[..html.find('>')?];
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let rest = &tag[start..];
    Some(&rest[..rest.find('"')?])
}

/// Whether the first tag of `html` carries the attribute `name` (with or without a value).
fn has_attr(html: &str, name: &str) -> bool {
    let tag = &html[..html.find('>').unwrap_or(html.len())];
    tag.split([' ', '>'])
        .any(|w| w == name || w.starts_with(&format!("{name}=")))
}

/// Every start tag `<name …>` of a piece of HTML.
fn tags<'h>(html: &'h str, name: &str) -> Vec<&'h str> {
    let open = format!("<{name} ");
    html.match_indices(&open)
        .map(|(i, _)| {
            let rest = &html[i..];
            &rest[..rest.find('>').map_or(rest.len(), |e| e + 1)]
        })
        .collect()
}

/// `sha256(text)` as lowercase hex, computed independently of syllabus.
fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The digest quiz.js compares: the first 32 hex digits of sha256(`salt|answer`).
fn key(salt: &str, answer: &str) -> String {
    sha256_hex(&format!("{salt}|{answer}"))[..32].to_string()
}

/// The salt of a question or case: the first 16 hex digits of sha256(`syllabus|m|q|version`).
fn salt(module: &str, id: &str, version: &str) -> String {
    sha256_hex(&format!("syllabus|{module}|{id}|{version}"))[..16].to_string()
}

/// `quiz/site` built in the given edition (`None`: the default, trainee), with its output folder.
fn built_site(edition: Option<&str>) -> (Project, std::path::PathBuf) {
    let project = Project::fixture("quiz/site");
    let mut args = vec!["build", "--quiet"];
    if let Some(e) = edition {
        args.extend(["--edition", e]);
    }
    project.run(&args).code(0);
    let out = match edition {
        Some("trainer") => project.path().join("public-trainer"),
        _ => project.path().join("public"),
    };
    assert!(out.is_dir(), "{} was not written", out.display());
    (project, out)
}

fn page(out: &std::path::Path, rel: &str) -> String {
    let path = out.join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// The `<fieldset class="question" …>` of question `module--id` on a page.
#[track_caller]
fn question<'h>(html: &'h str, id: &str) -> &'h str {
    element(
        html,
        &format!("<fieldset class=\"question\" id=\"q-{id}\""),
        "</fieldset>",
    )
}

// ---- SY0601 question-invalid -----------------------------------------------------------------

#[test]
fn unknown_question_type_is_reported_at_the_fence_with_a_suggestion() {
    insta::assert_snapshot!("unknown_type", human("quiz/unknown-type"));
    assert_diag(
        &only("quiz/unknown-type"),
        "SY0601",
        (CHECK, 11, 1),
        "unknown question type `singel`",
        Some("did you mean `single`?"),
    );
}

#[test]
fn malformed_yaml_points_inside_the_block() {
    insta::assert_snapshot!("malformed_yaml", human("quiz/malformed-yaml"));
    // Line 17 is `   - { text: Tier 2 }`: the stray indentation before the dash.
    assert_diag(
        &only("quiz/malformed-yaml"),
        "SY0601",
        (CHECK, 17, 4),
        "in this `quiz` block: did not find expected '-' indicator, while parsing a block collection",
        Some(QUIZ_HELP),
    );
}

#[test]
fn an_unknown_key_in_a_quiz_block_is_reported_at_its_line() {
    let d = only("quiz/unknown-field");
    assert_diag(
        &d,
        "SY0601",
        (CHECK, 15, 1),
        "in this `quiz` block: unknown field `optoins`, expected one of `id`, `type`, `prompt`, `options`, `answer`, `accepted`, `case_sensitive`, `pairs`, `explanation`, `points`, `covers`, `introduced_in`, `retired_in`",
        Some(QUIZ_HELP),
    );
}

#[test]
fn a_match_question_needs_two_pairs() {
    assert_diag(
        &only("quiz/match-one-pair"),
        "SY0601",
        (CHECK, 11, 1),
        "question `q1`: a `match` question needs at least two `pairs`",
        Some("write `pairs: [{ left: ..., right: ... }, ...]`"),
    );
}

#[test]
fn introduced_in_must_be_a_version() {
    assert_diag(
        &only("quiz/bad-version"),
        "SY0601",
        (CHECK, 11, 1),
        "`introduced_in: two` is not a semantic version",
        Some("write e.g. `2.1.0`"),
    );
}

#[test]
fn a_module_has_at_most_one_acknowledgement() {
    // The second block (line 15) is the one reported.
    assert_diag(
        &only("quiz/two-acknowledgements"),
        "SY0601",
        (CHECK, 15, 1),
        "a module has at most one acknowledgement",
        Some("merge the statements into one `acknowledge` block"),
    );
}

// ---- SY0602 question-answer ------------------------------------------------------------------

#[test]
fn a_multiple_question_without_a_correct_option() {
    insta::assert_snapshot!("no_correct", human("quiz/no-correct"));
    assert_diag(
        &only("quiz/no-correct"),
        "SY0602",
        (CHECK, 11, 1),
        "question `q1`: no option is marked correct",
        Some("mark the right options with `correct: true`"),
    );
}

#[test]
fn a_single_question_with_two_correct_options() {
    assert_diag(
        &only("quiz/two-correct"),
        "SY0602",
        (CHECK, 11, 1),
        "question `q1`: a `single` question needs exactly one correct option, this one has 2",
        Some("mark the one right option with `correct: true`, or use `type: multiple`"),
    );
}

#[test]
fn a_true_false_question_without_answer() {
    assert_diag(
        &only("quiz/true-false-no-answer"),
        "SY0602",
        (CHECK, 11, 1),
        "question `q1`: a `true-false` question needs `answer: true` or `answer: false`",
        Some("add `answer:`"),
    );
}

#[test]
fn a_text_question_without_accepted_answers() {
    assert_diag(
        &only("quiz/text-no-accepted"),
        "SY0602",
        (CHECK, 11, 1),
        "question `q1`: a `text` question needs `accepted` answers",
        Some("list the answers that count as right, e.g. `accepted: [escalate, escalation]`"),
    );
}

// ---- SY0603 duplicate-question, SY0604 covers-unknown -----------------------------------------

#[test]
fn a_duplicate_question_id_is_reported_at_the_second_block() {
    assert_diag(
        &only("quiz/duplicate-id"),
        "SY0603",
        (CHECK, 18, 1),
        "question id `q1` is used twice in this module",
        Some("question ids must be unique in a module and stay the same across versions"),
    );
}

#[test]
fn a_duplicate_case_id_is_reported_at_the_second_block() {
    assert_diag(
        &only("quiz/case-duplicate-id"),
        "SY0603",
        (CHECK, 17, 1),
        "case id `c1` is used twice in this module",
        None,
    );
}

#[test]
fn covers_must_name_a_heading_of_the_module() {
    assert_diag(
        &only("quiz/covers-unknown"),
        "SY0604",
        (CHECK, 11, 1),
        "question `q1` covers `tier`, which is not a heading of this module",
        Some("did you mean `tiers`?"),
    );
}

// ---- SY0605 case-invalid ---------------------------------------------------------------------

#[test]
fn a_case_expected_decision_must_be_in_its_own_list() {
    assert_diag(
        &only("quiz/case-own-decisions"),
        "SY0605",
        (CHECK, 11, 1),
        "the expected decision `remove` is not one of the decisions",
        Some("expected one of: `approve`, `reject`"),
    );
}

#[test]
fn a_case_expected_decision_must_be_in_the_site_list() {
    // syllabus.yaml sets `decisions: [keep, takedown, refer]`.
    insta::assert_snapshot!("case_site_decisions", human("quiz/case-site-decisions"));
    assert_diag(
        &only("quiz/case-site-decisions"),
        "SY0605",
        (CHECK, 11, 1),
        "the expected decision `remove` is not one of the decisions",
        Some("expected one of: `keep`, `takedown`, `refer` (the site's `decisions` in syllabus.yaml)"),
    );
}

#[test]
fn a_case_expected_decision_must_be_in_the_default_list() {
    // No `decisions` anywhere: leave-up, remove, age-restrict, escalate.
    assert_diag(
        &only("quiz/case-default-decisions"),
        "SY0605",
        (CHECK, 11, 1),
        "the expected decision `escalated` is not one of the decisions",
        Some("did you mean `escalate`? (the site's `decisions` in syllabus.yaml)"),
    );
}

#[test]
fn an_expected_label_must_be_one_of_the_labels() {
    assert_diag(
        &only("quiz/case-label"),
        "SY0605",
        (CHECK, 11, 1),
        "expected label `dehumanization` is not one of the labels",
        Some("list every label the moderator can choose under `labels`"),
    );
}

#[test]
fn malformed_case_yaml_points_at_the_value() {
    assert_diag(
        &only("quiz/case-malformed"),
        "SY0605",
        (CHECK, 15, 12),
        "in this `case` block: sensitive: invalid type: string \"maybe\", expected a boolean",
        Some("a case block is YAML with id, scenario, decisions (or the site default), expected, and optional labels, expected_labels, rationale, sensitive"),
    );
}

// ---- SY0606 unknown-question-ref -------------------------------------------------------------

#[test]
fn a_pulled_question_that_does_not_exist() {
    insta::assert_snapshot!("pull_unknown_question", human("quiz/pull-unknown-question"));
    assert_diag(
        &only("quiz/pull-unknown-question"),
        "SY0606",
        (EXAM, 8, 5),
        "`check#q2` is not a question",
        Some("expected one of: `q1`"),
    );
}

#[test]
fn a_pulled_question_from_a_module_that_does_not_exist() {
    assert_diag(
        &only("quiz/pull-unknown-module"),
        "SY0606",
        (EXAM, 7, 5),
        "`policy#q1`: there is no module `policy`",
        Some("write `module-id#question-id`"),
    );
}

#[test]
fn a_pulled_question_that_is_retired() {
    // `check` is at 2.0.0 and its q1 has `retired_in: 2.0.0`; the flow list item is at 5:13.
    assert_diag(
        &only("quiz/pull-retired"),
        "SY0606",
        (EXAM, 5, 13),
        "`check#q1` is retired (or not yet introduced) in check 2.0.0",
        Some("remove it from `questions`; retired questions are never served"),
    );
}

#[test]
fn a_pulled_reference_without_a_hash() {
    assert_diag(
        &only("quiz/pull-malformed-ref"),
        "SY0606",
        (EXAM, 5, 13),
        "`check-q1` does not name a question",
        Some("write `module-id#question-id`"),
    );
}

// ---- SY0607 assessment-invalid ---------------------------------------------------------------

#[test]
fn draw_larger_than_the_pool() {
    // One own question plus one pulled: a pool of 2. Reported at the `draw:` value (7:7).
    assert_diag(
        &only("quiz/draw-too-large"),
        "SY0607",
        ("content/exam.md", 7, 7),
        "`draw: 3` but the pool has 2 question(s)",
        Some("draw at least one and at most as many questions as the assessment has"),
    );
}

#[test]
fn assessment_keys_on_a_module_that_is_not_an_assessment() {
    insta::assert_snapshot!(
        "assessment_keys_elsewhere",
        human("quiz/assessment-keys-elsewhere")
    );
    assert_diag(
        &only("quiz/assessment-keys-elsewhere"),
        "SY0607",
        (CHECK, 5, 1),
        "`pass_mark` is only for assessments",
        Some("set `kind: assessment`, or remove the key"),
    );
}

#[test]
fn a_pass_mark_over_100() {
    assert_diag(
        &only("quiz/pass-mark-over-100"),
        "SY0607",
        (EXAM, 5, 12),
        "pass_mark 120 is more than 100 percent",
        Some("write the percentage of points needed to pass, e.g. `pass_mark: 80`"),
    );
}

/// Every diagnostic fixture above.
const FAILING: &[&str] = &[
    "unknown-type",
    "malformed-yaml",
    "unknown-field",
    "match-one-pair",
    "bad-version",
    "two-acknowledgements",
    "no-correct",
    "two-correct",
    "true-false-no-answer",
    "text-no-accepted",
    "duplicate-id",
    "case-duplicate-id",
    "covers-unknown",
    "case-own-decisions",
    "case-site-decisions",
    "case-default-decisions",
    "case-label",
    "case-malformed",
    "pull-unknown-question",
    "pull-unknown-module",
    "pull-retired",
    "pull-malformed-ref",
    "draw-too-large",
    "assessment-keys-elsewhere",
    "pass-mark-over-100",
];

#[test]
fn check_reports_exactly_what_build_reports() {
    for name in FAILING {
        let fixture = format!("quiz/{name}");
        let build = fails(&fixture, "build", true).json();
        let check = fails(&fixture, "check", true).json();
        assert_eq!(build, check, "{fixture}");
        assert_eq!(build.len(), 1, "{fixture}: {build:#?}");
    }
}

// ---- rendering -------------------------------------------------------------------------------

#[test]
fn a_knowledge_check_is_an_accessible_form() {
    let (_project, out) = built_site(None);
    let html = page(&out, "en/check/index.html");
    let q = question(&html, "check--pick");
    assert_eq!(attr(q, "data-module"), Some("check"));
    assert_eq!(attr(q, "data-question"), Some("pick"));
    assert_eq!(attr(q, "data-type"), Some("single"));
    assert_eq!(attr(q, "data-points"), Some("1"));
    assert_eq!(attr(q, "data-covers"), Some("tiers"));
    assert!(q.contains(
        "<legend class=\"q-prompt\">Which tier applies to a <strong>dehumanising</strong> comparison?</legend>"
    ));
    // Every input is a real radio button with a label pointing at it, in one named group.
    let inputs = tags(q, "input");
    assert_eq!(inputs.len(), 3, "{q}");
    for (i, input) in inputs.iter().enumerate() {
        assert_eq!(attr(input, "type"), Some("radio"), "{input}");
        assert_eq!(attr(input, "name"), Some("check--pick"), "{input}");
        assert_eq!(
            attr(input, "value"),
            Some(i.to_string().as_str()),
            "{input}"
        );
        let id = attr(input, "id").unwrap_or_else(|| panic!("no id: {input}"));
        assert!(
            q.contains(&format!("<label for=\"{id}\">")),
            "no label for {id}"
        );
    }
    // Feedback and explanation are in the page but hidden until answered.
    for fb in elements(q, "<div class=\"q-option-feedback\"", "</div>") {
        assert!(has_attr(fb, "hidden"), "{fb}");
    }
    assert!(has_attr(
        element(q, "<div class=\"q-explanation\"", "</div>"),
        "hidden"
    ));
    assert!(q.contains("<button type=\"button\" class=\"q-check\">Check answer</button>"));
    assert!(q.contains("<p class=\"q-result\" role=\"status\" aria-live=\"polite\"></p>"));

    // multiple: checkboxes; true-false: two radios; text: a labelled text box; match: a
    // labelled select per left item offering the right-hand sides alphabetically.
    let many = question(&html, "check--many");
    assert_eq!(attr(many, "data-points"), Some("2"));
    assert!(tags(many, "input")
        .iter()
        .all(|i| attr(i, "type") == Some("checkbox")));
    let tf = question(&html, "check--tf");
    let values: Vec<_> = tags(tf, "input").iter().map(|i| attr(i, "value")).collect();
    assert_eq!(values, [Some("true"), Some("false")]);
    let text = question(&html, "check--queue");
    assert!(text.contains("<label for=\"check--queue-answer\">Your answer</label> <input type=\"text\" id=\"check--queue-answer\""));
    assert!(!has_attr(text, "data-case-sensitive"));
    assert!(has_attr(
        question(&html, "check--code"),
        "data-case-sensitive"
    ));
    let pairs = question(&html, "check--pairs");
    let selects = tags(pairs, "select");
    assert_eq!(selects.len(), 3);
    for (i, s) in selects.iter().enumerate() {
        let id = attr(s, "id").unwrap_or_default();
        assert!(pairs.contains(&format!("<label for=\"{id}\">")), "{id}");
        assert_eq!(attr(s, "data-left"), Some(i.to_string().as_str()));
    }
    assert!(pairs.contains("<option value=\"\">Choose…</option><option value=\"0\">Escalate</option><option value=\"1\">Leave up</option><option value=\"2\">Remove</option>"));
    // The page loads the script and its strings.
    assert!(html.contains("<script type=\"application/json\" id=\"syllabus-quiz-strings\">"));
    assert!(html.contains("<script src=\"../../theme/quiz.js\" defer></script>"));
}

#[test]
fn retired_and_future_questions_are_not_served() {
    let (_project, out) = built_site(None);
    let html = page(&out, "en/check/index.html");
    let served: Vec<_> = elements(&html, "<fieldset class=\"question\"", "</fieldset>")
        .iter()
        .filter_map(|q| attr(q, "data-question"))
        .collect();
    // `old` retired in 2.0.0 (= the version), `future` from 3.0.0; `fresh` from 2.0.0 is live.
    assert_eq!(
        served,
        ["pick", "many", "tf", "queue", "code", "pairs", "fresh"]
    );
    assert!(!html.contains("RETIRED-PROMPT-1c2d"));
    assert!(!html.contains("FUTURE-PROMPT-9e8f"));
    // Not leaked as code either: the block is dropped, not shown as YAML.
    assert!(!html.contains("retired_in"));
}

#[test]
fn an_assessment_gathers_own_and_pulled_questions_in_one_numbered_form() {
    let (_project, out) = built_site(None);
    let html = page(&out, "en/exam/index.html");
    let forms = elements(&html, "<form class=\"assessment\"", "</form>");
    assert_eq!(forms.len(), 1, "{html}");
    let form = forms[0];
    assert_eq!(attr(form, "data-module"), Some("exam"));
    assert_eq!(attr(form, "data-version"), Some("1.0.0"));
    assert_eq!(attr(form, "data-pass-mark"), Some("60"));
    assert_eq!(attr(form, "data-max-attempts"), Some("2"));
    assert!(has_attr(form, "data-shuffle"));
    assert!(!has_attr(form, "data-draw"));
    assert!(!has_attr(form, "data-time-limit"));
    assert!(has_attr(form, "novalidate"));
    let questions = elements(form, "<fieldset class=\"question\"", "</fieldset>");
    let ids: Vec<_> = questions.iter().filter_map(|q| attr(q, "id")).collect();
    assert_eq!(
        ids,
        [
            "q-exam--e1",
            "q-exam--e2",
            "q-check--pick",
            "q-check--tf",
            "q-check--pairs"
        ]
    );
    for (i, q) in questions.iter().enumerate() {
        assert!(
            q.contains(&format!(
                "<span class=\"q-number\">Question {} </span>",
                i + 1
            )),
            "{q}"
        );
        assert!(
            !q.contains("class=\"q-check\""),
            "no per-question check button: {q}"
        );
        assert!(q.contains("role=\"status\""), "{q}");
    }
    // Pulled questions keep their source module (for salts and reports).
    assert_eq!(attr(questions[2], "data-module"), Some("check"));
    assert!(form.contains("<p class=\"assessment-rules\">Pass mark 60% · 2 attempt(s)</p>"));
    assert!(form
        .contains("<button type=\"submit\" class=\"assessment-submit\">Submit answers</button>"));
    assert!(form.contains("<div class=\"assessment-result\" role=\"status\" aria-live=\"polite\" tabindex=\"-1\" hidden></div>"));
    // The own questions are not also shown inline in the body.
    assert_eq!(html.matches("id=\"q-exam--e1\"").count(), 1);
    assert_eq!(html.matches("<fieldset class=\"question\"").count(), 5);

    let drawn = page(&out, "en/drawn/index.html");
    let form = element(&drawn, "<form class=\"assessment\"", "</form>");
    assert_eq!(attr(form, "data-draw"), Some("2"));
    assert_eq!(form.matches("<fieldset class=\"question\"").count(), 4);
    assert!(form.contains(
        "<p class=\"assessment-rules\">Pass mark 50% · 2 of 4 questions, drawn at random</p>"
    ));
}

#[test]
fn cases_and_acknowledgements_are_forms_too() {
    let (_project, out) = built_site(None);
    let html = page(&out, "en/cal/index.html");
    let c1 = element(
        &html,
        "<fieldset class=\"case\" id=\"case-cal--c1\"",
        "</p>\n</fieldset>",
    );
    assert_eq!(attr(c1, "data-module"), Some("cal"));
    assert_eq!(attr(c1, "data-case"), Some("c1"));
    assert!(has_attr(c1, "data-label-key"));
    // Sensitive scenario behind click-to-reveal; the site's default decisions as radios.
    assert!(c1.contains("<details class=\"sensitive case-scenario\">"));
    let decisions: Vec<_> = tags(c1, "input")
        .into_iter()
        .filter(|i| attr(i, "type") == Some("radio"))
        .collect();
    assert_eq!(decisions.len(), 4);
    for label in ["Leave up", "Remove", "Age restrict", "Escalate"] {
        assert!(c1.contains(&format!("\">{label}</label>")), "{label}");
    }
    assert_eq!(
        tags(c1, "input")
            .iter()
            .filter(|i| attr(i, "type") == Some("checkbox"))
            .count(),
        3
    );
    assert!(has_attr(
        element(c1, "<div class=\"case-rationale q-explanation\"", ">"),
        "hidden"
    ));
    let c2 = element(
        &html,
        "<fieldset class=\"case\" id=\"case-cal--c2\"",
        "</p>\n</fieldset>",
    );
    assert!(!has_attr(c2, "data-label-key"));
    assert!(c2.contains("<div class=\"case-scenario\">"));
    for label in ["Keep online", "Quarantine x9", "Refer legal"] {
        assert!(c2.contains(&format!("\">{label}</label>")), "{label}");
    }

    let ack = page(&out, "en/ack/index.html");
    let a = element(&ack, "<div class=\"acknowledgement\"", "</div>");
    assert_eq!(attr(a, "data-module"), Some("ack"));
    assert_eq!(attr(a, "data-ack"), Some("read-policy"));
    assert_eq!(attr(a, "data-version"), Some("3.1.0"));
    assert!(a.contains("<input type=\"checkbox\" id=\"ack-ack--read-policy\"> <label for=\"ack-ack--read-policy\">I have read the hate speech policy, version 3.1.0.</label>"));
    assert!(a.contains("role=\"status\""));
}

#[test]
fn pages_without_questions_do_not_load_the_quiz_script() {
    let (_project, out) = built_site(None);
    let home = page(&out, "en/index.html");
    assert!(!home.contains("quiz.js"));
    assert!(!home.contains("syllabus-quiz-strings"));
}

// ---- trainer and trainee editions ------------------------------------------------------------

/// Strings that only the trainer edition may contain.
const TRAINER_ONLY: &[&str] = &[
    "TRAINER-ONLY-7f3a",
    "TRAINER-NESTED-5b6c",
    "TRAINER-CAL-8a9b",
    "zebra-escalation-token",
    "Threat  Escalation",
    "TierOne",
    "class=\"q-correct\"",
    "class=\"trainer-note\"",
    "class=\"trainer-note-title\"",
    "Correct answer",
    "Expected decision</strong>",
    "Accepted answers",
];

/// Every (file, marker) of an output folder where a trainer-only marker occurs.
fn leaks(dir: &std::path::Path) -> Vec<(String, &'static str)> {
    let mut found = Vec::new();
    for (path, bytes) in tree(dir) {
        let text = String::from_utf8_lossy(&bytes);
        for marker in TRAINER_ONLY {
            if text.contains(marker) {
                found.push((path.clone(), *marker));
            }
        }
    }
    found
}

#[test]
fn the_trainee_edition_holds_no_trainer_content_or_answer() {
    let (_project, out) = built_site(None);
    assert_eq!(leaks(&out), Vec::<(String, &str)>::new());
    assert!(!out.join("en/cal/session-sheet").exists());
    let cal = page(&out, "en/cal/index.html");
    assert!(!cal.contains("session-sheet"));
    // Explanations and rationales are there, hidden until answered.
    let check = page(&out, "en/check/index.html");
    assert!(check.contains("<div class=\"q-explanation\" hidden><p>EXPLANATION-63cc"));
    assert!(cal.contains("<div class=\"case-rationale q-explanation\" hidden>"));
}

#[test]
fn the_trainer_edition_shows_keys_notes_and_the_session_sheet() {
    let (project, out) = built_site(Some("trainer"));
    assert!(
        !project.path().join("public").exists(),
        "the trainer edition must not land in public/"
    );
    let check = page(&out, "en/check/index.html");
    for marker in [
        "<aside class=\"trainer-note\"><p class=\"trainer-note-title\">Trainer note</p>\n<p>TRAINER-ONLY-7f3a",
        "TRAINER-NESTED-5b6c",
        "<p class=\"q-correct\">Accepted answers: zebra-escalation-token · Threat  Escalation</p>",
        "<p class=\"q-correct\">Accepted answers: TierOne</p>",
        "<strong class=\"q-correct\">→ Escalate</strong>",
        "<div class=\"q-explanation\"><p>EXPLANATION-63cc",
        "<div class=\"q-option-feedback\" data-for=\"1\"><p>FEEDBACK-WRONG-52bb",
    ] {
        assert!(check.contains(marker), "{marker} not in the trainer page");
    }
    // The right option (and only it) is marked.
    let pick = question(&check, "check--pick");
    let marked: Vec<_> = elements(pick, "<div class=\"q-option\"", "</div>")
        .iter()
        .map(|o| o.contains("class=\"q-correct\""))
        .collect();
    assert_eq!(marked, [true, false, false]);
    let tf = question(&check, "check--tf");
    assert!(tf.contains("<label for=\"check--tf-false\">False</label> <strong class=\"q-correct\">Correct answer</strong>"));
    assert!(!tf.contains("<label for=\"check--tf-true\">True</label> <strong"));

    let cal = page(&out, "en/cal/index.html");
    assert!(cal.contains("TRAINER-CAL-8a9b"));
    assert!(cal.contains("<label for=\"cal--c1-d1\">Remove</label> <strong class=\"q-correct\">Expected decision</strong>"));
    assert!(cal.contains("<label for=\"cal--c2-d1\">Quarantine x9</label> <strong class=\"q-correct\">Expected decision</strong>"));
    assert!(cal.contains("href=\"session-sheet/index.html\""));
    assert!(!cal.contains("case-rationale q-explanation\" hidden"));

    // The session sheet: a vote grid (a row per case, a column per decision) and the keys.
    let sheet = page(&out, "en/cal/session-sheet/index.html");
    let grid = element(&sheet, "<table class=\"session-sheet\"", "</table>");
    let head = element(grid, "<thead>", "</thead>");
    for d in [
        "Leave up",
        "Remove",
        "Age restrict",
        "Escalate",
        "Keep online",
        "Quarantine x9",
        "Refer legal",
    ] {
        assert!(head.contains(&format!("<th scope=\"col\">{d}</th>")), "{d}");
    }
    let rows = elements(grid, "<tr><th scope=\"row\">", "</tr>");
    assert_eq!(rows.len(), 2);
    for row in rows {
        assert_eq!(row.matches("<td class=\"vote\"></td>").count(), 7, "{row}");
    }
    assert!(sheet.contains("<p><strong>Expected decision:</strong> Remove · Dehumanisation</p>"));
    assert!(sheet.contains("<p><strong>Expected decision:</strong> Quarantine x9</p>"));
    assert!(sheet.contains("RATIONALE-74dd"));
    // Only modules with cases get a sheet.
    assert!(!out.join("en/check/session-sheet").exists());
}

/// A trainee build after two releases of `check` whose trainer block and accepted answers
/// changed: the diff page between the releases is a page of the trainee edition too.
#[test]
fn the_trainee_diff_pages_hold_no_trainer_content_or_answer() {
    let project = Project::fixture("quiz/site");
    project.run(&["release", "check"]).code(0);
    let text = project.read(CHECK);
    project.write(
        CHECK,
        &text.replace("Ask the room", "Ask everyone").replace(
            "\"Threat  Escalation\"]",
            "\"Threat  Escalation\", \"escalation\"]",
        ),
    );
    project
        .run(&[
            "release",
            "check",
            "--bump",
            "minor",
            "--changes",
            "Reworded.",
        ])
        .code(0);
    project.run(&["build", "--quiet"]).code(0);
    let out = project.path().join("public");
    assert!(out
        .join("en/check/diff/2.0.0-to-2.1.0/index.html")
        .is_file());
    assert_eq!(leaks(&out), Vec::<(String, &str)>::new());
}

// ---- answer digests --------------------------------------------------------------------------

#[test]
fn the_answer_digests_are_what_the_script_computes() {
    let (_project, out) = built_site(None);
    let html = page(&out, "en/check/index.html");
    // (question, right answer strings as src/content/quiz.rs `correct_answers` defines them)
    let expected: &[(&str, &[&str])] = &[
        ("pick", &["0"]),
        ("many", &["0,2"]),
        ("tf", &["false"]),
        // Text answers are normalised: trimmed, spaces collapsed, lowercased.
        ("queue", &["zebra-escalation-token", "threat escalation"]),
        // ... unless case-sensitive.
        ("code", &["TierOne"]),
        // Right-hand sides sorted: Escalate 0, Leave up 1, Remove 2; threat, slur, news.
        ("pairs", &["0,2,1"]),
        ("fresh", &["true"]),
    ];
    for (id, answers) in expected {
        let q = question(&html, &format!("check--{id}"));
        let s = attr(q, "data-salt").unwrap_or_default();
        assert_eq!(s, salt("check", id, "2.0.0"), "salt of {id}");
        let keys: Vec<String> = answers.iter().map(|a| key(s, a)).collect();
        assert_eq!(attr(q, "data-keys"), Some(keys.join(" ").as_str()), "{id}");
        // A wrong answer does not match.
        assert!(!attr(q, "data-keys")
            .unwrap_or_default()
            .contains(&key(s, "1")));
    }
    // The pinned vector of src/content/quiz/tests.rs, computed here independently.
    assert_eq!(key("abc", "0"), "faca77149ea2e74b344754d9b33f2672");

    // A pulled question carries its source module's salt and keys.
    let exam = page(&out, "en/exam/index.html");
    let pulled = question(&exam, "check--pick");
    let own = question(&html, "check--pick");
    assert_eq!(attr(pulled, "data-salt"), attr(own, "data-salt"));
    assert_eq!(attr(pulled, "data-keys"), attr(own, "data-keys"));
    let e1 = question(&exam, "exam--e1");
    let s = salt("exam", "e1", "1.0.0");
    assert_eq!(attr(e1, "data-salt"), Some(s.as_str()));
    assert_eq!(attr(e1, "data-keys"), Some(key(&s, "false").as_str()));

    // Cases: the index of the expected decision, and `labels:<sorted indexes>`.
    let cal = page(&out, "en/cal/index.html");
    let c1 = element(&cal, "<fieldset class=\"case\" id=\"case-cal--c1\"", ">");
    let s = salt("cal", "c1", "1.0.0");
    assert_eq!(attr(c1, "data-salt"), Some(s.as_str()));
    assert_eq!(
        attr(c1, "data-key"),
        Some(key(&s, "1").as_str()),
        "remove is decision 1"
    );
    assert_eq!(
        attr(c1, "data-label-key"),
        Some(key(&s, "labels:0").as_str())
    );
    let c2 = element(&cal, "<fieldset class=\"case\" id=\"case-cal--c2\"", ">");
    let s = salt("cal", "c2", "1.0.0");
    assert_eq!(
        attr(c2, "data-key"),
        Some(key(&s, "1").as_str()),
        "quarantine-x9 is 1"
    );
}

#[test]
fn the_trainer_edition_uses_the_same_digests() {
    let (_a, trainee) = built_site(None);
    let (_b, trainer) = built_site(Some("trainer"));
    let digests = |html: &str| -> Vec<(String, String)> {
        elements(html, "<fieldset class=\"question\"", "</fieldset>")
            .iter()
            .map(|q| {
                (
                    attr(q, "data-salt").unwrap_or_default().to_string(),
                    attr(q, "data-keys").unwrap_or_default().to_string(),
                )
            })
            .collect()
    };
    for p in ["en/check/index.html", "en/exam/index.html"] {
        assert_eq!(
            digests(&page(&trainee, p)),
            digests(&page(&trainer, p)),
            "{p}"
        );
    }
}

#[test]
fn a_match_question_offers_each_right_hand_side_once() {
    let project = Project::fixture("quiz/match-duplicate-right");
    project.run(&["build", "--quiet"]).code(0);
    let html = project.read("public/en/check/index.html");
    let q = question(&html, "check--q1");
    let select = element(q, "<select id=\"check--q1-0\"", "</select>");
    let options: Vec<_> = elements(select, "<option value=\"", "</option>")
        .iter()
        .map(|o| o[o.find('>').map_or(0, |i| i + 1)..].trim_end_matches("</option>"))
        .collect();
    assert_eq!(options, ["Choose…", "Escalate", "Remove"]);
}
