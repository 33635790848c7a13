use super::*;
use crate::report::results::{self, Defaults};
use crate::report::testkit;

const CONFIG: &str =
    "title: T\nregions:\n  - { code: MY, name: Malaysia }\n  - { code: DE, name: Germany }\n";

const SOP: &str = "---\nid: sop\ntitle: SOP\nkind: sop\nversion: 1.0.0\n---\n\n## Severity tiers {#tiers}\n\nText.\n\n## Appeals {#appeals}\n\nText.\n";

const EXAM: &str = r#"---
id: exam
title: Exam
kind: assessment
version: 2.0.0
pass_mark: 60
---

```quiz
id: q1
type: single
prompt: "Which tier?"
options:
  - { text: "Tier 1", correct: true }
  - { text: "Tier 2" }
  - { text: "No action" }
```

```quiz
id: q2
type: true-false
prompt: "Counter-speech stays up."
answer: true
```

```quiz
id: q3
type: single
prompt: "Which queue?"
options:
  - { text: "General" }
  - { text: "Escalations", correct: true }
```

```quiz
id: q4
type: true-false
prompt: "Slurs are always removed."
answer: false
```
"#;

const CAL: &str = r#"---
id: cal
title: Calibration
kind: calibration
version: 1.0.0
---

```case
id: c1
scenario: "[example: a described case]"
decisions: [leave-up, remove]
expected: leave-up
```

```case
id: c2
scenario: "[example: a described case]"
decisions: [leave-up, remove]
expected: remove
rationale: "See [Tiers](module:sop#tiers)."
```

```case
id: c3
scenario: "[example: a described case]"
decisions: [leave-up, remove]
expected: leave-up
rationale: "See [Tiers](module:sop#tiers) and [appeals](sop.md#appeals)."
```
"#;

