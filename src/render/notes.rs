//! Regional notes inside the module they apply to: a "Regional context" block at the end of the
//! section named by the note's placement (or at the end of the module), each note labelled by
//! region, with a picker that shows one region's notes (all are shown without JavaScript).

use super::body::{self, BodyOptions};
use super::links::{AnchorScope, PageLinks};
use super::localize::{self, Localized};
use super::views::{direction, region_name};
use super::{urls, Site};
use crate::check::notes::find_heading;
use crate::content::model::{LinkTarget, Module, ModuleId};
use crate::diagnostics::Diagnostic;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex};

/// Note bodies rendered once per locale and shared by every module page they appear on: a
/// regional note that `applies_to` several modules is shown on each, and its Markdown needs
/// rendering only once.
///
/// Only bodies rendered for a module's current page (`<locale>/<id>/index.html`) are shared:
/// from any such page, every link a note can hold (other modules' pages, assets, external
/// URLs) has the same relative form, except a link to the host page itself, so a note that
/// links to its host is rendered for that host alone, and a note with one host is not kept.
/// Valid for one `Site` (its SCO mode).
#[derive(Default)]
pub struct BodyCache {
    shared: Mutex<HashMap<(ModuleId, String), Arc<str>>>,
}

#[derive(Serialize)]
struct NoteView {
    id: String,
    title: String,
    href: String,
    regions: String,
    region_names: Vec<String>,
    body: String,
    lang: String,
    dir: &'static str,
    is_fallback: bool,
}

#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
}

#[derive(Serialize)]
struct RegionalContext<'a> {
    /// Distinguishes several blocks on one page (ids of the picker).
    index: usize,
    notes: Vec<NoteView>,
    regions: Vec<Choice>,
    page_lang: &'a str,
}

/// The HTML blocks to insert into `m`'s body, keyed by the index of the heading (in the
/// localized headings `l.headings`) whose section they end, `None` for the end of the module.
pub fn inserts(
    site: &Site,
    m: &Module,
    l: &Localized,
    locale: &str,
    page: &str,
) -> Result<Vec<(Option<usize>, String)>, Diagnostic> {
    let mut groups: BTreeMap<Option<usize>, Vec<&Module>> = BTreeMap::new();
    for note in site.course.notes(&m.id) {
        groups
            .entry(placement_index(m, l, note))
            .or_default()
            .push(note);
    }
    let mut out = Vec::new();
    for (index, (at, notes)) in groups.into_iter().enumerate() {
        let mut codes: Vec<&str> = notes
            .iter()
            .flat_map(|n| n.regions.iter().map(String::as_str))
            .collect();
        codes.sort_unstable();
        codes.dedup();
        let view = RegionalContext {
            index,
            notes: notes
                .iter()
                .map(|n| note_view(site, m, n, locale, page))
                .collect(),
            regions: codes
                .into_iter()
                .map(|c| Choice {
                    value: c.to_string(),
                    label: region_name(site, locale, c),
                })
                .collect(),
            page_lang: locale,
        };
        let html = site.fragment_in("regional_context.html", locale, &view)?;
        out.push((at, html));
    }
    Ok(out)
}

/// Where a note goes: its placement heading found in the source by text or anchor, then in the
/// page's (possibly translated) headings by that anchor: clause ids keep notes in place across
/// languages. A heading the translation lacks sends the note to the end.
fn placement_index(m: &Module, l: &Localized, note: &Module) -> Option<usize> {
    let (wanted, _) = note.placement.as_ref()?;
    let anchor = &find_heading(&m.headings, wanted)?.anchor;
    l.headings.iter().position(|h| &h.anchor == anchor)
}

fn note_view(site: &Site, host: &Module, note: &Module, locale: &str, page: &str) -> NoteView {
    let ln = localize::module(site.settings, site.course, note, locale);
    // A note with one host is rendered once anyway: keeping its body would only hold memory.
    let shared = note.applies_to.len() > 1
        && page == urls::module(locale, &host.id)
        && !links_to(site, &ln, &host.id);
    let key = (note.id.clone(), locale.to_string());
    let cached = shared
        .then(|| site.note_bodies.shared.lock().ok()?.get(&key).cloned())
        .flatten();
    let body = cached.unwrap_or_else(|| {
        let body: Arc<str> = note_body(site, note, &ln, locale, page).into();
        if shared {
            if let Ok(mut cache) = site.note_bodies.shared.lock() {
                cache.insert(key, body.clone());
            }
        }
        body
    });
    NoteView {
        id: note.id.0.clone(),
        title: ln.title.to_string(),
        // A SCO cannot open the note's own page: the note is named, not linked.
        href: if site.sco.is_some() {
            String::new()
        } else {
            urls::relative(page, &urls::module(locale, &note.id))
        },
        regions: note.regions.join(" "),
        region_names: note
            .regions
            .iter()
            .map(|r| region_name(site, locale, r))
            .collect(),
        body: body.to_string(),
        lang: ln.text_locale.to_string(),
        dir: direction(site.settings, ln.text_locale),
        is_fallback: ln.is_fallback,
    }
}

/// Does the text of a note (as shown in this locale) link to module `id`?
fn links_to(site: &Site, ln: &Localized, id: &ModuleId) -> bool {
    let links = ln.translation.map_or(&ln.module.links, |t| &t.links);
    links.iter().any(|l| match &l.target {
        LinkTarget::Module { id: Some(to), .. } => to == id,
        LinkTarget::Module { path: Some(p), .. } => {
            site.course.module_by_path(p).is_some_and(|m| &m.id == id)
        }
        _ => false,
    })
}

fn note_body(site: &Site, note: &Module, ln: &Localized, locale: &str, page: &str) -> String {
    let members: HashSet<&ModuleId> = HashSet::new();
    let links = PageLinks {
        course: site.course,
        locale,
        fallback_locale: &site.settings.default_locale.code,
        page,
        assets: &site.assets,
        sco: site.sco.as_ref(),
        scope: Some(AnchorScope {
            current: &note.id,
            members: &members,
        }),
    };
    let opts = BodyOptions {
        heading_shift: 1,
        ..site.body_options(site.strings.table(locale))
    };
    body::render_localized(ln, &links, &opts)
}
