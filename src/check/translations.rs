//! Translations: made from the current version of their source (else stale: a warning, an error
//! with `--strict`), never from a version the source has not reached.

use crate::config::Settings;
use crate::content::model::Course;
use crate::content::model::Module;
use crate::diagnostics::{Code, Diagnostic};
use crate::i18n::is_stale;

/// The sections of `source` that differ from its release `version`, when that release is
/// stored; `None` when it is not (then only the `changes` text can tell a translator what moved).
pub fn changed_since(
    course: &Course,
    source: &Module,
    version: &semver::Version,
) -> Option<Vec<String>> {
    let old = course
        .releases_of(&source.id)
        .iter()
        .find(|r| &r.version == version)?;
    Some(crate::versions::changed_sections(&old.module, source))
}

pub fn check(settings: &Settings, course: &Course) -> Vec<Diagnostic> {
    course
        .modules
        .iter()
        .flat_map(|m| check_module(settings, course, m))
        .collect()
}

/// The translations of one module against its version (and its stored releases).
pub fn check_module(settings: &Settings, course: &Course, source: &Module) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let id = &source.id;
    for t in course
        .translations
        .get(id)
        .into_iter()
        .flat_map(|t| t.values())
    {
        let name = settings
            .locale(&t.locale)
            .map_or(t.locale.as_str(), |l| l.name.as_str());
        if t.translation_of > source.version {
            diags.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    format!(
                        "`translation_of: {}` is newer than the source, which is at {}",
                        t.translation_of, source.version
                    ),
                )
                .at(t.translation_of_span.clone())
                .with_help(format!(
                    "set `translation_of` to the source version you translated, at most {}",
                    source.version
                )),
            );
        } else if is_stale(&source.version, &t.translation_of, settings.stale_on) {
            let changes = match changed_since(course, source, &t.translation_of) {
                Some(sections) if !sections.is_empty() => {
                    format!(
                        "; sections changed since {}: {}",
                        t.translation_of,
                        sections.join(", ")
                    )
                }
                _ => source
                    .changes
                    .as_deref()
                    .map(|c| format!(" (what changed: {c})"))
                    .unwrap_or_default(),
            };
            diags.push(
                Diagnostic::warning(
                    Code::StaleTranslation,
                    format!(
                        "the {name} translation of `{id}` is of version {}, but the source is now {}{changes}",
                        t.translation_of, source.version
                    ),
                )
                .at(t.translation_of_span.clone())
                .with_help(format!(
                    "update the translation from content/{}, then set `translation_of: {}`",
                    source.content_path, source.version
                )),
            );
        }
    }
    diags
}
