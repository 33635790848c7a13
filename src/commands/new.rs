//! `syllabus new <kind> <id>`: writes a module with valid front matter and a body outline for
//! its kind, ready to build.

use super::{report, Outcome};
use crate::cli::NewArgs;
use crate::content::markdown;
use crate::content::model::Kind;
use crate::diagnostics::render::Format;
use crate::diagnostics::{Code, Diagnostic};

pub fn run(args: &NewArgs) -> Outcome {
    if !markdown::is_slug(&args.id) {
        eprintln!(
            "error: `{}` is not a valid module id: use lowercase letters, digits and single hyphens, e.g. `{}`",
            args.id,
            markdown::slugify(&args.id)
        );
        return Outcome::Usage;
    }
    let folder = match &args.section {
        Some(s) if s.split('/').any(|p| p.is_empty() || p == "." || p == "..") => {
            eprintln!("error: --section must be a folder path under content/, e.g. `hate-speech`");
            return Outcome::Usage;
        }
        Some(s) => args.root.join("content").join(s),
        None => args.root.join("content"),
    };
    let path = folder.join(format!("{}.md", args.id));
    let fail = |d: Diagnostic| {
        report(&mut [d], Format::Human);
        Outcome::ContentErrors
    };
    if path.exists() {
        return fail(
            Diagnostic::error(
                Code::WriteFailed,
                "a module file with this id already exists",
            )
            .in_file(&path)
            .with_help("choose another id, or edit the existing file"),
        );
    }
    let kind: Kind = args.kind.into();
    let applies_to = match (&args.applies_to, kind) {
        (Some(target), Kind::RegionalNote) if markdown::is_slug(target) => Some(target.as_str()),
        (_, Kind::RegionalNote) => {
            eprintln!("error: a regional note needs --applies-to <module-id> (the module it adds local context to)");
            return Outcome::Usage;
        }
        (Some(_), _) => {
            eprintln!("error: --applies-to is only for regional notes");
            return Outcome::Usage;
        }
        (None, _) => None,
    };
    let title = args
        .title
        .clone()
        .unwrap_or_else(|| title_from_id(&args.id));
    let text = scaffold(kind, &args.id, &title, &today(), applies_to);
    if let Err(e) = std::fs::create_dir_all(&folder).and_then(|()| std::fs::write(&path, text)) {
        return fail(
            Diagnostic::error(Code::WriteFailed, format!("cannot write: {e}")).in_file(&path),
        );
    }
    println!("Created {}", path.display());
    Outcome::Success
}

/// Today's date (UTC), for commands that record one; the build pipeline never reads the clock.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    chrono::DateTime::from_timestamp(i64::try_from(secs).unwrap_or(0), 0).map_or_else(
        || "2026-01-01".to_string(),
        |d| d.format("%Y-%m-%d").to_string(),
    )
}

fn title_from_id(id: &str) -> String {
    crate::render::views::area_label(id)
}

/// The text of a new module. Pure, so it is tested to build.
pub fn scaffold(kind: Kind, id: &str, title: &str, date: &str, applies_to: Option<&str>) -> String {
    let title_yaml = serde_yaml::to_string(title).unwrap_or_else(|_| format!("\"{title}\"\n"));
    let outline = match kind {
        Kind::Sop => "## Purpose\n\nWhy this procedure exists and what harm it prevents.\n\n## Scope\n\nWhich content, surfaces and reports it covers.\n\n## Procedure {#procedure}\n\n1. First step.\n2. Second step.\n\n## Decision table\n\n| Signal | Action | Escalate to |\n| --- | --- | --- |\n| [describe the signal] | [action] | [team] |\n",
        Kind::Briefing => "## What is changing\n\nThe policy change in two sentences.\n\n## Why\n\nThe reasoning behind it.\n\n## What moderators do differently\n\n- First change.\n",
        Kind::RegionalNote => "## Local context\n\nLaw, language and sensitivities moderators in this region need to know.\n",
        Kind::Assessment => "## About this assessment\n\nWhat it checks and how it is scored.\n",
        Kind::Calibration => "## How this session works\n\nEveryone decides each case alone, then the group compares decisions.\n\n```sensitive Case 1\n[example: describe the case here, never paste real harmful content]\n```\n",
    };
    let note = applies_to
        .map(|t| format!("applies_to: {t}\n"))
        .unwrap_or_default();
    format!(
        "---\nid: {id}\ntitle: {title_yaml}kind: {kind}\nversion: 0.1.0\neffective: {date}\naudience: [new-hire]\nregions: [global]\nduration: 15\nowner: Policy Training\nsummary: One or two sentences saying what the trainee will be able to do.\n{note}---\n\n{outline}",
        kind = kind.as_str()
    )
}

#[cfg(test)]
mod tests {
    use super::scaffold;
    use crate::content::discover::{FileRole, SourceFile};
    use crate::content::model::Kind;
    use crate::content::parse::parse_module;
    use crate::diagnostics::SourceText;
    use std::sync::Arc;

    #[test]
    fn every_scaffold_parses_without_diagnostics() {
        for kind in Kind::ALL {
            let target = (kind == Kind::RegionalNote).then_some("other");
            let text = scaffold(kind, "new-module", "New: module", "2026-01-02", target);
            let file = SourceFile {
                role: FileRole::Module,
                content_path: "new-module.md".into(),
                source: Arc::new(SourceText {
                    path: "content/new-module.md".into(),
                    text,
                }),
            };
            let (module, diags) = parse_module(&file);
            assert!(diags.is_empty(), "{kind:?}: {diags:?}");
            let module = module.unwrap_or_else(|| panic!("{kind:?} did not parse"));
            assert_eq!(module.kind, kind);
            assert_eq!(module.title, "New: module");
        }
    }
}
