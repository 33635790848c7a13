//! The state `serve` keeps between rebuilds: every file's parse result, the course, its check
//! results and the last good site in memory, so one edited module re-parses one file, patches
//! the course in place, re-checks what can see it and re-renders only the pages that show it.
//!
//! The search index is not part of a rebuild: `search_job` hands its work to be done after the
//! pages are served (see `indexer.rs`), and `install_search` puts the result in place.

use super::affected::{affected_pages, Affected};
use super::patch::{self, Checks, Referrers};
use crate::config::{self, Settings, CONFIG_FILE};
use crate::content::discover;
use crate::content::model::{AssetFile, Course, Module, ModuleId};
use crate::content::releases::Releases;
use crate::content::{self, FileOutcome, Parsed};
use crate::diagnostics::{self, Diagnostic};
use crate::i18n::Strings;
use crate::output::OutputFile;
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
    search: SearchState,
}

/// Where the search data in `files` stands.
#[derive(Default)]
struct SearchState {
    /// Bumped whenever pages change; an index made for an older generation is not installed.
    generation: u64,
    /// The index in `files` is older than the pages.
    stale: bool,
    /// Data files (`search/…`) of the installed index, and of the one before it: a results page
    /// loaded before the swap loads its files by name, so they stay one round longer.
    current: BTreeSet<String>,
    previous: BTreeSet<String>,
}

struct Loaded {
    settings: Arc<Settings>,
    theme: Arc<Theme>,
    strings: Arc<Strings>,
    /// By content path; shared with a search job working on a snapshot.
    outcomes: BTreeMap<String, Arc<FileOutcome>>,
    /// The parse diagnostics of `outcomes`, of the files that have any (most have none, and
    /// reading every outcome on every edit costs more than the edit).
    parse_diags: BTreeMap<String, Vec<Diagnostic>>,
    assets: BTreeMap<String, AssetFile>,
    asset_bytes: BTreeMap<String, Vec<u8>>,
    /// Content path of a referenced asset -> its fingerprinted site path.
    asset_paths: BTreeMap<String, String>,
    releases: Arc<Releases>,
    course: Course,
    /// Diagnostics no edit under `content/` changes: theme, UI strings, stored releases, and
    /// the walk of the content folder.
    load_diags: Vec<Diagnostic>,
    /// The walk found files it could not read or follow: only a full reload can tell when they
    /// are gone, so every change reloads.
    discover_failed: bool,
    /// Diagnostics of assembling the course (duplicate ids, section order, translations without
    /// a source): a patch keeps every file and id, and so these.
    assemble_diags: Vec<Diagnostic>,
    checks: Checks,
    referrers: Referrers,
    /// What of `files` no longer shows `course` (edits while the content was broken).
    stale: Stale,
}

/// Pages of the served site that are behind the course.
enum Stale {
    Nothing,
    Pages(BTreeSet<Page>),
    Everything,
}

impl Stale {
    fn add(&mut self, affected: Affected) {
        match (&mut *self, affected) {
            (Stale::Everything, _) => {}
            (_, Affected::Everything) => *self = Stale::Everything,
            (Stale::Nothing, Affected::Pages(p)) => *self = Stale::Pages(p),
            (Stale::Pages(mine), Affected::Pages(p)) => mine.extend(p),
        }
    }
}

/// What a rebuild did, for the terminal line.
pub struct Rebuilt {
    pub pages: usize,
    /// Every page was rendered.
    pub full: bool,
    pub ok: bool,
    /// The course was patched in place (not assembled anew).
    pub patched: bool,
}

impl Rebuilt {
    fn failed(full: bool) -> Rebuilt {
        Rebuilt {
            pages: 0,
            full,
            ok: false,
            patched: false,
        }
    }
}

/// A Markdown file read again after a change.
struct Reread {
    content_path: String,
    old: Option<Arc<FileOutcome>>,
    /// `None`: the file is gone (or is now ignored).
    new: Option<Arc<FileOutcome>>,
}

