//! `syllabus build`: config -> discover -> parse -> assemble -> check -> render -> commit.

use super::{report, Outcome};
use crate::cli::BuildArgs;
use crate::content::discover;
use crate::diagnostics::render::Format;
use crate::diagnostics::{self, Diagnostic};
use crate::render::theme::Theme;
use crate::{check, config, content, output, render};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::time::Instant;

/// Builds with a progress bar only when there is enough to wait for.
const PROGRESS_THRESHOLD: usize = 500;

pub fn run(args: &BuildArgs) -> Outcome {
    let started = Instant::now();
    let mut diags = Vec::new();
    let result = build(args, &mut diags);
    report(&mut diags, args.common.format);
    match result {
        Some((modules, pages, out)) => {
            if !args.quiet {
                let warnings = diags.len();
                let warn = if warnings > 0 {
                    format!(", {warnings} warning(s)")
                } else {
                    String::new()
                };
                println!(
                    "Built {modules} modules into {pages} pages in {:.2}s{warn} -> {}",
                    started.elapsed().as_secs_f64(),
                    out.display()
                );
            }
            Outcome::Success
        }
        None => {
            if !args.quiet && args.common.format == Format::Human {
                let errors = diags.iter().filter(|d| d.is_error()).count();
                eprintln!(
                    "Build failed with {errors} error(s); the previous output was left untouched."
                );
            }
            Outcome::ContentErrors
        }
    }
}

/// Runs the pipeline; returns (modules, pages, output folder) or `None` after an error.
fn build(
    args: &BuildArgs,
    diags: &mut Vec<Diagnostic>,
) -> Option<(usize, usize, std::path::PathBuf)> {
    let settings = match config::load(&args.common.root) {
        Ok(s) => s,
        Err(d) => {
            diags.extend(d);
            return None;
        }
    };
    let (discovered, d) = discover::discover(&settings);
    diags.extend(d);
    let progress = progress_bar(args, discovered.files.len());
    let tick = || progress.inc(1);
    let (course, d) = content::load_course(discovered, &tick);
    progress.finish_and_clear();
    diags.extend(d);
    diags.extend(check::run(&settings, &course));

    let overrides = match &settings.theme_dir {
        Some(dir) => match discover::read_theme_dir(dir) {
            Ok(files) => files,
            Err(d) => {
                diags.push(d);
                return None;
            }
        },
        None => Default::default(),
    };
    if diagnostics::has_errors(diags) {
        return None;
    }
    let theme = match Theme::new(overrides, settings.theme_dir.clone()) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let referenced = render::referenced_assets(&course);
    let (asset_bytes, d) = discover::read_assets(
        &settings,
        referenced.iter().filter_map(|p| course.assets.get(*p)),
    );
    diags.extend(d);
    if diagnostics::has_errors(diags) {
        return None;
    }
    let files = match render::site(&settings, &course, &theme, &asset_bytes) {
        Ok(f) => f,
        Err(d) => {
            diags.extend(d);
            return None;
        }
    };
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| settings.output_dir.clone());
    if let Err(d) = output::commit(&out, &files) {
        diags.push(d);
        return None;
    }
    let pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
    Some((course.modules.len(), pages, out))
}

fn progress_bar(args: &BuildArgs, files: usize) -> ProgressBar {
    if args.quiet || files < PROGRESS_THRESHOLD || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(files as u64);
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} parsing {pos}/{len} files {wide_bar}")
    {
        bar.set_style(style);
    }
    bar
}
