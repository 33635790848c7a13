//! Regional notes inside the module they apply to: a "Regional context" block at the end of the
//! section named by the note's placement (or at the end of the module), each note labelled by
//! region, with a picker that shows one region's notes (all are shown without JavaScript).

use super::body::{self, BodyOptions};
use super::links::{AnchorScope, PageLinks};
use super::localize::{self, Localized};
use super::views::{direction, region_name};
use super::{urls, Site};
use crate::check::notes::find_heading;
use crate::content::model::{Course, LinkTarget, Module, ModuleId};
use crate::diagnostics::Diagnostic;
use pulldown_cmark::Event;
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
///
/// A note with one host (the usual case) is rendered twice, for its own page and for its
/// host's, differently (anchors, heading levels, no questions). With `with_handoff`, a full
/// build, whichever of the two pages is rendered first decides: the note's own page parses the
/// Markdown once, renders both bodies from it and hands the host's over (`own_body`), unless
/// the host page was rendered first and took none (then each renders its own, as before).
/// Valid for one `Site` (its SCO mode).
#[derive(Default)]
pub struct BodyCache {
    shared: Mutex<HashMap<(ModuleId, String), Arc<str>>>,
    /// By (note, locale); `None`: nothing is handed over (`serve` renders a few pages at a time,
    /// seldom both).
    handoff: Option<Mutex<HashMap<(ModuleId, String), Handoff>>>,
}

enum Handoff {
    /// The body of the note for its host's page, rendered by the note's page.
    Ready(String),
    /// The host's page was rendered first and rendered the note itself.
    Taken,
}

impl BodyCache {
    /// For a build that renders every page: one-host notes' bodies are handed over.
    pub fn with_handoff() -> BodyCache {
        BodyCache {
            handoff: Some(Mutex::default()),
            ..BodyCache::default()
        }
    }
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
        .flatten()
        .or_else(|| take_handed_over(site, host, note, locale, page).map(Arc::from));
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
    note_body_with(site, note, locale, page, |links, opts| {
        body::render_events(
            ln.body_events(),
            ln.body.len(),
            ln.content_path,
            ln.headings,
            links,
            opts,
        )
    })
}

/// Renders a note's body for `page` (a host's) with `render`, given the links and options of a
/// note shown inside another module.
fn note_body_with(
    site: &Site,
    note: &Module,
    locale: &str,
    page: &str,
    render: impl FnOnce(&PageLinks, &BodyOptions) -> String,
) -> String {
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
    render(&links, &opts)
}

/// The one module a regional note is shown on, if it is shown on exactly one.
pub fn single_host<'c>(course: &'c Course, note: &Module) -> Option<&'c Module> {
    let [(host, _)] = note.applies_to.as_slice() else {
        return None;
    };
    let host = course.module(host)?;
    course
        .notes(&host.id)
        .any(|n| n.id == note.id)
        .then_some(host)
}

/// The host of a note whose body its own page hands over (see `BodyCache`): a note shown on
/// one module, in a full build of a site (a SCO shows no other module's page).
fn handoff_host<'c>(site: &Site<'c>, note: &Module) -> Option<&'c Module> {
    if site.sco.is_some() || site.note_bodies.handoff.is_none() {
        return None;
    }
    single_host(site.course, note)
}

/// The body of module `m` for its current page `page`, where `render` renders it from a body's
/// events. When `m` is a note with one host whose page has not been rendered yet, its body for
/// that page is rendered from the same parse and handed over (see `BodyCache`).
pub fn own_body<'t>(
    site: &Site,
    m: &Module,
    l: &Localized<'t>,
    locale: &str,
    page: &str,
    render: impl FnOnce(&mut dyn Iterator<Item = Event<'t>>) -> String,
) -> String {
    let host = handoff_host(site, m).filter(|_| page == urls::module(locale, &m.id));
    let (Some(host), Some(handoff)) = (host, site.note_bodies.handoff.as_ref()) else {
        return render(&mut l.body_events());
    };
    let key = (m.id.clone(), locale.to_string());
    let taken = |map: &HashMap<_, Handoff>| matches!(map.get(&key), Some(Handoff::Taken));
    if handoff.lock().map_or(true, |map| taken(&map)) {
        return render(&mut l.body_events());
    }
    // About one event per 12 bytes of Markdown (see `State::render_events`).
    let mut events = Vec::with_capacity(l.body.len() / 12);
    events.extend(l.body_events());
    let own = render(&mut events.iter().cloned());
    let host_page = urls::module(locale, &host.id);
    let for_host = note_body_with(site, m, locale, &host_page, |links, opts| {
        body::render_events(
            events.into_iter(),
            l.body.len(),
            l.content_path,
            l.headings,
            links,
            opts,
        )
    });
    if let Ok(mut map) = handoff.lock() {
        // The host's page may have been rendered meanwhile: it then has its own.
        if taken(&map) {
            map.remove(&key);
        } else {
            map.insert(key, Handoff::Ready(for_host));
        }
    }
    own
}

