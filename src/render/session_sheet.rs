//! The printable calibration session sheet of the trainer edition: every case of a calibration
//! module with its expected decision and rationale, and a blank grid to tally the room's votes.

use super::body;
use super::links::PageLinks;
use super::localize;
use super::views::{area_label, breadcrumbs, Chrome, LinkView};
use super::{urls, Site};
use crate::content::model::Module;
use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;
use serde::Serialize;

#[derive(Serialize)]
struct SheetCase {
    id: String,
    scenario: String,
    expected: String,
    expected_labels: Vec<String>,
    rationale: String,
}

#[derive(Serialize)]
struct SheetPage<'a> {
    chrome: Chrome<'a>,
    title: String,
    decisions: Vec<String>,
    cases: Vec<SheetCase>,
    module_href: String,
    module_title: String,
}

pub fn render(site: &Site, m: &Module, locale: &str) -> Result<OutputFile, Diagnostic> {
    let page = urls::session_sheet(locale, &m.id);
    let l = localize::module(site.settings, site.course, m, locale);
    let blocks = l.translation.map_or(&m.blocks, |t| &t.blocks);
    let links = PageLinks {
        course: site.course,
        locale,
        fallback_locale: &site.settings.default_locale.code,
        page: &page,
        assets: &site.assets,
        sco: site.sco.as_ref(),
        scope: None,
    };
    let t = site.strings.table(locale);
    let md = |text: &str| body::render(text, l.content_path, &[], &links, &site.body_options(t));
    // The grid's columns: every decision any case offers, in first-seen order.
    let mut decisions: Vec<String> = Vec::new();
    for c in &blocks.cases {
        let list = if c.decisions.is_empty() {
            &site.settings.decisions
        } else {
            &c.decisions
        };
        for d in list {
            if !decisions.contains(d) {
                decisions.push(d.clone());
            }
        }
    }
    let title = site
        .strings
        .fill(locale, "session_sheet_title", &[("title", l.title)]);
    let crumbs = breadcrumbs(
        site,
        locale,
        &page,
        vec![LinkView {
            title: l.title.to_string(),
            href: urls::relative(&page, &urls::module(locale, &m.id)),
        }],
        site.strings.get(locale, "session_sheet"),
    );
    let page_in = |code: &str| (urls::session_sheet(code, &m.id), true);
    let view = SheetPage {
        chrome: Chrome::new(site, locale, &page, &title, crumbs, &page_in),
        title,
        decisions: decisions.iter().map(|d| area_label(d)).collect(),
        cases: blocks
            .cases
            .iter()
            .map(|c| SheetCase {
                id: c.id.clone(),
                scenario: md(&c.scenario),
                expected: area_label(&c.expected),
                expected_labels: c.expected_labels.iter().map(|x| area_label(x)).collect(),
                rationale: c.rationale.as_deref().map(md).unwrap_or_default(),
            })
            .collect(),
        module_href: urls::relative(&page, &urls::module(locale, &m.id)),
        module_title: l.title.to_string(),
    };
    site.page("session_sheet.html", page, &view)
}
