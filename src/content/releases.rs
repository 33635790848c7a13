//! Releases: the frozen copies of a module stored under `versions/<id>/<version>/`, with the
//! metadata `syllabus release` recorded (date, effective date, changes, content hash).
//!
//! Pure: `discover` reads the files; this parses them with the same parsers as the live content.

use crate::content::discover::{FileRole, SourceFile};
use crate::content::model::{Module, ModuleId, Translation};
use crate::content::parse;
use crate::diagnostics::{Code, Diagnostic, SourceText};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The metadata file of a release.
pub const RELEASE_FILE: &str = "release.yaml";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ReleaseMeta {
    pub id: String,
    pub version: String,
    /// Where the source lived under `content/` when released (links resolve from there).
    pub path: String,
    /// The day the release was made.
    pub date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes: Option<String>,
    /// `sha256:<hex>` of the released source file (line endings normalised).
    pub hash: String,
}

/// One release of a module, parsed.
#[derive(Debug, Clone)]
pub struct Release {
    pub version: semver::Version,
    pub date: chrono::NaiveDate,
    pub effective: Option<chrono::NaiveDate>,
    pub changes: Option<String>,
    pub hash: String,
    /// The module as it was released.
    pub module: Module,
    pub translations: BTreeMap<String, Translation>,
}

/// The files of one release folder as read from disk.
pub struct ReleaseFiles {
    pub meta: Arc<SourceText>,
    /// Markdown files of the folder (the source and its translations), content path as in the
    /// live content so links and images resolve the same way.
    pub files: Vec<SourceFile>,
}

/// The content hash recorded in releases and compared by `check`.
pub fn content_hash(text: &str) -> String {
    let normalised = text.replace("\r\n", "\n");
    let digest = Sha256::digest(normalised.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// Parses one release folder.
pub fn parse_release(files: &ReleaseFiles) -> (Option<Release>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let meta: ReleaseMeta = match serde_yaml::from_str(&files.meta.text) {
        Ok(m) => m,
        Err(e) => {
            diags.push(crate::config::yaml_diag(
                Code::ReleaseInvalid,
                &e,
                &files.meta,
                0,
            ));
            return (None, diags);
        }
    };
    let bad = |what: &str| {
        Diagnostic::error(Code::ReleaseInvalid, format!("{what} in {RELEASE_FILE}"))
            .in_file(&files.meta.path)
    };
    let Ok(version) = semver::Version::parse(&meta.version) else {
        diags.push(bad(&format!(
            "`{}` is not a semantic version",
            meta.version
        )));
        return (None, diags);
    };
    let Ok(date) = chrono::NaiveDate::parse_from_str(&meta.date, "%Y-%m-%d") else {
        diags.push(bad(&format!("`{}` is not a date", meta.date)));
        return (None, diags);
    };
    let effective = meta
        .effective
        .as_deref()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let mut module = None;
    let mut translations = BTreeMap::new();
    for file in &files.files {
        match &file.role {
            FileRole::Module => {
                let (m, d) = parse::parse_module(file);
                // The live content reports problems of the current text; a release that no
                // longer parses is reported once, as a release problem.
                if m.is_none() {
                    diags.extend(d.into_iter().filter(Diagnostic::is_error));
                }
                module = m;
            }
            FileRole::Translation { locale } => {
                if let (Some(t), _) = parse::parse_translation(file, locale) {
                    translations.insert(locale.clone(), t);
                }
            }
            _ => {}
        }
    }
    let Some(module) = module else {
        if diags.is_empty() {
            diags.push(bad("the release folder has no module source next to"));
        }
        return (None, diags);
    };
    if module.id.0 != meta.id || module.version != version {
        diags.push(bad(&format!(
            "the stored module says {} {} but the release is {} {}",
            module.id, module.version, meta.id, meta.version
        )));
        return (None, diags);
    }
    (
        Some(Release {
            version,
            date,
            effective,
            changes: meta.changes,
            hash: meta.hash,
            module,
            translations,
        }),
        diags,
    )
}

/// Releases by module, oldest first.
pub type Releases = BTreeMap<ModuleId, Vec<Release>>;

#[cfg(test)]
mod tests {
    use super::content_hash;

    #[test]
    fn hash_ignores_line_endings_only() {
        assert_eq!(content_hash("a\r\nb\n"), content_hash("a\nb\n"));
        assert_ne!(content_hash("a\nb\n"), content_hash("a\nc\n"));
        assert!(content_hash("").starts_with("sha256:"));
    }
}