/// For the host's current page: the note's body its own page handed over, if it was rendered
/// first; otherwise marks the body taken (the host renders it) and gives `None`.
fn take_handed_over(
    site: &Site,
    host: &Module,
    note: &Module,
    locale: &str,
    page: &str,
) -> Option<String> {
    if page != urls::module(locale, &host.id) || handoff_host(site, note)?.id != host.id {
        return None;
    }
    let mut map = site.note_bodies.handoff.as_ref()?.lock().ok()?;
    let key = (note.id.clone(), locale.to_string());
    match map.insert(key, Handoff::Taken) {
        Some(Handoff::Ready(body)) => Some(body),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::{self, RenderData};
    use crate::render::Page;

    /// The sample course's host and note pages, rendered with `site` in `order`, by path.
    fn pages(site: &Site, order: &[&Page]) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = order
            .iter()
            .filter_map(|p| site.render_one(p))
            .map(|f| f.map(|f| (f.path, f.bytes)).unwrap_or_default())
            .collect();
        files.sort();
        files
    }

    #[test]
    fn a_handed_over_note_body_is_the_one_the_host_renders_itself() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (loaded, _) = project::load_alongside(
            root,
            false,
            RenderData::Skip,
            &project::no_progress,
            project::load_theme_and_strings,
        );
        let Some((p, theme)) = loaded else {
            panic!("the sample project loads")
        };
        let mut diags = Vec::new();
        let Some(inputs) = project::render_inputs(theme, &p.settings, &p.course, &mut diags) else {
            panic!("{diags:?}")
        };
        let site = || {
            Site::new(
                &p.settings,
                &p.course,
                &inputs.theme,
                &inputs.strings,
                &inputs.asset_bytes,
            )
            .0
        };
        // bh-regional-jp applies to bh-sop-harassment alone.
        let note = Page::Module("en".into(), ModuleId("bh-regional-jp".into()));
        let host = Page::Module("en".into(), ModuleId("bh-sop-harassment".into()));
        let plain = Site {
            note_bodies: BodyCache::default(),
            ..site()
        };
        let expected = pages(&plain, &[&note, &host]);
        assert_eq!(expected.len(), 2);
        assert_eq!(expected[1].0, "en/bh-sop-harassment/index.html");
        assert!(
            String::from_utf8_lossy(&expected[1].1).contains("id=\"bh-regional-jp--"),
            "the host page shows the note with its scoped anchors"
        );

        let note_first = site();
        let got = pages(&note_first, &[&note]);
        let key = (ModuleId("bh-regional-jp".into()), "en".to_string());
        let handed = |s: &Site| {
            s.note_bodies
                .handoff
                .as_ref()
                .and_then(|m| m.lock().ok())
                .map(|m| matches!(m.get(&key), Some(Handoff::Ready(_))))
        };
        assert_eq!(
            handed(&note_first),
            Some(true),
            "the note's page hands over"
        );
        let mut got = [got, pages(&note_first, &[&host])].concat();
        got.sort();
        assert_eq!(handed(&note_first), Some(false), "the host took it");
        assert!(got == expected, "note page first: same pages");

        let host_first = site();
        assert!(
            pages(&host_first, &[&host, &note]) == expected,
            "host page first"
        );
        assert_eq!(handed(&host_first), Some(false), "nothing left over");

        // A build renders every one-host note's page just before its host's (pages listed in
        // reverse: the sample's notes already sort before their hosts).
        let mut all = crate::render::all_pages(&p.settings, &p.course);
        all.reverse();
        let order = crate::render::render_order(&p.course, &all);
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert!(sorted.into_iter().eq(0..all.len()), "every page once");
        let at = |page: &Page| order.iter().position(|&i| all[i] == *page);
        assert_eq!(at(&note).map(|n| n + 1), at(&host));
        let pairs: Vec<(usize, usize)> = all
            .iter()
            .filter_map(|page| match page {
                Page::Module(locale, id) => {
                    let host = single_host(&p.course, p.course.module(id)?)?;
                    Some((
                        at(page)?,
                        at(&Page::Module(locale.clone(), host.id.clone()))?,
                    ))
                }
                _ => None,
            })
            .collect();
        assert!(pairs.len() >= 3, "{pairs:?}");
        assert!(pairs.iter().all(|(n, h)| n < h), "{pairs:?}");
    }
}
