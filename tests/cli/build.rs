//! `syllabus build` on whole projects: what is written, that it is deterministic and atomic,
//! and the exact HTML of the main page kinds.

use crate::support::{tree, Project};

/// The `<main>` element of a page: the part a snapshot should pin (the chrome is shared).
fn main_of(html: &str) -> &str {
    let start = html
        .find("<main")
        .unwrap_or_else(|| panic!("no <main> in\n{html}"));
    let end = html
        .find("</main>")
        .unwrap_or_else(|| panic!("no </main> in\n{html}"))
        + "</main>".len();
    &html[start..end]
}

#[test]
fn sample_course_builds_cleanly() {
    let project = Project::sample();
    let run = project.run(&["build", "--format", "json"]).code(0);
    // The sample keeps one stale translation on purpose, to show what readers and CI see.
    let found: Vec<(String, String)> = run
        .json()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["path"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let expected = [(
        "SY0401".to_string(),
        "content/hate-speech/hs-sop-triage.id.md".to_string(),
    )];
    assert_eq!(found, expected);
    assert!(run.stdout.starts_with("Built "), "{}", run.stdout);
    let files = tree(&project.path().join("public"));
    assert!(files.contains_key("index.html"));
    assert!(files.contains_key("en/index.html"));
    assert!(files.contains_key("theme/style.css"));
    assert!(files.contains_key("theme/highlight.css"));
    let modules = files
        .keys()
        .filter(|p| {
            p.starts_with("en/") && p.matches('/').count() == 2 && !p.starts_with("en/sections/")
        })
        .count();
    assert!(
        modules >= 10,
        "expected at least 10 module pages, found {modules}"
    );
}

#[test]
fn fixture_site_has_every_page_kind() {
    let project = Project::fixture("build/site");
    project.run(&["build"]).code(0);
    let files = tree(&project.path().join("public"));
    let pages: Vec<&str> = files
        .keys()
        .map(String::as_str)
        .filter(|p| p.ends_with(".html"))
        .collect();
    assert_eq!(
        pages,
        [
            "en/coverage/index.html",
            "en/hs-briefing/index.html",
            "en/hs-sop/index.html",
            "en/index.html",
            "en/inventory/index.html",
            "en/search/index.html",
            "en/sections/hate-speech/index.html",
            "en/sections/hate-speech/print/index.html",
            "en/sections/wellbeing/index.html",
            "en/sections/wellbeing/print/index.html",
            "en/wellbeing-basics/index.html",
            "en/whats-new/index.html",
            "index.html",
        ]
    );
    let assets: Vec<&str> = files
        .keys()
        .map(String::as_str)
        .filter(|p| p.starts_with("assets/"))
        .collect();
    assert_eq!(assets.len(), 1, "{assets:?}");
    assert!(
        assets[0].starts_with("assets/flow.") && assets[0].ends_with(".svg"),
        "{assets:?}"
    );
}

#[test]
fn module_page_snapshot() {
    let project = Project::fixture("build/site");
    project.run(&["build"]).code(0);
    let html = project.read("public/en/hs-sop/index.html");
    insta::assert_snapshot!("module_page_main", main_of(&html));
}

#[test]
fn module_page_chrome_snapshot() {
    let project = Project::fixture("build/site");
    project.run(&["build"]).code(0);
    let html = project.read("public/en/hs-briefing/index.html");
    insta::assert_snapshot!("module_page_full", html);
}

#[test]
fn home_page_snapshot() {
    let project = Project::fixture("build/site");
    project.run(&["build"]).code(0);
    let html = project.read("public/en/index.html");
    insta::assert_snapshot!("home_page_main", main_of(&html));
}

#[test]
fn print_view_snapshot() {
    let project = Project::fixture("build/site");
    project.run(&["build"]).code(0);
    let html = project.read("public/en/sections/hate-speech/print/index.html");
    insta::assert_snapshot!("print_view_main", main_of(&html));
}

#[test]
fn every_url_is_relative_and_no_page_requests_another_host() {
    let project = Project::sample();
    project.run(&["build"]).code(0);
    for (path, bytes) in tree(&project.path().join("public")) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
        for attr in ["src=\"", "href=\""] {
            for (i, _) in html.match_indices(attr) {
                let value = &html[i + attr.len()..];
                let value = &value[..value.find('"').unwrap_or(value.len())];
                assert!(!value.starts_with('/'), "{path}: absolute URL {value}");
                if attr == "src=\"" {
                    assert!(
                        !value.contains("://"),
                        "{path}: loads {value} from another host"
                    );
                }
            }
        }
        assert!(
            !html.contains("<link rel=\"stylesheet\" href=\"http"),
            "{path}: external stylesheet"
        );
        assert!(
            !html.contains("module:"),
            "{path}: a module: link was not rewritten"
        );
    }
}

