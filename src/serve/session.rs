//! The state `serve` keeps between rebuilds: every file's parse result, the course and the last
//! good site in memory, so one edited module re-parses one file and re-renders only the pages
//! that show it.

use crate::check;
use crate::config::{self, Settings, CONFIG_FILE};
use crate::content::discover;
use crate::content::model::{Course, ModuleId};
use crate::content::{self, FileOutcome};
use crate::diagnostics::{self, Diagnostic};
use crate::i18n::Strings;
use crate::project::load_theme;
use crate::render::theme::Theme;
use crate::render::{self, Page, Site};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The site as served: path -> bytes.
pub type Files = HashMap<String, Arc<Vec<u8>>>;

pub struct Session {
    root: PathBuf,
    state: Option<Loaded>,
    /// The last site that built without errors; kept while the content is broken.
    pub files: Files,
    /// The diagnostics of the last rebuild (errors mean `files` is from an older build).
    pub diagnostics: Vec<Diagnostic>,
}

struct Loaded {
    settings: Settings,
    theme: Theme,
    strings: Strings,
    outcomes: BTreeMap<String, FileOutcome>,
    assets: BTreeMap<String, crate::content::model::AssetFile>,
    asset_bytes: BTreeMap<String, Vec<u8>>,
    releases: crate::content::releases::Releases,
    course: Course,
}

/// What a rebuild did, for the terminal line.
pub struct Rebuilt {
    pub pages: usize,
    pub full: bool,
    pub ok: bool,
}

impl Session {
    /// `root` should be absolute (canonical): file events arrive with absolute paths.
    pub fn new(root: &Path) -> Session {
        let mut session = Session {
            root: root.to_path_buf(),
            state: None,
            files: Files::new(),
            diagnostics: Vec::new(),
        };
        session.full();
        session
    }

    pub fn settings(&self) -> Option<&Settings> {
        self.state.as_ref().map(|s| &s.settings)
    }

    pub fn has_errors(&self) -> bool {
        diagnostics::has_errors(&self.diagnostics)
    }

