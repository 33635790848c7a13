//! One source file -> one `Module` or `Section`, with every problem found on the way.
//!
//! Pure and independent per file, so the driver runs it in parallel.

use crate::content::discover::SourceFile;
use crate::content::frontmatter::{
    self, FrontMatter, RawFrontMatter, RawTranslation, Split, SplitError,
};
use crate::content::markdown::{self, RenderData};
use crate::content::model::{
    Assessment, Kind, Module, ModuleId, Section, SectionText, Translation,
};
use crate::content::quiz;
use crate::diagnostics::{suggest, Code, Diagnostic, Span};
use serde::Deserialize;

/// Splits off and parses the front matter, or explains why there is none.
fn front_matter<T: serde::de::DeserializeOwned>(
    file: &SourceFile,
    keys: &[&str],
    diags: &mut Vec<Diagnostic>,
) -> Option<(Split, FrontMatter<T>)> {
    let source = &file.source;
    let split = match frontmatter::split(&source.text) {
        Ok(s) => s,
        Err(SplitError::Missing) => {
            diags.push(
                Diagnostic::error(Code::FrontMatterMissing, "this module has no front matter")
                    .at(Span::new(source, 0, 0))
                    .with_help(
                        "start the file with YAML between `---` lines, e.g.\n---\ntitle: Hate speech basics\nkind: sop\nversion: 1.0.0\n---",
                    ),
            );
            return None;
        }
        Err(SplitError::Unterminated) => {
            diags.push(
                Diagnostic::error(
                    Code::FrontMatterUnterminated,
                    "the front matter is never closed",
                )
                .at(frontmatter::opening_fence(source))
                .with_help("add a line with just `---` after the last front-matter key"),
            );
            return None;
        }
    };
    let fm = frontmatter::parse(source, &split, keys, diags)?;
    Some((split, fm))
}

/// Parses a module file.
pub fn parse_module(file: &SourceFile) -> (Option<Module>, Vec<Diagnostic>) {
    parse_module_with(file, RenderData::Keep)
}

/// Parses a module file, keeping what rendering reads or not (`RenderData`).
pub fn parse_module_with(file: &SourceFile, text: RenderData) -> (Option<Module>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let module = module(file, text, &mut diags);
    (module, diags)
}