/// The work of rebuilding the search index, on a snapshot of the parse results (cheap: shared
/// pointers), so it runs while the session takes more edits.
pub struct SearchJob {
    pub generation: u64,
    settings: Arc<Settings>,
    theme: Arc<Theme>,
    strings: Arc<Strings>,
    outcomes: Vec<Arc<FileOutcome>>,
    assets: BTreeMap<String, AssetFile>,
    asset_paths: BTreeMap<String, String>,
    releases: Arc<Releases>,
}

impl SearchJob {
    /// Assembles its own copy of the course (the same as the session's, which is patched in
    /// place meanwhile) and indexes it.
    pub fn run(self) -> Result<Vec<OutputFile>, Diagnostic> {
        let (mut course, _) =
            content::assemble_outcomes(self.outcomes.iter().map(|o| &**o), self.assets);
        course.releases = (*self.releases).clone();
        let site = Site {
            settings: &self.settings,
            course: &course,
            theme: &self.theme,
            strings: &self.strings,
            assets: self.asset_paths,
            sco: None,
            note_bodies: Default::default(),
            highlights: Default::default(),
            ui_values: Default::default(),
            places: Default::default(),
        };
        render::search::files(&site)
    }
}

impl Session {
    /// `root` should be absolute (canonical): file events arrive with absolute paths.
    pub fn new(root: &Path) -> Session {
        let mut session = Session {
            root: root.to_path_buf(),
            state: None,
            files: Files::new(),
            diagnostics: Vec::new(),
            search: SearchState::default(),
        };
        session.full();
        session
    }

    pub fn settings(&self) -> Option<&Settings> {
        self.state.as_ref().map(|s| &*s.settings)
    }

    pub fn has_errors(&self) -> bool {
        diagnostics::has_errors(&self.diagnostics)
    }