    /// Rebuilds after `changed` paths (absolute). Configuration, theme and asset changes rebuild
    /// everything; Markdown changes re-parse those files only.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Rebuilt {
        let Some(state) = &self.state else {
            return self.full();
        };
        let content_dir = state.settings.content_dir.clone();
        let theme_dir = state.settings.theme_dir.clone();
        let mut markdown = Vec::new();
        for path in changed {
            let is_config = path == &self.root.join(CONFIG_FILE);
            let is_theme = theme_dir.as_ref().is_some_and(|t| path.starts_with(t));
            let in_content = path.starts_with(&content_dir);
            let is_markdown = path.extension().is_some_and(|e| e == "md");
            if is_config || is_theme {
                return self.full();
            }
            if !in_content {
                continue;
            }
            if is_markdown {
                markdown.push(path.clone());
            } else if is_asset_change(state, path) {
                return self.full();
            }
        }
        if markdown.is_empty() {
            return Rebuilt {
                pages: 0,
                full: false,
                ok: !self.has_errors(),
            };
        }
        self.incremental(&markdown)
    }

    /// Reads everything again.
    pub fn full(&mut self) -> Rebuilt {
        let settings = match config::load(&self.root) {
            Ok(s) => s,
            Err(d) => {
                self.diagnostics = d;
                return Rebuilt {
                    pages: 0,
                    full: true,
                    ok: false,
                };
            }
        };
        let mut diags = Vec::new();
        let Some(theme) = load_theme(&settings, &mut diags) else {
            self.diagnostics = diags;
            return Rebuilt {
                pages: 0,
                full: true,
                ok: false,
            };
        };
        let strings = crate::project::load_strings(&settings, &theme, &mut diags);
        let (discovered, d) = discover::discover(&settings);
        diags.extend(d);
        let outcomes: BTreeMap<String, FileOutcome> = {
            use rayon::prelude::*;
            discovered
                .files
                .par_iter()
                .map(|f| (f.content_path.clone(), content::parse_file(f)))
                .collect()
        };
        let (mut course, d) =
            content::assemble_outcomes(outcomes.values(), discovered.assets.clone());
        diags.extend(d);
        let (releases, d) = content::parse_releases(&discovered.releases);
        course.releases = releases.clone();
        diags.extend(d);
        let mut loaded = Loaded {
            settings,
            theme,
            strings,
            outcomes,
            assets: discovered.assets,
            asset_bytes: BTreeMap::new(),
            releases,
            course,
        };
        diags.extend(check::run(&loaded.settings, &loaded.course));
        let diags = diagnostics::adjust(diags, &loaded.settings.levels, false);
        if diagnostics::has_errors(&diags) {
            self.diagnostics = diags;
            // Keep the new state so the next edit is incremental, but not its pages.
            self.state = Some(loaded);
            return Rebuilt {
                pages: 0,
                full: true,
                ok: false,
            };
        }
        let (files, render_diags) = render_all(&mut loaded);
        self.diagnostics = diags;
        self.diagnostics.extend(render_diags);
        self.state = Some(loaded);
        if self.has_errors() {
            return Rebuilt {
                pages: 0,
                full: true,
                ok: false,
            };
        }
        let pages = files.keys().filter(|p| p.ends_with(".html")).count();
        self.files = files;
        Rebuilt {
            pages,
            full: true,
            ok: true,
        }
    }

    fn incremental(&mut self, changed: &[PathBuf]) -> Rebuilt {
        let was_broken = self.has_errors();
        let Some(state) = self.state.as_mut() else {
            return self.full();
        };
        let mut changed_ids: BTreeSet<ModuleId> = BTreeSet::new();
        // Sources whose translations changed, and whether a section text changed.
        let mut translated: Vec<String> = Vec::new();
        let mut structural = false;
        let mut diags = Vec::new();
        for path in changed {
            let Ok(rel) = path.strip_prefix(&state.settings.content_dir) else {
                continue;
            };
            let content_path = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            if let Some(old) = state.outcomes.get(&content_path) {
                touched(
                    &old.parsed,
                    &mut changed_ids,
                    &mut translated,
                    &mut structural,
                );
            }
            if path.is_file() && !is_ignored_path(rel) {
                match discover::read_source(&state.settings, content_path.clone(), path) {
                    Ok(file) => {
                        let outcome = content::parse_file(&file);
                        touched(
                            &outcome.parsed,
                            &mut changed_ids,
                            &mut translated,
                            &mut structural,
                        );
                        state.outcomes.insert(content_path, outcome);
                    }
                    Err(d) => {
                        state.outcomes.remove(&content_path);
                        diags.push(d);
                    }
                }
            } else {
                state.outcomes.remove(&content_path);
            }
        }
        let old_shape = shape(&state.course);
        let (mut course, d) =
            content::assemble_outcomes(state.outcomes.values(), state.assets.clone());
        course.releases = state.releases.clone();
        changed_ids.extend(
            translated
                .iter()
                .filter_map(|p| course.module_by_path(p))
                .map(|m| m.id.clone()),
        );
        diags.extend(d);
        diags.extend(check::run(&state.settings, &course));
        let diags = diagnostics::adjust(diags, &state.settings.levels, false);
        state.course = course;
        if diagnostics::has_errors(&diags) {
            self.diagnostics = diags;
            return Rebuilt {
                pages: 0,
                full: false,
                ok: false,
            };
        }
        if was_broken || structural || shape(&state.course) != old_shape {
            let (files, render_diags) = render_all(state);
            self.diagnostics = diags;
            self.diagnostics.extend(render_diags);
            if diagnostics::has_errors(&self.diagnostics) {
                return Rebuilt {
                    pages: 0,
                    full: true,
                    ok: false,
                };
            }
            let pages = files.keys().filter(|p| p.ends_with(".html")).count();
            self.files = files;
            return Rebuilt {
                pages,
                full: true,
                ok: true,
            };
        }
        let pages = affected_pages(&state.settings, &state.course, &changed_ids);
        let (site, _) = Site::new(
            &state.settings,
            &state.course,
            &state.theme,
            &state.strings,
            &state.asset_bytes,
        );
        let (rendered, render_diags) = site.render(&pages);
        // Any text may be in any search result: the index is rebuilt whole (linear, parallel).
        let search = render::search::files(&site);
        self.diagnostics = diags;
        self.diagnostics.extend(render_diags);
        if let Err(d) = &search {
            self.diagnostics.push(d.clone());
        }
        if diagnostics::has_errors(&self.diagnostics) {
            return Rebuilt {
                pages: 0,
                full: false,
                ok: false,
            };
        }
        let count = rendered.len();
        for f in rendered {
            self.files.insert(f.path, Arc::new(f.bytes));
        }
        let data = format!("{}/", render::search::encode::FOLDER);
        self.files.retain(|path, _| !path.starts_with(&data));
        for f in search.into_iter().flatten() {
            self.files.insert(f.path, Arc::new(f.bytes));
        }
        Rebuilt {
            pages: count,
            full: false,
            ok: true,
        }
    }
}

/// Does a non-Markdown path change the site? A folder's own event (its files report their
/// own), or an editor's temporary file that came and went, does not; a new, changed or deleted
/// asset does, and so does a folder that disappeared.
fn is_asset_change(state: &Loaded, path: &Path) -> bool {
    if path.is_dir() {
        return false;
    }
    let known = path
        .strip_prefix(&state.settings.content_dir)
        .ok()
        .map(|rel| {
            rel.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        })
        .is_some_and(|p| {
            state.assets.contains_key(&p)
                || state
                    .outcomes
                    .keys()
                    .any(|k| k.starts_with(&format!("{p}/")))
        });
    known || path.is_file()
}