fn module(file: &SourceFile, text: RenderData, diags: &mut Vec<Diagnostic>) -> Option<Module> {
    let source = &file.source;
    let (split, fm): (Split, FrontMatter) = front_matter(file, frontmatter::KEYS, diags)?;
    let raw = &fm.raw;
    let span = |key: &str| fm.value_span(source, key);
    let errors_before = diags.iter().filter(|d| d.is_error()).count();

    let missing = |key: &str, example: &str, diags: &mut Vec<Diagnostic>| {
        diags.push(
            Diagnostic::error(Code::MissingKey, format!("required key `{key}` is missing"))
                .at(frontmatter::opening_fence(source))
                .with_help(format!("add `{key}: {example}` to the front matter")),
        );
    };

    let (id, id_span) = match &raw.id {
        Some(id) => (id.clone(), span("id")),
        None => (stem(&file.content_path), frontmatter::opening_fence(source)),
    };
    if !markdown::is_slug(&id) {
        let hint = markdown::slugify(&id);
        diags.push(
            Diagnostic::error(Code::InvalidId, format!("module id `{id}` is not a slug"))
                .at(id_span.clone())
                .with_help(if raw.id.is_some() {
                    format!(
                        "use lowercase ASCII letters, digits and single hyphens, e.g. `id: {hint}`"
                    )
                } else {
                    format!("the id comes from the file name; rename the file or set `id: {hint}`")
                }),
        );
    } else if crate::content::model::RESERVED_IDS.contains(&id.as_str()) {
        diags.push(
            Diagnostic::error(
                Code::InvalidId,
                format!("module id `{id}` is reserved for site pages"),
            )
            .at(id_span.clone())
            .with_help(format!("choose another id, e.g. `id: {id}-module`")),
        );
    }

    let title = raw.title.clone().unwrap_or_default();
    if raw.title.is_none() {
        missing("title", "Hate speech basics", diags);
    } else if title.trim().is_empty() {
        diags.push(Diagnostic::error(Code::InvalidValue, "the title is empty").at(span("title")));
    }

    let kind = match raw.kind.as_deref() {
        None => {
            missing("kind", "sop", diags);
            None
        }
        Some(k) => Kind::parse(k).or_else(|| {
            let all: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
            diags.push(
                Diagnostic::error(Code::InvalidValue, format!("unknown kind `{k}`"))
                    .at(span("kind"))
                    .with_help(suggest::did_you_mean(k, &all)),
            );
            None
        }),
    };

    let version = match raw.version.as_deref() {
        None => {
            missing("version", "1.0.0", diags);
            None
        }
        Some(v) => semver::Version::parse(v.trim())
            .map_err(|e| {
                diags.push(
                    Diagnostic::error(
                        Code::InvalidValue,
                        format!("`{v}` is not a semantic version: {e}"),
                    )
                    .at(span("version"))
                    .with_help("write MAJOR.MINOR.PATCH, e.g. `version: 2.1.0`"),
                );
            })
            .ok(),
    };

    let effective = raw.effective.as_deref().and_then(|d| {
        chrono::NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d")
            .map_err(|_| {
                diags.push(
                    Diagnostic::error(Code::InvalidValue, format!("`{d}` is not a date"))
                        .at(span("effective"))
                        .with_help("write the date as YYYY-MM-DD, e.g. `effective: 2026-03-01`"),
                );
            })
            .ok()
    });

    if raw.duration == Some(0) {
        diags.push(
            Diagnostic::error(Code::InvalidValue, "duration must be at least 1 minute")
                .at(span("duration"))
                .with_help("write the expected reading time in whole minutes, e.g. `duration: 20`"),
        );
    }
    if let Some(area) = &raw.policy_area {
        if !markdown::is_slug(area) {
            diags.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    format!("policy_area `{area}` is not a slug"),
                )
                .at(span("policy_area"))
                .with_help(format!(
                    "write it as a slug, e.g. `policy_area: {}`",
                    markdown::slugify(area)
                )),
            );
        }
    }

    let prerequisites = raw
        .prerequisites
        .iter()
        .zip(fm.item_spans(source, "prerequisites", raw.prerequisites.len()))
        .map(|(p, span)| (ModuleId(p.clone()), span))
        .collect();
    let region_spans = fm.item_spans(source, "regions", raw.regions.len());
    let applies_to = applies_to(&fm, source, diags);
    let placement = raw
        .placement
        .as_ref()
        .map(|p| (p.after_heading.clone(), fm.value_span(source, "placement")));
    if (!applies_to.is_empty() || placement.is_some()) && kind != Some(Kind::RegionalNote) {
        let key = if applies_to.is_empty() {
            "placement"
        } else {
            "applies_to"
        };
        diags.push(
            Diagnostic::error(
                Code::InvalidValue,
                format!("`{key}` is only for regional notes"),
            )
            .at(fm.key_span(source, key))
            .with_help("set `kind: regional-note`, or remove the key"),
        );
    }
    if kind == Some(Kind::RegionalNote) && applies_to.is_empty() && raw.applies_to.is_none() {
        diags.push(
            Diagnostic::error(Code::MissingKey, "a regional note needs `applies_to`")
                .at(frontmatter::opening_fence(source))
                .with_help("name the module (or modules) it adds local context to, e.g. `applies_to: hs-sop-triage`"),
        );
    }

    let scan = markdown::scan_with(source, split.body, &file.content_path, text);
    diags.extend(scan.diagnostics);
    let (blocks, d) = quiz::parse_blocks(source, &scan.blocks, &scan.headings, &[]);
    diags.extend(d);
    let assessment = assessment(&fm, source, kind, diags);

    let errors_now = diags.iter().filter(|d| d.is_error()).count();
    if errors_now > errors_before {
        return None;
    }
    let section = match file.content_path.rsplit_once('/') {
        Some((dir, _)) => dir.to_string(),
        None => String::new(),
    };
    Some(Module {
        id: ModuleId(id),
        title: title.trim().to_string(),
        kind: kind?,
        version: version?,
        effective,
        policy_area: raw.policy_area.clone(),
        audience: raw.audience.clone(),
        regions: raw.regions.clone(),
        duration: raw.duration,
        owner: raw.owner.clone(),
        summary: raw.summary.clone(),
        tags: raw.tags.clone(),
        prerequisites,
        content_warnings: raw.content_warnings.clone(),
        changes: raw.changes.clone(),
        source: source.clone(),
        body_offset: split.body,
        content_path: file.content_path.clone(),
        section,
        headings: scan.headings,
        links: scan.links,
        plain_text: scan.plain_text,
        events: scan.events,
        id_span,
        version_span: span("version"),
        region_spans,
        applies_to,
        placement,
        blocks,
        assessment,
    })
}