    /// Rebuilds after `changed` paths (absolute). Configuration, theme, asset and release
    /// changes rebuild everything; Markdown changes re-parse those files only.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Rebuilt {
        let Some(state) = &self.state else {
            return self.full();
        };
        if state.discover_failed {
            return self.full();
        }
        let content_dir = state.settings.content_dir.clone();
        let theme_dir = state.settings.theme_dir.clone();
        let versions_dir = self.root.join(discover::VERSIONS_DIR);
        let mut markdown = Vec::new();
        for path in changed {
            let is_config = path == &self.root.join(CONFIG_FILE);
            let is_theme = theme_dir.as_ref().is_some_and(|t| path.starts_with(t));
            // `syllabus release` writes there: what's new, history and diff pages change.
            let is_release = path.starts_with(&versions_dir);
            let in_content = path.starts_with(&content_dir);
            let is_markdown = path.extension().is_some_and(|e| e == "md");
            if is_config || is_theme || is_release {
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
                patched: false,
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
                return Rebuilt::failed(true);
            }
        };
        let mut load_diags = Vec::new();
        let Some(theme) = load_theme(&settings, &mut load_diags) else {
            self.diagnostics = load_diags;
            return Rebuilt::failed(true);
        };
        let strings = crate::project::load_strings(&settings, &theme, &mut load_diags);
        let (discovered, d) = discover::discover(&settings);
        let discover_failed = !d.is_empty();
        load_diags.extend(d);
        let outcomes: BTreeMap<String, Arc<FileOutcome>> = {
            use rayon::prelude::*;
            discovered
                .files
                .par_iter()
                .map(|f| (f.content_path.clone(), Arc::new(content::parse_file(f))))
                .collect()
        };
        let (mut course, assemble_diags) =
            content::assemble_outcomes(outcomes.values().map(|o| &**o), discovered.assets.clone());
        let (releases, d) = content::parse_releases(&discovered.releases);
        course.releases = releases.clone();
        load_diags.extend(d);
        let checks = Checks::all(&settings, &course);
        let referrers = Referrers::of_course(&course);
        let parse_diags = outcomes
            .iter()
            .filter(|(_, o)| !o.diagnostics.is_empty())
            .map(|(path, o)| (path.clone(), o.diagnostics.clone()))
            .collect();
        let loaded = Loaded {
            settings: Arc::new(settings),
            theme: Arc::new(theme),
            strings: Arc::new(strings),
            outcomes,
            parse_diags,
            assets: discovered.assets,
            asset_bytes: BTreeMap::new(),
            asset_paths: BTreeMap::new(),
            releases: Arc::new(releases),
            course,
            load_diags,
            discover_failed,
            assemble_diags,
            checks,
            referrers,
            stale: Stale::Everything,
        };
        let diags = loaded.diagnostics();
        self.state = Some(loaded);
        self.finish(diags, true)
    }

    fn incremental(&mut self, changed: &[PathBuf]) -> Rebuilt {
        let Some(state) = self.state.as_mut() else {
            return self.full();
        };
        let Ok(reread) = reread(state, changed) else {
            // An unreadable file: the full reload reports it, and keeps reloading until it
            // reads again (see `discover_failed`).
            return self.full();
        };
        for r in &reread {
            state.parse_diags.remove(&r.content_path);
            match &r.new {
                Some(new) => {
                    if !new.diagnostics.is_empty() {
                        state
                            .parse_diags
                            .insert(r.content_path.clone(), new.diagnostics.clone());
                    }
                    state
                        .outcomes
                        .insert(r.content_path.clone(), Arc::clone(new))
                }
                None => state.outcomes.remove(&r.content_path),
            };
        }
        let (affected, patched) =
            match edited_modules(&reread).and_then(|modules| state.patch(modules).ok()) {
                Some(affected) => (affected, true),
                None => (state.reassemble(&reread), false),
            };
        state.stale.add(affected);
        let diags = state.diagnostics();
        Rebuilt {
            patched,
            ..self.finish(diags, false)
        }
    }

    /// Takes the new diagnostics and, when there are no errors, renders what is stale.
    fn finish(&mut self, diags: Vec<Diagnostic>, full: bool) -> Rebuilt {
        self.diagnostics = diags;
        let Some(state) = self.state.as_mut() else {
            return Rebuilt::failed(full);
        };
        if diagnostics::has_errors(&self.diagnostics) {
            // The course moved on; the pages stay the last good ones until a good build.
            return Rebuilt::failed(full);
        }
        match std::mem::replace(&mut state.stale, Stale::Nothing) {
            Stale::Nothing => Rebuilt {
                pages: 0,
                full: false,
                ok: true,
                patched: false,
            },
            Stale::Everything => {
                let (files, render_diags) = render_all(state);
                self.diagnostics.extend(render_diags);
                if diagnostics::has_errors(&self.diagnostics) {
                    state.stale = Stale::Everything;
                    return Rebuilt::failed(true);
                }
                let pages = files.keys().filter(|p| p.ends_with(".html")).count();
                self.files = files;
                self.search.generation += 1;
                self.search.stale = false;
                self.search.previous.clear();
                self.search.current = search_data(self.files.keys());
                Rebuilt {
                    pages,
                    full: true,
                    ok: true,
                    patched: false,
                }
            }
            Stale::Pages(pages) => {
                let pages: Vec<Page> = pages.into_iter().collect();
                let (rendered, render_diags) = state.site().render(&pages);
                self.diagnostics.extend(render_diags);
                if diagnostics::has_errors(&self.diagnostics) {
                    state.stale = Stale::Pages(pages.into_iter().collect());
                    return Rebuilt::failed(full);
                }
                let count = rendered.len();
                for f in rendered {
                    self.files.insert(f.path, Arc::new(f.bytes));
                }
                self.search.generation += 1;
                self.search.stale = true;
                Rebuilt {
                    pages: count,
                    full: false,
                    ok: true,
                    patched: false,
                }
            }
        }
    }

    /// The search index to make when it is behind the pages.
    pub fn search_job(&self) -> Option<SearchJob> {
        let state = self.state.as_ref()?;
        if !self.search.stale {
            return None;
        }
        Some(SearchJob {
            generation: self.search.generation,
            settings: Arc::clone(&state.settings),
            theme: Arc::clone(&state.theme),
            strings: Arc::clone(&state.strings),
            outcomes: state.outcomes.values().cloned().collect(),
            assets: state.assets.clone(),
            asset_paths: state.asset_paths.clone(),
            releases: Arc::clone(&state.releases),
        })
    }

    /// Puts the index of a search job in place (results pages and data together), unless pages
    /// changed since the job was made (a newer job is coming). Data files of the index before
    /// the one replaced go; the replaced one's stay until the next swap (see `SearchState`).
    /// Returns whether it was installed.
    pub fn install_search(&mut self, generation: u64, files: Vec<OutputFile>) -> bool {
        if generation != self.search.generation || !self.search.stale {
            return false;
        }
        let new = search_data(files.iter().map(|f| &f.path));
        for gone in self.search.previous.iter() {
            if !self.search.current.contains(gone) && !new.contains(gone) {
                self.files.remove(gone);
            }
        }
        for f in files {
            // Data files are named by their content: one already there is the same.
            if !(new.contains(&f.path) && self.files.contains_key(&f.path)) {
                self.files.insert(f.path, Arc::new(f.bytes));
            }
        }
        self.search.previous = std::mem::replace(&mut self.search.current, new);
        self.search.stale = false;
        true
    }
}

