//! Content: from the files under `content/` to the `Course` model.
//!
//! discover (reads) -> parse (pure, parallel, one file at a time) -> assemble (pure).

pub mod assemble;
pub mod discover;
pub mod frontmatter;
pub mod markdown;
pub mod model;
pub mod parse;

use crate::config::Settings;
use crate::diagnostics::Diagnostic;
use discover::{Discovered, FileRole};
use model::Course;
use rayon::prelude::*;

/// Parses discovered files into a course. Pure; parallel over files.
pub fn load_course(
    discovered: Discovered,
    progress: &(dyn Fn() + Sync),
) -> (Course, Vec<Diagnostic>) {
    let parsed: Vec<(Option<Parsed>, Vec<Diagnostic>)> = discovered
        .files
        .par_iter()
        .map(|file| {
            let out = match file.role {
                FileRole::Module => match parse::parse_module(file) {
                    (Some(m), d) => (Some(Parsed::Module(Box::new(m))), d),
                    (None, d) => (
                        Some(Parsed::Unparsed(
                            parse::claimed_id(file),
                            file.content_path.clone(),
                        )),
                        d,
                    ),
                },
                FileRole::Section => {
                    let (s, d) = parse::parse_section(file);
                    (s.map(Parsed::Section), d)
                }
                // TODO(#4): translations are recognised by name and ignored until localisation lands.
                FileRole::Translation { .. } => (None, Vec::new()),
            };
            progress();
            out
        })
        .collect();
    let mut modules = Vec::new();
    let mut sections = Vec::new();
    let mut unparsed = model::Unparsed::default();
    let mut diags = Vec::new();
    for (item, d) in parsed {
        diags.extend(d);
        match item {
            Some(Parsed::Module(m)) => modules.push(*m),
            Some(Parsed::Section(s)) => sections.push(s),
            Some(Parsed::Unparsed(id, path)) => {
                unparsed.ids.insert(id);
                unparsed.paths.insert(path);
            }
            None => {}
        }
    }
    let (mut course, d) = assemble::assemble(modules, sections, discovered.assets);
    course.unparsed = unparsed;
    diags.extend(d);
    (course, diags)
}

enum Parsed {
    Module(Box<model::Module>),
    Section(model::Section),
    /// A module file that failed to parse: the id it claims and its path.
    Unparsed(model::ModuleId, String),
}

/// Reads and parses the content of a project.
pub fn read_course(settings: &Settings, progress: &(dyn Fn() + Sync)) -> (Course, Vec<Diagnostic>) {
    let (discovered, mut diags) = discover::discover(settings);
    let (course, d) = load_course(discovered, progress);
    diags.extend(d);
    (course, diags)
}
