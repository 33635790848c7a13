//! `syllabus check`: every validation of a build, without writing anything. For CI and editors.

use super::{report, Outcome};
use crate::check::external;
use crate::cli::CheckArgs;
use crate::diagnostics::{self, render::Format, Code, Level};
use crate::project;
use std::time::{Duration, Instant};

pub fn run(args: &CheckArgs) -> Outcome {
    let started = Instant::now();
    let (project, mut diags) = project::load(
        &args.common.root,
        args.strict,
        project::RenderData::Skip,
        &project::no_progress,
    );
    if let Some(p) = &project {
        // The theme is part of what a build needs: a missing folder or a broken template fails
        // the build, so it fails the check.
        let mut theme_diags = Vec::new();
        if let Some(theme) = project::load_theme(&p.settings, &mut theme_diags) {
            let _ = project::load_strings(&p.settings, &theme, &mut theme_diags);
        }
        diags.extend(diagnostics::adjust(
            theme_diags,
            &p.settings.levels,
            args.strict,
        ));
        let external_off = p.settings.levels.get(&Code::ExternalLink) == Some(&Level::Off);
        if args.external && !external_off {
            let found = external::check(&p.course, Duration::from_secs(args.timeout));
            diags.extend(diagnostics::adjust(found, &p.settings.levels, args.strict));
        }
    }
    report(&mut diags, args.common.format);
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    if args.common.format == Format::Human && !args.quiet {
        let modules = project.as_ref().map_or(0, |p| p.module_files);
        eprintln!(
            "Checked {modules} module file(s) in {:.2}s: {errors} error(s), {warnings} warning(s)",
            started.elapsed().as_secs_f64()
        );
        if let Some(p) = project
            .as_ref()
            .filter(|p| args.coverage && p.settings.locales.len() > 1)
        {
            // Missing translations are normal while a locale is being built up, so they are a
            // summary line rather than warnings; `syllabus coverage` lists them.
            let data = crate::coverage::coverage(&p.settings, &p.course);
            let parts: Vec<String> = data
                .totals
                .iter()
                .map(|t| {
                    format!(
                        "{} {} current, {} stale, {} missing",
                        t.locale, t.current, t.stale, t.missing
                    )
                })
                .collect();
            eprintln!(
                "Translations: {} (details: syllabus coverage)",
                parts.join("; ")
            );
        }
        if let Some(p) = project.as_ref().filter(|_| args.coverage) {
            // Certification coverage: SOP clauses that no question tests.
            let data = crate::coverage::coverage(&p.settings, &p.course);
            let gaps: Vec<String> = data
                .modules
                .iter()
                .filter(|m| m.kind == "sop")
                .filter_map(|m| {
                    let n = m.clauses.iter().filter(|c| c.covered_by.is_empty()).count();
                    (n > 0).then(|| format!("{} ({n} of {})", m.id, m.clauses.len()))
                })
                .collect();
            if !gaps.is_empty() {
                eprintln!(
                    "Clauses no question covers: {} (details: syllabus coverage)",
                    gaps.join(", ")
                );
            }
        }
    }
    super::keep_until_exit(project);
    if errors > 0 {
        Outcome::ContentErrors
    } else {
        Outcome::Success
    }
}
