//! Bad input never crashes and never corrupts: every file of the corpus in
//! `tests/fixtures/bad/` (see its README and `cases.tsv`) dropped into a small project, built
//! with a time limit, must give the documented diagnostic at its place and exit 1, or simply
//! work, and never panic or hang. Inputs too big to commit or needing links, symlinks and
//! special names are made here.

use crate::support::{Project, Run};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BAD: &str = "tests/fixtures/bad";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of the corpus's base project.
fn base() -> Project {
    Project::fixture("bad/base")
}

/// Runs `syllabus <args>` in `dir`, killed after `limit`: a hang fails the test.
fn run_limited(dir: &Path, args: &[&str], limit: Duration) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_syllabus"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("starting syllabus: {e}"));
    let started = Instant::now();
    loop {
        if child
            .try_wait()
            .unwrap_or_else(|e| panic!("waiting: {e}"))
            .is_some()
        {
            break;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("syllabus {args:?} in {} hung for {limit:?}", dir.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("output: {e}"));
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

struct Case {
    file: String,
    exit: i32,
    code: String,
    line: Option<u64>,
    column: Option<u64>,
    what: String,
}

fn cases() -> Vec<Case> {
    let table = std::fs::read_to_string(repo().join(BAD).join("cases.tsv"))
        .unwrap_or_else(|e| panic!("cases.tsv: {e}"));
    table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 6, "cases.tsv row {l:?}");
            Case {
                file: f[0].to_string(),
                exit: f[1].parse().unwrap_or_else(|e| panic!("{l}: {e}")),
                code: f[2].to_string(),
                line: f[3].parse().ok(),
                column: f[4].parse().ok(),
                what: f[5].to_string(),
            }
        })
        .collect()
}

/// Asserts `run` is a clean failure or success, as `case` says.
fn assert_case(case: &Case, run: &Run, project: &Project) {
    let context = format!("{} ({})\n--- stderr\n{}", case.file, case.what, run.stderr);
    assert!(!run.stderr.contains("panicked"), "panic: {context}");
    assert_eq!(run.code, Some(case.exit), "exit code: {context}");
    let severity = if case.exit == 0 {
        assert!(
            project.path().join("public/index.html").is_file(),
            "{context}"
        );
        if case.code.is_empty() {
            assert!(run.json().is_empty(), "no diagnostic expected: {context}");
            return;
        }
        "warning"
    } else {
        assert!(
            !project.path().join("public").exists(),
            "a failed build writes nothing: {context}"
        );
        "error"
    };
    let path = format!("content/{}", case.file);
    let first = run
        .json()
        .into_iter()
        .find(|d| d["path"] == path.as_str() && d["severity"] == severity)
        .unwrap_or_else(|| panic!("no {severity} for {path}: {context}"));
    assert_eq!(first["code"], case.code.as_str(), "code: {context}");
    assert!(
        !first["message"].as_str().unwrap_or("").is_empty(),
        "{context}"
    );
    if let Some(line) = case.line {
        assert_eq!(first["line"], line, "line: {context}");
    }
    if let Some(column) = case.column {
        assert_eq!(first["column"], column, "column: {context}");
    }
}

#[test]
fn every_corpus_file_gives_its_documented_answer() {
    let all = cases();
    assert!(all.len() >= 40, "the corpus has {} cases", all.len());
    for case in &all {
        let project = base();
        let bytes = std::fs::read(repo().join(BAD).join("content").join(&case.file))
            .unwrap_or_else(|e| panic!("{}: {e}", case.file));
        std::fs::write(project.path().join("content").join(&case.file), bytes)
            .unwrap_or_else(|e| panic!("{e}"));
        let run = run_limited(
            project.path(),
            &["build", "--quiet", "--format", "json"],
            Duration::from_secs(60),
        );
        assert_case(case, &run, &project);
    }
}

