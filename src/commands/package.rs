//! `syllabus package`: load and check the project, build each package's zip in memory, then
//! write each one under a temporary name and rename it into place (never a partial zip).

use super::{report, Outcome};
use crate::cli::PackageArgs;
use crate::diagnostics::render::Format;
use crate::diagnostics::{self, Code, Diagnostic};
use crate::package::{self, plan, Inputs, Package};
use crate::project::{self, Project};
use rayon::prelude::*;
use std::path::Path;

pub fn run(args: &PackageArgs) -> Outcome {
    let mut diags = Vec::new();
    let built = build(args, &mut diags);
    report(&mut diags, args.common.format);
    match built {
        Some(packages) => {
            if !args.quiet && args.common.format == Format::Human {
                for p in &packages {
                    println!(
                        "Packaged {} ({} SCO{}, {} files, {} KiB) -> {}",
                        p.file_name,
                        p.scos,
                        if p.scos == 1 { "" } else { "s" },
                        p.files,
                        p.bytes.len().div_ceil(1024),
                        args.out.join(&p.file_name).display()
                    );
                }
            }
            Outcome::Success
        }
        None => {
            if args.common.format == Format::Human {
                eprintln!("Packaging failed; no package was written.");
            }
            Outcome::ContentErrors
        }
    }
}

fn build(args: &PackageArgs, diags: &mut Vec<Diagnostic>) -> Option<Vec<Package>> {
    // The theme's templates compile while the content is read.
    let (loaded, d) = project::load_alongside(
        &args.common.root,
        false,
        project::RenderData::Skip,
        &project::no_progress,
        project::load_theme_and_strings,
    );
    diags.extend(d);
    let (
        Project {
            settings, course, ..
        },
        theme,
    ) = loaded?;
    let rendering = project::render_inputs(theme, &settings, &course, diags)?;
    let defs = match &args.module {
        Some(id) => {
            let mut def = plan::ad_hoc(id, args.standard, args.lms);
            def.locale.clone_from(&args.locale);
            vec![def]
        }
        None => {
            let defs: Vec<_> = settings
                .packages
                .iter()
                .filter(|d| args.only.is_empty() || args.only.contains(&d.name))
                .cloned()
                .collect();
            if defs.is_empty() {
                diags.push(no_packages(args, &settings));
                return None;
            }
            defs
        }
    };
    if let Some(code) = &args.locale {
        if settings.locale(code).is_none() {
            diags.push(Diagnostic::error(
                Code::PackageInvalid,
                format!("--locale {code} is not one of the locales in syllabus.yaml"),
            ));
            return None;
        }
    }
    let mut plans = Vec::new();
    for def in &defs {
        match plan::resolve(def, &settings, &course, settings.packages_span.as_ref()) {
            Ok(p) => plans.push(p),
            Err(d) => diags.extend(d),
        }
    }
    if diagnostics::has_errors(diags) {
        return None;
    }
    let inputs = Inputs {
        settings: &settings,
        course: &course,
        theme: &rendering.theme,
        strings: &rendering.strings,
        asset_bytes: &rendering.asset_bytes,
    };
    let results: Vec<_> = plans
        .par_iter()
        .map(|p| package::build(p, &inputs))
        .collect();
    let mut packages = Vec::new();
    for r in results {
        match r {
            Ok(p) => packages.push(p),
            Err(d) => diags.extend(d),
        }
    }
    if diagnostics::has_errors(diags) {
        return None;
    }
    let mut names: Vec<&str> = packages.iter().map(|p| p.file_name.as_str()).collect();
    names.sort_unstable();
    if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
        diags.push(
            Diagnostic::error(
                Code::PackageInvalid,
                format!("two packages would both be written as {}", w[0]),
            )
            .with_help("give them different names, locales or regions"),
        );
        return None;
    }
    for p in &packages {
        if let Err(d) = write_atomically(&args.out, p) {
            diags.push(d);
            return None;
        }
    }
    Some(packages)
}

fn no_packages(args: &PackageArgs, settings: &crate::config::Settings) -> Diagnostic {
    if args.only.is_empty() {
        Diagnostic::error(Code::PackageInvalid, "syllabus.yaml defines no packages")
            .in_file(crate::config::CONFIG_FILE)
            .with_help("add a `packages:` list (see the README), or package one module with `syllabus package --module <id>`")
    } else {
        let names: Vec<&str> = settings.packages.iter().map(|p| p.name.as_str()).collect();
        Diagnostic::error(
            Code::PackageInvalid,
            format!("no package is named {}", args.only.join(", ")),
        )
        .in_file(crate::config::CONFIG_FILE)
        .with_help(crate::diagnostics::suggest::did_you_mean(
            &args.only[0],
            &names,
        ))
    }
}

/// Writes `<out>/<name>.tmp-<pid>`, then renames it to `<out>/<name>`: a failed or killed run
/// never leaves a partial zip under the final name.
fn write_atomically(out: &Path, p: &Package) -> Result<(), Diagnostic> {
    let fail = |path: &Path, e: std::io::Error| {
        Diagnostic::error(Code::WriteFailed, format!("cannot write: {e}")).in_file(path)
    };
    std::fs::create_dir_all(out).map_err(|e| fail(out, e))?;
    let target = out.join(&p.file_name);
    let tmp = out.join(format!(".{}.tmp-{}", p.file_name, std::process::id()));
    let result = std::fs::write(&tmp, &p.bytes)
        .and_then(|()| std::fs::rename(&tmp, &target))
        .map_err(|e| fail(&target, e));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
