//! Which pages an edit of some modules changes, so `serve` re-renders those and no others.
//!
//! A module shows up, besides its own page, on: the pages of assessments that pull its
//! questions; the pages of modules linking to it, where a link to one of its headings may
//! depend on which headings it has; the pages and print views
//! of the modules it applies to when it is a regional note (its body is placed there); its
//! section's print view (its body); its trainer session sheet; its history, release and diff
//! pages. Its card or row is on the listing pages: home, section, coverage, inventory, what's
//! new, feed, as-of; those are large (the whole course) and change only when what they show of
//! a module changes (`ListingKey`), not with its text. A new title is on too many pages to
//! track (neighbours, pages of other sections), so it re-renders everything.

use super::patch::Referrers;
use crate::config::{Edition, Settings};
use crate::content::model::{Assessment, Course, Kind, Module, ModuleId};
use crate::render::{versions, Page};
use std::collections::BTreeSet;

#[derive(Debug, PartialEq)]
pub enum Affected {
    Everything,
    Pages(BTreeSet<Page>),
}

/// The pages that show something of the edited modules, as (before, after) pairs of the same
/// module id. `course` and `referrers` are the course after the edit.
pub fn affected_pages(
    settings: &Settings,
    course: &Course,
    referrers: &Referrers,
    edits: &[(&Module, &Module)],
) -> Affected {
    if edits
        .iter()
        .any(|(old, new)| changes_page_set_or_titles(settings, old, new))
    {
        return Affected::Everything;
    }
    let mut modules: BTreeSet<&ModuleId> = BTreeSet::new();
    // Modules whose page or print view shows an edited module's text (itself, and the modules
    // a regional note is placed in).
    let mut shown: BTreeSet<&ModuleId> = BTreeSet::new();
    let mut released: BTreeSet<&ModuleId> = BTreeSet::new();
    let mut listed = false;
    for (old, new) in edits {
        shown.insert(&new.id);
        shown.extend(old.applies_to.iter().map(|(t, _)| t));
        shown.extend(new.applies_to.iter().map(|(t, _)| t));
        let anchors_changed = anchors(old).ne(anchors(new));
        modules.extend(referrers.of(&new.id).filter(|r| {
            // A prerequisite shows only the title; a note does not show what it applies to.
            anchors_changed || course.module(r).is_some_and(|r| pulls_from(r, &new.id))
        }));
        if !course.releases_of(&new.id).is_empty() {
            released.insert(&new.id);
        }
        listed |= ListingKey::of(old) != ListingKey::of(new);
    }
    let trainer = settings.edition == Edition::Trainer;
    let mut pages = BTreeSet::new();
    for locale in settings.locales.iter().map(|l| &l.code) {
        let page_of = |id: &ModuleId| Page::Module(locale.clone(), id.clone());
        pages.extend(modules.iter().map(|id| page_of(id)));
        for m in shown.iter().filter_map(|id| course.module(id)) {
            pages.insert(page_of(&m.id));
            // Skipped when rendering if the section has no print view.
            pages.insert(Page::Print(locale.clone(), m.section.clone()));
            if listed {
                pages.insert(Page::Section(locale.clone(), m.section.clone()));
            }
            if trainer && !m.blocks.cases.is_empty() {
                pages.insert(Page::SessionSheet(locale.clone(), m.id.clone()));
            }
        }
        for id in &released {
            pages.extend(release_pages(course, locale, id));
        }
        if listed {
            pages.insert(Page::Home(locale.clone()));
            pages.insert(Page::Coverage(locale.clone()));
            pages.insert(Page::Inventory(locale.clone()));
            pages.insert(Page::WhatsNew(locale.clone()));
            pages.insert(Page::Feed(locale.clone()));
            for date in &settings.as_of {
                pages.insert(Page::AsOf(locale.clone(), *date));
            }
        }
    }
    Affected::Pages(pages)
}

/// What the listing pages (home, section, coverage, inventory, what's new, feed, as-of) read
/// of a module, for its own card or row and for those of others (a note's regions on its
/// targets' cards, questions in an assessment's count): its front matter, its clause headings
/// (coverage, inventory), its questions' ids, versions and clauses (counts) and its number of
/// cases. Not its text, its other headings, links, or what its questions and cases say.
#[derive(PartialEq)]
struct ListingKey<'a> {
    front: FrontMatter<'a>,
    clauses: Vec<(&'a str, &'a str)>,
    questions: Vec<QuestionKey<'a>>,
    cases: usize,
}

type QuestionKey<'a> = (
    &'a str,
    Option<&'a semver::Version>,
    Option<&'a semver::Version>,
    &'a [String],
);

