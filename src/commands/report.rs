//! `syllabus report content|results`: load the project, read the results files, hand
//! everything to the pure `report` and `render::report` stages, write the output.

use super::{report as print_diagnostics, Outcome};
use crate::cli::{ReportArgs, ReportCommand, ReportContentArgs, ReportFormat, ReportResultsArgs};
use crate::config::Settings;
use crate::content::model::Course;
use crate::diagnostics::render::Format;
use crate::diagnostics::{Code, Diagnostic, SourceText};
use crate::i18n::Strings;
use crate::output::{self, OutputFile};
use crate::project;
use crate::render::theme::Theme;
use crate::render::{self, Site};
use crate::report::analysis::{self, Input, Options};
use crate::report::{inventory, results};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// Rejected rows shown per file on the terminal; all of them are in results.json.
const SHOWN_PER_FILE: usize = 20;

pub fn run(args: &ReportArgs) -> Outcome {
    match &args.report {
        ReportCommand::Content(a) => content(a),
        ReportCommand::Results(a) => results(a),
    }
}

struct Loaded {
    settings: Settings,
    course: Course,
    theme: Theme,
    strings: Strings,
}

/// The project, its theme and strings; content warnings are `check`'s business, so only
/// errors are printed (and stop the report).
fn load(root: &Path) -> Result<Loaded, Outcome> {
    let (project, diags) = project::load(
        root,
        false,
        project::RenderData::Skip,
        &project::no_progress,
    );
    let mut diags: Vec<Diagnostic> = diags.into_iter().filter(Diagnostic::is_error).collect();
    let Some(p) = project.filter(|_| diags.is_empty()) else {
        print_diagnostics(&mut diags, Format::Human);
        return Err(Outcome::ContentErrors);
    };
    let mut theme_diags = Vec::new();
    let Some(theme) = project::load_theme(&p.settings, &mut theme_diags) else {
        print_diagnostics(&mut theme_diags, Format::Human);
        return Err(Outcome::ContentErrors);
    };
    let strings = project::load_strings(&p.settings, &theme, &mut theme_diags);
    Ok(Loaded {
        settings: p.settings,
        course: p.course,
        theme,
        strings,
    })
}

fn locale<'a>(settings: &'a Settings, wanted: &'a Option<String>) -> Result<&'a str, Outcome> {
    match wanted {
        None => Ok(&settings.default_locale.code),
        Some(l) if settings.locale(l).is_some() => Ok(l),
        Some(l) => {
            let codes: Vec<&str> = settings.locales.iter().map(|l| l.code.as_str()).collect();
            eprintln!(
                "error: --locale {l} is not a locale of syllabus.yaml ({})",
                codes.join(", ")
            );
            Err(Outcome::Usage)
        }
    }
}

fn content(args: &ReportContentArgs) -> Outcome {
    let loaded = match load(&args.root) {
        Ok(l) => l,
        Err(o) => return o,
    };
    let locale = match locale(&loaded.settings, &args.locale) {
        Ok(l) => l,
        Err(o) => return o,
    };
    let date = args
        .date
        .or_else(|| chrono::NaiveDate::parse_from_str(&super::new::today(), "%Y-%m-%d").ok());
    let inv = inventory::inventory(&loaded.settings, &loaded.course, date);
    let text = match args.format {
        ReportFormat::Json => serde_json::to_string_pretty(&inv)
            .map(|t| t + "\n")
            .map_err(|e| e.to_string()),
        ReportFormat::Csv => inventory::to_csv(&inv).map_err(|e| e.to_string()),
        ReportFormat::Html => {
            let (site, _) = Site::new(
                &loaded.settings,
                &loaded.course,
                &loaded.theme,
                &loaded.strings,
                &BTreeMap::new(),
            );
            render::report::standalone(&site, locale, &inv).map_err(|d| d.message)
        }
    };
    let text = match text {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return Outcome::ContentErrors;
        }
    };
    match &args.out {
        Some(path) => match std::fs::write(path, text) {
            Ok(()) => Outcome::Success,
            Err(e) => {
                let mut d =
                    vec![
                        Diagnostic::error(Code::WriteFailed, format!("cannot write: {e}"))
                            .in_file(path),
                    ];
                print_diagnostics(&mut d, Format::Human);
                Outcome::ContentErrors
            }
        },
        None => {
            // A closed pipe (`| head`) is not an error worth a panic.
            let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes());
            Outcome::Success
        }
    }
}

