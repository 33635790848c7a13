//! A section's page in one locale: its introduction and its modules in reading order.

use super::body;
use super::links::PageLinks;
use super::localize;
use super::views::{breadcrumbs, Chrome, ModuleView};
use super::{urls, Site};
use crate::content::model::Section;
use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;
use serde::Serialize;

#[derive(Serialize)]
struct SectionPage<'a> {
    chrome: Chrome<'a>,
    title: String,
    description: String,
    intro: String,
    modules: Vec<ModuleView>,
    print_href: String,
    summary: String,
}

pub fn render(site: &Site, s: &Section, locale: &str) -> Result<OutputFile, Diagnostic> {
    let page = urls::section(locale, &s.key);
    let ls = localize::section(site.course, s, locale);
    let links = PageLinks {
        course: site.course,
        locale,
        fallback_locale: &site.settings.default_locale.code,
        page: &page,
        assets: &site.assets,
        sco: site.sco.as_ref(),
        scope: None,
    };
    let intro = body::render(
        ls.intro,
        &ls.intro_path,
        &[],
        &links,
        &site.body_options(site.strings.table(locale)),
    );
    let modules: Vec<ModuleView> = s
        .modules
        .iter()
        .filter_map(|id| site.course.module(id))
        .map(|m| {
            ModuleView::new(
                site,
                &localize::module(site.settings, site.course, m, locale),
                locale,
                &page,
            )
        })
        .collect();
    let total: u32 = modules.iter().filter_map(|m| m.duration).sum();
    let count_key = if modules.len() == 1 {
        "module_count_one"
    } else {
        "module_count_other"
    };
    let mut summary = site
        .strings
        .fill(locale, count_key, &[("n", &modules.len().to_string())]);
    if total > 0 {
        summary.push_str(" · ");
        summary.push_str(
            &site
                .strings
                .fill(locale, "about_minutes", &[("n", &total.to_string())]),
        );
    }
    let crumbs = breadcrumbs(site, locale, &page, Vec::new(), ls.title);
    let page_in = |code: &str| {
        let translated = site.settings.is_default(code)
            || site
                .course
                .section_texts
                .contains_key(&(s.key.clone(), code.to_string()));
        (urls::section(code, &s.key), translated)
    };
    let view = SectionPage {
        chrome: Chrome::new(site, locale, &page, ls.title, crumbs, &page_in),
        title: ls.title.to_string(),
        description: ls.description.to_string(),
        intro,
        modules,
        print_href: if super::print::has_view(s) {
            urls::relative(&page, &urls::section_print(locale, &s.key))
        } else {
            String::new()
        },
        summary,
    };
    site.page("section.html", page, &view)
}
