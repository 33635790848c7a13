//! Course -> the files of the site, in memory.
//!
//! 1. assets referenced by modules get fingerprinted names under `assets/`;
//! 2. every page kind is rendered by its own file (module pages in parallel);
//! 3. the search index and results pages of every locale (`search/`);
//! 4. theme static files and the generated highlight stylesheet go under `theme/`.
//!
//! Pure: no clock, no disk; the same course gives the same bytes.

pub mod body;
pub mod coverage;
pub mod highlight;
pub mod home;
pub mod links;
pub mod localize;
pub mod module_page;
pub mod notes;
pub mod print;
pub mod quiz;
pub mod report;
pub mod sanitize;
pub mod sco;
pub mod search;
pub mod section;
pub mod session_sheet;
pub mod theme;
pub mod ui_strings;
pub mod urls;
pub mod versions;
pub mod views;

use crate::config::Settings;
use crate::content::model::{Course, LinkTarget, ModuleId};
use crate::diagnostics::{Code, Diagnostic};
use crate::i18n::Strings;
use crate::output::OutputFile;
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use theme::Theme;

/// Everything a page renderer needs.
pub struct Site<'a> {
    pub settings: &'a Settings,
    pub course: &'a Course,
    pub theme: &'a Theme,
    pub strings: &'a Strings,
    /// Content path of an asset -> its site path.
    pub assets: BTreeMap<String, String>,
    /// Set when module pages are rendered as SCOs for a package.
    pub sco: Option<sco::ScoMode>,
    /// Regional notes' bodies, rendered once (see `notes::BodyCache`).
    pub note_bodies: notes::BodyCache,
    /// Highlighted code blocks (see `highlight::Cache`).
    pub highlights: highlight::Cache,
    /// The UI strings each template reads, per locale, made on first use.
    pub ui_values: ui_strings::Values,
    /// Each module's position in its section's reading order, made on first use.
    pub places: std::sync::OnceLock<HashMap<&'a ModuleId, usize>>,
}

impl Site<'_> {
    /// Renders a template with a view; a failure names the template.
    pub fn page(
        &self,
        template: &str,
        path: String,
        view: &impl Serialize,
    ) -> Result<OutputFile, Diagnostic> {
        self.page_sized(template, path, view, 16 * 1024)
    }

    /// `page`, writing into a buffer of `size_hint` bytes (the page grows it if need be; Tera's
    /// own starts at 2 KB and is copied at every doubling).
    pub fn page_sized(
        &self,
        template: &str,
        path: String,
        view: &impl Serialize,
        size_hint: usize,
    ) -> Result<OutputFile, Diagnostic> {
        let context = self.context(template, view, None)?;
        let mut bytes = Vec::with_capacity(size_hint);
        self.theme
            .tera
            .render_to(template, &context, &mut bytes)
            .map_err(|e| template_error(template, &e))?;
        Ok(OutputFile { path, bytes })
    }
}

