use super::*;

fn defaults(m: &str, v: &str) -> Defaults {
    Defaults {
        module: Some(m.into()),
        version: Some(v.into()),
    }
}

fn read(file: &str, text: &str, d: &Defaults) -> ReadResults {
    parse(file, text, d).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn formats_are_recognised_by_content() {
    assert_eq!(detect("record,learner,module\n"), Some(Format::Csv));
    assert_eq!(detect("\u{feff}Record;Learner\n"), Some(Format::Csv));
    assert_eq!(
        detect("Name\tAttempt\tStarted on\tQuestion 0\tResponse 0\tResult 0\n"),
        Some(Format::Moodle)
    );
    assert_eq!(detect("  [{\"actor\":{}}]"), Some(Format::Xapi));
    assert_eq!(detect("{\"actor\":{}}\n{}\n"), Some(Format::Xapi));
    assert_eq!(detect("a,b,c\n1,2,3\n"), None);
}

const LONG: &str = "\
record,learner,team,region,package,module,module_version,attempt,question,response,result,latency,timestamp,score,max_score,passed,duration
response,amira,T&S KL,MY,hs-cert,hs-assessment,2.0.0,1,dh-q1,0,correct,12.5,2026-03-02T09:00:00Z,,,,
response,amira,T&S KL,MY,hs-cert,hs-assessment,2.0.0,1,\"hs-regional-de#de-q1\",\"a, b\",wrong,PT1M3S,,,,,
attempt,amira,T&S KL,MY,hs-cert,hs-assessment,2.0.0,1,,,,,2026-03-02T09:20:00Z,5,6,true,00:18:30
response,budi,,ID,,hs-assessment,2.0.0,1,dh-q2,1,maybe,,,,,,
attempt,budi,,ID,,hs-assessment,2.0.0,1,,,,,,7,6,,
scored,budi,,ID,,hs-assessment,2.0.0,1,,,,,,,,,
response,,,ID,,hs-assessment,2.0.0,1,dh-q2,1,correct,,,,,,
";

#[test]
fn long_csv_rows_and_rejections_with_lines() {
    let r = read("results.csv", LONG, &Defaults::default());
    assert_eq!(r.read, 7);
    assert_eq!(r.rows.len(), 3);
    let first = &r.rows[0];
    assert_eq!(
        (
            first.at.line,
            first.learner.as_str(),
            first.team.as_deref(),
            first.region.as_deref(),
            first.module.as_deref(),
            first.version.as_deref(),
            first.attempt.as_str()
        ),
        (
            2,
            "amira",
            Some("T&S KL"),
            Some("MY"),
            Some("hs-assessment"),
            Some("2.0.0"),
            "1"
        )
    );
    assert_eq!(
        first.kind,
        RowKind::Response {
            item: "dh-q1".into(),
            response: "0".into(),
            correct: Some(true),
            latency: Some(12.5)
        }
    );
    assert_eq!(
        r.rows[1].kind,
        RowKind::Response {
            item: "hs-regional-de#de-q1".into(),
            response: "a, b".into(),
            correct: Some(false),
            latency: Some(63.0)
        }
    );
    assert_eq!(
        r.rows[2].kind,
        RowKind::Score {
            raw: 5.0,
            max: 6.0,
            passed: Some(true),
            duration: Some(1110.0)
        }
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
                5,
                "result `maybe` is not `correct` or `wrong` (nor 1/0, true/false)"
            ),
            (6, "score 7 of max_score 6 is not a score"),
            (7, "record `scored` is neither `response` nor `attempt`"),
            (8, "`learner` is empty"),
        ]
    );
    // The offset points at the start of the rejected line, for the diagnostic's caret.
    assert!(LONG[r.rejected[0].at.offset..].starts_with("response,budi"));
}

#[test]
fn long_csv_without_a_required_column_is_refused_whole() {
    let e = parse(
        "r.csv",
        "record,learner,module\nresponse,a,m\n",
        &Defaults::default(),
    );
    assert_eq!(
        e.err().as_deref(),
        Some("the header has no column `module_version`, `attempt`")
    );
}

const MOODLE: &str = "Name\tEmail address\tDepartment\tCountry\tAttempt\tStarted on\tLast accessed on\tScore\tHate Speech Certification\tQuestion 0\tResponse 0\tResult 0\tQuestion 1\tResponse 1\tResult 1
Amira Rahman\tamira@example.com\tKL hub\tMY\t1\tMonday, 2 March 2026, 9:15 AM\tMonday, 2 March 2026, 9:35 AM\t5\t5/6\tdh-q1\t0\tcorrect\tde-q2\tb\twrong
Budi Santoso\tbudi@example.com\tJakarta\tID\t-\t-\t-\t-\tNot attempted\t\t\t\t\t\t
Chen Wei\tchen@example.com\tKL hub\tMY\t2\tMonday, 2 March 2026, 10:00 AM\tMonday, 2 March 2026, 10:10 AM\t3\tCompleted\tdh-q1\t1\tnot sure\tde-q2\ta\tcorrect
";

