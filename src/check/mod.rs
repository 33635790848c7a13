//! Checks over the assembled course. Pure: each check reads the course and returns diagnostics.
//!
//! Almost every check is about one module (and its translations) and reads, besides that
//! module, only the modules it refers to (`refers_to`) and lists an edit of a module's text does
//! not change (which ids and assets exist, the settings). `serve` relies on that split to re-run
//! the checks of an edited module and of the modules referring to it, not of the whole course;
//! `run` is the same split run over every module, so both give the same diagnostics.

pub mod external;
pub mod links;
pub mod notes;
pub mod prerequisites;
pub mod quizzes;
pub mod regions;
pub mod releases;
pub mod translations;

use crate::config::Settings;
use crate::content::model::{Course, LinkTarget, Module, ModuleId};
use crate::diagnostics::Diagnostic;
use rayon::prelude::*;

pub fn run(settings: &Settings, course: &Course) -> Vec<Diagnostic> {
    let mut diags: Vec<Diagnostic> = course
        .modules
        .par_iter()
        .flat_map_iter(|m| module(settings, course, m))
        .collect();
    diags.extend(course_wide(course));
    diags
}

/// The checks of one module and its translations. They read `m`, its translations, the
/// modules in `refers_to(course, m)`, which ids and assets exist, and the settings: nothing else.
pub fn module(settings: &Settings, course: &Course, m: &Module) -> Vec<Diagnostic> {
    let mut diags = prerequisites::check_module(course, m);
    diags.extend(links::check_module(course, m));
    diags.extend(regions::check_module(settings, m));
    diags.extend(notes::check_module(course, m));
    diags.extend(releases::check_module(course, m));
    diags.extend(quizzes::check_module(settings, course, m));
    diags.extend(translations::check_module(settings, course, m));
    diags
}

/// Checks that need the whole course at once: prerequisite cycles (linear). They read only the
/// prerequisites of every module (which, and where written) and which ids exist.
pub fn course_wide(course: &Course) -> Vec<Diagnostic> {
    prerequisites::cycles(course)
}

/// The modules whose content the checks and the pages of `m` read: its prerequisites, the
/// modules its body and its translations link to, those a regional note applies to, and those
/// an assessment pulls questions from. Sorted, without repeats; names that are not modules are
/// left out.
pub fn refers_to(course: &Course, m: &Module) -> Vec<ModuleId> {
    let translation_links = course
        .translations
        .get(&m.id)
        .into_iter()
        .flat_map(|t| t.values())
        .flat_map(|t| &t.links);
    let linked = m
        .links
        .iter()
        .chain(translation_links)
        .filter_map(|l| match &l.target {
            LinkTarget::Module { id, path, .. } => course.resolve(id, path).map(|t| &t.id),
            _ => None,
        });
    let pulled = m
        .assessment
        .iter()
        .flat_map(|a| a.questions.iter().map(|(id, _, _)| id));
    let mut ids: Vec<ModuleId> = m
        .prerequisites
        .iter()
        .map(|(id, _)| id)
        .chain(m.applies_to.iter().map(|(id, _)| id))
        .chain(pulled)
        .filter(|id| course.module(id).is_some())
        .chain(linked)
        .cloned()
        .collect();
    ids.sort();
    ids.dedup();
    ids
}
