//! The home page (the catalog, grouped by policy area and kind, filterable by audience and
//! region) and the root `index.html` that sends readers to the default locale.

use super::body::{self, BodyOptions};
use super::links::PageLinks;
use super::views::{area_label, kind_order, Chrome, ModuleView};
use super::{urls, Site};
use crate::content::model::Module;
use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct KindGroup {
    label: &'static str,
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
    count: usize,
}

#[derive(Serialize)]
struct HomePage {
    chrome: Chrome,
    title: String,
    description: String,
    intro: String,
    module_count: usize,
    sections: Vec<SectionCard>,
    areas: Vec<AreaGroup>,
    audiences: Vec<Choice>,
    regions: Vec<Choice>,
}

#[derive(Serialize)]
struct Redirect {
    title: String,
    lang: String,
    target: String,
}

pub fn render(site: &Site) -> Result<Vec<OutputFile>, Diagnostic> {
    let locale = site.locale();
    let page = urls::home(locale);
    let settings = site.settings;
    let links = PageLinks {
        course: site.course,
        locale,
        page: &page,
        assets: &site.assets,
        print: None,
    };
    let intro = body::render(
        &site.course.home_intro,
        "_index.md",
        &[],
        &links,
        &BodyOptions {
            heading_shift: 0,
            sensitive_open: false,
        },
    );

    // Group by area (modules without one under "General", last), then kind in a fixed order.
    let mut by_area: BTreeMap<(bool, String), Vec<&Module>> = BTreeMap::new();
    for m in &site.course.modules {
        let area = m.policy_area.clone().unwrap_or_default();
        by_area.entry((area.is_empty(), area)).or_default().push(m);
    }
    let areas = by_area
        .into_iter()
        .map(|((_, slug), mut modules)| {
            modules.sort_by(|a, b| {
                kind_order(a.kind)
                    .cmp(&kind_order(b.kind))
                    .then_with(|| a.title.cmp(&b.title))
                    .then_with(|| a.id.cmp(&b.id))
            });
            let mut kinds: Vec<KindGroup> = Vec::new();
            for m in modules {
                let view = ModuleView::new(settings, site.course, m, &page);
                match kinds.last_mut() {
                    Some(g) if g.label == m.kind.label() => g.modules.push(view),
                    _ => kinds.push(KindGroup {
                        label: m.kind.label(),
                        modules: vec![view],
                    }),
                }
            }
            AreaGroup {
                label: if slug.is_empty() {
                    "General".to_string()
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

    let mut audiences: Vec<&str> = site
        .course
        .modules
        .iter()
        .flat_map(|m| m.audience.iter().map(String::as_str))
        .collect();
    audiences.sort_unstable();
    audiences.dedup();
    let view = HomePage {
        chrome: Chrome::new(settings, &page, &settings.title, Vec::new()),
        title: settings.title.clone(),
        description: settings.description.clone(),
        intro,
        module_count: site.course.modules.len(),
        sections: site
            .course
            .sections
            .iter()
            .map(|s| SectionCard {
                title: s.title.clone(),
                description: s.description.clone(),
                href: urls::relative(&page, &urls::section(locale, &s.key)),
                count: s.modules.len(),
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
    };
    let home = site.page("home.html", page.clone(), &view)?;
    let redirect = site.page(
        "redirect.html",
        "index.html".to_string(),
        &Redirect {
            title: settings.title.clone(),
            lang: locale.to_string(),
            target: urls::relative("index.html", &page),
        },
    )?;
    Ok(vec![redirect, home])
}