#[test]
fn moodle_interactions_report() {
    let r = read("moodle.txt", MOODLE, &defaults("hs-assessment", "2.0.0"));
    let rows: Vec<(usize, &str, &str, &RowKind)> = r
        .rows
        .iter()
        .map(|x| (x.at.line, x.learner.as_str(), x.attempt.as_str(), &x.kind))
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                2,
                "amira@example.com",
                "1",
                &RowKind::Response {
                    item: "dh-q1".into(),
                    response: "0".into(),
                    correct: Some(true),
                    latency: None
                }
            ),
            (
                2,
                "amira@example.com",
                "1",
                &RowKind::Response {
                    item: "de-q2".into(),
                    response: "b".into(),
                    correct: Some(false),
                    latency: None
                }
            ),
            (
                2,
                "amira@example.com",
                "1",
                &RowKind::Score {
                    raw: 5.0,
                    max: 6.0,
                    passed: None,
                    duration: Some(1200.0)
                }
            ),
            (
                4,
                "chen@example.com",
                "2",
                &RowKind::Response {
                    item: "de-q2".into(),
                    response: "a".into(),
                    correct: Some(true),
                    latency: None
                }
            ),
        ]
    );
    assert_eq!(r.rows[0].team.as_deref(), Some("KL hub"));
    assert_eq!(r.rows[0].region.as_deref(), Some("MY"));
    assert_eq!(r.rows[0].module.as_deref(), Some("hs-assessment"));
    assert_eq!(r.rows[0].timestamp.as_deref(), Some("2026-03-02T09:15:00"));
    assert_eq!(r.rejected.len(), 1);
    assert_eq!(
        (r.rejected[0].at.line, r.rejected[0].reason.as_str()),
        (4, "Result 0 `not sure` is not `correct` or `wrong`")
    );
    // Budi has no attempt; Chen's SCO reported a status, not a score.
    assert_eq!(
        r.skipped,
        BTreeMap::from([
            ("attempt without a raw/max score".to_string(), 1),
            ("learner without an attempt".to_string(), 1)
        ])
    );
    // 2 answers + 1 score (Amira), 1 row (Budi), 2 answers + 1 score (Chen).
    assert_eq!(r.read, 7);
}

#[test]
fn moodle_needs_the_module_and_the_question_columns() {
    let e = parse("m.txt", MOODLE, &Defaults::default());
    assert!(e.err().is_some_and(|e| e.contains("--module ID@VERSION")));
    let no_ids = "Name\tAttempt\tResponse 0\tResult 0\nA\t1\tx\tcorrect\n";
    let e = parse("m.txt", no_ids, &defaults("m", "1.0.0"));
    assert!(
        e.err()
            .is_some_and(|e| e.contains("no `Question 0` column")),
        "the default download has Response columns only"
    );
}

const XAPI_ARRAY: &str = r#"[
  {
    "actor": {"account": {"homePage": "https://lms.example", "name": "u-1001"}},
    "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
    "object": {"id": "https://training.example/xapi/hs-briefing-dehumanisation-2026/dh-q1"},
    "result": {"response": "0", "success": true, "duration": "PT14S"},
    "context": {
      "registration": "7f0c9a52-0000-4000-8000-000000000001",
      "contextActivities": {"parent": [{"id": "https://training.example/xapi/hs-assessment"}]},
      "extensions": {"https://training.example/xapi/module-version": "2.0.0", "https://training.example/xapi/region": "MY"}
    },
    "timestamp": "2026-03-02T09:01:00Z"
  },
  {
    "actor": {"mbox": "mailto:budi@example.com"},
    "verb": {"id": "http://adlnet.gov/expapi/verbs/launched"},
    "object": {"id": "https://training.example/xapi/hs-assessment"}
  },
  {
    "actor": {"account": {"homePage": "https://lms.example", "name": "u-1001"}},
    "verb": {"id": "http://adlnet.gov/expapi/verbs/passed"},
    "object": {"id": "https://training.example/xapi/hs-assessment"},
    "result": {"score": {"raw": 5, "max": 6}, "duration": "PT18M"},
    "context": {
      "registration": "7f0c9a52-0000-4000-8000-000000000001",
      "team": {"name": "KL hub", "objectType": "Group"},
      "extensions": {"https://training.example/xapi/module-version": "2.0.0"}
    }
  },
  {
    "actor": {"name": "No identifier"},
    "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
    "object": {"id": "https://training.example/xapi/hs-assessment#hsa-q1"},
    "result": {"response": "0"}
  }
]
"#;

