//! Typed data for the templates: one view per page kind, built from the model by one function
//! each. Templates see only these structs, so what a theme can use is written down here.

use super::urls;
use crate::config::{Settings, TextDirection};
use crate::content::model::{Course, Kind, Module};
use serde::Serialize;

/// What every page's frame needs.
#[derive(Serialize)]
pub struct Chrome {
    pub lang: String,
    pub dir: &'static str,
    pub site_title: String,
    pub page_title: String,
    pub home_href: String,
    pub css: Vec<String>,
    pub js: String,
    pub breadcrumbs: Vec<LinkView>,
}

impl Chrome {
    pub fn new(
        settings: &Settings,
        page: &str,
        page_title: &str,
        breadcrumbs: Vec<LinkView>,
    ) -> Chrome {
        let locale = &settings.default_locale;
        let full_title = if page_title.is_empty() || page_title == settings.title {
            settings.title.clone()
        } else {
            format!("{page_title} · {}", settings.title)
        };
        Chrome {
            lang: locale.code.clone(),
            dir: match locale.dir {
                TextDirection::Ltr => "ltr",
                TextDirection::Rtl => "rtl",
            },
            site_title: settings.title.clone(),
            page_title: full_title,
            home_href: urls::relative(page, &urls::home(&locale.code)),
            css: ["style.css", "highlight.css"]
                .iter()
                .map(|f| urls::relative(page, &urls::theme_asset(f)))
                .collect(),
            js: urls::relative(page, &urls::theme_asset("site.js")),
            breadcrumbs,
        }
    }
}

#[derive(Serialize, Clone)]
pub struct LinkView {
    pub title: String,
    pub href: String,
}

/// A module's metadata as shown on its page, cards and print views.
#[derive(Serialize)]
pub struct ModuleView {
    pub id: String,
    pub title: String,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub version: String,
    pub effective: Option<String>,
    pub duration: Option<u32>,
    pub owner: Option<String>,
    pub summary: Option<String>,
    pub policy_area: Option<String>,
    pub policy_area_label: Option<String>,
    pub audience: Vec<String>,
    pub regions: Vec<String>,
    pub region_names: Vec<String>,
    pub tags: Vec<String>,
    pub content_warnings: Vec<String>,
    pub changes: Option<String>,
    pub prerequisites: Vec<LinkView>,
    pub href: String,
}

impl ModuleView {
    pub fn new(settings: &Settings, course: &Course, m: &Module, page: &str) -> ModuleView {
        let locale = &settings.default_locale.code;
        ModuleView {
            id: m.id.0.clone(),
            title: m.title.clone(),
            kind: m.kind.as_str(),
            kind_label: m.kind.label(),
            version: m.version.to_string(),
            effective: m.effective.map(|d| d.format("%Y-%m-%d").to_string()),
            duration: m.duration,
            owner: m.owner.clone(),
            summary: m.summary.clone(),
            policy_area: m.policy_area.clone(),
            policy_area_label: m.policy_area.as_deref().map(area_label),
            audience: m.audience.clone(),
            regions: m.regions.clone(),
            region_names: m.regions.iter().map(|r| region_name(settings, r)).collect(),
            tags: m.tags.clone(),
            content_warnings: m.content_warnings.clone(),
            changes: m.changes.clone(),
            prerequisites: m
                .prerequisites
                .iter()
                .filter_map(|(id, _)| course.module(id))
                .map(|p| LinkView {
                    title: p.title.clone(),
                    href: urls::relative(page, &urls::module(locale, &p.id)),
                })
                .collect(),
            href: urls::relative(page, &urls::module(locale, &m.id)),
        }
    }
}

pub fn region_name(settings: &Settings, code: &str) -> String {
    if code == "global" {
        return "Global".to_string();
    }
    settings
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
