//! Typed data for the templates: one view per page kind, built from the model by one function
//! each. Templates see only these structs, so what a theme can use is written down here.

use super::localize::Localized;
use super::{urls, Site};
use crate::config::{Settings, TextDirection};
use crate::content::model::Kind;
use crate::i18n::Table;
use serde::Serialize;

/// What every page's frame needs.
#[derive(Serialize)]
pub struct Chrome<'a> {
    pub lang: &'a str,
    pub dir: &'static str,
    pub site_title: &'a str,
    pub page_title: String,
    pub home_href: String,
    pub css: Vec<String>,
    pub js: String,
    pub breadcrumbs: Vec<LinkView>,
    /// The locale's search page, for the header's search box (empty: no box).
    pub search_href: String,
    /// The same page in every locale, for the language switcher and `hreflang` links.
    /// (Templates also see `chrome.t`, the UI strings of `lang`: `Site::context` adds them.)
    pub alternates: Vec<Alternate>,
}

/// The same page in another locale.
#[derive(Serialize)]
pub struct Alternate {
    pub code: String,
    pub name: String,
    pub href: String,
    pub is_current: bool,
    /// The page exists in that language (not a fallback to the source language).
    pub is_translated: bool,
}

impl<'a> Chrome<'a> {
    /// `page_in(locale)` gives the site path of this page in another locale, and whether it is
    /// translated there.
    pub fn new(
        site: &'a Site,
        locale: &'a str,
        page: &str,
        page_title: &str,
        breadcrumbs: Vec<LinkView>,
        page_in: &dyn Fn(&str) -> (String, bool),
    ) -> Chrome<'a> {
        let settings = site.settings;
        let full_title = if page_title.is_empty() || page_title == settings.title {
            settings.title.clone()
        } else {
            format!("{page_title} · {}", settings.title)
        };
        Chrome {
            lang: locale,
            dir: direction(settings, locale),
            site_title: &settings.title,
            page_title: full_title,
            home_href: urls::relative(page, &urls::home(locale)),
            css: ["style.css", "highlight.css"]
                .iter()
                .map(|f| urls::relative(page, &urls::theme_asset(f)))
                .collect(),
            js: urls::relative(page, &urls::theme_asset("site.js")),
            breadcrumbs,
            search_href: urls::relative(page, &urls::search(locale)),
            alternates: settings
                .locales
                .iter()
                .map(|l| {
                    let (path, is_translated) = page_in(&l.code);
                    Alternate {
                        code: l.code.clone(),
                        name: l.name.clone(),
                        href: urls::relative(page, &path),
                        is_current: l.code == locale,
                        is_translated,
                    }
                })
                .collect(),
        }
    }
}

pub fn direction(settings: &Settings, locale: &str) -> &'static str {
    match settings.locale(locale).map(|l| l.dir) {
        Some(TextDirection::Rtl) => "rtl",
        _ => "ltr",
    }
}

#[derive(Serialize, Clone)]
pub struct LinkView {
    pub title: String,
    pub href: String,
}

/// Breadcrumbs of a page: the site's home, the `middle` links, then the page itself.
pub fn breadcrumbs(
    site: &Site,
    locale: &str,
    page: &str,
    middle: Vec<LinkView>,
    here: &str,
) -> Vec<LinkView> {
    let mut crumbs = vec![LinkView {
        title: site.settings.title.clone(),
        href: urls::relative(page, &urls::home(locale)),
    }];
    crumbs.extend(middle);
    crumbs.push(LinkView {
        title: here.to_string(),
        href: "index.html".to_string(),
    });
    crumbs
}

