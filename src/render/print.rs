//! A section's print view: a cover and every module on one page, for in-person sessions and
//! PDF through the browser's print. Sensitive blocks print open; warnings head each module.

use super::body::{self, BodyOptions};
use super::links::{PageLinks, PrintScope};
use super::views::{Chrome, LinkView, ModuleView};
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
struct PrintPage {
    chrome: Chrome,
    title: String,
    description: String,
    /// The newest effective date of the section's modules: the date the handout is valid from.
    date: Option<String>,
    total_minutes: u32,
    modules: Vec<PrintModule>,
    section_href: String,
}

pub fn render(site: &Site, s: &Section) -> Result<OutputFile, Diagnostic> {
    let locale = site.locale();
    let page = urls::section_print(locale, &s.key);
    let members: HashSet<&ModuleId> = s.modules.iter().collect();
    let modules: Vec<PrintModule> = s
        .modules
        .iter()
        .filter_map(|id| site.course.module(id))
        .map(|m| {
            let links = PageLinks {
                course: site.course,
                locale,
                page: &page,
                assets: &site.assets,
                print: Some(PrintScope {
                    current: &m.id,
                    members: &members,
                }),
            };
            let body = body::render(
                m.body(),
                &m.content_path,
                &m.headings,
                &links,
                &BodyOptions {
                    heading_shift: 1,
                    sensitive_open: true,
                },
            );
            PrintModule {
                module: ModuleView::new(site.settings, site.course, m, &page),
                body,
            }
        })
        .collect();
    let date = s
        .modules
        .iter()
        .filter_map(|id| site.course.module(id)?.effective)
        .max()
        .map(|d| d.format("%Y-%m-%d").to_string());
    let title = format!("{} (print edition)", s.title);
    let section_href = urls::relative(&page, &urls::section(locale, &s.key));
    let chrome = Chrome::new(
        site.settings,
        &page,
        &title,
        vec![
            LinkView {
                title: site.settings.title.clone(),
                href: urls::relative(&page, &urls::home(locale)),
            },
            LinkView {
                title: s.title.clone(),
                href: section_href.clone(),
            },
            LinkView {
                title: "Print edition".to_string(),
                href: "index.html".to_string(),
            },
        ],
    );
    let view = PrintPage {
        chrome,
        title: s.title.clone(),
        description: s.description.clone(),
        date,
        total_minutes: modules.iter().filter_map(|m| m.module.duration).sum(),
        modules,
        section_href,
    };
    site.page("print.html", page, &view)
}