#[test]
fn xapi_array_with_lines() {
    let r = read("lrs.json", XAPI_ARRAY, &Defaults::default());
    assert_eq!(r.read, 4);
    assert_eq!(r.rows.len(), 2);
    let a = &r.rows[0];
    assert_eq!(
        (
            a.at.line,
            a.learner.as_str(),
            a.module.as_deref(),
            a.version.as_deref(),
            a.region.as_deref(),
            a.attempt.as_str()
        ),
        (
            2,
            "u-1001",
            Some("hs-assessment"),
            Some("2.0.0"),
            Some("MY"),
            "7f0c9a52-0000-4000-8000-000000000001"
        )
    );
    assert_eq!(
        a.kind,
        RowKind::Response {
            item: "hs-briefing-dehumanisation-2026/dh-q1".into(),
            response: "0".into(),
            correct: Some(true),
            latency: Some(14.0)
        }
    );
    let s = &r.rows[1];
    assert_eq!(
        (s.at.line, s.module.as_deref(), s.team.as_deref()),
        (19, Some("hs-assessment"), Some("KL hub"))
    );
    assert_eq!(
        s.kind,
        RowKind::Score {
            raw: 5.0,
            max: 6.0,
            passed: Some(true),
            duration: Some(1080.0)
        }
    );
    assert_eq!(
        r.skipped,
        BTreeMap::from([("xAPI statement with verb `launched`".to_string(), 1)])
    );
    assert_eq!(
        (r.rejected[0].at.line, r.rejected[0].reason.as_str()),
        (
            30,
            "the actor has no `account.name`, `mbox`, `mbox_sha1sum` or `openid`"
        )
    );
}

#[test]
fn xapi_json_lines_lose_only_the_broken_line() {
    let text = concat!(
        r#"{"actor":{"mbox":"mailto:a@example.com"},"verb":{"id":"x/answered"},"object":{"id":"https://t/hs-assessment#hsa-q3"},"result":{"response":"false","success":true}}"#,
        "\n",
        "{\"actor\": broken\n",
        "\n",
        r#"{"actor":{"mbox":"mailto:b@example.com"},"verb":{"id":"x/answered"},"object":{"id":"hsa-q3"},"result":{"response":"true","success":false}}"#,
        "\n"
    );
    let r = read("lrs.jsonl", text, &defaults("hs-assessment", "2.0.0"));
    assert_eq!(r.read, 3);
    let items: Vec<(usize, &str, &RowKind)> = r
        .rows
        .iter()
        .map(|x| (x.at.line, x.learner.as_str(), &x.kind))
        .collect();
    assert_eq!(items.len(), 2);
    assert_eq!((items[0].0, items[0].1), (1, "mailto:a@example.com"));
    assert!(matches!(items[0].2, RowKind::Response { item, .. } if item == "hs-assessment#hsa-q3"));
    assert_eq!(items[1].0, 4);
    assert_eq!(
        r.rows[1].module.as_deref(),
        Some("hs-assessment"),
        "from --module"
    );
    assert_eq!(r.rejected.len(), 1);
    assert_eq!(r.rejected[0].at.line, 2);
    assert!(r.rejected[0].reason.starts_with("not a JSON statement"));
}

#[test]
fn a_broken_array_reports_where_reading_stopped() {
    let text =
        "[\n  {\"actor\": {\"mbox\": \"m\"}, \"verb\": {\"id\": \"v/answered\"}},\n  {oops}\n]\n";
    let r = read("a.json", text, &Defaults::default());
    assert_eq!(r.rejected.len(), 2);
    assert_eq!(r.rejected[0].at.line, 3, "{:?}", r.rejected);
    assert!(r.rejected[0].reason.contains("rest of the array"));
    assert_eq!(
        (r.rejected[1].at.line, r.rejected[1].reason.as_str()),
        (2, "the statement has no `object.id`")
    );
}

#[test]
fn durations_in_every_lms_spelling() {
    assert_eq!(parse_duration("12"), Some(12.0));
    assert_eq!(parse_duration("PT1H2M3.5S"), Some(3723.5));
    assert_eq!(parse_duration("P1DT1S"), Some(86401.0));
    assert_eq!(parse_duration("0001:02:03.5"), Some(3723.5));
    assert_eq!(parse_duration("PT"), None);
    assert_eq!(parse_duration("-3"), None);
    assert_eq!(parse_duration("soon"), None);
}