/// Six learners take the exam once; four decide the three cases (L1 twice).
///
/// Right (1) or wrong (0), with the total of right answers:
///
/// ```text
///       q1 q2 q3 q4  total  percent  region
///   L1   1  1  0  1    3      75      MY   (score row 3/4, passed, 600 s)
///   L2   1  1  1  1    4     100      MY   (latencies 4 x 10 s)
///   L3   1  0  0  1    2      50      MY
///   L4   0  0  1  1    2      50      DE
///   L5   1  1  0  1    3      75      DE
///   L6   0  0  1  1    2      50      DE
/// ```
const RESULTS: &str = "\
record,learner,team,region,module,module_version,attempt,question,response,result,latency,score,max_score,passed,duration
response,L1,KL,MY,exam,2.0.0,1,q1,0,correct,,,,,
response,L1,KL,MY,exam,2.0.0,1,q2,true,correct,,,,,
response,L1,KL,MY,exam,2.0.0,1,q3,0,,,,,,
response,L1,KL,MY,exam,2.0.0,1,q4,false,correct,,,,,
attempt,L1,KL,MY,exam,2.0.0,1,,,,,3,4,true,600
response,L2,KL,MY,exam,2.0.0,1,q1,a,correct,10,,,,
response,L2,KL,MY,exam,2.0.0,1,q2,true,correct,10,,,,
response,L2,KL,MY,exam,2.0.0,1,q3,1,,10,,,,
response,L2,KL,MY,exam,2.0.0,1,q4,false,correct,10,,,,
response,L3,KL,MY,exam,2.0.0,1,q1,Tier 1,correct,,,,,
response,L3,KL,MY,exam,2.0.0,1,q2,false,wrong,,,,,
response,L3,KL,MY,exam,2.0.0,1,q3,0,,,,,,
response,L3,KL,MY,exam,2.0.0,1,q4,false,correct,,,,,
response,L4,Berlin,DE,exam,2.0.0,1,q1,1,wrong,,,,,
response,L4,Berlin,DE,exam,2.0.0,1,q2,false,wrong,,,,,
response,L4,Berlin,DE,exam,2.0.0,1,q3,1,,,,,,
response,L4,Berlin,DE,exam,2.0.0,1,q4,false,correct,,,,,
response,L5,Berlin,DE,exam,2.0.0,1,q1,0,correct,,,,,
response,L5,Berlin,DE,exam,2.0.0,1,q2,true,correct,,,,,
response,L5,Berlin,DE,exam,2.0.0,1,q3,0,,,,,,
response,L5,Berlin,DE,exam,2.0.0,1,q4,false,correct,,,,,
response,L6,Berlin,DE,exam,2.0.0,1,q1,2,wrong,,,,,
response,L6,Berlin,DE,exam,2.0.0,1,q2,false,wrong,,,,,
response,L6,Berlin,DE,exam,2.0.0,1,q3,1,,,,,,
response,L6,Berlin,DE,exam,2.0.0,1,q4,false,correct,,,,,
response,L1,KL,MY,cal,1.0.0,1,c1,leave-up,,,,,,
response,L2,KL,MY,cal,1.0.0,1,c1,leave-up,,,,,,
response,L3,KL,MY,cal,1.0.0,1,c1,0,,,,,,
response,L4,Berlin,DE,cal,1.0.0,1,c1,leave-up,,,,,,
response,L1,KL,MY,cal,1.0.0,1,c2,leave-up,,,,,,
response,L2,KL,MY,cal,1.0.0,1,c2,remove,,,,,,
response,L3,KL,MY,cal,1.0.0,1,c2,leave-up,,,,,,
response,L4,Berlin,DE,cal,1.0.0,1,c2,remove,,,,,,
response,L1,KL,MY,cal,1.0.0,1,c3,leave-up,,,,,,
response,L2,KL,MY,cal,1.0.0,1,c3,remove,,,,,,
response,L3,KL,MY,cal,1.0.0,1,c3,remove,,,,,,
response,L4,Berlin,DE,cal,1.0.0,1,c3,remove;1,,,,,,
response,L1,KL,MY,cal,1.0.0,2,c1,remove,,,,,,
response,L4,Berlin,DE,cal,1.0.0,1,c1,delete,,,,,,
response,L5,Berlin,DE,exam,9.9.9,1,q1,0,correct,,,,,
response,L5,Berlin,DE,exam,2.0.0,1,q99,0,correct,,,,,
response,L6,Berlin,DE,exam,2.0.0,1,q99,0,correct,,,,,
";

fn report(salt: Option<&str>) -> ResultsReport {
    let (settings, course) = testkit::course(
        CONFIG,
        &[("sop.md", SOP), ("exam.md", EXAM), ("cal.md", CAL)],
        &[],
    );
    let read = results::parse("results.csv", RESULTS, &Defaults::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let input = Input {
        file: "results.csv".into(),
        format: Format::Csv,
        read,
    };
    analyse(&settings, &course, vec![input], &Options { salt })
}

fn question<'a>(r: &'a ResultsReport, key: &str) -> &'a QuestionStats {
    r.questions
        .iter()
        .find(|q| q.key == key)
        .unwrap_or_else(|| panic!("no stats for {key}"))
}

