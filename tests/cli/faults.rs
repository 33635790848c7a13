//! Faults never lose a site: a build killed at any point, an output that cannot be written or
//! a disk that fills up leave the previous output as it was, with a clear error where there is
//! one, and the next build succeeds.

use crate::support::{tree, Project};
use std::process::{Command, Stdio};
use std::time::Instant;

/// A course big enough that a build takes a while (and writes many files).
fn big_course() -> Project {
    let project = Project::empty();
    project.write("syllabus.yaml", "title: Faults\nlocales:\n  - { code: en, name: English }\n  - { code: ms, name: Melayu }\n");
    let body: String = (0..40)
        .map(|i| {
            format!("## Part {i}\n\nSome policy text for part {i}, long enough to take time.\n\n")
        })
        .collect();
    for s in 0..6 {
        project.write(
            &format!("content/s{s}/_index.md"),
            &format!("---\ntitle: Section {s}\n---\n\nIntro.\n"),
        );
        for m in 0..60 {
            project.write(
                &format!("content/s{s}/m{s}-{m}.md"),
                &format!("---\ntitle: Module {s}-{m}\nkind: sop\nversion: 1.0.0\n---\n\n{body}"),
            );
        }
    }
    project
}

/// Siblings of `public/` that are not `public/` (staging and old folders).
fn leftovers(project: &Project) -> Vec<String> {
    std::fs::read_dir(project.path())
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public."))
        .collect()
}

#[test]
fn a_build_killed_at_any_point_leaves_the_previous_output_intact() {
    let project = big_course();
    let started = Instant::now();
    project.run(&["build", "--quiet"]).code(0);
    let full = started.elapsed();
    let before = tree(&project.path().join("public"));
    // Change the content, so a completed build would differ from `before`.
    project.write(
        "content/s0/m0-0.md",
        "---\ntitle: Changed\nkind: sop\nversion: 1.1.0\n---\n\nNew.\n",
    );
    // Kill at points spread over a whole build.
    for step in 1..=8u32 {
        let delay = full * step / 9;
        let mut child = Command::new(env!("CARGO_BIN_EXE_syllabus"))
            .args(["build", "--quiet"])
            .current_dir(project.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        std::thread::sleep(delay);
        let finished = child.try_wait().ok().flatten().is_some();
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = tree(&project.path().join("public"));
        if finished {
            // The build won the race: the new output is complete.
            assert!(now.contains_key("en/m0-0/index.html"));
            break;
        }
        assert!(
            now == before || now.get("en/m0-0/index.html") != before.get("en/m0-0/index.html"),
            "killed after {delay:?}: public/ is neither the old output nor the new one"
        );
        if now != before {
            // Killed after the swap: the new output must be whole.
            assert_eq!(
                now.len(),
                before.len(),
                "killed after {delay:?}: partial output"
            );
        }
    }
    project.run(&["build", "--quiet"]).code(0);
    assert!(project
        .read("public/en/m0-0/index.html")
        .contains("Changed"));
    assert_eq!(
        leftovers(&project),
        Vec::<String>::new(),
        "the next build cleans up"
    );
}

#[test]
fn a_full_disk_gives_a_clear_error_and_keeps_the_previous_output() {
    let project = big_course();
    project.run(&["build", "--quiet"]).code(0);
    let before = tree(&project.path().join("public"));
    project.write(
        "content/s0/m0-0.md",
        "---\ntitle: Changed\nkind: sop\nversion: 1.1.0\n---\n\nNew.\n",
    );
    // RLIMIT_FSIZE of 16 KiB: writing a bigger file fails with EFBIG (SIGXFSZ is ignored so the
    // process sees the error instead of being killed).
    let bin = env!("CARGO_BIN_EXE_syllabus");
    let out = Command::new("bash")
        .args([
            "-c",
            &format!("trap '' XFSZ; ulimit -f 16; exec '{bin}' build --quiet"),
        ])
        .current_dir(project.path())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("SY0902") && stderr.contains("cannot write"),
        "{stderr}"
    );
    assert!(stderr.contains("File too large"), "{stderr}");
    assert_eq!(
        tree(&project.path().join("public")),
        before,
        "previous output intact"
    );
    assert_eq!(
        leftovers(&project),
        Vec::<String>::new(),
        "no staging left behind"
    );
    project.run(&["build", "--quiet"]).code(0);
}

#[test]
fn an_unwritable_output_gives_a_clear_error() {
    let project = Project::sample();
    // Under /proc nothing can be created, even by root.
    let run = project.run(&["build", "--out", "/proc/syllabus-test/public"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("SY0902"), "{}", run.stderr);
    assert!(run.stderr.contains("cannot write"), "{}", run.stderr);
    let zip = project.run(&["package", "--out", "/proc/syllabus-test/dist"]);
    assert_eq!(zip.code, Some(1), "{}", zip.stderr);
    assert!(zip.stderr.contains("SY0902"), "{}", zip.stderr);
}

#[cfg(unix)]
#[test]
fn a_read_only_output_folder_keeps_the_previous_output() {
    use std::os::unix::fs::PermissionsExt;
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(true);
    let project = Project::sample();
    let out = project.path().join("site");
    std::fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{e}"));
    project
        .run(&["build", "--quiet", "--out", "site/public"])
        .code(0);
    let before = tree(&out.join("public"));
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o555))
        .unwrap_or_else(|e| panic!("{e}"));
    let run = project.run(&["build", "--quiet", "--out", "site/public"]);
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o755))
        .unwrap_or_else(|e| panic!("{e}"));
    if is_root {
        // Root ignores permission bits: the build simply succeeds (the /proc test above covers
        // the error for root).
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        return;
    }
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("SY0902"), "{}", run.stderr);
    assert_eq!(tree(&out.join("public")), before);
}

#[test]
fn a_package_write_that_fails_leaves_no_zip_under_its_name() {
    let project = Project::fixture("package");
    let bin = env!("CARGO_BIN_EXE_syllabus");
    let out = Command::new("bash")
        .args([
            "-c",
            &format!("trap '' XFSZ; ulimit -f 8; exec '{bin}' package --quiet"),
        ])
        .current_dir(project.path())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("File too large"), "{stderr}");
    let dist = project.path().join("dist");
    let names: Vec<String> = std::fs::read_dir(&dist)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    assert!(
        names.iter().all(|n| !n.ends_with(".zip")),
        "no zip may exist under its final name: {names:?}"
    );
}