impl Loaded {
    /// Everything the served site is checked against, as a full build reports it.
    fn diagnostics(&self) -> Vec<Diagnostic> {
        let parse = self.parse_diags.values().flatten().cloned();
        let diags = self
            .load_diags
            .iter()
            .cloned()
            .chain(parse)
            .chain(self.assemble_diags.iter().cloned())
            .chain(self.checks.diagnostics().cloned())
            .collect();
        diagnostics::adjust(diags, &self.settings.levels, false)
    }

    fn site(&self) -> Site<'_> {
        Site {
            settings: &self.settings,
            course: &self.course,
            theme: &self.theme,
            strings: &self.strings,
            assets: self.asset_paths.clone(),
            sco: None,
            note_bodies: Default::default(),
            highlights: Default::default(),
            ui_values: Default::default(),
            places: Default::default(),
        }
    }

    /// Replaces the edited modules in the course (see `patch::apply`); `Err` when one of them
    /// has no place there (then the course is untouched).
    fn patch(&mut self, modules: Vec<Module>) -> Result<Affected, ()> {
        let replaced = patch::apply(
            &self.settings,
            &mut self.course,
            &mut self.referrers,
            &mut self.checks,
            modules,
        )
        .map_err(|_| ())?;
        let edits: Vec<(&Module, &Module)> = replaced
            .iter()
            .map(|r| (&r.old, &self.course.modules[r.position]))
            .collect();
        Ok(affected_pages(
            &self.settings,
            &self.course,
            &self.referrers,
            &edits,
        ))
    }

    /// Assembles and checks the course anew from the parse results; what changed decides the
    /// pages to render.
    fn reassemble(&mut self, reread: &[Reread]) -> Affected {
        let (mut course, assemble_diags) =
            content::assemble_outcomes(self.outcomes.values().map(|o| &**o), self.assets.clone());
        course.releases = (*self.releases).clone();
        let old = std::mem::replace(&mut self.course, course);
        self.assemble_diags = assemble_diags;
        self.checks = Checks::all(&self.settings, &self.course);
        self.referrers = Referrers::of_course(&self.course);
        let mut ids: BTreeSet<ModuleId> = BTreeSet::new();
        // Sources whose translations changed, and whether a section text changed.
        let mut translated: Vec<String> = Vec::new();
        let mut structural = false;
        for r in reread {
            // A file that came or went (a module, a translation, a section): too many pages
            // may list or link it.
            structural |= r.old.is_none() || r.new.is_none();
            for outcome in r.old.iter().chain(&r.new) {
                touched(&outcome.parsed, &mut ids, &mut translated, &mut structural);
            }
        }
        if structural || shape(&old) != shape(&self.course) {
            return Affected::Everything;
        }
        ids.extend(
            translated
                .iter()
                .filter_map(|p| self.course.module_by_path(p))
                .map(|m| m.id.clone()),
        );
        // Same shape: every id is in both courses.
        let edits: Vec<(&Module, &Module)> = ids
            .iter()
            .filter_map(|id| Some((old.module(id)?, self.course.module(id)?)))
            .collect();
        affected_pages(&self.settings, &self.course, &self.referrers, &edits)
    }
}