/// The id a module file claims even when it failed to parse (its `id` if the YAML can be read,
/// else its file name), so links to it are not reported as broken on top of its own error.
pub fn claimed_id(file: &SourceFile) -> ModuleId {
    let from_yaml = frontmatter::split(&file.source.text)
        .ok()
        .and_then(|split| {
            let value: serde_yaml::Value =
                serde_yaml::from_str(&file.source.text[split.yaml]).ok()?;
            value.get("id")?.as_str().map(str::to_string)
        });
    ModuleId(from_yaml.unwrap_or_else(|| stem(&file.content_path)))
}

fn stem(content_path: &str) -> String {
    content_path
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .trim_end_matches(".md")
        .to_string()
}

/// Assessment settings: only on kind `assessment`; a pass mark is a percentage.
fn assessment(
    fm: &FrontMatter,
    source: &std::sync::Arc<crate::diagnostics::SourceText>,
    kind: Option<Kind>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Assessment> {
    let raw = &fm.raw;
    let keys = [
        "pass_mark",
        "shuffle",
        "max_attempts",
        "time_limit",
        "questions",
        "draw",
    ];
    if kind != Some(Kind::Assessment) {
        if let Some(key) = keys.iter().find(|k| fm.has_key(k)) {
            diags.push(
                Diagnostic::error(
                    Code::AssessmentInvalid,
                    format!("`{key}` is only for assessments"),
                )
                .at(fm.key_span(source, key))
                .with_help("set `kind: assessment`, or remove the key"),
            );
        }
        return None;
    }
    let pass_mark = raw.pass_mark.unwrap_or(80);
    if pass_mark > 100 {
        diags.push(
            Diagnostic::error(
                Code::AssessmentInvalid,
                format!("pass_mark {pass_mark} is more than 100 percent"),
            )
            .at(fm.value_span(source, "pass_mark"))
            .with_help("write the percentage of points needed to pass, e.g. `pass_mark: 80`"),
        );
    }
    let spans = fm.item_spans(source, "questions", raw.questions.len());
    let mut questions = Vec::new();
    for (r, span) in raw.questions.iter().zip(spans) {
        match r.split_once('#') {
            Some((m, q)) if !m.is_empty() && !q.is_empty() => {
                questions.push((ModuleId(m.to_string()), q.to_string(), span))
            }
            _ => diags.push(
                Diagnostic::error(
                    Code::UnknownQuestionRef,
                    format!("`{r}` does not name a question"),
                )
                .at(span)
                .with_help("write `module-id#question-id`"),
            ),
        }
    }
    Some(Assessment {
        pass_mark,
        shuffle: raw.shuffle.unwrap_or(false),
        max_attempts: raw.max_attempts,
        time_limit: raw.time_limit,
        questions,
        draw: raw.draw,
        draw_span: fm.value_span(source, "draw"),
    })
}

/// `applies_to: id` or `applies_to: [a, b]`, each with where it is written.
fn applies_to(
    fm: &FrontMatter,
    source: &std::sync::Arc<crate::diagnostics::SourceText>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(ModuleId, Span)> {
    let ids: Vec<String> = match &fm.raw.applies_to {
        None => return Vec::new(),
        Some(serde_yaml::Value::String(s)) => vec![s.clone()],
        Some(serde_yaml::Value::Sequence(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Some(_) => {
            diags.push(
                Diagnostic::error(Code::InvalidValue, "`applies_to` must be a module id or a list of them")
                    .at(fm.value_span(source, "applies_to"))
                    .with_help("e.g. `applies_to: hs-sop-triage` or `applies_to: [hs-sop-triage, hs-briefing]`"),
            );
            return Vec::new();
        }
    };
    let spans = if matches!(fm.raw.applies_to, Some(serde_yaml::Value::Sequence(_))) {
        fm.item_spans(source, "applies_to", ids.len())
    } else {
        vec![fm.value_span(source, "applies_to"); ids.len()]
    };
    ids.into_iter().map(ModuleId).zip(spans).collect()
}

/// Keys a translation must not set, because they must be the same as the source's.
const FIXED_BY_SOURCE: &[&str] = &[
    "id",
    "kind",
    "version",
    "effective",
    "policy_area",
    "audience",
    "regions",
    "prerequisites",
    "applies_to",
    "placement",
];

/// Parses a translation `<stem>.<locale>.md`.
pub fn parse_translation(
    file: &SourceFile,
    locale: &str,
) -> (Option<Translation>, Vec<Diagnostic>) {
    parse_translation_with(file, locale, RenderData::Keep)
}

/// Parses a translation, keeping what rendering reads or not (`RenderData`).
pub fn parse_translation_with(
    file: &SourceFile,
    locale: &str,
    text: RenderData,
) -> (Option<Translation>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let source = &file.source;
    let allowed: Vec<&str> = frontmatter::TRANSLATION_KEYS
        .iter()
        .chain(FIXED_BY_SOURCE)
        .copied()
        .collect();
    let Some((split, fm)) = front_matter::<RawTranslation>(file, &allowed, &mut diags) else {
        return (None, diags);
    };
    for key in FIXED_BY_SOURCE {
        if fm.has_key(key) {
            diags.push(
                Diagnostic::error(
                    Code::TranslationFixedKey,
                    format!("a translation cannot set `{key}`: it comes from the source module"),
                )
                .at(fm.key_span(source, key))
                .with_help(format!(
                    "remove `{key}` here; change it in the source module if it is wrong"
                )),
            );
        }
    }
    let translation_of = match fm.raw.translation_of.as_deref() {
        None => {
            diags.push(
                Diagnostic::error(Code::MissingKey, "required key `translation_of` is missing")
                    .at(frontmatter::opening_fence(source))
                    .with_help("add the source version this text was translated from, e.g. `translation_of: 2.1.0`"),
            );
            None
        }
        Some(v) => semver::Version::parse(v.trim())
            .map_err(|e| {
                diags.push(
                    Diagnostic::error(Code::InvalidValue, format!("`{v}` is not a semantic version: {e}"))
                        .at(fm.value_span(source, "translation_of"))
                        .with_help("write the source version this text was translated from, e.g. `translation_of: 2.1.0`"),
                );
            })
            .ok(),
    };
    let scan = markdown::scan_with(source, split.body, &file.content_path, text);
    diags.extend(scan.diagnostics);
    let (blocks, d) = quiz::parse_blocks(source, &scan.blocks, &scan.headings, &[]);
    diags.extend(d);
    if diags.iter().any(Diagnostic::is_error) {
        return (None, diags);
    }
    let Some(translation_of) = translation_of else {
        return (None, diags);
    };
    let suffix = format!(".{locale}.md");
    let source_path = format!("{}.md", file.content_path.trim_end_matches(&suffix));
    let translation_of_span = fm.value_span(source, "translation_of");
    let raw = fm.raw;
    let translation = Translation {
        locale: locale.to_string(),
        translation_of,
        translation_of_span,
        title: raw.title,
        summary: raw.summary,
        content_warnings: raw.content_warnings,
        changes: raw.changes,
        owner: raw.owner,
        duration: raw.duration,
        tags: raw.tags,
        source: source.clone(),
        body_offset: split.body,
        content_path: file.content_path.clone(),
        source_path,
        headings: scan.headings,
        links: scan.links,
        plain_text: scan.plain_text,
        events: scan.events,
        blocks,
    };
    (Some(translation), diags)
}

/// The one diagnostic for a file named like a translation into a locale the site does not have.
pub fn stray_translation(file: &SourceFile, locale: &str) -> Diagnostic {
    let name = file
        .content_path
        .rsplit('/')
        .next()
        .unwrap_or(&file.content_path);
    let source = name
        .trim_end_matches(".md")
        .trim_end_matches(locale)
        .trim_end_matches('.');
    Diagnostic::error(
        Code::OrphanTranslation,
        format!("`{name}` is named as a translation into `{locale}`, which is not a translated locale of this site"),
    )
    .at(frontmatter::opening_fence(&file.source))
    .with_help(format!(
        "add `{locale}` under `locales:` in syllabus.yaml (not as the default_locale: the source `{source}.md` is in that one), or rename the file"
    ))
}

/// Parses a section translation `_index.<locale>.md`.
pub fn parse_section_text(
    file: &SourceFile,
    locale: &str,
) -> (Option<SectionText>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let Some((split, fm)) =
        front_matter::<RawSectionText>(file, &["title", "description"], &mut diags)
    else {
        return (None, diags);
    };
    let key = match file.content_path.rsplit_once('/') {
        Some((dir, _)) => dir.to_string(),
        None => String::new(),
    };
    let text = SectionText {
        key,
        locale: locale.to_string(),
        title: fm.raw.title,
        description: fm.raw.description,
        intro: file.source.text[split.body..].to_string(),
    };
    let ok = !diags.iter().any(Diagnostic::is_error);
    (ok.then_some(text), diags)
}

#[derive(Default, Deserialize)]
struct RawSectionText {
    title: Option<String>,
    description: Option<String>,
}

const SECTION_KEYS: &[&str] = &["title", "weight", "description", "modules"];

#[derive(Deserialize)]
struct RawSection {
    title: Option<String>,
    #[serde(default)]
    weight: i64,
    description: Option<String>,
    #[serde(default)]
    modules: Vec<String>,
}

/// Parses a section's `_index.md`.
pub fn parse_section(file: &SourceFile) -> (Option<Section>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let source = &file.source;
    let Some((split, fm)) = front_matter::<RawFrontMatter>(file, SECTION_KEYS, &mut diags) else {
        return (None, diags);
    };
    let yaml = &source.text[split.yaml.clone()];
    let raw: RawSection = match serde_yaml::from_str(yaml) {
        Ok(r) => r,
        Err(e) => {
            diags.push(crate::config::yaml_diag(
                Code::SectionInvalid,
                &e,
                source,
                split.yaml.start,
            ));
            return (None, diags);
        }
    };
    let key = match file.content_path.rsplit_once('/') {
        Some((dir, _)) => dir.to_string(),
        None => String::new(),
    };
    let title = raw.title.unwrap_or_else(|| {
        if !key.is_empty() {
            diags.push(
                Diagnostic::error(Code::SectionInvalid, "the section has no `title`")
                    .at(frontmatter::opening_fence(source))
                    .with_help("add `title: Hate speech` to the front matter of _index.md"),
            );
        }
        String::new()
    });
    let raw_len = raw.modules.len();
    let order = raw
        .modules
        .into_iter()
        .zip(fm.item_spans(source, "modules", raw_len))
        .map(|(id, span)| (ModuleId(id), span))
        .collect();
    let section = Section {
        key,
        title,
        description: raw.description.unwrap_or_default(),
        weight: raw.weight,
        intro: source.text[split.body..].to_string(),
        order,
        modules: Vec::new(),
    };
    let ok = !diags.iter().any(Diagnostic::is_error);
    (ok.then_some(section), diags)
}