impl Site<'_> {
    /// Options for rendering Markdown on this site, in the UI strings `t`.
    pub fn body_options<'s>(&'s self, t: &'s crate::i18n::Table) -> body::BodyOptions<'s> {
        body::BodyOptions {
            raw_html: self.settings.allow_raw_html,
            highlights: Some(&self.highlights),
            ..body::BodyOptions::new(t)
        }
    }

    /// Renders a partial template (a piece of a page) to a string.
    pub fn fragment(&self, template: &str, view: &impl Serialize) -> Result<String, Diagnostic> {
        self.render_context(template, &self.context(template, view, None)?)
    }

    /// Like `fragment`, with the UI strings of `locale` as `t`.
    pub fn fragment_in(
        &self,
        template: &str,
        locale: &str,
        view: &impl Serialize,
    ) -> Result<String, Diagnostic> {
        self.render_context(template, &self.context(template, view, Some(locale))?)
    }

    fn render_context(
        &self,
        template: &str,
        context: &tera::Context,
    ) -> Result<String, Diagnostic> {
        self.theme
            .tera
            .render(template, context)
            .map_err(|e| template_error(template, &e))
    }

    /// A view as template data, with UI strings added: at `chrome.t` in the locale of
    /// `chrome.lang` (every page's frame), and at `t` in `strings_locale` when given. Only the
    /// strings the template reads (`ui_strings`).
    fn context(
        &self,
        template: &str,
        view: &impl Serialize,
        strings_locale: Option<&str>,
    ) -> Result<tera::Context, Diagnostic> {
        use serde_json::Value;
        let mut value = serde_json::to_value(view).map_err(|e| {
            Diagnostic::error(
                Code::TemplateFailed,
                format!("cannot prepare the page data: {e}"),
            )
            .in_file(format!("templates/{template}"))
        })?;
        if let Some(top) = value.as_object_mut() {
            if let Some(chrome) = top.get_mut("chrome").and_then(Value::as_object_mut) {
                let t = chrome
                    .get("lang")
                    .and_then(Value::as_str)
                    .map(|lang| self.ui_strings(template, lang));
                if let Some(t) = t {
                    chrome.insert("t".to_string(), t);
                }
            }
            if let Some(locale) = strings_locale {
                top.insert("t".to_string(), self.ui_strings(template, locale));
            }
        }
        tera::Context::from_value(value).map_err(|e| template_error(template, &e))
    }

    /// The UI strings of `locale` that `template` reads, as template data.
    fn ui_strings(&self, template: &str, locale: &str) -> serde_json::Value {
        self.ui_values.get(
            template,
            locale,
            self.theme.ui_needs(template),
            self.strings.table(locale),
            self.strings.value(locale),
        )
    }
}

fn template_error(template: &str, e: &tera::Error) -> Diagnostic {
    Diagnostic::error(Code::TemplateFailed, theme::error_chain(e))
        .in_file(format!("templates/{template}"))
}

/// Content paths of the assets the course links to or shows.
pub fn referenced_assets(course: &Course) -> Vec<&str> {
    let mut paths: Vec<&str> = course
        .modules
        .iter()
        .flat_map(|m| &m.links)
        .filter_map(|l| match &l.target {
            LinkTarget::Asset { path, .. } => {
                course.assets.get(path).map(|a| a.content_path.as_str())
            }
            _ => None,
        })
        .collect();
    paths.sort_unstable();
    paths.dedup();
    paths
}

/// A page of the site, by what it shows. Serve re-renders only the pages a change touches.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Page {
    /// `index.html`: sends readers to the default locale.
    Root,
    Home(String),
    Coverage(String),
    /// The content inventory (`report::inventory`).
    Inventory(String),
    Module(String, ModuleId),
    Section(String, String),
    Print(String, String),
    /// A stored release of a module.
    Version(String, ModuleId, semver::Version),
    History(String, ModuleId),
    /// The diff between two releases (older, newer).
    Diff(String, ModuleId, semver::Version, semver::Version),
    WhatsNew(String),
    Feed(String),
    /// Trainer edition: the calibration session sheet of a module with cases.
    SessionSheet(String, ModuleId),
    AsOf(String, chrono::NaiveDate),
}

/// Every page of the course, in every locale.
pub fn all_pages(settings: &Settings, course: &Course) -> Vec<Page> {
    let mut pages = vec![Page::Root];
    for locale in settings.locales.iter().map(|l| l.code.clone()) {
        pages.push(Page::Home(locale.clone()));
        pages.push(Page::Coverage(locale.clone()));
        pages.push(Page::Inventory(locale.clone()));
        pages.extend(
            course
                .modules
                .iter()
                .map(|m| Page::Module(locale.clone(), m.id.clone())),
        );
        for s in &course.sections {
            pages.push(Page::Section(locale.clone(), s.key.clone()));
            if print::has_view(s) {
                pages.push(Page::Print(locale.clone(), s.key.clone()));
            }
        }
        if settings.edition == crate::config::Edition::Trainer {
            for m in course.modules.iter().filter(|m| !m.blocks.cases.is_empty()) {
                pages.push(Page::SessionSheet(locale.clone(), m.id.clone()));
            }
        }
        pages.push(Page::WhatsNew(locale.clone()));
        pages.push(Page::Feed(locale.clone()));
        for (id, releases) in &course.releases {
            if course.module(id).is_none() {
                continue;
            }
            pages.push(Page::History(locale.clone(), id.clone()));
            for r in releases {
                pages.push(Page::Version(locale.clone(), id.clone(), r.version.clone()));
            }
            for (a, b) in versions::pairs(releases) {
                pages.push(Page::Diff(
                    locale.clone(),
                    id.clone(),
                    a.version.clone(),
                    b.version.clone(),
                ));
            }
        }
        for date in &settings.as_of {
            pages.push(Page::AsOf(locale.clone(), *date));
        }
    }
    pages
}

