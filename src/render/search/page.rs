//! The results page of a locale (`<locale>/search/index.html`): the search form with its filters,
//! filled in by `theme/search.js` from the locale's index. The header's search box on every other
//! page is a plain GET form to this page, so reaching it needs no JavaScript.

use super::{encode, Filters};
use crate::content::model::ModuleId;
use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;
use crate::render::views::{breadcrumbs, Chrome};
use crate::render::{urls, Site};
use serde::Serialize;

#[derive(Serialize)]
struct SearchPage<'a> {
    chrome: Chrome<'a>,
    /// The locale's meta file, relative to the page.
    index_src: String,
    /// The folder of the data files, relative to the page, with a trailing `/`.
    data_base: String,
    search_js: String,
    /// A module's page relative to this one, with `{id}` for its id.
    module_href: String,
    /// UI strings search.js shows, as JSON data (not code: it runs under the site's CSP).
    strings: String,
    kinds: &'a [super::Choice],
    areas: &'a [super::Choice],
    regions: &'a [super::Choice],
    catalog_href: String,
}

/// The strings search.js needs.
const STRINGS: &[&str] = &[
    "search_status_one",
    "search_status_other",
    "search_none",
    "search_loading",
    "search_failed",
    "content_warning",
];

pub fn render(
    site: &Site,
    locale: &str,
    meta_name: &str,
    filters: &Filters,
) -> Result<OutputFile, Diagnostic> {
    let page = urls::search(locale);
    let t = site.strings.table(locale);
    let title = site.strings.get(locale, "search_title");
    let page_in = |code: &str| (urls::search(code), true);
    let mut chrome = Chrome::new(
        site,
        locale,
        &page,
        title,
        breadcrumbs(site, locale, &page, Vec::new(), title),
        &page_in,
    );
    // The page's own form is the search box.
    chrome.search_href.clear();
    let strings: std::collections::BTreeMap<&str, &str> = STRINGS
        .iter()
        .filter_map(|k| t.get(*k).map(|v| (*k, v.as_str())))
        .collect();
    let view = SearchPage {
        chrome,
        index_src: urls::relative(&page, &format!("{}/{meta_name}.js", encode::FOLDER)),
        data_base: urls::relative(&page, &format!("{}/x", encode::FOLDER))
            .trim_end_matches('x')
            .to_string(),
        search_js: urls::relative(&page, &urls::theme_asset("search.js")),
        module_href: urls::relative(&page, &urls::module(locale, &ModuleId("{id}".into()))),
        // `</` cannot end the script element early once escaped.
        strings: serde_json::to_string(&strings)
            .unwrap_or_default()
            .replace("</", "<\\/"),
        kinds: &filters.kinds,
        areas: &filters.areas,
        regions: &filters.regions,
        catalog_href: urls::relative(&page, &urls::home(locale)),
    };
    site.page("search.html", page, &view)
}
