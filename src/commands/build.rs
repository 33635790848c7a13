//! `syllabus build`: load and check the project, render the site, commit it atomically.

use super::{report, Outcome};
use crate::cli::BuildArgs;
use crate::diagnostics::render::Format;
use crate::diagnostics::Diagnostic;
use crate::project::{self, Project, RenderData, RenderInputs};
use crate::{output, render};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

/// Builds with a progress bar only when there is enough to wait for.
const PROGRESS_THRESHOLD: usize = 500;

pub fn run(args: &BuildArgs) -> Outcome {
    let started = Instant::now();
    let mut diags = Vec::new();
    let result = build(args, &mut diags);
    report(&mut diags, args.common.format);
    let human = !args.quiet && args.common.format == Format::Human;
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
            if human {
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
fn build(args: &BuildArgs, diags: &mut Vec<Diagnostic>) -> Option<(usize, usize, PathBuf)> {
    let show = !args.quiet && std::io::stderr().is_terminal();
    let bar = std::sync::OnceLock::new();
    let progress = |files: usize| -> Box<dyn Fn() + Sync> {
        let pb = progress_bar(show, files);
        let _ = bar.set(pb.clone());
        Box::new(move || pb.inc(1))
    };
    // `SYLLABUS_TIMINGS=1` prints how long each stage took (for profiling; see bench/).
    let lap = project::stage_timer();
    // The theme's templates compile while the content is read.
    let (loaded, d) = project::load_alongside(
        &args.common.root,
        false,
        RenderData::Keep,
        &progress,
        project::load_theme_and_strings,
    );
    lap("load, parse and check");
    if let Some(pb) = bar.get() {
        pb.finish_and_clear();
    }
    diags.extend(d);
    let (
        Project {
            mut settings,
            course,
            ..
        },
        theme,
    ) = loaded?;
    settings.as_of.clone_from(&args.as_of);
    if let Some(edition) = args.edition {
        settings.edition = edition;
    }
    let RenderInputs {
        theme,
        strings,
        asset_bytes,
    } = project::render_inputs(theme, &settings, &course, diags)?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| default_output(&settings));
    // Pages are written as they are rendered: the site is never all in memory.
    let html = std::sync::atomic::AtomicUsize::new(0);
    let written = output::commit_streaming(&out, |write| {
        render::site_into(&settings, &course, &theme, &strings, &asset_bytes, &|f| {
            if f.path.ends_with(".html") {
                html.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            write(f)
        })
        .map(|_| ())
    });
    match written {
        Ok(Ok(())) => {}
        Ok(Err(d)) => {
            diags.extend(d);
            return None;
        }
        Err(d) => {
            diags.push(d);
            return None;
        }
    }
    lap("render and write");
    let pages = html.into_inner();
    let modules = course.modules.len();
    super::keep_until_exit(course);
    Some((modules, pages, out))
}

/// The trainer edition never lands where trainees' site is published unless asked to.
fn default_output(settings: &crate::config::Settings) -> PathBuf {
    match settings.edition {
        crate::config::Edition::Trainee => settings.output_dir.clone(),
        crate::config::Edition::Trainer => {
            let mut name = settings
                .output_dir
                .file_name()
                .map(|n| n.to_os_string())
                .unwrap_or_default();
            name.push("-trainer");
            settings.output_dir.with_file_name(name)
        }
    }
}

fn progress_bar(show: bool, files: usize) -> ProgressBar {
    if !show || files < PROGRESS_THRESHOLD {
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