#[test]
fn content_warning_gates_the_body_and_sensitive_blocks_are_details() {
    let project = Project::fixture("build/site");
    project.run(&["build"]).code(0);
    let html = project.read("public/en/hs-sop/index.html");
    let notice = html
        .find("<section class=\"cw-notice\"")
        .unwrap_or_else(|| panic!("no notice"));
    let gate = html
        .find("<details class=\"cw-gate\"")
        .unwrap_or_else(|| panic!("no gate"));
    let body = html
        .find("<h2 id=\"scope\">")
        .unwrap_or_else(|| panic!("no body"));
    assert!(
        notice < gate && gate < body,
        "the notice must come before the gated body"
    );
    assert!(html.contains("<li>descriptions of slurs</li>"));
    assert!(html.contains("<details class=\"sensitive\"><summary>"));
    // A module without warnings is not gated.
    let other = project.read("public/en/wellbeing-basics/index.html");
    assert!(!other.contains("cw-gate"));
}

#[test]
fn two_builds_are_byte_identical_whatever_the_thread_count() {
    let project = Project::sample();
    project.run(&["build", "--out", "one"]).code(0);
    project
        .run_with_env(&["build", "--out", "two"], &[("RAYON_NUM_THREADS", "1")])
        .code(0);
    let one = tree(&project.path().join("one"));
    let two = tree(&project.path().join("two"));
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        two.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &one {
        assert!(
            two.get(path) == Some(bytes),
            "{path} differs between builds"
        );
    }
}

#[test]
fn failing_build_leaves_previous_output_untouched() {
    let project = Project::fixture("build/site");
    project.run(&["build"]).code(0);
    let before = tree(&project.path().join("public"));
    project.write(
        "content/wellbeing/wellbeing-basics.md",
        "---\ntitle: Broken\nkind: sop\nversion: one\n---\n",
    );
    let run = project.run(&["build"]).code(1);
    assert!(run.stderr.contains("SY0106"), "{}", run.stderr);
    assert!(
        run.stderr.contains("previous output was left untouched"),
        "{}",
        run.stderr
    );
    assert_eq!(tree(&project.path().join("public")), before);
    let leftovers: Vec<String> = std::fs::read_dir(project.path())
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn stale_files_disappear_on_rebuild() {
    let project = Project::fixture("build/site");
    project.run(&["build"]).code(0);
    std::fs::remove_file(project.path().join("content/hate-speech/hs-briefing.md"))
        .unwrap_or_else(|e| panic!("{e}"));
    project.write(
        "content/hate-speech/hs-sop.md",
        &project
            .read("content/hate-speech/hs-sop.md")
            .replace("See the [briefing](hs-briefing.md#why) and", "See"),
    );
    project.write(
        "content/hate-speech/_index.md",
        "---\ntitle: Hate speech\nweight: 1\n---\n",
    );
    project.run(&["build"]).code(0);
    assert!(!project.path().join("public/en/hs-briefing").exists());
}

#[test]
fn refuses_to_overwrite_a_folder_it_did_not_write() {
    let project = Project::fixture("build/site");
    project.write("public/notes.txt", "mine");
    let run = project.run(&["build"]).code(1);
    assert!(
        run.stderr
            .contains("refusing to replace a folder that syllabus did not write"),
        "{}",
        run.stderr
    );
    assert_eq!(project.read("public/notes.txt"), "mine");
}

#[test]
fn theme_override_replaces_one_file_by_name() {
    let project = Project::fixture("build/site");
    let config = project.read("syllabus.yaml");
    project.write("syllabus.yaml", &format!("{config}theme: mytheme\n"));
    project.write(
        "mytheme/static/style.css",
        "body { color: rebeccapurple; }\n",
    );
    project.run(&["build"]).code(0);
    assert_eq!(
        project.read("public/theme/style.css"),
        "body { color: rebeccapurple; }\n"
    );
    assert!(project
        .read("public/theme/site.js")
        .contains("syllabus default theme script"));
}

#[test]
fn quiet_prints_nothing_on_success() {
    let project = Project::fixture("build/site");
    let run = project.run(&["build", "--quiet"]).code(0);
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
}

#[test]
fn usage_errors_exit_2() {
    let project = Project::fixture("build/site");
    project.run(&["build", "--no-such-flag"]).code(2);
    project.run(&["frobnicate"]).code(2);
}