impl<'a> Site<'a> {
    /// Where module `id` is in its section's reading order (a map, not a scan of the section:
    /// every module page asks, and a section can hold thousands of modules).
    pub fn place_in_section(&self, id: &ModuleId) -> Option<usize> {
        let places = self.places.get_or_init(|| {
            self.course
                .sections
                .iter()
                .flat_map(|s| s.modules.iter().enumerate().map(|(i, id)| (id, i)))
                .collect()
        });
        places.get(id).copied()
    }

    /// Names the referenced assets by content hash; returns the site and the asset files.
    pub fn new(
        settings: &'a Settings,
        course: &'a Course,
        theme: &'a Theme,
        strings: &'a Strings,
        asset_bytes: &BTreeMap<String, Vec<u8>>,
    ) -> (Site<'a>, Vec<OutputFile>) {
        let mut files = Vec::new();
        let mut assets = BTreeMap::new();
        for (content_path, bytes) in asset_bytes {
            let site_path = fingerprinted(content_path, bytes);
            files.push(OutputFile {
                path: site_path.clone(),
                bytes: bytes.clone(),
            });
            assets.insert(content_path.clone(), site_path);
        }
        let site = Site {
            settings,
            course,
            theme,
            strings,
            assets,
            sco: None,
            note_bodies: notes::BodyCache::default(),
            highlights: highlight::Cache::default(),
            ui_values: Default::default(),
            places: Default::default(),
        };
        (site, files)
    }

    /// Renders pages in parallel. A page of a module or section that no longer exists is skipped.
    pub fn render(&self, pages: &[Page]) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        let results: Vec<Option<Result<OutputFile, Diagnostic>>> =
            pages.par_iter().map(|page| self.render_one(page)).collect();
        let mut files = Vec::new();
        let mut diags = Vec::new();
        for r in results.into_iter().flatten() {
            match r {
                Ok(f) => files.push(f),
                Err(d) => diags.push(d),
            }
        }
        (files, diags)
    }

    fn render_one(&self, page: &Page) -> Option<Result<OutputFile, Diagnostic>> {
        let course = self.course;
        Some(match page {
            Page::Root => home::render_root(self),
            Page::Home(l) => home::render(self, l),
            Page::Coverage(l) => coverage::render(self, l),
            Page::Inventory(l) => report::render(self, l),
            Page::Module(l, id) => module_page::render(self, course.module(id)?, l),
            Page::Section(l, key) => section::render(self, course.section(key)?, l),
            Page::Print(l, key) => {
                let s = course.section(key).filter(|s| print::has_view(s))?;
                print::render(self, s, l)
            }
            Page::Version(l, id, v) => {
                let release = course.releases_of(id).iter().find(|r| &r.version == v)?;
                module_page::render_variant(
                    self,
                    course.module(id)?,
                    l,
                    module_page::Variant::Release(release),
                )
            }
            Page::History(l, id) => versions::history(self, course.module(id)?, l),
            Page::Diff(l, id, a, b) => {
                let releases = course.releases_of(id);
                let from = releases.iter().find(|r| &r.version == a)?;
                let to = releases.iter().find(|r| &r.version == b)?;
                versions::diff(self, course.module(id)?, from, to, l)
            }
            Page::WhatsNew(l) => versions::whats_new(self, l),
            Page::SessionSheet(l, id) => session_sheet::render(self, course.module(id)?, l),
            Page::Feed(l) => versions::feed(self, l),
            Page::AsOf(l, date) => versions::as_of(self, *date, l),
        })
    }

    /// The theme's static files and the generated highlighting stylesheet.
    pub fn theme_files(&self) -> Vec<OutputFile> {
        let mut files: Vec<OutputFile> = self
            .theme
            .static_files()
            .map(|(path, bytes)| OutputFile {
                path: urls::theme_asset(path),
                bytes: bytes.to_vec(),
            })
            .collect();
        files.push(OutputFile {
            path: urls::theme_asset("highlight.css"),
            bytes: highlight::stylesheet().into_bytes(),
        });
        files
    }
}

