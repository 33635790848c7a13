//! Report pages: the content inventory (a page of the site, and a standalone file for
//! `syllabus report content --format html`) and the results report (standalone).
//!
//! A standalone page carries the theme's stylesheet and script inline, so it opens from an
//! e-mail attachment or a shared drive with nothing beside it. Pure: report data in, HTML out.

pub mod charts;
pub mod results;

use super::views::{area_label, breadcrumbs, kind_label, region_name, Chrome};
use super::{urls, Site};
use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;
use crate::report::inventory::{Flag, Inventory, TranslationState, NO_AREA};
use serde::Serialize;

/// The frame of a standalone report page.
#[derive(Serialize)]
pub struct Standalone<'a> {
    pub lang: &'a str,
    pub dir: &'static str,
    pub site_title: &'a str,
    pub page_title: String,
    pub css: String,
    /// (Templates also see `chrome.t`, the UI strings of `lang`: `Site::context` adds them.)
    pub js: String,
}

impl<'a> Standalone<'a> {
    pub fn new(site: &'a Site, locale: &'a str, title: &str) -> Standalone<'a> {
        let file = |name: &str| {
            site.theme
                .static_files()
                .find(|(p, _)| *p == name)
                .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
                .unwrap_or_default()
        };
        Standalone {
            lang: locale,
            dir: super::views::direction(site.settings, locale),
            site_title: &site.settings.title,
            page_title: format!("{title} · {}", site.settings.title),
            css: file("style.css"),
            js: file("site.js"),
        }
    }
}

#[derive(Serialize)]
struct Header {
    code: String,
    name: String,
}

#[derive(Serialize)]
struct Cell {
    status: &'static str,
    label: String,
    sort: String,
}

#[derive(Serialize)]
struct Row {
    title: String,
    href: Option<String>,
    kind_label: String,
    area_label: String,
    version: String,
    effective: String,
    effective_label: String,
    owner: String,
    duration: String,
    duration_label: String,
    regions: String,
    questions: usize,
    coverage: String,
    coverage_sort: String,
    last_release: String,
    last_release_date: String,
    translations: Vec<Cell>,
    flags: Vec<String>,
}

#[derive(Serialize)]
struct AreaRow {
    label: String,
    modules: usize,
    minutes: u32,
    questions: usize,
    coverage: String,
    coverage_sort: String,
    stale: usize,
    missing: usize,
}

#[derive(Serialize)]
struct LocaleRow {
    code: String,
    name: String,
    current: usize,
    stale: usize,
    missing: usize,
}

#[derive(Serialize)]
struct RegionRow {
    name: String,
    targeted: usize,
    global: usize,
    notes: usize,
    minutes: u32,
}

#[derive(Serialize)]
struct Attention {
    title: String,
    href: Option<String>,
    flags: Vec<String>,
}

#[derive(Serialize)]
struct InventoryView {
    has_date: bool,
    max_age: u32,
    flags_note: String,
    locales: Vec<Header>,
    rows: Vec<Row>,
    areas: Vec<AreaRow>,
    locale_totals: Vec<LocaleRow>,
    regions: Vec<RegionRow>,
    attention: Vec<Attention>,
}

#[derive(Serialize)]
struct InventoryPage<'a> {
    chrome: Chrome<'a>,
    inv: InventoryView,
}

#[derive(Serialize)]
struct StandalonePage<'a, T: Serialize> {
    chrome: Standalone<'a>,
    inv: Option<T>,
    results: Option<()>,
}

/// "3 / 4", and the ratio for sorting.
fn coverage(covered: usize, of: usize) -> (String, String) {
    if of == 0 {
        return (String::new(), "-1".into());
    }
    (
        format!("{covered} / {of}"),
        format!("{:.4}", covered as f64 / of as f64),
    )
}

fn flag_label(site: &Site, locale: &str, f: &Flag) -> String {
    match f {
        Flag::NotInForce { effective } => {
            format!("{} ({effective})", site.strings.get(locale, "not_in_force"))
        }
        Flag::ReleaseOld { days, .. } => {
            site.strings
                .fill(locale, "flag_release_old", &[("days", &days.to_string())])
        }
    }
}

