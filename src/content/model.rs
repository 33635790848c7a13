//! The course model: modules, sections and the assets they reference.
//!
//! Plain data, shared read-only across threads. The model refers to modules by `ModuleId`, never
//! by reference, so it serialises and a single module can be replaced.

use crate::diagnostics::{SourceText, Span};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

/// A module id: a slug, unique across the site.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ModuleId(pub String);

impl ModuleId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ModuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Sop,
    Briefing,
    RegionalNote,
    Assessment,
    Calibration,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Sop,
        Kind::Briefing,
        Kind::RegionalNote,
        Kind::Assessment,
        Kind::Calibration,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Sop => "sop",
            Kind::Briefing => "briefing",
            Kind::RegionalNote => "regional-note",
            Kind::Assessment => "assessment",
            Kind::Calibration => "calibration",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The label readers see.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Sop => "SOP",
            Kind::Briefing => "Policy briefing",
            Kind::RegionalNote => "Regional note",
            Kind::Assessment => "Assessment",
            Kind::Calibration => "Calibration",
        }
    }
}

/// A heading of a module body, with the anchor its page gives it.
#[derive(Debug, Clone, Serialize)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub anchor: String,
    /// Set by `{#clause-id}`: a stable clause id other features key on.
    pub is_clause: bool,
    #[serde(skip)]
    pub offset: usize,
    /// Inside a `sensitive` block: hidden until revealed, so search leaves it out.
    #[serde(skip)]
    pub is_sensitive: bool,
}

/// Where a link in a module body points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// `module:ID#anchor`, or a relative `.md` path resolved to a content path.
    Module {
        id: Option<ModuleId>,
        path: Option<String>,
        anchor: Option<String>,
    },
    /// `#anchor` in the same module.
    Anchor(String),
    /// A file next to the Markdown (content-relative path, `/`-separated).
    Asset {
        path: String,
        fragment: Option<String>,
    },
    /// Absolute URLs (http, mailto, …); left as they are.
    External,
    /// A path that leaves the content folder or is absolute.
    Outside(String),
}

#[derive(Debug, Clone)]
pub struct Link {
    pub target: LinkTarget,
    /// The destination as the author wrote it, for messages.
    pub written: String,
    pub is_image: bool,
    pub span: Span,
}

/// One module, as parsed from its file.
#[derive(Debug, Clone)]
pub struct Module {
    pub id: ModuleId,
    pub title: String,
    pub kind: Kind,
    pub version: semver::Version,
    pub effective: Option<chrono::NaiveDate>,
    pub policy_area: Option<String>,
    pub audience: Vec<String>,
    pub regions: Vec<String>,
    pub duration: Option<u32>,
    pub owner: Option<String>,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub prerequisites: Vec<(ModuleId, Span)>,
    pub content_warnings: Vec<String>,
    pub changes: Option<String>,
    /// The source file; `body_offset` is where the Markdown body starts in it.
    pub source: Arc<SourceText>,
    pub body_offset: usize,
    /// Path under `content/`, `/`-separated.
    pub content_path: String,
    /// Key of the section (folder under `content/`, `/`-separated; "" for the top level).
    pub section: String,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    /// Plain text of the body by section, for search (see `markdown::Scan::plain_text`).
    pub plain_text: crate::content::markdown::plain::PlainText,
    /// The body's events as parsed, for rendering (see `markdown::Scan::events`).
    pub events: crate::content::markdown::recorded::Recorded,
    /// Span of the `id` (or of the front matter when the id comes from the file name).
    pub id_span: Span,
    /// Span of the `version` value.
    pub version_span: Span,
    /// Regions as written, with where, for checking against the config.
    pub region_spans: Vec<Span>,
    /// For regional notes: the modules the note adds local context to.
    pub applies_to: Vec<(ModuleId, Span)>,
    /// For regional notes: the heading (text or anchor) after whose section the note is shown;
    /// `None` places it at the end of the module.
    pub placement: Option<(String, Span)>,
    /// Questions, calibration cases and the acknowledgement written in the body.
    pub blocks: crate::content::quiz::Blocks,
    /// Settings of a graded assessment (kind `assessment`).
    pub assessment: Option<Assessment>,
}

