//! A section's page: its introduction and its modules in reading order.

use super::body::{self, BodyOptions};
use super::links::PageLinks;
use super::views::{Chrome, LinkView, ModuleView};
use super::{urls, Site};
use crate::content::model::Section;
use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;
use serde::Serialize;

#[derive(Serialize)]
struct SectionPage {
    chrome: Chrome,
    title: String,
    description: String,
    intro: String,
    modules: Vec<ModuleView>,
    print_href: String,
    total_minutes: u32,
}

pub fn render(site: &Site, s: &Section) -> Result<OutputFile, Diagnostic> {
    let locale = site.locale();
    let page = urls::section(locale, &s.key);
    let links = PageLinks {
        course: site.course,
        locale,
        page: &page,
        assets: &site.assets,
        print: None,
    };
    let intro = body::render(
        &s.intro,
        &format!("{}/_index.md", s.key),
        &[],
        &links,
        &BodyOptions {
            heading_shift: 0,
            sensitive_open: false,
        },
    );
    let modules: Vec<ModuleView> = s
        .modules
        .iter()
        .filter_map(|id| site.course.module(id))
        .map(|m| ModuleView::new(site.settings, site.course, m, &page))
        .collect();
    let chrome = Chrome::new(
        site.settings,
        &page,
        &s.title,
        vec![
            LinkView {
                title: site.settings.title.clone(),
                href: urls::relative(&page, &urls::home(locale)),
            },
            LinkView {
                title: s.title.clone(),
                href: "index.html".to_string(),
            },
        ],
    );
    let view = SectionPage {
        chrome,
        title: s.title.clone(),
        description: s.description.clone(),
        intro,
        total_minutes: modules.iter().filter_map(|m| m.duration).sum(),
        modules,
        print_href: urls::relative(&page, &urls::section_print(locale, &s.key)),
    };
    site.page("section.html", page, &view)
}