/// The inventory as the page shows it. `page` is the page's site path for links to modules
/// (`None` on a standalone page, which has no site around it).
fn view(site: &Site, locale: &str, inv: &Inventory, page: Option<&str>) -> InventoryView {
    let s = site.strings;
    let t = s.table(locale);
    let date = |iso: &Option<String>| {
        iso.as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map(|d| s.date(locale, d))
            .unwrap_or_default()
    };
    let days = inv.max_release_age_days.to_string();
    let flags_note = match &inv.date {
        Some(_) => s.fill(
            locale,
            "inventory_flags_on",
            &[("date", &date(&inv.date)), ("days", &days)],
        ),
        None => s.fill(locale, "inventory_flags_browser", &[("days", &days)]),
    };
    let rows: Vec<Row> = inv
        .modules
        .iter()
        .map(|m| {
            let (cov, cov_sort) = coverage(m.clauses_covered, m.clauses);
            Row {
                title: m.title.clone(),
                href: page.map(|p| {
                    urls::relative(
                        p,
                        &urls::module(locale, &crate::content::model::ModuleId(m.id.clone())),
                    )
                }),
                kind_label: crate::content::model::Kind::parse(m.kind)
                    .map_or_else(|| m.kind.to_string(), |k| kind_label(t, k)),
                area_label: area_label(m.policy_area.as_deref().unwrap_or(NO_AREA)),
                version: m.version.clone(),
                effective: m.effective.clone().unwrap_or_default(),
                effective_label: date(&m.effective),
                owner: m.owner.clone().unwrap_or_default(),
                duration: m.duration.map(|d| d.to_string()).unwrap_or_default(),
                duration_label: m
                    .duration
                    .map(|n| s.fill(locale, "minutes", &[("n", &n.to_string())]))
                    .unwrap_or_default(),
                regions: m
                    .regions
                    .iter()
                    .map(|r| region_name(site, locale, r))
                    .collect::<Vec<_>>()
                    .join(", "),
                questions: m.questions,
                coverage: cov,
                coverage_sort: cov_sort,
                last_release: match (&m.last_release, &m.last_release_date) {
                    (Some(v), d) => format!("{v} ({})", date(d)),
                    _ => String::new(),
                },
                last_release_date: m.last_release_date.clone().unwrap_or_default(),
                translations: m
                    .translations
                    .iter()
                    .map(|(_, st)| match st {
                        TranslationState::Current { .. } => Cell {
                            status: "ok",
                            label: s.get(locale, "status_ok").to_string(),
                            sort: "0".into(),
                        },
                        TranslationState::Stale { behind, .. } => Cell {
                            status: "stale",
                            label: s.fill(locale, "stale_by", &[("n", &behind.to_string())]),
                            sort: behind.to_string(),
                        },
                        TranslationState::Missing => Cell {
                            status: "missing",
                            label: s.get(locale, "status_missing").to_string(),
                            sort: "999".into(),
                        },
                    })
                    .collect(),
                flags: m
                    .flags
                    .iter()
                    .map(|f| flag_label(site, locale, f))
                    .collect(),
            }
        })
        .collect();
    let attention = rows
        .iter()
        .filter(|r| !r.flags.is_empty())
        .map(|r| Attention {
            title: r.title.clone(),
            href: r.href.clone(),
            flags: r.flags.clone(),
        })
        .collect();
    InventoryView {
        has_date: inv.date.is_some(),
        max_age: inv.max_release_age_days,
        flags_note,
        locales: inv
            .locales
            .iter()
            .map(|c| Header {
                code: c.clone(),
                name: site
                    .settings
                    .locale(c)
                    .map_or_else(|| c.clone(), |l| l.name.clone()),
            })
            .collect(),
        areas: inv
            .areas
            .iter()
            .map(|a| {
                let (cov, cov_sort) = coverage(a.clauses_covered, a.clauses);
                AreaRow {
                    label: area_label(&a.policy_area),
                    modules: a.modules,
                    minutes: a.minutes,
                    questions: a.questions,
                    coverage: cov,
                    coverage_sort: cov_sort,
                    stale: a.stale,
                    missing: a.missing,
                }
            })
            .collect(),
        locale_totals: inv
            .locale_totals
            .iter()
            .map(|l| LocaleRow {
                name: site
                    .settings
                    .locale(&l.locale)
                    .map_or_else(|| l.locale.clone(), |x| x.name.clone()),
                code: l.locale.clone(),
                current: l.current,
                stale: l.stale,
                missing: l.missing,
            })
            .collect(),
        regions: inv
            .regions
            .iter()
            .map(|r| RegionRow {
                name: region_name(site, locale, &r.region),
                targeted: r.targeted,
                global: r.global,
                notes: r.notes,
                minutes: r.minutes,
            })
            .collect(),
        rows,
        attention,
    }
}

/// The inventory page of the site (`<locale>/inventory/`). A build has no clock, so the page
/// carries the dates and its script marks what needs review on the reader's day.
pub fn render(site: &Site, locale: &str) -> Result<OutputFile, Diagnostic> {
    let page = urls::inventory(locale);
    let inv = crate::report::inventory::inventory(site.settings, site.course, None);
    let title = site.strings.get(locale, "inventory_title").to_string();
    let crumbs = breadcrumbs(site, locale, &page, Vec::new(), &title);
    let page_in = |code: &str| (urls::inventory(code), true);
    let view = InventoryPage {
        chrome: Chrome::new(site, locale, &page, &title, crumbs, &page_in),
        inv: view(site, locale, &inv, Some(&page)),
    };
    site.page("inventory.html", page, &view)
}

/// The inventory as one self-contained HTML file.
pub fn standalone(site: &Site, locale: &str, inv: &Inventory) -> Result<String, Diagnostic> {
    let title = site.strings.get(locale, "inventory_title").to_string();
    let page = StandalonePage {
        chrome: Standalone::new(site, locale, &title),
        inv: Some(view(site, locale, inv, None)),
        results: None,
    };
    site.fragment("report.html", &page)
}