/// A module's metadata as shown on its page, cards and print views, in the page's locale.
#[derive(Serialize)]
pub struct ModuleView {
    pub id: String,
    pub title: String,
    pub kind: &'static str,
    pub kind_label: String,
    pub version: String,
    pub effective: Option<String>,
    pub effective_label: Option<String>,
    pub duration_label: Option<String>,
    pub duration: Option<u32>,
    pub owner: Option<String>,
    pub summary: Option<String>,
    pub policy_area: Option<String>,
    pub policy_area_label: Option<String>,
    pub audience: Vec<String>,
    pub audience_labels: Vec<String>,
    pub regions: Vec<String>,
    pub region_names: Vec<String>,
    /// Regions of the regional notes that apply to this module.
    pub note_regions: Vec<String>,
    pub note_region_names: Vec<String>,
    pub tags: Vec<String>,
    pub content_warnings: Vec<String>,
    pub changes: Option<String>,
    pub prerequisites: Vec<LinkView>,
    pub href: String,
    /// Language and direction of the text (differ from the page's on a fallback).
    pub lang: String,
    pub dir: &'static str,
    pub is_fallback: bool,
    pub is_stale: bool,
}

impl ModuleView {
    pub fn new(site: &Site, l: &Localized, locale: &str, page: &str) -> ModuleView {
        let m = l.module;
        let s = site.strings;
        let course = site.course;
        let mut note_regions: Vec<String> = course
            .notes(&m.id)
            .flat_map(|n| n.regions.iter().cloned())
            .collect();
        note_regions.sort();
        note_regions.dedup();
        ModuleView {
            id: m.id.0.clone(),
            title: l.title.to_string(),
            kind: m.kind.as_str(),
            kind_label: kind_label(s.table(locale), m.kind),
            version: m.version.to_string(),
            effective: m.effective.map(|d| d.format("%Y-%m-%d").to_string()),
            effective_label: m.effective.map(|d| s.date(locale, d)),
            duration_label: l
                .duration
                .map(|n| s.fill(locale, "minutes", &[("n", &n.to_string())])),
            duration: l.duration,
            owner: l.owner.map(str::to_string),
            summary: l.summary.map(str::to_string),
            policy_area: m.policy_area.clone(),
            policy_area_label: m.policy_area.as_deref().map(area_label),
            audience: m.audience.clone(),
            audience_labels: m.audience.iter().map(|a| area_label(a)).collect(),
            regions: m.regions.clone(),
            region_names: m
                .regions
                .iter()
                .map(|r| region_name(site, locale, r))
                .collect(),
            note_region_names: note_regions
                .iter()
                .map(|r| region_name(site, locale, r))
                .collect(),
            note_regions,
            tags: l.tags.to_vec(),
            content_warnings: l.content_warnings.to_vec(),
            changes: l.changes.map(str::to_string),
            prerequisites: m
                .prerequisites
                .iter()
                .filter_map(|(id, _)| course.module(id))
                .map(|p| LinkView {
                    title: super::localize::module(site.settings, course, p, locale)
                        .title
                        .to_string(),
                    href: urls::relative(page, &urls::module(locale, &p.id)),
                })
                .collect(),
            href: urls::relative(page, &urls::module(locale, &m.id)),
            lang: l.text_locale.to_string(),
            dir: direction(site.settings, l.text_locale),
            is_fallback: l.is_fallback,
            is_stale: l.is_stale,
        }
    }
}

pub fn kind_label(t: &Table, kind: Kind) -> String {
    let key = format!("kind_{}", kind.as_str().replace('-', "_"));
    t.get(&key)
        .cloned()
        .unwrap_or_else(|| kind.label().to_string())
}

pub fn region_name(site: &Site, locale: &str, code: &str) -> String {
    if code == "global" {
        return site.strings.get(locale, "global").to_string();
    }
    site.settings
        .region(code)
        .map_or_else(|| code.to_string(), |r| r.name.clone())
}

/// `hate-speech` -> "Hate speech".
pub fn area_label(slug: &str) -> String {
    let text = slug.replace(['-', '_'], " ");
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(chars).collect())
}

pub fn kind_order(kind: Kind) -> usize {
    Kind::ALL
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::area_label;

    #[test]
    fn area_labels_read_as_words() {
        assert_eq!(area_label("hate-speech"), "Hate speech");
        assert_eq!(area_label("child_safety"), "Child safety");
    }
}