/// Records what a file's parse result touches: a module id, a translated source, or (for a
/// section text) the structure, which re-renders everything.
fn touched(
    parsed: &content::Parsed,
    ids: &mut BTreeSet<ModuleId>,
    translated: &mut Vec<String>,
    structural: &mut bool,
) {
    match parsed {
        content::Parsed::Module(m) => {
            ids.insert(m.id.clone());
        }
        content::Parsed::Translation(t) => translated.push(t.source_path.clone()),
        content::Parsed::Section(_) | content::Parsed::SectionText(_) => *structural = true,
        content::Parsed::Unparsed(..) | content::Parsed::Ignored => {}
    }
}

fn is_ignored_path(rel: &Path) -> bool {
    rel.components()
        .any(|c| discover::is_ignored(&c.as_os_str().to_string_lossy()))
}

/// Renders every page, reading assets not read before.
fn render_all(state: &mut Loaded) -> (Files, Vec<Diagnostic>) {
    let referenced = render::referenced_assets(&state.course);
    let missing: Vec<&crate::content::model::AssetFile> = referenced
        .iter()
        .filter(|p| !state.asset_bytes.contains_key(**p))
        .filter_map(|p| state.assets.get(*p))
        .collect();
    let (bytes, mut diags) = discover::read_assets(&state.settings, missing.into_iter());
    state.asset_bytes.extend(bytes);
    state
        .asset_bytes
        .retain(|p, _| referenced.contains(&p.as_str()));
    match render::site(
        &state.settings,
        &state.course,
        &state.theme,
        &state.strings,
        &state.asset_bytes,
    ) {
        Ok(files) => (
            files
                .into_iter()
                .map(|f| (f.path, Arc::new(f.bytes)))
                .collect(),
            diags,
        ),
        Err(d) => {
            diags.extend(d);
            (Files::new(), diags)
        }
    }
}

/// What decides which pages exist and what every page says about other modules: when it
/// changes, everything is re-rendered.
#[derive(PartialEq)]
struct Shape {
    modules: Vec<(ModuleId, String, String, String)>,
    sections: Vec<(String, String, Vec<ModuleId>)>,
}

fn shape(course: &Course) -> Shape {
    Shape {
        modules: course
            .modules
            .iter()
            .map(|m| {
                (
                    m.id.clone(),
                    m.section.clone(),
                    m.title.clone(),
                    m.content_path.clone(),
                )
            })
            .collect(),
        sections: course
            .sections
            .iter()
            .map(|s| (s.key.clone(), s.title.clone(), s.modules.clone()))
            .collect(),
    }
}