#[test]
fn summary_counts_read_used_and_rejected() {
    let r = report(None);
    // 42 data rows: 38 used; rejected: a decision not offered, an unknown version and two
    // answers to an unknown question.
    assert_eq!(
        (r.summary.read, r.summary.used, r.summary.rejected),
        (42, 38, 4)
    );
    let rejected: Vec<(usize, &str)> = r
        .rejected
        .iter()
        .map(|x| (x.at.line, x.reason.as_str()))
        .collect();
    assert_eq!(
        rejected,
        vec![
            (
                40,
                "decision `delete` is not one of case `c1`'s decisions (leave-up, remove)"
            ),
            (41, "`exam` has no version 9.9.9 (known: 2.0.0)"),
            (
                42,
                "`q99` is not a question or case of `exam` 2.0.0 (nor of a module it pulls from)"
            ),
            (
                43,
                "`q99` is not a question or case of `exam` 2.0.0 (nor of a module it pulls from)"
            ),
        ]
    );
    // Unknown references are listed once each, with how many rows named them.
    let unknown: Vec<(&str, usize, usize)> = r
        .unknown
        .iter()
        .map(|u| (u.reason.as_str(), u.rows, u.first.line))
        .collect();
    assert_eq!(
        unknown,
        vec![
            ("`exam` has no version 9.9.9 (known: 2.0.0)", 1, 41),
            (
                "`q99` is not a question or case of `exam` 2.0.0 (nor of a module it pulls from)",
                2,
                42
            ),
        ]
    );
    // 6 exam attempts, 4 first calibration attempts and L1's second.
    assert_eq!((r.summary.learners, r.summary.attempts), (6, 11));
}

#[test]
fn difficulty_discrimination_and_flags_by_hand() {
    let r = report(None);
    // q1: right for L1 L2 L3 L5 -> p = 4/6 = 0.6667.
    //   x = 1,1,1,0,1,0 (mean 2/3); totals 3,4,2,2,3,2, so the rest scores (total − own)
    //   are y = 2,3,1,2,2,2 (mean 2).
    //   dx = 1/3,1/3,1/3,−2/3,1/3,−2/3; dy = 0,1,−1,0,0,0 -> Sxy = 1/3 − 1/3 = 0 -> r = 0.
    let q1 = question(&r, "exam#q1");
    assert_eq!((q1.responses, q1.correct), (6, 4));
    assert_eq!(
        (q1.difficulty, q1.discrimination),
        (Some(0.6667), Some(0.0))
    );
    assert!(q1.flags.is_empty());
    // q2: x = 1,1,0,0,1,0 (p = 0.5); y = total − own = 2,3,2,2,2,2 (mean 13/6).
    //   dx = ±1/2; dy = −1/6, 5/6, −1/6, −1/6, −1/6, −1/6.
    //   Sxy = (−1 + 5 + 1 + 1 − 1 + 1)/12 = 1/2; Sxx = 6/4 = 3/2; Syy = 5/36 + 25/36 = 5/6.
    //   r = (1/2) / sqrt(3/2 · 5/6) = 0.5 / sqrt(1.25) = 0.447214.
    let q2 = question(&r, "exam#q2");
    assert_eq!(
        (q2.difficulty, q2.discrimination),
        (Some(0.5), Some(0.4472))
    );
    // q3 (no result column: marked from the response, option 1 is right): x = 0,1,0,1,0,1;
    //   y = 3,3,2,1,3,1 (mean 13/6); dx = ∓1/2; dy = 5/6, 5/6, −1/6, −7/6, 5/6, −7/6.
    //   Sxy = (−5 + 5 + 1 − 7 − 5 − 7)/12 = −3/2; Syy = (3·25 + 1 + 2·49)/36 = 174/36.
    //   r = −1.5 / sqrt(1.5 · 174/36) = −1.5 / sqrt(7.25) = −0.557086.
    let q3 = question(&r, "exam#q3");
    assert_eq!(
        (q3.difficulty, q3.discrimination),
        (Some(0.5), Some(-0.5571))
    );
    assert_eq!(q3.flags, vec!["negative-discrimination"]);
    // q4: everyone right: too easy, and it cannot discriminate.
    let q4 = question(&r, "exam#q4");
    assert_eq!((q4.difficulty, q4.discrimination), (Some(1.0), None));
    assert_eq!(q4.flags, vec!["too-easy"]);
}

