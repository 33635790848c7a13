//! The page of one module in one locale: metadata, contents, body (behind its content warning),
//! regional notes at their placement, banners for fallback and stale translations, neighbours.

use super::body::{self, BodyOptions};
use super::links::PageLinks;
use super::localize::{self, Localized};
use super::views::{Chrome, LinkView, ModuleView};
use super::{notes, urls, Site};
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

/// Shown above a page that is not (or not currently) in the reader's language.
#[derive(Serialize)]
struct Banner {
    text: String,
    link: Option<LinkView>,
    changes: Option<String>,
}

#[derive(Serialize)]
struct ModulePage<'a> {
    chrome: Chrome<'a>,
    module: ModuleView,
    toc: Vec<TocEntry<'a>>,
    body: String,
    section: LinkView,
    print_href: String,
    prev: Option<LinkView>,
    next: Option<LinkView>,
    fallback: Option<Banner>,
    stale: Option<Banner>,
}

pub fn render(site: &Site, m: &Module, locale: &str) -> Result<OutputFile, Diagnostic> {
    let page = urls::module(locale, &m.id);
    let t = site.strings.table(locale);
    let l = localize::module(site.settings, site.course, m, locale);
    let section_title = site
        .course
        .section(&m.section)
        .map_or_else(String::new, |s| {
            localize::section(site.course, s, locale).title.to_string()
        });
    let section_link = LinkView {
        title: section_title,
        href: urls::relative(&page, &urls::section(locale, &m.section)),
    };
    let (prev, next) = neighbours(site, m, locale, &page);
    let links = PageLinks {
        course: site.course,
        locale,
        page: &page,
        assets: &site.assets,
        scope: None,
    };
    let inserts = notes::inserts(site, m, &l, locale, &page)?;
    let opts = BodyOptions {
        inserts: &inserts,
        ..BodyOptions::new(t)
    };
    let body = body::render(l.body, l.content_path, l.headings, &links, &opts);
    let home = LinkView {
        title: site.settings.title.clone(),
        href: urls::relative(&page, &urls::home(locale)),
    };
    let here = LinkView {
        title: l.title.to_string(),
        href: "index.html".to_string(),
    };
    let page_in = |code: &str| {
        let translated =
            site.settings.is_default(code) || site.course.translation(&m.id, code).is_some();
        (urls::module(code, &m.id), translated)
    };
    let chrome = Chrome::new(
        site,
        locale,
        &page,
        l.title,
        vec![home, section_link.clone(), here],
        &page_in,
    );
    let view = ModulePage {
        chrome,
        module: ModuleView::new(site, &l, locale, &page),
        toc: l
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
        fallback: fallback_banner(site, &l, locale),
        stale: stale_banner(site, &l, locale, &page),
    };
    site.page("module.html", page, &view)
}

fn locale_name<'a>(site: &'a Site, code: &'a str) -> &'a str {
    site.settings.locale(code).map_or(code, |l| l.name.as_str())
}

fn fallback_banner(site: &Site, l: &Localized, locale: &str) -> Option<Banner> {
    if !l.is_fallback {
        return None;
    }
    let text = site.strings.fill(
        locale,
        "not_translated",
        &[
            ("language", locale_name(site, locale)),
            ("source_language", &site.settings.default_locale.name),
        ],
    );
    Some(Banner {
        text,
        link: None,
        changes: None,
    })
}

fn stale_banner(site: &Site, l: &Localized, locale: &str, page: &str) -> Option<Banner> {
    let t = l.translation.filter(|_| l.is_stale)?;
    let default = &site.settings.default_locale;
    let text = site.strings.fill(
        locale,
        "stale_translation",
        &[
            ("translated", &t.translation_of.to_string()),
            ("current", &l.module.version.to_string()),
        ],
    );
    Some(Banner {
        text,
        link: Some(LinkView {
            title: site.strings.fill(
                locale,
                "read_current",
                &[("source_language", &default.name)],
            ),
            href: urls::relative(page, &urls::module(&default.code, &l.module.id)),
        }),
        changes: l.module.changes.clone(),
    })
}

/// Previous and next module in the reading order of the module's section.
fn neighbours(
    site: &Site,
    m: &Module,
    locale: &str,
    page: &str,
) -> (Option<LinkView>, Option<LinkView>) {
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
            title: localize::module(site.settings, site.course, other, locale)
                .title
                .to_string(),
            href: urls::relative(page, &urls::module(locale, id)),
        })
    };
    (i.checked_sub(1).and_then(link), link(i + 1))
}