/// How a graded assessment is run.
#[derive(Debug, Clone)]
pub struct Assessment {
    /// Percent of the points needed to pass.
    pub pass_mark: u32,
    /// Shuffle questions and options, seeded per attempt.
    pub shuffle: bool,
    pub max_attempts: Option<u32>,
    /// Minutes.
    pub time_limit: Option<u32>,
    /// Questions pulled from other modules: (module id, question id), with where written.
    pub questions: Vec<(ModuleId, String, Span)>,
    /// Draw this many questions at random (per attempt) from the pool.
    pub draw: Option<u32>,
    /// Where `draw` is written (or the front matter's opening line).
    pub draw_span: Span,
}

impl Module {
    pub fn body(&self) -> &str {
        &self.source.text[self.body_offset..]
    }

    pub fn has_anchor(&self, anchor: &str) -> bool {
        self.headings.iter().any(|h| h.anchor == anchor)
    }
}

/// A module's text in another locale (`<stem>.<locale>.md`). Keys it does not set come from
/// the source module.
#[derive(Debug, Clone)]
pub struct Translation {
    pub locale: String,
    /// The source version this text was translated from.
    pub translation_of: semver::Version,
    pub translation_of_span: Span,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub content_warnings: Option<Vec<String>>,
    pub changes: Option<String>,
    pub owner: Option<String>,
    pub duration: Option<u32>,
    pub tags: Option<Vec<String>>,
    pub source: Arc<SourceText>,
    pub body_offset: usize,
    /// Path under `content/` of the translation file.
    pub content_path: String,
    /// Path under `content/` of the module it translates.
    pub source_path: String,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    /// Plain text of the body by section, for search (see `markdown::Scan::plain_text`).
    pub plain_text: crate::content::markdown::plain::PlainText,
    /// The body's events as parsed, for rendering (see `markdown::Scan::events`).
    pub events: crate::content::markdown::recorded::Recorded,
    /// Translated questions, cases and acknowledgement (same ids as the source's).
    pub blocks: crate::content::quiz::Blocks,
}

impl Translation {
    pub fn body(&self) -> &str {
        &self.source.text[self.body_offset..]
    }

    pub fn has_anchor(&self, anchor: &str) -> bool {
        self.headings.iter().any(|h| h.anchor == anchor)
    }
}

/// A section's title and introduction in another locale (`_index.<locale>.md`).
#[derive(Debug, Clone)]
pub struct SectionText {
    pub key: String,
    pub locale: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub intro: String,
}

/// A folder of modules with its `_index.md`.
#[derive(Debug, Clone)]
pub struct Section {
    pub key: String,
    pub title: String,
    pub description: String,
    pub weight: i64,
    /// Markdown introducing the section (the `_index.md` body).
    pub intro: String,
    /// Module order requested by `_index.md`, with where it was written.
    pub order: Vec<(ModuleId, Span)>,
    /// Modules in reading order (filled by `assemble`).
    pub modules: Vec<ModuleId>,
}

/// A file under `content/` that is not Markdown (images, PDFs, …).
#[derive(Debug, Clone)]
pub struct AssetFile {
    pub content_path: String,
    pub disk_path: PathBuf,
}