#[test]
fn distractor_rates_read_indexes_letters_and_texts() {
    let r = report(None);
    let q1 = question(&r, "exam#q1");
    let rates: Vec<(&str, bool, usize, f64)> = q1
        .options
        .iter()
        .map(|o| (o.label.as_str(), o.is_correct, o.count, o.rate))
        .collect();
    // "0", "a" and "Tier 1" all name the first option.
    assert_eq!(
        rates,
        vec![
            ("Tier 1", true, 4, 0.6667),
            ("Tier 2", false, 1, 0.1667),
            ("No action", false, 1, 0.1667)
        ]
    );
    assert_eq!(q1.other, 0);
    let q2 = question(&r, "exam#q2");
    let tf: Vec<(&str, usize)> = q2
        .options
        .iter()
        .map(|o| (o.label.as_str(), o.count))
        .collect();
    assert_eq!(tf, vec![("true", 3), ("false", 3)]);
}

#[test]
fn module_version_pass_rate_median_score_and_time_by_region() {
    let r = report(None);
    let exam = r
        .modules
        .iter()
        .find(|m| m.module == "exam")
        .unwrap_or_else(|| panic!("no exam stats"));
    // Percents 75, 100, 50, 50, 75, 50: passed (≥ 60) 3 of 6; median of
    // 50 50 50 75 75 100 = (50 + 75) / 2 = 62.5. Times: L1 600 s (score row), L2 4 × 10 s.
    assert_eq!(
        (
            exam.all.attempts,
            exam.all.passed,
            exam.all.pass_rate,
            exam.all.median_score,
            exam.all.median_time
        ),
        (6, 3, Some(0.5), Some(62.5), Some(320.0))
    );
    let regions: Vec<(&str, usize, Option<f64>, Option<f64>)> = exam
        .by_region
        .iter()
        .map(|g| (g.group.as_str(), g.passed, g.pass_rate, g.median_score))
        .collect();
    // DE: 50, 75, 50 -> 1 of 3, median 50. MY: 75, 100, 50 -> 2 of 3, median 75.
    assert_eq!(
        regions,
        vec![
            ("DE", 1, Some(0.3333), Some(50.0)),
            ("MY", 2, Some(0.6667), Some(75.0))
        ]
    );
    assert_eq!(
        exam.by_team
            .iter()
            .map(|g| g.group.as_str())
            .collect::<Vec<_>>(),
        vec!["Berlin", "KL"]
    );
}

