//! The home page of a locale (the catalog, grouped by policy area and kind, filterable by
//! audience and region) and the root `index.html` that sends readers to the default locale.

use super::body;
use super::links::PageLinks;
use super::localize;
use super::views::{area_label, kind_label, kind_order, Chrome, ModuleView};
use super::{urls, Site};
use crate::content::model::Module;
use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct KindGroup {
    label: String,
    modules: Vec<ModuleView>,
}

#[derive(Serialize)]
struct AreaGroup {
    slug: String,
    label: String,
    kinds: Vec<KindGroup>,
}

#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
}

#[derive(Serialize)]
struct SectionCard {
    title: String,
    description: String,
    href: String,
    count_label: String,
}

#[derive(Serialize)]
struct HomePage<'a> {
    chrome: Chrome<'a>,
    title: String,
    description: String,
    intro: String,
    sections: Vec<SectionCard>,
    areas: Vec<AreaGroup>,
    audiences: Vec<Choice>,
    regions: Vec<Choice>,
    coverage_href: String,
    whats_new_href: String,
}

#[derive(Serialize)]
struct LocaleLink {
    code: String,
    name: String,
    href: String,
    dir: &'static str,
}

#[derive(Serialize)]
struct Redirect {
    title: String,
    lang: String,
    target: String,
    open_site: String,
    locales: Vec<LocaleLink>,
}

pub fn render(site: &Site, locale: &str) -> Result<OutputFile, Diagnostic> {
    let page = urls::home(locale);
    let settings = site.settings;
    let course = site.course;
    let links = PageLinks {
        course,
        locale,
        fallback_locale: &settings.default_locale.code,
        page: &page,
        assets: &site.assets,
        sco: site.sco.as_ref(),
        scope: None,
    };
    let intro_path = if course
        .section_texts
        .contains_key(&(String::new(), locale.to_string()))
    {
        format!("_index.{locale}.md")
    } else {
        "_index.md".to_string()
    };
    let t = site.strings.table(locale);
    let intro = body::render(
        localize::home_intro(course, locale),
        &intro_path,
        &[],
        &links,
        &site.body_options(t),
    );

    // Group by area (modules without one under "General", last), then kind in a fixed order.
    let mut by_area: BTreeMap<(bool, String), Vec<&Module>> = BTreeMap::new();
    for m in &course.modules {
        let area = m.policy_area.clone().unwrap_or_default();
        by_area.entry((area.is_empty(), area)).or_default().push(m);
    }
    let areas = by_area
        .into_iter()
        .map(|((_, slug), mut modules)| {
            modules.sort_by(|a, b| {
                kind_order(a.kind)
                    .cmp(&kind_order(b.kind))
                    .then_with(|| a.id.cmp(&b.id))
            });
            let mut kinds: Vec<KindGroup> = Vec::new();
            let mut last_kind = None;
            for m in modules {
                let view = ModuleView::new(
                    site,
                    &localize::module(settings, course, m, locale),
                    locale,
                    &page,
                );
                match kinds.last_mut() {
                    Some(g) if last_kind == Some(m.kind) => g.modules.push(view),
                    _ => kinds.push(KindGroup {
                        label: kind_label(t, m.kind),
                        modules: vec![view],
                    }),
                }
                last_kind = Some(m.kind);
            }
            AreaGroup {
                label: if slug.is_empty() {
                    site.strings.get(locale, "general").to_string()
                } else {
                    area_label(&slug)
                },
                slug: if slug.is_empty() {
                    "general".to_string()
                } else {
                    slug
                },
                kinds,
            }
        })
        .collect();

    let mut audiences: Vec<&str> = course
        .modules
        .iter()
        .flat_map(|m| m.audience.iter().map(String::as_str))
        .collect();
    audiences.sort_unstable();
    audiences.dedup();
    let page_in = |code: &str| (urls::home(code), true);
    let view = HomePage {
        chrome: Chrome::new(site, locale, &page, &settings.title, Vec::new(), &page_in),
        title: settings.title.clone(),
        // A translated home page takes its lead from `content/_index.<locale>.md`.
        description: course
            .section_texts
            .get(&(String::new(), locale.to_string()))
            .and_then(|t| t.description.clone())
            .unwrap_or_else(|| settings.description.clone()),
        intro,
        sections: course
            .sections
            .iter()
            .map(|s| {
                let ls = localize::section(course, s, locale);
                let key = if s.modules.len() == 1 {
                    "module_count_one"
                } else {
                    "module_count_other"
                };
                SectionCard {
                    title: ls.title.to_string(),
                    description: ls.description.to_string(),
                    href: urls::relative(&page, &urls::section(locale, &s.key)),
                    count_label: site.strings.fill(
                        locale,
                        key,
                        &[("n", &s.modules.len().to_string())],
                    ),
                }
            })
            .collect(),
        areas,
        audiences: audiences
            .into_iter()
            .map(|a| Choice {
                value: a.to_string(),
                label: area_label(a),
            })
            .collect(),
        regions: settings
            .regions
            .iter()
            .map(|r| Choice {
                value: r.code.clone(),
                label: r.name.clone(),
            })
            .collect(),
        coverage_href: urls::relative(&page, &urls::coverage(locale)),
        whats_new_href: urls::relative(&page, &urls::whats_new(locale)),
    };
    site.page("home.html", page, &view)
}

/// `index.html`: a redirect to the default locale's home, with a link to every locale.
pub fn render_root(site: &Site) -> Result<OutputFile, Diagnostic> {
    let settings = site.settings;
    let default = &settings.default_locale.code;
    let target = urls::relative("index.html", &urls::home(default));
    site.page(
        "redirect.html",
        "index.html".to_string(),
        &Redirect {
            title: settings.title.clone(),
            lang: default.clone(),
            target,
            open_site: site.strings.get(default, "open_site").to_string(),
            locales: settings
                .locales
                .iter()
                .map(|l| LocaleLink {
                    code: l.code.clone(),
                    name: l.name.clone(),
                    href: urls::relative("index.html", &urls::home(&l.code)),
                    dir: super::views::direction(settings, &l.code),
                })
                .collect(),
        },
    )
}