/// Pages that show something of the changed modules, in every locale: their own pages, their
/// section and print view, the catalog and coverage page, their neighbours, the modules that list
/// them as prerequisites or pull their questions, and the modules their regional notes appear in.
pub fn affected_pages(
    settings: &Settings,
    course: &Course,
    changed: &BTreeSet<ModuleId>,
) -> Vec<Page> {
    let mut ids: BTreeSet<ModuleId> = BTreeSet::new();
    let mut sections: BTreeSet<String> = BTreeSet::new();
    for id in changed {
        let Some(m) = course.module(id) else { continue };
        ids.insert(id.clone());
        ids.extend(m.applies_to.iter().map(|(t, _)| t.clone()));
        sections.insert(m.section.clone());
        if let Some(section) = course.section(&m.section) {
            if let Some(i) = section.modules.iter().position(|x| x == id) {
                if i > 0 {
                    ids.insert(section.modules[i - 1].clone());
                }
                if let Some(next) = section.modules.get(i + 1) {
                    ids.insert(next.clone());
                }
            }
        }
    }
    for m in &course.modules {
        let pulls = m
            .assessment
            .as_ref()
            .is_some_and(|a| a.questions.iter().any(|(q, _, _)| changed.contains(q)));
        if pulls || m.prerequisites.iter().any(|(p, _)| changed.contains(p)) {
            ids.insert(m.id.clone());
        }
    }
    let mut pages: BTreeSet<Page> = BTreeSet::new();
    for locale in settings.locales.iter().map(|l| l.code.clone()) {
        pages.insert(Page::Home(locale.clone()));
        pages.insert(Page::Coverage(locale.clone()));
        pages.insert(Page::Inventory(locale.clone()));
        for id in &ids {
            pages.insert(Page::Module(locale.clone(), id.clone()));
        }
        for s in &sections {
            pages.insert(Page::Section(locale.clone(), s.clone()));
            pages.insert(Page::Print(locale.clone(), s.clone()));
        }
    }
    pages.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(dir: &Path) {
        std::fs::write(dir.join("syllabus.yaml"), "title: T\n").unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir_all(dir.join("content/s")).unwrap_or_else(|e| panic!("{e}"));
        for (id, prereq) in [
            ("a", ""),
            ("b", ""),
            ("c", ""),
            ("d", "prerequisites: [b]\n"),
        ] {
            let text = format!(
                "---\ntitle: {id}\nkind: sop\nversion: 1.0.0\n{prereq}---\n\n## Body {id}\n"
            );
            std::fs::write(dir.join(format!("content/s/{id}.md")), text)
                .unwrap_or_else(|e| panic!("{e}"));
        }
    }

    #[test]
    fn editing_one_module_rerenders_only_the_pages_that_show_it() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        project(tmp.path());
        let mut session = Session::new(tmp.path());
        assert!(session.diagnostics.is_empty(), "{:?}", session.diagnostics);
        let path = tmp.path().join("content/s/b.md");
        std::fs::write(
            &path,
            "---\ntitle: b\nkind: sop\nversion: 1.0.0\n---\n\n## Changed body\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let result = session.rebuild(&[path]);
        assert!(result.ok && !result.full);
        // b, its neighbours a and c, d (lists b as prerequisite), section, print, and the home,
        // coverage and inventory pages: 9 files.
        assert_eq!(result.pages, 9);
        let page = String::from_utf8_lossy(&session.files["en/b/index.html"]).into_owned();
        assert!(page.contains("Changed body"), "{page}");
    }

    #[test]
    fn an_edit_rebuilds_the_search_index_and_drops_the_old_one() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        project(tmp.path());
        let mut session = Session::new(tmp.path());
        let data = |s: &Session| -> BTreeSet<String> {
            s.files
                .keys()
                .filter(|p| p.starts_with("search/"))
                .cloned()
                .collect()
        };
        let holds = |s: &Session, word: &str| {
            data(s)
                .iter()
                .any(|p| String::from_utf8_lossy(&s.files[p]).contains(word))
        };
        let before = data(&session);
        assert!(!before.is_empty() && !holds(&session, "zanzibar"));
        let path = tmp.path().join("content/s/b.md");
        std::fs::write(
            &path,
            "---\ntitle: b\nkind: sop\nversion: 1.0.0\n---\n\n## Zanzibar\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(session.rebuild(&[path]).ok);
        assert!(holds(&session, "zanzibar"));
        let after = data(&session);
        assert!(
            before.difference(&after).count() > 0,
            "files of the old index are gone"
        );
        let page = String::from_utf8_lossy(&session.files["en/search/index.html"]).into_owned();
        let meta = after
            .iter()
            .find(|p| page.contains(&format!("../../{p}")))
            .unwrap_or_else(|| panic!("the results page names a file of the new index"));
        assert!(meta.ends_with(".js"));
    }

    #[test]
    fn broken_edit_keeps_last_good_site_and_fix_recovers() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        project(tmp.path());
        let mut session = Session::new(tmp.path());
        let path = tmp.path().join("content/s/a.md");
        std::fs::write(&path, "---\ntitle: a\nkind: sop\n---\n").unwrap_or_else(|e| panic!("{e}"));
        assert!(!session.rebuild(std::slice::from_ref(&path)).ok);
        assert!(session.has_errors());
        assert!(
            session.files.contains_key("en/a/index.html"),
            "last good page must stay"
        );
        std::fs::write(
            &path,
            "---\ntitle: a fixed\nkind: sop\nversion: 1.0.1\n---\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(session.rebuild(&[path]).ok);
        assert!(!session.has_errors());
        let page = String::from_utf8_lossy(&session.files["en/a/index.html"]).into_owned();
        assert!(page.contains("a fixed"));
    }

    #[test]
    fn affected_pages_of_a_middle_module() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        project(tmp.path());
        let session = Session::new(tmp.path());
        let Some(state) = &session.state else {
            panic!("not loaded")
        };
        let changed: BTreeSet<ModuleId> = [ModuleId("c".into())].into();
        let pages = affected_pages(&state.settings, &state.course, &changed);
        let en = |s: &str| s.to_string();
        assert_eq!(
            pages,
            vec![
                Page::Home(en("en")),
                Page::Coverage(en("en")),
                Page::Inventory(en("en")),
                Page::Module(en("en"), ModuleId("b".into())),
                Page::Module(en("en"), ModuleId("c".into())),
                Page::Module(en("en"), ModuleId("d".into())),
                Page::Section(en("en"), "s".into()),
                Page::Print(en("en"), "s".into()),
            ]
        );
    }
}