/// Every front matter value of a module, spans left out (they move with any edit).
#[derive(PartialEq)]
struct FrontMatter<'a> {
    id: &'a ModuleId,
    title: &'a str,
    kind: Kind,
    version: &'a semver::Version,
    effective: Option<chrono::NaiveDate>,
    policy_area: Option<&'a str>,
    audience: &'a [String],
    regions: &'a [String],
    duration: Option<u32>,
    owner: Option<&'a str>,
    summary: Option<&'a str>,
    tags: &'a [String],
    prerequisites: Vec<&'a ModuleId>,
    content_warnings: &'a [String],
    changes: Option<&'a str>,
    content_path: &'a str,
    section: &'a str,
    applies_to: Vec<&'a ModuleId>,
    placement: Option<&'a str>,
    assessment: Option<AssessmentKey<'a>>,
}

type AssessmentKey<'a> = (
    u32,
    bool,
    Option<u32>,
    Option<u32>,
    Vec<(&'a ModuleId, &'a str)>,
    Option<u32>,
);

impl<'a> ListingKey<'a> {
    fn of(m: &'a Module) -> ListingKey<'a> {
        // Every field named (no `..`): a new field of `Module` does not compile here until it
        // is sorted into what listings show or not.
        let Module {
            id,
            title,
            kind,
            version,
            effective,
            policy_area,
            audience,
            regions,
            duration,
            owner,
            summary,
            tags,
            prerequisites,
            content_warnings,
            changes,
            source: _,
            body_offset: _,
            content_path,
            section,
            headings,
            links: _,
            plain_text: _,
            events: _,
            id_span: _,
            version_span: _,
            region_spans: _,
            applies_to,
            placement,
            blocks,
            assessment,
        } = m;
        let front = FrontMatter {
            id,
            title,
            kind: *kind,
            version,
            effective: *effective,
            policy_area: policy_area.as_deref(),
            audience,
            regions,
            duration: *duration,
            owner: owner.as_deref(),
            summary: summary.as_deref(),
            tags,
            prerequisites: prerequisites.iter().map(|(p, _)| p).collect(),
            content_warnings,
            changes: changes.as_deref(),
            content_path,
            section,
            applies_to: applies_to.iter().map(|(t, _)| t).collect(),
            placement: placement.as_ref().map(|(h, _)| h.as_str()),
            assessment: assessment.as_ref().map(|a| {
                let Assessment {
                    pass_mark,
                    shuffle,
                    max_attempts,
                    time_limit,
                    questions,
                    draw,
                    draw_span: _,
                } = a;
                (
                    *pass_mark,
                    *shuffle,
                    *max_attempts,
                    *time_limit,
                    questions.iter().map(|(m, q, _)| (m, q.as_str())).collect(),
                    *draw,
                )
            }),
        };
        ListingKey {
            front,
            clauses: headings
                .iter()
                .filter(|h| h.is_clause)
                .map(|h| (h.anchor.as_str(), h.text.as_str()))
                .collect(),
            questions: blocks
                .questions
                .iter()
                .map(|q| {
                    (
                        q.id.as_str(),
                        q.introduced_in.as_ref(),
                        q.retired_in.as_ref(),
                        q.covers.as_slice(),
                    )
                })
                .collect(),
            cases: blocks.cases.len(),
        }
    }
}

/// A new title, or a session sheet that appears or goes (the trainer edition has one per
/// module with cases): cheaper to render everything than to chase.
fn changes_page_set_or_titles(settings: &Settings, old: &Module, new: &Module) -> bool {
    let sheet = |m: &Module| settings.edition == Edition::Trainer && !m.blocks.cases.is_empty();
    old.title != new.title || sheet(old) != sheet(new)
}

fn anchors(m: &Module) -> impl Iterator<Item = &str> {
    m.headings.iter().map(|h| h.anchor.as_str())
}

/// Does assessment `m` show questions of module `id`?
fn pulls_from(m: &Module, id: &ModuleId) -> bool {
    m.assessment
        .as_ref()
        .is_some_and(|a| a.questions.iter().any(|(q, _, _)| q == id))
}

/// The history of a released module, its release pages and the diffs between them.
fn release_pages(course: &Course, locale: &str, id: &ModuleId) -> Vec<Page> {
    let releases = course.releases_of(id);
    let mut pages = vec![Page::History(locale.to_string(), id.clone())];
    for r in releases {
        pages.push(Page::Version(
            locale.to_string(),
            id.clone(),
            r.version.clone(),
        ));
    }
    for (a, b) in versions::pairs(releases) {
        pages.push(Page::Diff(
            locale.to_string(),
            id.clone(),
            a.version.clone(),
            b.version.clone(),
        ));
    }
    pages
}
