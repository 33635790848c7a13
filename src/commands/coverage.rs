//! `syllabus coverage`: which modules are translated (current or stale) in which locale, and
//! which regions have notes, as a table or as JSON for dashboards.

use super::{report, Outcome};
use crate::cli::CoverageArgs;
use crate::coverage::{coverage, Status};
use crate::project;

pub fn run(args: &CoverageArgs) -> Outcome {
    let (project, mut diags) = project::load(
        &args.root,
        false,
        project::RenderData::Skip,
        &project::no_progress,
    );
    let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).cloned().collect();
    let Some(p) = project.filter(|_| errors.is_empty()) else {
        report(&mut diags, crate::diagnostics::render::Format::Human);
        return Outcome::ContentErrors;
    };
    let data = coverage(&p.settings, &p.course);
    let text = if args.json {
        match serde_json::to_string_pretty(&data) {
            Ok(text) => text + "\n",
            Err(e) => {
                eprintln!("error: {e}");
                return Outcome::ContentErrors;
            }
        }
    } else {
        table(&data)
    };
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes());
    Outcome::Success
}

fn table(data: &crate::coverage::Coverage) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let width = data
        .modules
        .iter()
        .map(|m| m.id.len())
        .max()
        .unwrap_or(6)
        .max(6);
    let _ = write!(out, "{:width$}", "module");
    for l in &data.locales {
        let _ = write!(out, "  {l:>8}");
    }
    let _ = writeln!(out, "  notes");
    for m in &data.modules {
        let _ = write!(out, "{:width$}", m.id);
        for (_, s) in &m.locales {
            let cell = match s {
                Status::Source { .. } => "source".to_string(),
                Status::Current { .. } => "ok".to_string(),
                Status::Stale { translation_of, .. } => format!("stale {translation_of}"),
                Status::Missing => "-".to_string(),
            };
            let _ = write!(out, "  {cell:>8}");
        }
        let notes: Vec<&str> = m.notes.keys().map(String::as_str).collect();
        if notes.is_empty() {
            let _ = writeln!(out);
        } else {
            let _ = writeln!(out, "  {}", notes.join(" "));
        }
    }
    let _ = writeln!(out, "\nclauses no question covers:");
    for m in &data.modules {
        let gaps: Vec<&str> = m
            .clauses
            .iter()
            .filter(|c| c.covered_by.is_empty())
            .map(|c| c.clause.as_str())
            .collect();
        if !gaps.is_empty() && m.kind == "sop" {
            let _ = writeln!(out, "  {}: {}", m.id, gaps.join(", "));
        }
    }
    for t in &data.totals {
        let _ = writeln!(
            out,
            "{}: {} current, {} stale, {} missing",
            t.locale, t.current, t.stale, t.missing
        );
    }
    out
}
