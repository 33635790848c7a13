//! Patching the course kept by `serve` in place: when an edit leaves every module where it was
//! (same files, same ids), the edited modules replace their old selves and only the checks that
//! can see them run again. Anything else is the caller's cue to assemble the course anew.
//!
//! What a course derives from its modules is kept up to date here, at the cost of the edit
//! rather than of the course: the notes by target, the referrers, the check results.

use crate::check;
use crate::config::Settings;
use crate::content::model::{Course, Module, ModuleId};
use crate::diagnostics::Diagnostic;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};

/// The check diagnostics of a course, kept per module so an edit re-runs only those that can
/// change (see `check::module`).
pub struct Checks {
    /// By the module's position in `course.modules`.
    by_module: Vec<Vec<Diagnostic>>,
    course_wide: Vec<Diagnostic>,
}

impl Checks {
    /// Runs every check: the same diagnostics as `check::run`.
    pub fn all(settings: &Settings, course: &Course) -> Checks {
        Checks {
            by_module: course
                .modules
                .par_iter()
                .map(|m| check::module(settings, course, m))
                .collect(),
            course_wide: check::course_wide(course),
        }
    }

    /// Re-runs the checks of the modules at `positions`, and the course-wide ones when
    /// `course_wide`.
    fn recheck(
        &mut self,
        settings: &Settings,
        course: &Course,
        positions: &BTreeSet<usize>,
        course_wide: bool,
    ) {
        for &i in positions {
            if let (Some(slot), Some(m)) = (self.by_module.get_mut(i), course.modules.get(i)) {
                *slot = check::module(settings, course, m);
            }
        }
        if course_wide {
            self.course_wide = check::course_wide(course);
        }
    }

    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.by_module.iter().flatten().chain(&self.course_wide)
    }
}

/// Module -> the modules that refer to it (`check::refers_to`): whose checks and pages read it.
#[derive(Default)]
pub struct Referrers(HashMap<ModuleId, BTreeSet<ModuleId>>);

impl Referrers {
    pub fn of_course(course: &Course) -> Referrers {
        let mut referrers = Referrers::default();
        for m in &course.modules {
            referrers.add(&m.id, &check::refers_to(course, m));
        }
        referrers
    }

    pub fn of<'a>(&'a self, id: &ModuleId) -> impl Iterator<Item = &'a ModuleId> {
        self.0.get(id).into_iter().flatten()
    }

    fn add(&mut self, from: &ModuleId, targets: &[ModuleId]) {
        for t in targets {
            self.0.entry(t.clone()).or_default().insert(from.clone());
        }
    }

    fn remove(&mut self, from: &ModuleId, targets: &[ModuleId]) {
        for t in targets {
            if let Some(set) = self.0.get_mut(t) {
                set.remove(from);
                if set.is_empty() {
                    self.0.remove(t);
                }
            }
        }
    }
}

/// One module replaced by a patch.
pub struct Replaced {
    pub old: Module,
    /// Where it is in `course.modules` (the new one is there now).
    pub position: usize,
}

/// Replaces each of `modules` in `course` (each must be the module of the same id from the same
/// file, see `Course::replace_module`), then updates what is derived from them: the notes
/// index, the referrers, the checks of the edited modules and, when what they read of them
/// changed (`CheckKey`), those of the modules referring to them. Returns the replaced modules, or gives everything back untouched when one of
/// `modules` has no place in the course (then nothing was changed).
pub fn apply(
    settings: &Settings,
    course: &mut Course,
    referrers: &mut Referrers,
    checks: &mut Checks,
    modules: Vec<Module>,
) -> Result<Vec<Replaced>, Vec<Module>> {
    let fits = modules.iter().all(|m| {
        course
            .module(&m.id)
            .is_some_and(|old| old.content_path == m.content_path)
    });
    let ids: BTreeSet<&ModuleId> = modules.iter().map(|m| &m.id).collect();
    if !fits || ids.len() != modules.len() {
        return Err(modules);
    }
    let mut replaced = Vec::with_capacity(modules.len());
    for module in modules {
        let id = module.id.clone();
        let Some(position) = course.position(&id) else {
            continue; // `fits` said it is there
        };
        // Paths in links resolve the same before and after (same files, same ids), so the old
        // targets can be read from the course as it is.
        let before = check::refers_to(course, &course.modules[position]);
        let Some(old) = course.replace_module(module) else {
            continue; // as above
        };
        let new = &course.modules[position];
        let (old_targets, new_targets) = (note_targets(&old), note_targets(new));
        referrers.remove(&id, &before);
        referrers.add(&id, &check::refers_to(course, new));
        if old_targets != new_targets {
            renote(course, &id, &old_targets, &new_targets);
        }
        replaced.push(Replaced { old, position });
    }
    let mut recheck: BTreeSet<usize> = BTreeSet::new();
    // Cycles are found from prerequisites alone, and reported at a prerequisite's place.
    let cycles = replaced.iter().any(|r| {
        let spans = |m: &Module| -> Vec<(ModuleId, usize, usize)> {
            m.prerequisites
                .iter()
                .map(|(p, span)| (p.clone(), span.start, span.end))
                .collect()
        };
        spans(&r.old) != spans(&course.modules[r.position])
    });
    for r in &replaced {
        recheck.insert(r.position);
        let new = &course.modules[r.position];
        if CheckKey::of(&r.old) != CheckKey::of(new) {
            recheck.extend(referrers.of(&new.id).filter_map(|x| course.position(x)));
        }
    }
    checks.recheck(settings, course, &recheck, cycles);
    Ok(replaced)
}

/// What the checks of other modules read of a module (see `check::refers_to`): its headings
/// (link anchors, note placements by anchor or text), its questions (pulled by id, served by
/// version) and its version. Its text and anything else are its own checks' business.
#[derive(PartialEq)]
struct CheckKey<'a> {
    version: &'a semver::Version,
    headings: Vec<(&'a str, &'a str)>,
    questions: Vec<QuestionKey<'a>>,
}

type QuestionKey<'a> = (
    &'a str,
    Option<&'a semver::Version>,
    Option<&'a semver::Version>,
);

impl<'a> CheckKey<'a> {
    fn of(m: &'a Module) -> CheckKey<'a> {
        CheckKey {
            version: &m.version,
            headings: m
                .headings
                .iter()
                .map(|h| (h.anchor.as_str(), h.text.as_str()))
                .collect(),
            questions: m
                .blocks
                .questions
                .iter()
                .map(|q| {
                    (
                        q.id.as_str(),
                        q.introduced_in.as_ref(),
                        q.retired_in.as_ref(),
                    )
                })
                .collect(),
        }
    }
}

fn note_targets(m: &Module) -> Vec<ModuleId> {
    m.applies_to.iter().map(|(t, _)| t.clone()).collect()
}

/// Moves note `id` in `course.notes_for` from the modules it applied to to those it applies to
/// now, keeping what `assemble::index_notes` gives: ids sorted, once each, no empty lists.
fn renote(course: &mut Course, id: &ModuleId, before: &[ModuleId], after: &[ModuleId]) {
    for target in before {
        if let Some(notes) = course.notes_for.get_mut(target) {
            notes.retain(|n| n != id);
            if notes.is_empty() {
                course.notes_for.remove(target);
            }
        }
    }
    for target in after {
        let notes = course.notes_for.entry(target.clone()).or_default();
        if let Err(at) = notes.binary_search(id) {
            notes.insert(at, id.clone());
        }
    }
}
