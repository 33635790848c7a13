//! `syllabus check`: every validation of a build, without writing anything, in the three output
//! formats; `check:` levels in syllabus.yaml, `--strict`, and `--external` against a local server.
//!
//! Each case is a tiny project under `tests/fixtures/check/<case>/` (or another fixture folder it
//! reuses), or is written by the test. Expected lines and columns are read off the fixture.

use crate::support::{tree, Project, Run};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Runs `syllabus check <args>` and asserts the exit code.
#[track_caller]
fn check(project: &Project, args: &[&str], code: i32) -> Run {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    project.run(&all).code(code)
}

/// The JSON diagnostics of `check --format json <args>`, asserting the exit code.
#[track_caller]
fn check_json(project: &Project, args: &[&str], code: i32) -> Vec<Value> {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    check(project, &all, code).json()
}

/// stderr without the timing-dependent summary line.
fn without_summary(run: &Run) -> String {
    run.diagnostics()
        .lines()
        .filter(|l| !l.starts_with("Checked "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The summary line of human output, with the timing replaced.
#[track_caller]
fn summary(run: &Run) -> String {
    let line = run
        .stderr
        .lines()
        .find(|l| l.starts_with("Checked "))
        .unwrap_or_else(|| panic!("no summary line in\n{}", run.stderr));
    mask_time(line).unwrap_or_else(|| panic!("unexpected summary line {line:?}"))
}

/// "Checked 3 module file(s) in 0.01s: ..." -> "Checked 3 modules in [time]: ...".
fn mask_time(line: &str) -> Option<String> {
    let (head, rest) = line.split_once(" in ")?;
    let (time, tail) = rest.split_once("s: ")?;
    time.parse::<f64>().ok()?;
    Some(format!("{head} in [time]: {tail}"))
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

fn codes(diags: &[Value]) -> Vec<&str> {
    diags.iter().filter_map(|d| d["code"].as_str()).collect()
}

fn assert_no_public(project: &Project, run_stderr: &str) {
    assert!(
        !project.path().join("public").exists(),
        "check must not create public/\n{run_stderr}"
    );
}

// ---- every content code at once --------------------------------------------------------------

/// Every content code that can coexist in one project, each produced by one file named for it
/// (SY0404 by the `th` locale, for which the theme has no UI strings; SY0501–SY0503 by the
/// releases under `versions/`). Not here: SY0307 (needs the network) and SY0504 (only
/// `syllabus release` reports it).
const EVERY_CODE: &[&str] = &[
    "SY0101", "SY0102", "SY0103", "SY0104", "SY0105", "SY0106", "SY0107", "SY0108", "SY0109",
    "SY0110", "SY0201", "SY0202", "SY0301", "SY0302", "SY0303", "SY0304", "SY0305", "SY0306",
    "SY0401", "SY0402", "SY0403", "SY0404", "SY0405", "SY0406", "SY0501", "SY0502", "SY0503",
    "SY0601", "SY0602", "SY0603", "SY0604", "SY0605", "SY0606", "SY0607",
];

/// The codes of [`EVERY_CODE`] that are warnings by default.
const EVERY_CODE_WARNINGS: &[&str] = &["SY0306", "SY0401", "SY0404"];

#[test]
fn every_content_code_is_reported_exactly_once() {
    let project = Project::fixture("check/every-code");
    let run = check(&project, &["--format", "json"], 1);
    assert_no_public(&project, &run.stderr);
    let diags = run.json();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for code in codes(&diags) {
        *counts.entry(code).or_default() += 1;
    }
    let expected: BTreeMap<&str, usize> = EVERY_CODE.iter().map(|&c| (c, 1)).collect();
    assert_eq!(counts, expected, "{diags:#?}");
    // One file per problem: the diagnostic is where the fixture put it.
    let at: Vec<(&str, &str, u64, u64)> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default(),
                d["path"].as_str().unwrap_or_default(),
                d["line"].as_u64().unwrap_or_default(),
                d["column"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        at,
        [
            ("SY0607", "content/assessment-invalid.md", 5, 12),
            ("SY0306", "content/body-h1.md", 7, 1),
            ("SY0302", "content/broken-anchor.md", 9, 5),
            ("SY0301", "content/broken-module-link.md", 7, 5),
            ("SY0605", "content/case-invalid.md", 7, 1),
            ("SY0501", "content/changed-without-bump.md", 4, 10),
            ("SY0604", "content/covers-unknown.md", 11, 1),
            ("SY0202", "content/cycle-a.md", 5, 17),
            ("SY0305", "content/duplicate-anchor.md", 11, 1),
            ("SY0107", "content/duplicate-id-2.md", 2, 5),
            ("SY0603", "content/duplicate-question.md", 14, 1),
            ("SY0108", "content/invalid-id.md", 2, 5),
            ("SY0106", "content/invalid-value.md", 4, 10),
            ("SY0303", "content/missing-asset.md", 7, 1),
            ("SY0105", "content/missing-title.md", 1, 1),
            ("SY0101", "content/no-front-matter.md", 1, 1),
            ("SY0403", "content/orphan-translation.ms.md", 2, 17),
            ("SY0304", "content/outside-root.md", 7, 5),
            ("SY0406", "content/placement-not-found.md", 7, 12),
            ("SY0602", "content/question-answer.md", 7, 1),
            ("SY0601", "content/question-invalid.md", 7, 1),
            ("SY0401", "content/stale-translation.ms.md", 2, 17),
            ("SY0402", "content/translation-fixed-key.ms.md", 4, 1),
            ("SY0104", "content/unknown-key.md", 5, 1),
            ("SY0405", "content/unknown-note-target.md", 6, 13),
            ("SY0201", "content/unknown-prerequisite.md", 5, 17),
            ("SY0606", "content/unknown-question-ref.md", 5, 13),
            ("SY0109", "content/unknown-region.md", 5, 11),
            ("SY0102", "content/unterminated-front-matter.md", 1, 1),
            ("SY0110", "content/untitled-section/_index.md", 1, 1),
            ("SY0502", "content/version-behind-release.md", 4, 10),
            ("SY0103", "content/yaml-syntax.md", 6, 1),
            // No line: the locale's whole string table is missing.
            ("SY0404", "i18n/th.yaml", 0, 0),
            // No line: `date: soon` parses as YAML, and is refused afterwards.
            (
                "SY0503",
                "versions/release-invalid/1.0.0/release.yaml",
                0,
                0
            ),
        ]
    );
    for d in &diags {
        let expected = if EVERY_CODE_WARNINGS.contains(&d["code"].as_str().unwrap_or_default()) {
            "warning"
        } else {
            "error"
        };
        assert_eq!(d["severity"], expected, "{d}");
    }
}

#[test]
fn every_code_in_github_format() {
    let project = Project::fixture("check/every-code");
    let run = check(&project, &["--format", "github"], 1);
    assert_no_public(&project, &run.stderr);
    assert_eq!(run.stdout, "", "diagnostics go to stderr");
    assert!(
        run.stderr
            .lines()
            .all(|l| l.starts_with("::error ") || l.starts_with("::warning ")),
        "only workflow commands, no summary line:\n{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), EVERY_CODE.len());
    insta::assert_snapshot!("every_code_github", run.stderr);
}

#[test]
fn every_code_in_human_format() {
    let project = Project::fixture("check/every-code");
    let run = check(&project, &[], 1);
    assert_no_public(&project, &run.stderr);
    assert_eq!(run.stdout, "", "diagnostics go to stderr");
    insta::assert_snapshot!("every_code_human", without_summary(&run));
    assert_eq!(
        summary(&run),
        "Checked 35 module file(s) in [time]: 31 error(s), 3 warning(s)"
    );
}

#[test]
fn quiet_leaves_out_the_summary_line() {
    let project = Project::fixture("check/every-code");
    let run = check(&project, &["--quiet"], 1);
    assert!(
        !run.stderr.lines().any(|l| l.starts_with("Checked ")),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.matches("error[SY").count(), 31, "{}", run.stderr);
}

#[test]
fn usage_errors_exit_with_2() {
    let project = Project::fixture("check/warning-only");
    check(&project, &["--format", "xml"], 2);
    check(&project, &["--timeout", "soon"], 2);
    check(&project, &["--no-such-flag"], 2);
}

// ---- syllabus.yaml ---------------------------------------------------------------------------

#[track_caller]
fn only_config_diagnostic(fixture: &str, code: &str) -> Value {
    let project = Project::fixture(fixture);
    let run = check(&project, &["--format", "json"], 1);
    assert_no_public(&project, &run.stderr);
    let mut diags = run.json();
    assert_eq!(codes(&diags), [code], "{diags:#?}");
    diags.remove(0)
}

#[test]
fn missing_config_is_sy0001() {
    let d = only_config_diagnostic("config/missing-config", "SY0001");
    assert_eq!(d["path"], "syllabus.yaml", "{d}");
    assert!(d["line"].is_null() && d["column"].is_null(), "{d}");
    assert_eq!(d["severity"], "error");
}

#[test]
fn config_syntax_error_is_sy0002() {
    let d = only_config_diagnostic("check/config-syntax", "SY0002");
    // The missing `]` is noticed at the end of the file.
    assert_at(&d, "error", "SY0002", "syllabus.yaml", 3, 1);
}

#[test]
fn unknown_config_key_is_sy0003() {
    let d = only_config_diagnostic("config/unknown-key", "SY0003");
    assert_at(&d, "error", "SY0003", "syllabus.yaml", 3, 1);
    assert_eq!(d["help"], "did you mean `regions`?");
}

#[test]
fn invalid_config_value_is_sy0004() {
    let d = only_config_diagnostic("config/default-locale-not-listed", "SY0004");
    assert_at(&d, "error", "SY0004", "syllabus.yaml", 2, 17);
}

// ---- check: levels in syllabus.yaml ----------------------------------------------------------

/// `check/levels`: a broken module link (SY0301, error) and a level-1 heading (SY0306, warning).
fn levels(check_yaml: &str) -> Project {
    let project = Project::fixture("check/levels");
    project.write(
        "syllabus.yaml",
        &format!("title: Fixture course\n{check_yaml}"),
    );
    project
}

#[test]
fn default_levels_fail_on_the_broken_link() {
    let diags = check_json(&levels(""), &[], 1);
    assert_eq!(diags.len(), 2, "{diags:#?}");
    assert_at(&diags[0], "warning", "SY0306", "content/triage.md", 7, 1);
    assert_at(&diags[1], "error", "SY0301", "content/triage.md", 9, 16);
}

#[test]
fn lowering_a_code_to_warning_passes() {
    let diags = check_json(&levels("check:\n  SY0301: warning\n"), &[], 0);
    assert_eq!(diags.len(), 2, "{diags:#?}");
    assert_at(&diags[0], "warning", "SY0306", "content/triage.md", 7, 1);
    assert_at(&diags[1], "warning", "SY0301", "content/triage.md", 9, 16);
}

#[test]
fn turning_a_code_off_hides_it() {
    let diags = check_json(&levels("check: { SY0301: off }\n"), &[], 0);
    assert_eq!(codes(&diags), ["SY0306"], "{diags:#?}");
}

#[test]
fn raising_a_warning_to_error_fails() {
    let diags = check_json(
        &levels("check:\n  SY0301: warning\n  SY0306: error\n"),
        &[],
        1,
    );
    assert_eq!(diags.len(), 2, "{diags:#?}");
    assert_at(&diags[0], "error", "SY0306", "content/triage.md", 7, 1);
    assert_at(&diags[1], "warning", "SY0301", "content/triage.md", 9, 16);
}

#[test]
fn a_code_that_breaks_the_build_cannot_be_lowered() {
    let project = levels("check:\n  SY0105: off\n");
    let diags = check_json(&project, &[], 1);
    assert_eq!(codes(&diags), ["SY0004"], "{diags:#?}");
    let message = diags[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("SY0105") && message.contains("cannot be lowered"),
        "{message}"
    );
    assert_eq!(diags[0]["path"], "syllabus.yaml");
    let run = check(&project, &[], 1);
    insta::assert_snapshot!("level_cannot_be_lowered", without_summary(&run));
}

#[test]
fn an_unknown_code_in_check_is_a_config_error() {
    let project = levels("check:\n  SY9999: error\n");
    let diags = check_json(&project, &[], 1);
    assert_eq!(codes(&diags), ["SY0004"], "{diags:#?}");
    let message = diags[0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("`SY9999`"), "{message}");
    assert_eq!(diags[0]["path"], "syllabus.yaml");
}

#[test]
fn an_unknown_level_is_a_config_error() {
    let diags = check_json(&levels("check:\n  SY0301: ignore\n"), &[], 1);
    assert_eq!(codes(&diags), ["SY0004"], "{diags:#?}");
}

// ---- --strict --------------------------------------------------------------------------------

#[test]
fn strict_turns_warnings_into_errors() {
    let project = Project::fixture("check/warning-only");
    let diags = check_json(&project, &[], 0);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_at(
        &diags[0],
        "warning",
        "SY0306",
        "content/escalation.md",
        7,
        1,
    );
    let diags = check_json(&project, &["--strict"], 1);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_at(&diags[0], "error", "SY0306", "content/escalation.md", 7, 1);
    let run = check(&project, &["--strict"], 1);
    assert_eq!(
        summary(&run),
        "Checked 1 module file(s) in [time]: 1 error(s), 0 warning(s)"
    );
    assert_no_public(&project, &run.stderr);
}

#[test]
fn strict_does_not_bring_back_a_code_turned_off() {
    let diags = check_json(&levels("check: { SY0301: off }\n"), &["--strict"], 1);
    assert_eq!(codes(&diags), ["SY0306"], "{diags:#?}");
    assert_eq!(diags[0]["severity"], "error");
}

// ---- check writes nothing --------------------------------------------------------------------

#[test]
fn clean_project_passes_and_nothing_is_written() {
    let project = Project::fixture("build/site");
    let before = tree(project.path());
    let run = check(&project, &[], 0);
    assert_eq!(run.stdout, "");
    assert_eq!(
        summary(&run),
        "Checked 3 module file(s) in [time]: 0 error(s), 0 warning(s)"
    );
    assert_eq!(without_summary(&run), "", "no diagnostics expected");
    assert_no_public(&project, &run.stderr);
    assert!(
        tree(project.path()) == before,
        "check changed the project folder"
    );
    let run = check(&project, &["--format", "json"], 0);
    assert_eq!(run.stderr, "", "JSON output has no summary line");
    let run = check(&project, &["--format", "github"], 0);
    assert_eq!(run.stderr, "", "GitHub output has no summary line");
}

#[test]
fn root_option_checks_another_folder() {
    let project = Project::empty();
    project.write("course/syllabus.yaml", "title: Fixture course\n");
    project.write(
        "course/content/intro.md",
        "---\ntitle: Intro\nkind: sop\nversion: 1.0.0\n---\n\n# Intro\n",
    );
    let diags = check_json(&project, &["--root", "course"], 0);
    assert_eq!(codes(&diags), ["SY0306"], "{diags:#?}");
    assert!(
        diags[0]["path"]
            .as_str()
            .is_some_and(|p| p.ends_with("content/intro.md")),
        "{diags:#?}"
    );
    assert!(!project.path().join("course/public").exists());
    assert!(!project.path().join("public").exists());
}

// ---- --external ------------------------------------------------------------------------------

/// A local HTTP server: `HEAD /ok` and `GET /ok` answer 200, `/get-only` answers 405 to `HEAD`
/// and 200 to `GET`, anything else 404. It counts the connections it accepted and stops after
/// `MAX_CONNECTIONS` or a minute, whichever comes first.
struct Server {
    port: u16,
    connections: Arc<AtomicUsize>,
}

const MAX_CONNECTIONS: usize = 20;

impl Server {
    fn start() -> Server {
        let listener =
            TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind 127.0.0.1:0: {e}"));
        let port = listener
            .local_addr()
            .unwrap_or_else(|e| panic!("local_addr: {e}"))
            .port();
        listener
            .set_nonblocking(true)
            .unwrap_or_else(|e| panic!("set_nonblocking: {e}"));
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&connections);
        std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(60);
            while counter.load(Ordering::SeqCst) < MAX_CONNECTIONS && Instant::now() < deadline {
                match listener.accept() {
                    Ok((stream, _)) => {
                        counter.fetch_add(1, Ordering::SeqCst);
                        // A failed exchange shows up as a failed link in the test.
                        let _ = answer(stream);
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                        std::thread::sleep(Duration::from_millis(10));
                    }
                    Err(_) => break,
                }
            }
        });
        Server { port, connections }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

fn answer(stream: TcpStream) -> std::io::Result<()> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Read the headers too, so closing the socket does not reset the connection.
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let status = match (parts.next(), parts.next()) {
        (Some("HEAD" | "GET"), Some("/ok")) => "200 OK",
        (Some("HEAD"), Some("/get-only")) => "405 Method Not Allowed",
        (Some("GET"), Some("/get-only")) => "200 OK",
        _ => "404 Not Found",
    };
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )?;
    stream.flush()
}

/// A project whose only module links to `/ok` (line 7), `/get-only` (line 9) and `/missing`
/// (line 11) on the server.
fn linking_to(server: &Server) -> Project {
    let project = Project::empty();
    project.write("syllabus.yaml", "title: Fixture course\n");
    project.write(
        "content/links.md",
        &format!(
            "---\ntitle: Links\nkind: sop\nversion: 1.0.0\n---\n\n\
             See [the good page]({}).\n\n\
             See [the page that refuses HEAD]({}).\n\n\
             See [the missing page]({}).\n",
            server.url("/ok"),
            server.url("/get-only"),
            server.url("/missing")
        ),
    );
    project
}

#[test]
fn external_links_are_only_requested_with_external() {
    let server = Server::start();
    let project = linking_to(&server);

    let diags = check_json(&project, &[], 0);
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(server.connections(), 0, "no request without --external");

    let diags = check_json(&project, &["--external", "--timeout", "5"], 0);
    assert_eq!(diags.len(), 1, "only /missing fails: {diags:#?}");
    assert_at(&diags[0], "warning", "SY0307", "content/links.md", 11, 5);
    let message = diags[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains(&server.url("/missing")) && message.contains("404"),
        "{message}"
    );
    // /ok: HEAD; /get-only: HEAD then GET; /missing: HEAD.
    assert_eq!(server.connections(), 4);

    let diags = check_json(&project, &["--external", "--timeout", "5", "--strict"], 1);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_at(&diags[0], "error", "SY0307", "content/links.md", 11, 5);
    assert_eq!(server.connections(), 8);
}

#[test]
fn refused_connection_is_reported() {
    let port = {
        let listener =
            TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind 127.0.0.1:0: {e}"));
        listener
            .local_addr()
            .unwrap_or_else(|e| panic!("local_addr: {e}"))
            .port()
    };
    let project = Project::empty();
    project.write("syllabus.yaml", "title: Fixture course\n");
    project.write(
        "content/closed.md",
        &format!(
            "---\ntitle: Closed\nkind: sop\nversion: 1.0.0\n---\n\n\
             The [old tool](http://127.0.0.1:{port}/tool) is gone.\n"
        ),
    );
    let started = Instant::now();
    let diags = check_json(&project, &["--external", "--timeout", "5"], 0);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "a refused connection is not a timeout"
    );
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_at(&diags[0], "warning", "SY0307", "content/closed.md", 7, 5);
    let message = diags[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with(&format!(
            "external link http://127.0.0.1:{port}/tool failed: "
        )) && message.to_lowercase().contains("refused"),
        "{message}"
    );
}

// ---- speed -----------------------------------------------------------------------------------

#[test]
fn three_hundred_linked_modules_check_quickly() {
    const N: usize = 300;
    let project = Project::empty();
    project.write("syllabus.yaml", "title: Fixture course\n");
    for i in 0..N {
        let next = (i + 1) % N;
        let prerequisites = if i == 0 {
            String::new()
        } else {
            format!("prerequisites: [module-{:03}]\n", i - 1)
        };
        project.write(
            &format!("content/part-{}/module-{i:03}.md", i / 50),
            &format!(
                "---\ntitle: Module {i}\nkind: sop\nversion: 1.0.0\n{prerequisites}---\n\n\
                 ## Steps {{#steps-{i}}}\n\nRead [the next one](module:module-{next:03}#steps-{next}) \
                 and [the steps](#steps-{i}).\n\n\
                 ## Notes\n\nSee [the notes of the next one](../part-{}/module-{next:03}.md#notes).\n",
                next / 50
            ),
        );
    }
    let started = Instant::now();
    let run = check(&project, &[], 0);
    let elapsed = started.elapsed();
    assert_eq!(
        summary(&run),
        format!("Checked {N} module file(s) in [time]: 0 error(s), 0 warning(s)")
    );
    assert!(
        elapsed < Duration::from_secs(5),
        "check of {N} modules took {elapsed:?}"
    );
}

// ---- known bugs: the correct behaviour, ignored until src/ is fixed --------------------------

/// Regressions: each was a bug found in review; the test pins the fixed behaviour.
mod regressions {
    use super::{check_json, codes, levels, Server};
    use crate::support::Project;

    fn with_theme(template: Option<&str>) -> Project {
        let project = Project::fixture("check/warning-only");
        project.write("syllabus.yaml", "title: Fixture course\ntheme: mytheme\n");
        if let Some(text) = template {
            project.write("mytheme/templates/module.html", text);
        }
        project
    }

    /// `build` fails with SY0901 (theme folder does not exist); `check` passes.
    #[test]

    fn missing_theme_folder_fails_check_as_it_fails_build() {
        let project = with_theme(None);
        project.run(&["build", "--format", "json"]).code(1);
        let diags = check_json(&project, &[], 1);
        assert!(codes(&diags).contains(&"SY0901"), "{diags:#?}");
    }

    /// `build` fails with SY0903 (template does not parse); `check` passes.
    #[test]

    fn broken_theme_template_fails_check_as_it_fails_build() {
        let project = with_theme(Some("{% if %}broken\n"));
        project.run(&["build", "--format", "json"]).code(1);
        let diags = check_json(&project, &[], 1);
        assert!(codes(&diags).contains(&"SY0903"), "{diags:#?}");
    }

    /// Both errors point at `check:` (2:7, an empty span after the colon), not at their entries.
    #[test]

    fn check_entry_errors_point_at_the_entry() {
        let diags = check_json(&levels("check:\n  SY0105: off\n  SY9999: error\n"), &[], 1);
        let at: Vec<_> = diags
            .iter()
            .map(|d| (d["line"].as_u64(), d["column"].as_u64()))
            .collect();
        assert_eq!(at, [(Some(3), Some(3)), (Some(4), Some(3))], "{diags:#?}");
    }

    /// With `SY0307: off` every link is still requested (waiting out the timeout on a network
    /// that cannot reach it), and the result is thrown away.
    #[test]

    fn external_links_are_not_requested_when_sy0307_is_off() {
        let server = Server::start();
        let project = super::linking_to(&server);
        project.write(
            "syllabus.yaml",
            "title: Fixture course\ncheck: { SY0307: off }\n",
        );
        let diags = check_json(&project, &["--external", "--timeout", "5"], 0);
        assert!(diags.is_empty(), "{diags:#?}");
        assert_eq!(server.connections(), 0);
    }
}

/// `--coverage` adds the certification gaps (and, with several locales, translation totals).
#[test]
fn coverage_summarises_clauses_no_question_covers() {
    let project = Project::fixture("build/site");
    let plain = project.run(&["check"]).code(0);
    assert!(
        !plain.stderr.contains("Clauses no question covers"),
        "{}",
        plain.stderr
    );
    let run = project.run(&["check", "--coverage"]).code(0);
    assert!(
        run.stderr.lines().any(
            |l| l == "Clauses no question covers: hs-sop (1 of 1) (details: syllabus coverage)"
        ),
        "{}",
        run.stderr
    );
}
