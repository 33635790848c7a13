//! The test harness: copy a fixture project into a temporary folder, run the real binary in it
//! with a scrubbed environment, and assert on what it did.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Project {
    dir: tempfile::TempDir,
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap_or_else(|e| panic!("walking {}: {e}", from.display()));
        let rel = entry
            .path()
            .strip_prefix(from)
            .unwrap_or_else(|e| panic!("{e}"));
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest)
                .unwrap_or_else(|e| panic!("mkdir {}: {e}", dest.display()));
        } else {
            std::fs::copy(entry.path(), &dest)
                .unwrap_or_else(|e| panic!("copy {}: {e}", entry.path().display()));
        }
    }
}

impl Project {
    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Project {
        let project = Project::empty();
        copy_dir(
            &repo_root().join("tests/fixtures").join(name),
            project.path(),
        );
        project
    }

    /// A copy of the sample course at the repository root.
    pub fn sample() -> Project {
        let project = Project::empty();
        copy_dir(
            &repo_root().join("content"),
            &project.path().join("content"),
        );
        std::fs::copy(
            repo_root().join("syllabus.yaml"),
            project.path().join("syllabus.yaml"),
        )
        .unwrap_or_else(|e| panic!("copy syllabus.yaml: {e}"));
        project
    }

    pub fn empty() -> Project {
        Project {
            dir: tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}")),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (creating folders) relative to the project.
    pub fn write(&self, rel: &str, text: &str) -> &Project {
        let path = self.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("mkdir: {e}"));
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        self
    }

    pub fn read(&self, rel: &str) -> String {
        let path = self.path().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    /// Runs `syllabus <args>` in the project folder.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_env(args, &[])
    }

    pub fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_syllabus"));
        cmd.args(args).current_dir(self.path()).env_clear();
        for var in ["PATH", "HOME"] {
            if let Some(v) = std::env::var_os(var) {
                cmd.env(var, v);
            }
        }
        cmd.env("TZ", "UTC").env("NO_COLOR", "1");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd
            .output()
            .unwrap_or_else(|e| panic!("running syllabus: {e}"));
        Run {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts the exit code, showing the output when it differs.
    #[track_caller]
    pub fn code(self, expected: i32) -> Run {
        assert_eq!(
            self.code,
            Some(expected),
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// stderr without the timing-dependent summary lines.
    pub fn diagnostics(&self) -> String {
        self.stderr
            .lines()
            .filter(|l| !l.starts_with("Build failed with"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The JSON diagnostics printed with `--format json`.
    pub fn json(&self) -> Vec<serde_json::Value> {
        self.stderr
            .lines()
            .filter(|l| l.starts_with('{'))
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l}: {e}")))
            .collect()
    }
}

/// Every file under `dir` with its bytes, by relative path.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap_or_else(|err| panic!("{err}"));
            let bytes = std::fs::read(e.path()).unwrap_or_else(|err| panic!("{err}"));
            (rel.to_string_lossy().replace('\\', "/"), bytes)
        })
        .collect()
}

/// A running `syllabus` process (e.g. `serve`), killed when dropped.
pub struct Running {
    pub child: std::process::Child,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Project {
    /// Starts `syllabus <args>` in the project folder without waiting for it.
    pub fn spawn(&self, args: &[&str]) -> Running {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_syllabus"));
        cmd.args(args).current_dir(self.path()).env_clear();
        for var in ["PATH", "HOME"] {
            if let Some(v) = std::env::var_os(var) {
                cmd.env(var, v);
            }
        }
        cmd.env("TZ", "UTC").env("NO_COLOR", "1");
        cmd.stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("starting syllabus: {e}"));
        Running { child }
    }
}

/// A port that was free a moment ago.
pub fn free_port() -> u16 {
    let listener =
        std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
    listener
        .local_addr()
        .unwrap_or_else(|e| panic!("addr: {e}"))
        .port()
}

/// Helpers for fixtures whose build must fail with located diagnostics (front matter, links).
pub mod failing {
    use super::{Project, Run};
    use serde_json::Value;

    /// Builds a fixture that must fail: exit code 1 and no `public/`.
    pub fn build_fails(fixture: &str, args: &[&str]) -> Run {
        let project = Project::fixture(fixture);
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        let run = project.run(&all).code(1);
        assert!(
            !project.path().join("public").exists(),
            "a failing build must not create public/\n{}",
            run.stderr
        );
        run
    }

    /// The human diagnostics of a failing build.
    pub fn human(fixture: &str) -> String {
        build_fails(fixture, &[]).diagnostics()
    }

    /// The JSON diagnostics of a failing build.
    pub fn json(fixture: &str) -> Vec<Value> {
        let run = build_fails(fixture, &["--format", "json"]);
        let diags = run.json();
        assert!(!diags.is_empty(), "no JSON diagnostics:\n{}", run.stderr);
        diags
    }

    /// Asserts one JSON diagnostic's code, path, line and column exactly (and that it is an error).
    #[track_caller]
    pub fn assert_at(d: &Value, code: &str, path: &str, line: u64, column: u64) {
        assert_eq!(
            (
                d["severity"].as_str(),
                d["code"].as_str(),
                d["path"].as_str(),
                d["line"].as_u64(),
                d["column"].as_u64(),
            ),
            (
                Some("error"),
                Some(code),
                Some(path),
                Some(line),
                Some(column)
            ),
            "{d}"
        );
    }

    /// The only diagnostic of a failing build, as JSON.
    #[track_caller]
    pub fn only(fixture: &str) -> Value {
        let mut diags = json(fixture);
        assert_eq!(diags.len(), 1, "expected one diagnostic: {diags:#?}");
        diags.remove(0)
    }
}
