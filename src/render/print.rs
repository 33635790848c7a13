//! A section's print view in one locale: a cover and every module on one page, for in-person
//! sessions and PDF through the browser's print. Sensitive blocks print open; warnings head
//! each module.

use super::body::{self, BodyOptions};
use super::links::{AnchorScope, PageLinks};
use super::localize;
use super::views::{breadcrumbs, Chrome, LinkView, ModuleView};
use super::{urls, Site};
use crate::content::model::{ModuleId, Section};
use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;
use serde::Serialize;
use std::collections::HashSet;

#[derive(Serialize)]
struct PrintModule {
    module: ModuleView,
    body: String,
}

#[derive(Serialize)]
struct PrintPage<'a> {
    chrome: Chrome<'a>,
    title: String,
    description: String,
    /// The newest effective date of the section's modules: the date the handout is valid from.
    date: Option<String>,
    date_label: Option<String>,
    total_label: Option<String>,
    modules: Vec<PrintModule>,
    section_href: String,
}

/// Sections with more modules than this get no print view: a handout of hundreds of modules is
/// no handout (and one page of tens of megabytes helps no browser); their modules print one by
/// one.
pub const MAX_MODULES: usize = 150;

/// Does section `s` have a print view?
pub fn has_view(s: &Section) -> bool {
    s.modules.len() <= MAX_MODULES
}

pub fn render(site: &Site, s: &Section, locale: &str) -> Result<OutputFile, Diagnostic> {
    let page = urls::section_print(locale, &s.key);
    let ls = localize::section(site.course, s, locale);
    let members: HashSet<&ModuleId> = s.modules.iter().collect();
    let t = site.strings.table(locale);
    let modules: Vec<PrintModule> = s
        .modules
        .iter()
        .filter_map(|id| site.course.module(id))
        .map(|m| {
            let l = localize::module(site.settings, site.course, m, locale);
            let links = PageLinks {
                course: site.course,
                locale,
                fallback_locale: &site.settings.default_locale.code,
                page: &page,
                assets: &site.assets,
                sco: site.sco.as_ref(),
                scope: Some(AnchorScope {
                    current: &m.id,
                    members: &members,
                }),
            };
            let opts = BodyOptions {
                heading_shift: 1,
                sensitive_open: true,
                ..site.body_options(t)
            };
            PrintModule {
                module: ModuleView::new(site, &l, locale, &page),
                body: body::render_localized(&l, &links, &opts),
            }
        })
        .collect();
    let newest = s
        .modules
        .iter()
        .filter_map(|id| site.course.module(id)?.effective)
        .max();
    let total: u32 = modules.iter().filter_map(|m| m.module.duration).sum();
    let title = site
        .strings
        .fill(locale, "print_title", &[("section", ls.title)]);
    let section_href = urls::relative(&page, &urls::section(locale, &s.key));
    let crumbs = breadcrumbs(
        site,
        locale,
        &page,
        vec![LinkView {
            title: ls.title.to_string(),
            href: section_href.clone(),
        }],
        site.strings.get(locale, "print_edition"),
    );
    let page_in = |code: &str| {
        let translated = site.settings.is_default(code)
            || site
                .course
                .section_texts
                .contains_key(&(s.key.clone(), code.to_string()));
        (urls::section_print(code, &s.key), translated)
    };
    let view = PrintPage {
        chrome: Chrome::new(site, locale, &page, &title, crumbs, &page_in),
        title: ls.title.to_string(),
        description: ls.description.to_string(),
        date: newest.map(|d| d.format("%Y-%m-%d").to_string()),
        date_label: newest.map(|d| {
            site.strings.fill(
                locale,
                "valid_from",
                &[("date", &site.strings.date(locale, d))],
            )
        }),
        total_label: (total > 0).then(|| {
            site.strings
                .fill(locale, "about_minutes", &[("n", &total.to_string())])
        }),
        modules,
        section_href,
    };
    site.page("print.html", page, &view)
}