/// Renders the whole site page by page into `sink` (which writes each file as it comes, so
/// the site is never all in memory). Returns how many files went to the sink, or every
/// rendering error. Pure but for what the sink does.
pub fn site_into(
    settings: &Settings,
    course: &Course,
    theme: &Theme,
    strings: &Strings,
    asset_bytes: &BTreeMap<String, Vec<u8>>,
    sink: &(dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync),
) -> Result<usize, Vec<Diagnostic>> {
    let lap = crate::project::stage_timer();
    let (site, mut files) = Site::new(settings, course, theme, strings, asset_bytes);
    lap("site setup");
    let searched = std::sync::atomic::AtomicUsize::new(0);
    search::write(&site, &|f| {
        searched.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        sink(f)
    })
    .map_err(|d| vec![d])?;
    lap("search index");
    files.extend(site.theme_files());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    let fixed = files.len();
    for f in files {
        sink(f).map_err(|d| vec![d])?;
    }
    let pages = all_pages(settings, course);
    // Diagnostics in page order, whatever the order of rendering.
    let outcomes: Vec<Result<usize, Diagnostic>> = pages
        .par_iter()
        .filter_map(|p| site.render_one(p))
        .map(|r| r.and_then(|f| sink(f).map(|()| 1)))
        .collect();
    lap("pages");
    let mut written = fixed + searched.into_inner();
    let mut diags = Vec::new();
    for o in outcomes {
        match o {
            Ok(n) => written += n,
            Err(d) => diags.push(d),
        }
    }
    if diags.is_empty() {
        Ok(written)
    } else {
        Err(diags)
    }
}

/// Renders the whole site into memory, files sorted by path (serve keeps its site there).
pub fn site(
    settings: &Settings,
    course: &Course,
    theme: &Theme,
    strings: &Strings,
    asset_bytes: &BTreeMap<String, Vec<u8>>,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let files = std::sync::Mutex::new(Vec::new());
    site_into(settings, course, theme, strings, asset_bytes, &|f| {
        if let Ok(mut v) = files.lock() {
            v.push(f);
        }
        Ok(())
    })?;
    let mut files = files.into_inner().unwrap_or_default();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// `hate-speech/flow chart.svg` -> `assets/flow-chart.1a2b3c4d.svg`: content-addressed, so a
/// changed image never hits a stale cache and equal files share one name.
fn fingerprinted(content_path: &str, bytes: &[u8]) -> String {
    let name = content_path.rsplit('/').next().unwrap_or(content_path);
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) => (s, format!(".{}", e.to_lowercase())),
        None => (name, String::new()),
    };
    let digest = Sha256::digest(bytes);
    let hash: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    let stem = crate::content::markdown::slugify(stem);
    format!("assets/{stem}.{hash}{ext}")
}

#[cfg(test)]
mod tests {
    use super::fingerprinted;

    #[test]
    fn asset_names_carry_a_content_hash() {
        let a = fingerprinted("x/Flow Chart.SVG", b"<svg/>");
        assert!(a.starts_with("assets/flow-chart."), "{a}");
        assert!(a.ends_with(".svg"), "{a}");
        assert_ne!(a, fingerprinted("x/Flow Chart.SVG", b"<svg />"));
    }
}
