//! `syllabus refresher <id> --from X [--to Y]`: writes a short "what changed" module next to the
//! module, for moderators certified on version X. It is an ordinary module (its id is derived
//! from the module id and the version pair), so it builds and packages like any other.

use super::{report, Outcome};
use crate::cli::RefresherArgs;
use crate::content::model::Module;
use crate::diagnostics::{render::Format, Code, Diagnostic};
use crate::project;
use crate::versions::{refresher_id, refresher_text};

pub fn run(args: &RefresherArgs) -> Outcome {
    let (project, mut diags) = project::load(
        &args.root,
        false,
        project::RenderData::Skip,
        &project::no_progress,
    );
    let Some(p) = project.filter(|_| !diags.iter().any(Diagnostic::is_error)) else {
        report(&mut diags, Format::Human);
        return Outcome::ContentErrors;
    };
    let Some(current) = p.course.modules.iter().find(|m| m.id.0 == args.id) else {
        eprintln!("error: there is no module `{}`", args.id);
        return Outcome::Usage;
    };
    let releases = p.course.releases_of(&current.id);
    let find = |v: &semver::Version| releases.iter().find(|r| &r.version == v);
    let Some(from) = find(&args.from) else {
        let known: Vec<String> = releases.iter().map(|r| r.version.to_string()).collect();
        eprintln!(
            "error: `{}` has no release {} (releases: {})",
            args.id,
            args.from,
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        );
        return Outcome::Usage;
    };
    let (to, changes): (&Module, Option<&str>) = match &args.to {
        Some(v) => match find(v) {
            Some(r) => (&r.module, r.changes.as_deref()),
            None => {
                eprintln!("error: `{}` has no release {v}", args.id);
                return Outcome::Usage;
            }
        },
        None => (current, current.changes.as_deref()),
    };
    if to.version <= from.version {
        eprintln!(
            "error: --to ({}) must be newer than --from ({})",
            to.version, from.version
        );
        return Outcome::Usage;
    }
    let id = refresher_id(&current.id.0, &from.version, &to.version);
    let folder = match current.content_path.rsplit_once('/') {
        Some((dir, _)) => p.settings.content_dir.join(dir),
        None => p.settings.content_dir.clone(),
    };
    let path = folder.join(format!("{id}.md"));
    if path.exists() && !args.force {
        let mut d = vec![
            Diagnostic::error(Code::WriteFailed, "the refresher already exists")
                .in_file(&path)
                .with_help("pass --force to write it again"),
        ];
        report(&mut d, Format::Human);
        return Outcome::ContentErrors;
    }
    // The module's own questions and those assessments pull from it.
    let mut questions: Vec<&crate::content::quiz::Question> = to
        .blocks
        .questions
        .iter()
        .filter(|q| q.is_live(&to.version))
        .collect();
    for a in p.course.modules.iter().filter(|m| m.assessment.is_some()) {
        for (source, q) in crate::content::quiz::pool(&p.course, a) {
            if source.id == current.id && !questions.iter().any(|x| x.id == q.id) {
                questions.push(q);
            }
        }
    }
    let text = refresher_text(&from.module, to, current, changes, &questions);
    if let Err(e) = std::fs::write(&path, text) {
        let mut d =
            vec![Diagnostic::error(Code::WriteFailed, format!("cannot write: {e}")).in_file(&path)];
        report(&mut d, Format::Human);
        return Outcome::ContentErrors;
    }
    println!("Wrote {} (module `{id}`)", path.display());
    Outcome::Success
}