fn results(args: &ReportResultsArgs) -> Outcome {
    let loaded = match load(&args.root) {
        Ok(l) => l,
        Err(o) => return o,
    };
    let locale = match locale(&loaded.settings, &args.locale) {
        Ok(l) => l,
        Err(o) => return o,
    };
    let defaults = args
        .module
        .as_deref()
        .map(results::parse_module_ref)
        .unwrap_or_default();
    let mut diags = Vec::new();
    let mut inputs = Vec::new();
    let mut sources = BTreeMap::new();
    for path in &args.files {
        let name = path.display().to_string();
        let text = match std::fs::read(path) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => {
                diags.push(
                    Diagnostic::error(Code::ReadFailed, format!("cannot read: {e}")).in_file(path),
                );
                continue;
            }
        };
        let Some(format) = results::detect(&text) else {
            diags.push(
                Diagnostic::error(Code::ResultsFormat, "not a results file syllabus reads")
                    .in_file(path)
                    .with_help("use the long CSV format (a header with `record` and `learner`), a Moodle SCORM interactions report, or xAPI statements; see the README"),
            );
            continue;
        };
        match results::parse(&name, &text, &defaults) {
            Ok(read) => {
                sources.insert(
                    name.clone(),
                    Arc::new(SourceText {
                        path: path.clone(),
                        text,
                    }),
                );
                inputs.push(Input {
                    file: name,
                    format,
                    read,
                });
            }
            Err(message) => {
                diags.push(Diagnostic::error(Code::ResultsFormat, message).in_file(path))
            }
        }
    }
    if crate::diagnostics::has_errors(&diags) {
        print_diagnostics(&mut diags, Format::Human);
        return Outcome::ContentErrors;
    }
    let options = Options {
        salt: args.salt.as_deref().filter(|_| args.pseudonymise),
    };
    let report = analysis::analyse(&loaded.settings, &loaded.course, inputs, &options);
    diags.extend(row_diagnostics(&report, &sources));
    let (site, _) = Site::new(
        &loaded.settings,
        &loaded.course,
        &loaded.theme,
        &loaded.strings,
        &BTreeMap::new(),
    );
    let html = render::report::results::render(&site, locale, &report);
    let json = serde_json::to_string_pretty(&report);
    let files = match (html, json) {
        (Ok(html), Ok(json)) => vec![
            OutputFile {
                path: "index.html".into(),
                bytes: html.into_bytes(),
            },
            OutputFile {
                path: "results.json".into(),
                bytes: (json + "\n").into_bytes(),
            },
        ],
        (Err(d), _) => {
            diags.push(d);
            print_diagnostics(&mut diags, Format::Human);
            return Outcome::ContentErrors;
        }
        (_, Err(e)) => {
            diags.push(Diagnostic::error(Code::WriteFailed, e.to_string()).in_file(&args.out));
            print_diagnostics(&mut diags, Format::Human);
            return Outcome::ContentErrors;
        }
    };
    if let Err(d) = output::commit(&args.out, &files) {
        diags.push(d);
        print_diagnostics(&mut diags, Format::Human);
        return Outcome::ContentErrors;
    }
    print_diagnostics(&mut diags, Format::Human);
    let s = &report.summary;
    println!(
        "Read {} record(s) from {} file(s): {} used, {} rejected, {} skipped; {} learner(s), {} attempt(s) -> {}",
        s.read,
        report.files.len(),
        s.used,
        s.rejected,
        s.skipped,
        s.learners,
        s.attempts,
        args.out.display()
    );
    Outcome::Success
}

/// Warnings for the rows left out: unreadable or contradicting rows at their lines (the first
/// few per file), and each distinct unknown reference once, at its first row, with a count.
fn row_diagnostics(
    report: &analysis::ResultsReport,
    sources: &BTreeMap<String, Arc<SourceText>>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (file, source) in sources {
        let invalid: Vec<&results::Rejected> = report
            .rejected
            .iter()
            .filter(|r| &r.at.file == file && !report.unknown.iter().any(|u| u.reason == r.reason))
            .collect();
        out.extend(results::rejected_diagnostics(
            source,
            &invalid,
            Code::ResultsRowInvalid,
            SHOWN_PER_FILE,
        ));
    }
    for u in &report.unknown {
        let Some(source) = sources.get(&u.first.file) else {
            continue;
        };
        out.push(
            Diagnostic::warning(
                Code::ResultsUnknown,
                format!("{} ({} row(s) skipped)", u.reason, u.rows),
            )
            .at(crate::diagnostics::Span::new(
                source,
                u.first.offset,
                u.first.offset,
            ))
            .with_help(
                "the report leaves these rows out rather than guess; fix the export or the content",
            ),
        );
    }
    out
}