/// The whole course: what render and check work on.
#[derive(Debug, Clone)]
pub struct Course {
    /// Sorted by id.
    pub modules: Vec<Module>,
    /// Ordered by (weight, key).
    pub sections: Vec<Section>,
    /// Content-relative path -> asset, for every non-Markdown file.
    pub assets: BTreeMap<String, AssetFile>,
    /// Markdown for the top of the home page (`content/_index.md` body).
    pub home_intro: String,
    /// Module files that failed to parse; links to them are not reported again.
    pub unparsed: Unparsed,
    /// Translations by module and locale.
    pub translations: BTreeMap<ModuleId, BTreeMap<String, Translation>>,
    /// Section texts by (section key, locale).
    pub section_texts: BTreeMap<(String, String), SectionText>,
    /// Regional notes (ids, sorted) by the module they apply to.
    pub notes_for: BTreeMap<ModuleId, Vec<ModuleId>>,
    /// Stored releases by module, oldest first.
    pub releases: crate::content::releases::Releases,
    // FxHash: looked up for every link on every page; these keys are the course's own.
    by_id: rustc_hash::FxHashMap<ModuleId, usize>,
    by_path: rustc_hash::FxHashMap<String, usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Unparsed {
    pub ids: HashSet<ModuleId>,
    pub paths: HashSet<String>,
}

impl Unparsed {
    /// Does a link written this way point at a module that exists but failed to parse?
    pub fn contains(&self, id: &Option<ModuleId>, path: &Option<String>) -> bool {
        id.as_ref().is_some_and(|i| self.ids.contains(i))
            || path.as_ref().is_some_and(|p| self.paths.contains(p))
    }
}

/// Ids a module cannot take because site pages live there.
pub const RESERVED_IDS: &[&str] = &[
    "assets",
    "theme",
    "sections",
    "index",
    "search",
    "coverage",
    "inventory",
    "whats-new",
    "as-of",
    "feed",
];

impl Course {
    pub fn new(
        mut modules: Vec<Module>,
        sections: Vec<Section>,
        assets: BTreeMap<String, AssetFile>,
        home_intro: String,
    ) -> Course {
        modules.sort_by(|a, b| {
            a.id.cmp(&b.id)
                .then_with(|| a.content_path.cmp(&b.content_path))
        });
        let by_id = modules
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id.clone(), i))
            .collect();
        let by_path = modules
            .iter()
            .enumerate()
            .map(|(i, m)| (m.content_path.clone(), i))
            .collect();
        Course {
            modules,
            sections,
            assets,
            home_intro,
            unparsed: Unparsed::default(),
            translations: BTreeMap::new(),
            section_texts: BTreeMap::new(),
            notes_for: BTreeMap::new(),
            releases: BTreeMap::new(),
            by_id,
            by_path,
        }
    }

    pub fn module(&self, id: &ModuleId) -> Option<&Module> {
        self.by_id.get(id).map(|&i| &self.modules[i])
    }

    pub fn module_by_path(&self, content_path: &str) -> Option<&Module> {
        self.by_path.get(content_path).map(|&i| &self.modules[i])
    }

    /// Where the module `id` is in `modules`.
    pub fn position(&self, id: &ModuleId) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Puts `module` in the place of the module with the same id read from the same file, so the
    /// order of `modules` and the indexes stay as they are, and returns the module it replaced.
    /// `None` (and nothing changes) when the course has no such module: a new id, or a file
    /// whose module lost to another with its id. What other parts of the course derive from
    /// modules (notes by target) is the caller's to update.
    pub fn replace_module(&mut self, module: Module) -> Option<Module> {
        let i = self.position(&module.id)?;
        (self.modules[i].content_path == module.content_path)
            .then(|| std::mem::replace(&mut self.modules[i], module))
    }

    pub fn translation(&self, id: &ModuleId, locale: &str) -> Option<&Translation> {
        self.translations.get(id).and_then(|t| t.get(locale))
    }

    /// Notes that apply to a module, in id order.
    pub fn notes(&self, id: &ModuleId) -> impl Iterator<Item = &Module> {
        self.notes_for
            .get(id)
            .into_iter()
            .flatten()
            .filter_map(|n| self.module(n))
    }

    /// Releases of a module, oldest first (empty when never released).
    pub fn releases_of(&self, id: &ModuleId) -> &[crate::content::releases::Release] {
        self.releases.get(id).map_or(&[], Vec::as_slice)
    }

    pub fn section(&self, key: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.key == key)
    }

    /// The module a link resolves to, whichever way it was written.
    pub fn resolve(&self, id: &Option<ModuleId>, path: &Option<String>) -> Option<&Module> {
        match (id, path) {
            (Some(id), _) => self.module(id),
            (None, Some(path)) => self.module_by_path(path),
            (None, None) => None,
        }
    }
}
