//! Content: from the files under `content/` to the `Course` model.
//!
//! discover (lists) -> read and parse (parallel, one file at a time) -> assemble (pure).
//! `serve` keeps the per-file results and re-parses only the files that changed.

pub mod assemble;
pub mod discover;
pub mod frontmatter;
pub mod markdown;
pub mod model;
pub mod parse;
pub mod quiz;
pub mod releases;

use crate::diagnostics::Diagnostic;
use discover::{FileRole, Listing, SourceFile};
pub use markdown::RenderData;
use model::{AssetFile, Course};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// What one source file turned into.
#[derive(Debug, Clone)]
pub enum Parsed {
    Module(Box<model::Module>),
    Section(model::Section),
    /// A module file that failed to parse: the id it claims and its path.
    Unparsed(model::ModuleId, String),
    Translation(Box<model::Translation>),
    SectionText(model::SectionText),
    /// Recognised but not (yet) part of the model.
    Ignored,
}

/// The result of parsing one file, kept by `serve` between rebuilds.
#[derive(Debug, Clone)]
pub struct FileOutcome {
    pub parsed: Parsed,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses one file. Pure.
pub fn parse_file(file: &SourceFile) -> FileOutcome {
    parse_file_with(file, RenderData::Keep)
}

/// Parses one file, keeping what rendering reads of modules and translations or not. Pure.
pub fn parse_file_with(file: &SourceFile, text: RenderData) -> FileOutcome {
    let (parsed, diagnostics) = match &file.role {
        FileRole::Module => match parse::parse_module_with(file, text) {
            (Some(m), d) => (Parsed::Module(Box::new(m)), d),
            (None, d) => (
                Parsed::Unparsed(parse::claimed_id(file), file.content_path.clone()),
                d,
            ),
        },
        FileRole::Section => match parse::parse_section(file) {
            (Some(s), d) => (Parsed::Section(s), d),
            (None, d) => (Parsed::Ignored, d),
        },
        FileRole::Translation { locale } => match parse::parse_translation_with(file, locale, text)
        {
            (Some(t), d) => (Parsed::Translation(Box::new(t)), d),
            (None, d) => (Parsed::Ignored, d),
        },
        FileRole::StrayTranslation { locale } => (
            Parsed::Ignored,
            vec![parse::stray_translation(file, locale)],
        ),
        FileRole::SectionTranslation { locale } => match parse::parse_section_text(file, locale) {
            (Some(t), d) => (Parsed::SectionText(t), d),
            (None, d) => (Parsed::Ignored, d),
        },
    };
    FileOutcome {
        parsed,
        diagnostics,
    }
}

/// Builds the course from per-file outcomes kept for later (serve). Pure.
pub fn assemble_outcomes<'a>(
    outcomes: impl IntoIterator<Item = &'a FileOutcome>,
    assets: BTreeMap<String, AssetFile>,
) -> (Course, Vec<Diagnostic>) {
    assemble_owned(outcomes.into_iter().cloned(), assets)
}

/// Builds the course from per-file outcomes, moving them in: a build never holds two copies of
/// every module (at 10,000 modules the copy was ~100 MB of peak memory). Pure.
pub fn assemble_owned(
    outcomes: impl IntoIterator<Item = FileOutcome>,
    assets: BTreeMap<String, AssetFile>,
) -> (Course, Vec<Diagnostic>) {
    let outcomes = outcomes.into_iter();
    // Modules are large (~1 KB): grown from empty, the vector copied them a dozen times.
    let mut modules = Vec::with_capacity(outcomes.size_hint().0);
    let mut sections = Vec::new();
    let mut unparsed = model::Unparsed::default();
    let mut translations = Vec::new();
    let mut section_texts = Vec::new();
    let mut diags = Vec::new();
    for outcome in outcomes {
        diags.extend(outcome.diagnostics);
        match outcome.parsed {
            Parsed::Module(m) => modules.push(*m),
            Parsed::Section(s) => sections.push(s),
            Parsed::Unparsed(id, path) => {
                unparsed.ids.insert(id);
                unparsed.paths.insert(path);
            }
            Parsed::Translation(t) => translations.push(*t),
            Parsed::SectionText(t) => section_texts.push(t),
            Parsed::Ignored => {}
        }
    }
    let (mut course, d) = assemble::assemble(modules, sections, assets);
    diags.extend(assemble::attach_translations(
        &mut course,
        translations,
        &unparsed,
    ));
    assemble::attach_section_texts(&mut course, section_texts);
    assemble::index_notes(&mut course);
    course.unparsed = unparsed;
    diags.extend(d);
    (course, diags)
}

/// Reads and parses every listed Markdown file into a course, each file read and parsed in one
/// step, in parallel (no barrier between reading all and parsing all). Pure but for the reads.
pub fn load_course(
    settings: &crate::config::Settings,
    listing: Listing,
    text: RenderData,
    progress: &(dyn Fn() + Sync),
) -> (Course, Vec<Diagnostic>) {
    let outcomes: Vec<FileOutcome> = listing
        .markdown
        .into_par_iter()
        .map(|(content_path, disk)| {
            let out = match discover::read_source(settings, content_path, &disk) {
                Ok(file) => parse_file_with(&file, text),
                Err(d) => FileOutcome {
                    parsed: Parsed::Ignored,
                    diagnostics: vec![d],
                },
            };
            progress();
            out
        })
        .collect();
    let (mut course, mut diags) = assemble_owned(outcomes, listing.assets);
    let (releases, d) = parse_releases(&listing.releases);
    course.releases = releases;
    diags.extend(d);
    (course, diags)
}

/// Parses release folders into releases by module, oldest first. Pure.
pub fn parse_releases(folders: &[releases::ReleaseFiles]) -> (releases::Releases, Vec<Diagnostic>) {
    let parsed: Vec<(Option<releases::Release>, Vec<Diagnostic>)> =
        folders.par_iter().map(releases::parse_release).collect();
    let mut out = releases::Releases::new();
    let mut diags = Vec::new();
    for (release, d) in parsed {
        diags.extend(d);
        if let Some(r) = release {
            out.entry(r.module.id.clone()).or_default().push(r);
        }
    }
    for list in out.values_mut() {
        list.sort_by(|a, b| a.version.cmp(&b.version));
    }
    (out, diags)
}