/// Reads and parses the changed files again; `Err` when one cannot be read.
fn reread(state: &Loaded, changed: &[PathBuf]) -> Result<Vec<Reread>, ()> {
    let mut out = Vec::new();
    for path in changed {
        let Ok(rel) = path.strip_prefix(&state.settings.content_dir) else {
            continue;
        };
        let content_path = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let new = if path.is_file() && !is_ignored_path(rel) {
            let file = discover::read_source(&state.settings, content_path.clone(), path)
                .map_err(|_| ())?;
            Some(Arc::new(content::parse_file(&file)))
        } else {
            None
        };
        out.push(Reread {
            old: state.outcomes.get(&content_path).cloned(),
            content_path,
            new,
        });
    }
    Ok(out)
}

/// The new modules when every changed file was a module and still is, under the same id;
/// `None` when the edit adds, removes or renames something, or touches another kind of file.
fn edited_modules(reread: &[Reread]) -> Option<Vec<Module>> {
    reread
        .iter()
        .map(|r| {
            let old = r.old.as_deref().map(|o| &o.parsed);
            let new = r.new.as_deref().map(|o| &o.parsed);
            match (old, new) {
                (Some(Parsed::Module(old)), Some(Parsed::Module(new))) if new.id == old.id => {
                    Some((**new).clone())
                }
                _ => None,
            }
        })
        .collect()
}

