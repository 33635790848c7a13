//! The coverage page of one locale: the module x locale and module x region matrices.

use super::views::{breadcrumbs, Chrome};
use super::{urls, Site};
use crate::coverage::{coverage, Status};
use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;
use serde::Serialize;

#[derive(Serialize)]
struct Cell {
    status: &'static str,
    label: String,
    detail: String,
}

#[derive(Serialize)]
struct Row {
    title: String,
    href: String,
    version: String,
    locales: Vec<Cell>,
    regions: Vec<String>,
}

#[derive(Serialize)]
struct Header {
    code: String,
    name: String,
}

#[derive(Serialize)]
struct CoveragePage<'a> {
    chrome: Chrome<'a>,
    locales: Vec<Header>,
    regions: Vec<Header>,
    rows: Vec<Row>,
    inventory_href: String,
}

pub fn render(site: &Site, locale: &str) -> Result<OutputFile, Diagnostic> {
    let page = urls::coverage(locale);
    let data = coverage(site.settings, site.course);
    let s = site.strings;
    let rows = data
        .modules
        .iter()
        .map(|m| Row {
            title: m.title.clone(),
            href: urls::relative(
                &page,
                &urls::module(locale, &crate::content::model::ModuleId(m.id.clone())),
            ),
            version: m.version.clone(),
            locales: m
                .locales
                .iter()
                .map(|(_, st)| match st {
                    Status::Source { version } => Cell {
                        status: "source",
                        label: s.get(locale, "status_source").to_string(),
                        detail: version.clone(),
                    },
                    Status::Current { translation_of } => Cell {
                        status: "ok",
                        label: s.get(locale, "status_ok").to_string(),
                        detail: translation_of.clone(),
                    },
                    Status::Stale {
                        translation_of,
                        current,
                    } => Cell {
                        status: "stale",
                        label: s.get(locale, "status_stale").to_string(),
                        detail: format!("{translation_of} → {current}"),
                    },
                    Status::Missing => Cell {
                        status: "missing",
                        label: s.get(locale, "status_missing").to_string(),
                        detail: String::new(),
                    },
                })
                .collect(),
            regions: data
                .regions
                .iter()
                .map(|r| m.notes.get(r).map_or(0, Vec::len))
                .map(|n| if n == 0 { String::new() } else { n.to_string() })
                .collect(),
        })
        .collect();
    let title = s.get(locale, "coverage_title").to_string();
    let crumbs = breadcrumbs(site, locale, &page, Vec::new(), &title);
    let page_in = |code: &str| (urls::coverage(code), true);
    let view = CoveragePage {
        chrome: Chrome::new(site, locale, &page, &title, crumbs, &page_in),
        locales: site
            .settings
            .locales
            .iter()
            .map(|l| Header {
                code: l.code.clone(),
                name: l.name.clone(),
            })
            .collect(),
        regions: site
            .settings
            .regions
            .iter()
            .map(|r| Header {
                code: r.code.clone(),
                name: r.name.clone(),
            })
            .collect(),
        rows,
        inventory_href: urls::relative(&page, &urls::inventory(locale)),
    };
    site.page("coverage.html", page, &view)
}