#[test]
fn a_50_mb_module_is_checked_in_bounded_time() {
    let project = base();
    let mut body = String::from("---\ntitle: Huge\nkind: sop\nversion: 1.0.0\n---\n\n");
    let paragraph = "A long paragraph of policy text that repeats to make a very large module. ";
    while body.len() < 50 * 1024 * 1024 {
        for _ in 0..20 {
            body.push_str(paragraph);
        }
        body.push_str("\n\n");
    }
    project.write("content/huge.md", &body);
    let run = run_limited(project.path(), &["check"], Duration::from_secs(120));
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

#[test]
fn five_thousand_nested_lists_and_quotes_do_not_overflow() {
    let project = base();
    let lists: String = (0..5000)
        .map(|i| format!("{}- item\n", " ".repeat(i * 2)))
        .collect();
    project.write(
        "content/lists.md",
        &format!("---\ntitle: Lists\nkind: sop\nversion: 1.0.0\n---\n\n{lists}"),
    );
    project.write(
        "content/quotes.md",
        &format!(
            "---\ntitle: Quotes\nkind: sop\nversion: 1.0.0\n---\n\n{} deep\n",
            ">".repeat(100_000)
        ),
    );
    let run = run_limited(
        project.path(),
        &["build", "--quiet"],
        Duration::from_secs(120),
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

#[test]
fn duplicate_ids_are_reported_at_both_files() {
    let project = base();
    project.write(
        "content/a.md",
        "---\ntitle: A\nid: same\nkind: sop\nversion: 1.0.0\n---\n\nText.\n",
    );
    project.write(
        "content/b.md",
        "---\ntitle: B\nid: same\nkind: sop\nversion: 1.0.0\n---\n\nText.\n",
    );
    let run = project.run(&["check", "--format", "json"]).code(1);
    let d = run.json();
    assert!(d.iter().any(|d| d["code"] == "SY0107"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn symlinks_that_escape_the_content_folder_are_never_read() {
    let project = base();
    let secret = project.path().join("secret.txt");
    std::fs::write(&secret, "SECRET-1f3e outside the content folder")
        .unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(&secret, project.path().join("content/leak.svg"))
        .unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink("/etc", project.path().join("content/etc"))
        .unwrap_or_else(|e| panic!("{e}"));
    project.write(
        "content/m.md",
        "---\ntitle: M\nkind: sop\nversion: 1.0.0\n---\n\n![leak](leak.svg) [hosts](etc/hosts)\n",
    );
    let run = project.run(&["build", "--format", "json"]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let d = run.json();
    for link in ["content/leak.svg", "content/etc"] {
        assert!(
            d.iter().any(|d| d["code"] == "SY0304" && d["path"] == link),
            "{link}: {}",
            run.stderr
        );
    }
    assert_eq!(run.code, Some(1));
    if project.path().join("public").exists() {
        for (path, bytes) in crate::support::tree(&project.path().join("public")) {
            assert!(
                !String::from_utf8_lossy(&bytes).contains("SECRET-1f3e"),
                "{path} carries a file from outside content/"
            );
        }
    }
}

#[test]
fn names_with_spaces_and_unicode_in_nfc_and_nfd_work() {
    let project = base();
    // "é" composed (NFC) and decomposed (NFD): two different file names on Linux. Each file
    // links to the other spelled the other way.
    project.write(
        "content/Café policy.md",
        "---\ntitle: Café NFC\nid: cafe-nfc\nkind: sop\nversion: 1.0.0\n---\n\n![flow](<my chart.svg>) [other](<Café notes.md>)\n",
    );
    project.write(
        "content/Cafe\u{301} notes.md",
        "---\ntitle: Café NFD\nid: cafe-nfd\nkind: sop\nversion: 1.0.0\n---\n\n[back](Cafe\u{301}%20policy.md) ![flow](my%20chart.svg)\n",
    );
    project.write(
        "content/my chart.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    let run = project.run(&["build", "--format", "json"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let page = project.read("public/en/cafe-nfc/index.html");
    assert!(page.contains("href=\"../cafe-nfd/index.html\""), "{page}");
    assert!(page.contains("assets/my-chart."), "{page}");
    let back = project.read("public/en/cafe-nfd/index.html");
    assert!(back.contains("href=\"../cafe-nfc/index.html\""), "{back}");
}

#[test]
fn broken_configuration_files_are_located() {
    let cases: &[(&str, &str, &str, Option<u64>)] = &[
        ("title: [unclosed\n", "SY0002", "YAML syntax", None),
        ("title: T\nlocales: en\n", "SY0004", "locales is not a list", None),
        ("title: T\ntitel: x\n", "SY0003", "unknown key", Some(2)),
        ("title: T\nregions:\n  - { code: MY }\n", "SY0004", "region without a name", Some(3)),
        ("\ttitle: T\n", "SY0002", "tab indentation", Some(1)),
        (
            "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\ntitle: T\n",
            "SY0002",
            "alias bomb",
            None,
        ),
        ("title: T\npackages:\n  - { name: x, modules: [ok], mastery: 99999999999999999999 }\n", "SY0004", "huge number", Some(3)),
        ("", "SY0004", "empty file: no title", None),
    ];
    for (yaml, code, what, line) in cases {
        let project = base();
        project.write("syllabus.yaml", yaml);
        let run = run_limited(
            project.path(),
            &["check", "--format", "json"],
            Duration::from_secs(30),
        );
        assert!(!run.stderr.contains("panicked"), "{what}: {}", run.stderr);
        assert_eq!(run.code, Some(1), "{what}: {}", run.stderr);
        let d = run.json();
        assert_eq!(d[0]["code"], *code, "{what}: {}", run.stderr);
        assert_eq!(d[0]["path"], "syllabus.yaml", "{what}");
        if let Some(line) = line {
            assert_eq!(d[0]["line"], *line, "{what}: {}", run.stderr);
        }
    }
}