/// Paths of search data files (not the results pages) among `paths`.
fn search_data<'a>(paths: impl Iterator<Item = &'a String>) -> BTreeSet<String> {
    let folder = format!("{}/", render::search::encode::FOLDER);
    paths.filter(|p| p.starts_with(&folder)).cloned().collect()
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

/// Renders every page and the search index, reading assets not read before.
fn render_all(state: &mut Loaded) -> (Files, Vec<Diagnostic>) {
    let referenced = render::referenced_assets(&state.course);
    let missing: Vec<&AssetFile> = referenced
        .iter()
        .filter(|p| !state.asset_bytes.contains_key(**p))
        .filter_map(|p| state.assets.get(*p))
        .collect();
    let (bytes, mut diags) = discover::read_assets(&state.settings, missing.into_iter());
    state.asset_bytes.extend(bytes);
    state
        .asset_bytes
        .retain(|p, _| referenced.contains(&p.as_str()));
    let (site, _) = Site::new(
        &state.settings,
        &state.course,
        &state.theme,
        &state.strings,
        &state.asset_bytes,
    );
    state.asset_paths = site.assets;
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
        // b, d (lists b as prerequisite: a new heading is a new anchor to link to) and the
        // section's print view; no listing shows the text, so the home, section, coverage and
        // inventory pages stay.
        assert_eq!(result.pages, 3);
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
        assert!(session.rebuild(std::slice::from_ref(&path)).ok);
        // The pages come first; the index follows from a job run after them.
        assert!(
            !holds(&session, "zanzibar"),
            "the index is not rebuilt inline"
        );
        let first = settle(&mut session);
        assert!(holds(&session, "zanzibar"));
        let after = data(&session);
        let page = String::from_utf8_lossy(&session.files["en/search/index.html"]).into_owned();
        let meta = after
            .iter()
            .find(|p| page.contains(&format!("../../{p}")))
            .unwrap_or_else(|| panic!("the results page names a file of the new index"));
        assert!(meta.ends_with(".js"));
        // A results page loaded before the swap still finds its files...
        let replaced: BTreeSet<String> = before.difference(&first).cloned().collect();
        assert!(!replaced.is_empty(), "the edit changed some data files");
        assert!(replaced.is_subset(&after));
        // ...until the next index replaces the one that replaced them.
        std::fs::write(
            &path,
            "---\ntitle: b\nkind: sop\nversion: 1.0.0\n---\n\n## Pemba\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(session.rebuild(&[path]).ok);
        let second = settle(&mut session);
        assert!(holds(&session, "pemba"));
        let now = data(&session);
        assert!(replaced.is_disjoint(&now), "files two indexes old are gone");
        assert_eq!(now, &first | &second);
    }

    #[test]
    fn an_index_made_before_another_edit_is_not_installed() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        project(tmp.path());
        let mut session = Session::new(tmp.path());
        let path = tmp.path().join("content/s/b.md");
        let edit = |word: &str| {
            std::fs::write(
                &path,
                format!("---\ntitle: b\nkind: sop\nversion: 1.0.0\n---\n\n## {word}\n"),
            )
            .unwrap_or_else(|e| panic!("{e}"));
        };
        edit("Zanzibar");
        assert!(session.rebuild(std::slice::from_ref(&path)).ok);
        let Some(old_job) = session.search_job() else {
            panic!("the index is behind the pages")
        };
        edit("Pemba");
        assert!(session.rebuild(std::slice::from_ref(&path)).ok);
        let generation = old_job.generation;
        let files = old_job.run().unwrap_or_else(|d| panic!("{d:?}"));
        assert!(!session.install_search(generation, files));
        settle(&mut session);
        assert!(session.search_job().is_none(), "the index caught up");
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
    fn affected_pages_follow_what_changed() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        project(tmp.path());
        let session = Session::new(tmp.path());
        let Some(state) = &session.state else {
            panic!("not loaded")
        };
        let Some(b) = state.course.module(&ModuleId("b".into())) else {
            panic!("no b")
        };
        let affected = |new: &Module| {
            affected_pages(
                &state.settings,
                &state.course,
                &state.referrers,
                &[(b, new)],
            )
        };
        let en = || "en".to_string();
        let id = |s: &str| ModuleId(s.into());
        // Its text: its page and the print view.
        let text = [Page::Module(en(), id("b")), Page::Print(en(), "s".into())];
        assert_eq!(
            affected(b),
            Affected::Pages(text.clone().into_iter().collect())
        );
        // Its headings: modules referring to it (d: b is its prerequisite) may link to them.
        let mut headed = b.clone();
        headed.headings.clear();
        let referred = [Page::Module(en(), id("d"))];
        assert_eq!(
            affected(&headed),
            Affected::Pages(text.clone().into_iter().chain(referred).collect())
        );
        // What its card shows: the listings too.
        let mut summarised = b.clone();
        summarised.summary = Some("New summary".into());
        let listings = [
            Page::Home(en()),
            Page::Section(en(), "s".into()),
            Page::Coverage(en()),
            Page::Inventory(en()),
            Page::WhatsNew(en()),
            Page::Feed(en()),
        ];
        assert_eq!(
            affected(&summarised),
            Affected::Pages(text.into_iter().chain(listings).collect())
        );
        let mut renamed = b.clone();
        renamed.title = "B renamed".into();
        assert_eq!(affected(&renamed), Affected::Everything);
    }

    /// Runs the search job the serve loop would hand to the indexer; returns the data files of
    /// the new index.
    fn settle(session: &mut Session) -> BTreeSet<String> {
        let Some(job) = session.search_job() else {
            panic!("no search job after an edit")
        };
        let generation = job.generation;
        let files = job.run().unwrap_or_else(|d| panic!("{d:?}"));
        let data = search_data(files.iter().map(|f| &f.path));
        assert!(session.install_search(generation, files));
        data
    }

    /// A course where modules see each other every way: a link with an anchor and a link by
    /// path, a prerequisite, a regional note placed after a heading, an assessment pulling a
    /// question, a translation; in two sections, two locales.
    fn related(dir: &Path) {
        let files = [
            (
                "syllabus.yaml",
                "title: T\ndefault_locale: en\nlocales:\n  - { code: en, name: English }\n  - { code: ms, name: Bahasa Melayu }\nregions:\n  - { code: MY, name: Malaysia }\n  - { code: DE, name: Germany }\n",
            ),
            (
                "content/s/a.md",
                "---\ntitle: Alpha\nkind: sop\nversion: 1.0.0\nprerequisites: [b]\n---\n\n## Start\n\nSee [the scope](module:b#scope) and [Bravo](b.md).\n",
            ),
            ("content/s/b.md", B),
            (
                "content/s/b.ms.md",
                "---\ntitle: Bravo MS\ntranslation_of: 1.0.0\n---\n\n## Skop {#scope}\n\nTeks.\n",
            ),
            (
                "content/s/c.md",
                "---\ntitle: Charlie\nkind: briefing\nversion: 1.0.0\n---\n\n## Context\n\nText.\n",
            ),
            (
                "content/t/note.md",
                "---\ntitle: Malaysia note\nkind: regional-note\nversion: 1.0.0\nregions: [MY]\napplies_to: b\nplacement: { after_heading: Scope }\n---\n\nLocal law NOTEWORD.\n",
            ),
            (
                "content/t/exam.md",
                "---\ntitle: Exam\nkind: assessment\nversion: 1.0.0\npass_mark: 50\nquestions:\n  - b#q1\n---\n\nAnswer.\n",
            ),
            (
                "content/t/e.md",
                "---\ntitle: Echo\nkind: sop\nversion: 1.0.0\n---\n\n## Echo body\n",
            ),
        ];
        for (path, text) in files {
            let path = dir.join(path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
            }
            std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
        }
    }

    const B: &str = "---\ntitle: Bravo\nkind: sop\nversion: 1.0.0\nsummary: First summary\n---\n\n## Scope {#scope}\n\nScope text.\n\n## Steps\n\n```quiz\nid: q1\ntype: true-false\nprompt: Is it?\nanswer: true\n```\n";

    /// Diagnostics as a reader sees them, in a stable order.
    fn shown(diags: &[Diagnostic]) -> Vec<String> {
        let mut out: Vec<String> = diags
            .iter()
            .map(|d| {
                format!(
                    "{:?} {:?} {:?} {:?} {} {:?}",
                    d.severity,
                    d.code,
                    d.file_path(),
                    d.line_col(),
                    d.message,
                    d.help
                )
            })
            .collect();
        out.sort();
        out
    }

    /// The session after its edits holds what a fresh start on the same files gives: the same
    /// diagnostics and, when they allow a site, the same files (plus, for a while, the data
    /// files of the index before the current one).
    fn assert_as_fresh(session: &mut Session, dir: &Path, step: &str) {
        let fresh = Session::new(dir);
        assert_eq!(
            shown(&session.diagnostics),
            shown(&fresh.diagnostics),
            "{step}: diagnostics"
        );
        if fresh.has_errors() {
            return;
        }
        if session.search_job().is_some() {
            settle(session);
        }
        for (path, bytes) in &fresh.files {
            let mine = session
                .files
                .get(path)
                .unwrap_or_else(|| panic!("{step}: {path} is missing"));
            assert!(
                mine == bytes,
                "{step}: {path} differs from a full build:\n{}",
                String::from_utf8_lossy(mine)
            );
        }
        for path in session.files.keys() {
            assert!(
                fresh.files.contains_key(path) || session.search.previous.contains(path),
                "{step}: {path} is left over"
            );
        }
    }

    #[test]
    fn edits_give_what_a_full_rebuild_gives() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let dir = tmp.path();
        related(dir);
        let mut session = Session::new(dir);
        assert!(!session.has_errors(), "{:?}", shown(&session.diagnostics));
        let write = |path: &str, text: &str| -> PathBuf {
            let path = dir.join(path);
            std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
            path
        };
        let a = std::fs::read_to_string(dir.join("content/s/a.md")).unwrap_or_default();
        let note = std::fs::read_to_string(dir.join("content/t/note.md")).unwrap_or_default();
        // (step, file, new text, errors expected, re-renders everything)
        let steps: Vec<(&str, &str, String, bool, bool)> = vec![
            (
                "body",
                "content/s/b.md",
                format!("{B}\nMore words.\n"),
                false,
                false,
            ),
            (
                "heading a link and the note need is gone",
                "content/s/b.md",
                B.replace("## Scope {#scope}", "## Range {#range}"),
                true,
                false,
            ),
            (
                "heading back",
                "content/s/b.md",
                B.to_string(),
                false,
                false,
            ),
            (
                "broken link",
                "content/s/a.md",
                a.replace("[Bravo](b.md)", "[Bravo](module:bravo)"),
                true,
                false,
            ),
            ("link fixed", "content/s/a.md", a.clone(), false, false),
            (
                "note moves to another module",
                "content/t/note.md",
                note.replace(
                    "applies_to: b\nplacement: { after_heading: Scope }\n",
                    "applies_to: c\n",
                ),
                false,
                false,
            ),
            (
                "note for another region",
                "content/t/note.md",
                note.replace("[MY]", "[DE]"),
                false,
                false,
            ),
            (
                "summary",
                "content/s/b.md",
                B.replace("First summary", "Second summary"),
                false,
                false,
            ),
            (
                "question pulled by the exam",
                "content/s/b.md",
                B.replace("Is it?", "Is it really?"),
                false,
                false,
            ),
            (
                "a prerequisite cycle",
                "content/s/b.md",
                B.replace(
                    "summary: First summary\n",
                    "summary: First summary\nprerequisites: [a]\n",
                ),
                true,
                false,
            ),
            (
                "the question the exam pulls is retired",
                "content/s/b.md",
                B.replace("answer: true\n", "answer: true\nretired_in: 1.0.0\n"),
                true,
                false,
            ),
            (
                "new version: the translation is stale",
                "content/s/b.md",
                B.replace("version: 1.0.0", "version: 1.1.0"),
                false,
                false,
            ),
            (
                "title",
                "content/s/b.md",
                B.replace("title: Bravo", "title: Bravo renamed"),
                false,
                true,
            ),
        ];
        for (step, path, text, errors, everything) in steps {
            let result = session.rebuild(&[write(path, &text)]);
            assert!(result.patched, "{step}: patched in place");
            assert_eq!(
                result.ok,
                !errors,
                "{step}: {:?}",
                shown(&session.diagnostics)
            );
            if result.ok {
                assert_eq!(result.full, everything, "{step}: pages rendered");
            }
            assert_as_fresh(&mut session, dir, step);
        }
        // Two files at once, and a file that appears: assembled anew, still the same result.
        let both = [
            write(
                "content/s/c.md",
                "---\ntitle: Charlie\nkind: briefing\nversion: 1.0.0\n---\n\n## Context\n\nNew.\n",
            ),
            write(
                "content/t/e.md",
                "---\ntitle: Echo\nkind: sop\nversion: 1.0.0\n---\n\n## Echo body\n\nNew.\n",
            ),
        ];
        assert!(session.rebuild(&both).patched);
        assert_as_fresh(&mut session, dir, "two modules");
        let new = write(
            "content/t/f.md",
            "---\ntitle: Foxtrot\nkind: sop\nversion: 1.0.0\n---\n\nSee [Echo](module:e).\n",
        );
        let result = session.rebuild(&[new]);
        assert!(result.ok && !result.patched && result.full);
        assert_as_fresh(&mut session, dir, "new module");
    }

    #[test]
    fn a_fix_after_broken_edits_renders_what_they_touched() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let dir = tmp.path();
        related(dir);
        let mut session = Session::new(dir);
        let note = dir.join("content/t/note.md");
        let text = std::fs::read_to_string(&note).unwrap_or_default();
        // The note leaves b for c, breaking the build on the way (c has no such heading)...
        std::fs::write(&note, text.replace("applies_to: b", "applies_to: c"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(!session.rebuild(std::slice::from_ref(&note)).ok);
        // ...and the fix is an edit of the note alone: b's page must lose the note all the same.
        std::fs::write(
            &note,
            text.replace(
                "applies_to: b\nplacement: { after_heading: Scope }\n",
                "applies_to: c\n",
            ),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let result = session.rebuild(&[note]);
        assert!(result.ok && result.patched && !result.full);
        let b = String::from_utf8_lossy(&session.files["en/b/index.html"]).into_owned();
        assert!(!b.contains("NOTEWORD"), "{b}");
        assert_as_fresh(&mut session, dir, "fixed");
    }
}
