//! `syllabus new`: scaffolds modules that build.

use crate::support::Project;

#[test]
fn scaffolded_module_of_every_kind_builds() {
    let project = Project::fixture("build/site");
    for (kind, id) in [
        ("sop", "new-sop"),
        ("briefing", "new-briefing"),
        ("regional-note", "new-note"),
        ("assessment", "new-assessment"),
        ("calibration", "new-calibration"),
    ] {
        let mut args = vec!["new", kind, id, "--section", "drafts"];
        if kind == "regional-note" {
            args.extend(["--applies-to", "hs-sop"]);
        }
        let run = project.run(&args).code(0);
        assert!(
            run.stdout.contains(&format!("content/drafts/{id}.md")),
            "{}",
            run.stdout
        );
    }
    let run = project.run(&["build"]).code(0);
    assert_eq!(run.stderr, "");
    let page = project.read("public/en/new-sop/index.html");
    assert!(page.contains("<h1>New sop</h1>"), "{page}");
}

#[test]
fn refuses_to_overwrite_and_rejects_bad_ids() {
    let project = Project::fixture("build/site");
    project.run(&["new", "sop", "twice"]).code(0);
    let before = project.read("content/twice.md");
    let run = project.run(&["new", "briefing", "twice"]).code(1);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert_eq!(project.read("content/twice.md"), before);
    let run = project.run(&["new", "sop", "Bad Id"]).code(2);
    assert!(run.stderr.contains("e.g. `bad-id`"), "{}", run.stderr);
    project.run(&["new", "poster", "x"]).code(2);
    let run = project
        .run(&["new", "regional-note", "note-without-target"])
        .code(2);
    assert!(run.stderr.contains("--applies-to"), "{}", run.stderr);
    let run = project
        .run(&["new", "regional-note", "note-without-target"])
        .code(2);
    assert!(run.stderr.contains("--applies-to"), "{}", run.stderr);
}