#[test]
fn calibration_kappa_agreement_and_knowledge_gaps_by_hand() {
    let r = report(None);
    let cal = &r.calibration[0];
    // First decisions only (L1's second attempt on c1 is not counted), decisions
    // (leave-up, remove): c1 [4, 0], c2 [2, 2], c3 [1, 3].
    // P_1 = 1, P_2 = (4 + 4 − 4)/12 = 1/3, P_3 = (1 + 9 − 4)/12 = 1/2; P̄ = 11/18.
    // p = (7/12, 5/12); P_e = 74/144; κ = (88/144 − 74/144) / (70/144) = 14/70 = 0.2.
    assert_eq!((cal.learners, cal.kappa), (4, Some(0.2)));
    type Row<'a> = (&'a str, usize, Option<f64>, Option<f64>, bool);
    let cases: Vec<Row> = cal
        .cases
        .iter()
        .map(|c| {
            (
                c.id.as_str(),
                c.responses,
                c.agreement,
                c.rater_agreement,
                c.is_gap,
            )
        })
        .collect();
    assert_eq!(
        cases,
        vec![
            ("c1", 4, Some(1.0), Some(1.0), false),
            ("c2", 4, Some(0.5), Some(0.3333), true),
            ("c3", 4, Some(0.25), Some(0.5), true),
        ]
    );
    let gaps: Vec<(&str, f64, Option<&str>, Vec<&str>)> = r
        .knowledge_gaps
        .iter()
        .map(|g| {
            (
                g.case.as_str(),
                g.agreement,
                g.top_alternative.as_deref(),
                g.clauses.iter().map(|c| c.clause.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        gaps,
        vec![
            ("cal#c3", 0.25, Some("remove"), vec!["tiers", "appeals"]),
            ("cal#c2", 0.5, Some("leave-up"), vec!["tiers"]),
        ]
    );
    let clauses: Vec<(&str, &str, Vec<&str>)> = r
        .gap_clauses
        .iter()
        .map(|c| {
            (
                c.clause.clause.as_str(),
                c.clause.title.as_str(),
                c.cases.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        clauses,
        vec![
            ("appeals", "Appeals", vec!["cal#c3"]),
            ("tiers", "Severity tiers", vec!["cal#c3", "cal#c2"]),
        ]
    );
}

#[test]
fn certifications_per_learner_and_version() {
    let r = report(None);
    let certs: Vec<(&str, &str, Option<bool>, Option<f64>)> = r
        .certifications
        .iter()
        .map(|c| {
            (
                c.learner.as_str(),
                c.version.as_str(),
                c.passed,
                c.best_score,
            )
        })
        .collect();
    assert_eq!(
        certs,
        vec![
            ("L1", "2.0.0", Some(true), Some(75.0)),
            ("L2", "2.0.0", Some(true), Some(100.0)),
            ("L3", "2.0.0", Some(false), Some(50.0)),
            ("L4", "2.0.0", Some(false), Some(50.0)),
            ("L5", "2.0.0", Some(true), Some(75.0)),
            ("L6", "2.0.0", Some(false), Some(50.0)),
        ]
    );
}

#[test]
fn pseudonymised_reports_name_no_learner() {
    let plain = report(None);
    let a = report(Some("salt-one"));
    let b = report(Some("salt-one"));
    let c = report(Some("salt-two"));
    let learners = |r: &ResultsReport| -> Vec<String> {
        r.certifications.iter().map(|c| c.learner.clone()).collect()
    };
    assert!(a.pseudonymised && !plain.pseudonymised);
    assert_eq!(learners(&a), learners(&b), "stable for a salt");
    assert!(learners(&a).iter().all(|l| l.starts_with("p-")));
    let mut sorted_a = learners(&a);
    let mut sorted_c = learners(&c);
    sorted_a.sort();
    sorted_c.sort();
    assert_ne!(sorted_a, sorted_c, "another salt gives other pseudonyms");
    let json = serde_json::to_string(&a).unwrap_or_default();
    for id in ["\"L1\"", "\"L2\"", "\"L6\""] {
        assert!(!json.contains(id), "{id} leaked into the report");
    }
    // The statistics do not depend on who is who.
    assert_eq!(a.modules[0].all.pass_rate, plain.modules[0].all.pass_rate);
}

#[test]
fn flags_wait_for_enough_responses_and_too_hard_is_flagged() {
    let (settings, course) = testkit::course(CONFIG, &[("exam.md", EXAM)], &[]);
    let mut csv =
        String::from("record,learner,module,module_version,attempt,question,response,result\n");
    // q2 right for 1 of 5: p = 0.2 < 0.3.
    for (i, r) in ["correct", "wrong", "wrong", "wrong", "wrong"]
        .iter()
        .enumerate()
    {
        csv.push_str(&format!("response,L{i},exam,2.0.0,1,q2,true,{r}\n"));
    }
    // q4 right for 4 of 4: too few responses to flag.
    for i in 0..4 {
        csv.push_str(&format!("response,L{i},exam,2.0.0,1,q4,false,correct\n"));
    }
    let read =
        results::parse("r.csv", &csv, &Defaults::default()).unwrap_or_else(|e| panic!("{e}"));
    let r = analyse(
        &settings,
        &course,
        vec![Input {
            file: "r.csv".into(),
            format: Format::Csv,
            read,
        }],
        &Options { salt: None },
    );
    assert_eq!(question(&r, "exam#q2").flags, vec!["too-hard"]);
    assert!(question(&r, "exam#q4").flags.is_empty());
}
