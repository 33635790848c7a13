//! The page of one module: metadata, contents, body (behind its content warning), neighbours.

use super::body::{self, BodyOptions};
use super::links::PageLinks;
use super::views::{Chrome, LinkView, ModuleView};
use super::{urls, Site};
use crate::content::model::Module;
use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;
use serde::Serialize;

#[derive(Serialize)]
struct TocEntry<'a> {
    level: u8,
    text: &'a str,
    anchor: &'a str,
}

#[derive(Serialize)]
struct ModulePage<'a> {
    chrome: Chrome,
    module: ModuleView,
    toc: Vec<TocEntry<'a>>,
    body: String,
    section: LinkView,
    print_href: String,
    prev: Option<LinkView>,
    next: Option<LinkView>,
}

pub fn render(site: &Site, m: &Module) -> Result<OutputFile, Diagnostic> {
    let locale = site.locale();
    let page = urls::module(locale, &m.id);
    let section = site.course.section(&m.section);
    let section_link = LinkView {
        title: section.map_or_else(String::new, |s| s.title.clone()),
        href: urls::relative(&page, &urls::section(locale, &m.section)),
    };
    let (prev, next) = neighbours(site, m, &page);
    let links = PageLinks {
        course: site.course,
        locale,
        page: &page,
        assets: &site.assets,
        print: None,
    };
    let body = body::render(
        m.body(),
        &m.content_path,
        &m.headings,
        &links,
        &BodyOptions {
            heading_shift: 0,
            sensitive_open: false,
        },
    );
    let chrome = Chrome::new(
        site.settings,
        &page,
        &m.title,
        vec![
            LinkView {
                title: site.settings.title.clone(),
                href: urls::relative(&page, &urls::home(locale)),
            },
            section_link.clone(),
            LinkView {
                title: m.title.clone(),
                href: "index.html".to_string(),
            },
        ],
    );
    let view = ModulePage {
        chrome,
        module: ModuleView::new(site.settings, site.course, m, &page),
        toc: m
            .headings
            .iter()
            .filter(|h| h.level <= 3)
            .map(|h| TocEntry {
                level: h.level,
                text: &h.text,
                anchor: &h.anchor,
            })
            .collect(),
        body,
        print_href: urls::relative(&page, &urls::section_print(locale, &m.section)),
        section: section_link,
        prev,
        next,
    };
    site.page("module.html", page, &view)
}

/// Previous and next module in the reading order of the module's section.
fn neighbours(site: &Site, m: &Module, page: &str) -> (Option<LinkView>, Option<LinkView>) {
    let Some(section) = site.course.section(&m.section) else {
        return (None, None);
    };
    let Some(i) = section.modules.iter().position(|id| id == &m.id) else {
        return (None, None);
    };
    let link = |j: usize| {
        let id = section.modules.get(j)?;
        let other = site.course.module(id)?;
        Some(LinkView {
            title: other.title.clone(),
            href: urls::relative(page, &urls::module(site.locale(), id)),
        })
    };
    (i.checked_sub(1).and_then(link), link(i + 1))
}
