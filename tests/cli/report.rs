//! `syllabus report content|results` on the sample course and on a small fixture course.

use crate::support::Project;
use serde_json::Value;
use std::path::Path;

/// The sample course with its stored releases (the harness's sample has no `versions/`).
fn sample_with_releases() -> Project {
    let project = Project::sample();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in walkdir::WalkDir::new(root.join("versions")) {
        let entry = entry.unwrap_or_else(|e| panic!("{e}"));
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(root)
                .unwrap_or_else(|e| panic!("{e}"));
            let text = std::fs::read_to_string(entry.path()).unwrap_or_else(|e| panic!("{e}"));
            project.write(&rel.to_string_lossy(), &text);
        }
    }
    project
}

fn json_file(project: &Project, rel: &str) -> Value {
    serde_json::from_str(&project.read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn content_inventory_csv_of_the_sample() {
    let run = sample_with_releases()
        .run(&[
            "report",
            "content",
            "--format",
            "csv",
            "--date",
            "2026-03-01",
        ])
        .code(0);
    insta::assert_snapshot!("content_inventory_csv", run.stdout);
}

#[test]
fn content_inventory_json_counts_versions_behind_and_flags() {
    let run = sample_with_releases()
        .run(&[
            "report",
            "content",
            "--format",
            "json",
            "--date",
            "2026-03-01",
        ])
        .code(0);
    let inv: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(inv["date"], "2026-03-01");
    assert_eq!(inv["max_release_age_days"], 365);
    let modules = inv["modules"].as_array().cloned().unwrap_or_default();
    let triage = modules
        .iter()
        .find(|m| m["id"] == "hs-sop-triage")
        .unwrap_or_else(|| panic!("no hs-sop-triage"));
    assert_eq!(triage["last_release"], "3.0.0");
    // The Indonesian translation is of 2.1.0; 3.0.0 is the one version since.
    let id = triage["translations"]
        .as_array()
        .and_then(|t| t.iter().find(|x| x[0] == "id"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        id[1],
        serde_json::json!({"status": "stale", "translation_of": "2.1.0", "behind": 1})
    );
    // The calibration takes effect on 2 March 2026, the day after the report's date.
    let cal = modules
        .iter()
        .find(|m| m["id"] == "hs-calibration-2026-q1")
        .unwrap_or_else(|| panic!("no calibration"));
    assert_eq!(
        cal["flags"],
        serde_json::json!([{"flag": "not-in-force", "effective": "2026-03-02"}])
    );
    let flagged: Vec<&str> = modules
        .iter()
        .filter(|m| m["flags"].as_array().is_some_and(|f| !f.is_empty()))
        .filter_map(|m| m["id"].as_str())
        .collect();
    assert_eq!(flagged, vec!["hs-calibration-2026-q1"]);
}

#[test]
fn content_inventory_release_age_comes_from_the_config() {
    let project = sample_with_releases();
    let config = project.read("syllabus.yaml") + "reports: { max_release_age_days: 30 }\n";
    project.write("syllabus.yaml", &config);
    let run = project
        .run(&[
            "report",
            "content",
            "--format",
            "json",
            "--date",
            "2026-03-01",
        ])
        .code(0);
    let inv: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}"));
    let flags = |id: &str| -> Value {
        inv["modules"]
            .as_array()
            .and_then(|m| m.iter().find(|m| m["id"] == id))
            .map(|m| m["flags"].clone())
            .unwrap_or_default()
    };
    // Released 2026-01-20: 40 days before the report's date, over 30.
    assert_eq!(
        flags("hs-sop-triage"),
        serde_json::json!([{"flag": "release-old", "released": "2026-01-20", "days": 40}])
    );
}

#[test]
fn content_inventory_html_stands_alone() {
    let project = sample_with_releases();
    project
        .run(&[
            "report",
            "content",
            "--date",
            "2026-03-01",
            "--out",
            "inventory.html",
        ])
        .code(0);
    let html = project.read("inventory.html");
    assert!(html.starts_with("<!doctype html>"), "{}", &html[..80]);
    assert!(html.contains("<h1>Content inventory</h1>"));
    assert!(
        html.contains("Hate Speech Calibration: Q1 2026</li>")
            || html.contains("Hate Speech Calibration: Q1 2026:"),
        "the attention list names the module not yet in force"
    );
    assert!(html.contains("stale by 1"));
    // Everything is inline: no file beside it, no other host.
    for absent in [
        "<link rel=\"stylesheet\"",
        "<script src",
        "src=\"http",
        "href=\"http",
    ] {
        assert!(!html.contains(absent), "found {absent}");
    }
    let ms = project
        .run(&[
            "report",
            "content",
            "--date",
            "2026-03-01",
            "--locale",
            "ms",
        ])
        .code(0);
    assert!(ms.stdout.contains("<h1>Inventori kandungan</h1>"));
    project
        .run(&["report", "content", "--locale", "fr"])
        .code(2);
}

#[test]
fn the_site_has_an_inventory_page_linked_from_coverage() {
    let project = sample_with_releases();
    project.run(&["build", "--quiet"]).code(0);
    let page = project.read("public/en/inventory/index.html");
    assert!(page.contains("<table class=\"report sortable inventory\""));
    assert!(
        page.contains("data-max-age=\"365\""),
        "the script computes flags"
    );
    assert!(page.contains("<a href=\"../hs-sop-triage/index.html\">"));
    let coverage = project.read("public/en/coverage/index.html");
    assert!(coverage.contains("<a href=\"../inventory/index.html\">Content inventory</a>"));
    let ar = project.read("public/ar/inventory/index.html");
    assert!(ar.contains("<h1>جرد المحتوى</h1>"));
}

#[test]
fn results_of_the_bundled_example() {
    let project = sample_with_releases();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/results.csv");
    let text = std::fs::read_to_string(&example).unwrap_or_else(|e| panic!("{e}"));
    project.write("results.csv", &text);
    let run = project.run(&["report", "results", "results.csv"]).code(0);
    assert_eq!(
        run.stdout,
        "Read 220 record(s) from 1 file(s): 220 used, 0 rejected, 0 skipped; 12 learner(s), 25 attempt(s) -> results-report\n"
    );
    assert_eq!(run.stderr, "", "the example is clean");
    let report = json_file(&project, "results-report/results.json");
    assert_eq!(report["questions"].as_array().map(Vec::len), Some(9));
    assert_eq!(
        report["calibration"][0]["cases"].as_array().map(Vec::len),
        Some(7)
    );
    let html = project.read("results-report/index.html");
    assert!(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart-svg\""));
    assert!(!html.contains("<script src"));
}

#[test]
fn moodle_report_with_hand_computed_statistics() {
    let project = Project::fixture("report/course");
    let run = project
        .run(&[
            "report",
            "results",
            "results/moodle.txt",
            "--module",
            "exam@2.0.0",
            "--out",
            "out",
        ])
        .code(0);
    // 4 attempts x (3 interactions + score) + 1 learner without an attempt; q7 is unknown.
    assert!(
        run.stdout.starts_with("Read 17 record(s) from 1 file(s): 15 used, 1 rejected, 1 skipped; 4 learner(s), 4 attempt(s)"),
        "{}",
        run.stdout
    );
    let r = json_file(&project, "out/results.json");
    let q = |id: &str| -> Value {
        r["questions"]
            .as_array()
            .and_then(|qs| qs.iter().find(|q| q["key"] == id))
            .cloned()
            .unwrap_or_default()
    };
    // q1: right for L1 and L3 of 4 -> 0.5. Rest scores (right answers besides q1, from the
    // file): L1 2, L2 1, L3 1, L5 0; x = 1,0,1,0; dx = ±1/2, dy = 1,0,0,−1;
    // Sxy = 1, Sxx = 1, Syy = 2 -> r = 1/√2 = 0.7071.
    assert_eq!(
        (
            q("exam#q1")["difficulty"].to_string(),
            q("exam#q1")["discrimination"].to_string()
        ),
        // As the report writes it, rounded to 4 places.
        ("0.5".to_string(), "0.7071".to_string())
    );
    assert_eq!(
        q("exam#q1")["options"][0]["count"],
        2,
        "`a` is the first option"
    );
    // q3: L5's third answer names q7, which the exam does not have: 3 responses, 2 right.
    assert_eq!(
        (
            q("exam#q3")["responses"].clone(),
            q("exam#q3")["difficulty"].clone()
        ),
        (serde_json::json!(3), serde_json::json!(0.6667))
    );
    let exam = &r["modules"][0];
    // Scores 100, 33.3, 66.7, 0 with pass mark 60: 2 of 4 pass; median (33.3 + 66.7)/2 = 50.
    // Times 600, 1200, 360, 1800 s: median (600 + 1200)/2 = 900.
    assert_eq!(
        (
            exam["pass_rate"].clone(),
            exam["median_score"].clone(),
            exam["median_time"].clone()
        ),
        (
            serde_json::json!(0.5),
            serde_json::json!(50.0),
            serde_json::json!(900.0)
        )
    );
    assert_eq!(
        r["unknown"][0]["reason"],
        "`q7` is not a question or case of `exam` 2.0.0 (nor of a module it pulls from)"
    );
    assert_eq!(r["unknown"][0]["first"]["line"], 6);
    assert!(run.stderr.contains("warning[SY0803]"), "{}", run.stderr);
}

#[test]
fn xapi_statements_with_hand_computed_kappa() {
    let project = Project::fixture("report/course");
    let run = project
        .run(&["report", "results", "results/lrs.jsonl", "--out", "out"])
        .code(0);
    let r = json_file(&project, "out/results.json");
    let cal = &r["calibration"][0];
    // c1 (leave-up, remove) = [2, 1], c2 = [2, 1]: P_i = (4 + 1 − 3)/6 = 1/3, P̄ = 1/3;
    // p = (4/6, 2/6), P_e = 20/36 = 5/9; κ = (1/3 − 5/9)/(1 − 5/9) = −0.5.
    assert_eq!(cal["kappa"], -0.5);
    assert_eq!(cal["cases"][0]["agreement"], 0.6667);
    assert_eq!(cal["cases"][1]["agreement"], 0.3333);
    let gaps: Vec<&str> = r["knowledge_gaps"]
        .as_array()
        .map(|g| g.iter().filter_map(|x| x["case"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(gaps, vec!["cal#c2", "cal#c1"]);
    assert_eq!(r["gap_clauses"][0]["clause"], "tiers");
    assert_eq!(r["summary"]["skipped"], 1, "the launched statement");
    let rejected: Vec<(u64, String)> = r["rejected"]
        .as_array()
        .map(|x| {
            x.iter()
                .map(|x| {
                    (
                        x["line"].as_u64().unwrap_or(0),
                        x["reason"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(rejected.len(), 2);
    assert_eq!(rejected[0].0, 8);
    assert_eq!(rejected[0].1, "`cal` has no version 0.9.0 (known: 1.0.0)");
    assert_eq!(rejected[1].0, 9);
    assert!(
        rejected[1].1.starts_with("not a JSON statement"),
        "{}",
        rejected[1].1
    );
    assert!(
        run.stderr.contains("results/lrs.jsonl:9:1"),
        "{}",
        run.stderr
    );
}

#[test]
fn malformed_rows_are_reported_with_file_and_line_and_skipped() {
    let project = Project::fixture("report/course");
    let run = project
        .run(&["report", "results", "results/bad.csv", "--out", "out"])
        .code(0);
    assert!(
        run.stdout
            .starts_with("Read 5 record(s) from 1 file(s): 1 used, 4 rejected, 0 skipped"),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!("results_malformed_rows", run.stderr);
}

#[test]
fn unreadable_results_stop_the_report() {
    let project = Project::fixture("report/course");
    let run = project
        .run(&[
            "report",
            "results",
            "results/notes.txt",
            "results/bad.csv",
            "--out",
            "out",
        ])
        .code(1);
    assert!(
        run.stderr
            .contains("error[SY0801]: results/notes.txt: not a results file syllabus reads"),
        "{}",
        run.stderr
    );
    assert!(!project.path().join("out").exists(), "nothing is written");
    let run = project
        .run(&["report", "results", "results/moodle.txt", "--out", "out"])
        .code(1);
    assert!(
        run.stderr.contains("pass --module ID@VERSION"),
        "{}",
        run.stderr
    );
    project
        .run(&["report", "results", "results/bad.csv", "--pseudonymise"])
        .code(2);
}

#[test]
fn the_report_folder_is_only_replaced_when_syllabus_wrote_it() {
    let project = Project::fixture("report/course");
    project.write("mine/notes.md", "mine");
    project
        .run(&["report", "results", "results/bad.csv", "--out", "mine"])
        .code(1);
    assert_eq!(project.read("mine/notes.md"), "mine");
    project
        .run(&["report", "results", "results/bad.csv", "--out", "out"])
        .code(0);
    project
        .run(&["report", "results", "results/bad.csv", "--out", "out"])
        .code(0);
}

#[test]
fn pseudonyms_are_stable_for_a_salt_and_hide_learner_ids() {
    let project = Project::fixture("report/course");
    let run = |salt: &str, out: &str| {
        project
            .run(&[
                "report",
                "results",
                "results/moodle.txt",
                "--module",
                "exam@2.0.0",
                "--pseudonymise",
                "--salt",
                salt,
                "--out",
                out,
            ])
            .code(0);
        let json = project.read(&format!("{out}/results.json"));
        let html = project.read(&format!("{out}/index.html"));
        (json, html)
    };
    let (a_json, a_html) = run("first-salt", "a");
    let (b_json, _) = run("first-salt", "b");
    let (c_json, _) = run("second-salt", "c");
    assert_eq!(a_json, b_json, "the same salt gives the same report");
    assert_ne!(a_json, c_json, "another salt gives other pseudonyms");
    for id in ["\"L1\"", ">L1<", "Learner One"] {
        assert!(!a_json.contains(id) && !a_html.contains(id), "{id} leaked");
    }
    let r: Value = serde_json::from_str(&a_json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r["pseudonymised"], true);
    assert!(r["certifications"][0]["learner"]
        .as_str()
        .is_some_and(|l| l.starts_with("p-")));
}
