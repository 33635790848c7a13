//! Walks `content/` and reads every Markdown file; lists the other files as assets.
//!
//! This and `config::load` are the only reads of the content. Output is sorted by path so the
//! rest of the pipeline sees the same order on every machine.

use crate::config::Settings;
use crate::content::model::AssetFile;
use crate::content::releases::{ReleaseFiles, RELEASE_FILE};
use crate::diagnostics::{Code, Diagnostic, SourceText};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What kind of Markdown file a path is, decided by its name alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileRole {
    Module,
    /// `_index.md`: the section (folder) description.
    Section,
    /// `<stem>.<locale>.md` for a configured locale other than the default.
    Translation {
        locale: String,
    },
    /// `_index.<locale>.md`: a section's title and introduction in another locale.
    SectionTranslation {
        locale: String,
    },
    /// Named like a translation (`<stem>.<code>.md`) for a locale that is not configured, or
    /// for the default locale.
    StrayTranslation {
        locale: String,
    },
}

#[derive(Debug, Clone)]
pub struct SourceFile {
    pub role: FileRole,
    /// Path under `content/`, `/`-separated.
    pub content_path: String,
    pub source: Arc<SourceText>,
}

#[derive(Default)]
pub struct Discovered {
    pub files: Vec<SourceFile>,
    pub assets: BTreeMap<String, AssetFile>,
    /// Release folders under `versions/`.
    pub releases: Vec<ReleaseFiles>,
}

/// Folder of stored releases, next to `content/`.
pub const VERSIONS_DIR: &str = "versions";

/// The content folder listed but not yet read: Markdown files (to read and parse), assets,
/// release folders.
#[derive(Default)]
pub struct Listing {
    /// (content path, path on disk) of every Markdown file, in path order.
    pub markdown: Vec<(String, PathBuf)>,
    pub assets: BTreeMap<String, AssetFile>,
    pub releases: Vec<ReleaseFiles>,
}

/// Reads the content folder of a project: every Markdown file's text (what `serve` keeps).
pub fn discover(settings: &Settings) -> (Discovered, Vec<Diagnostic>) {
    let (listing, mut diags) = list(settings);
    let read: Vec<Result<SourceFile, Diagnostic>> = listing
        .markdown
        .into_par_iter()
        .map(|(content_path, disk)| read_source(settings, content_path, &disk))
        .collect();
    let mut files = Vec::with_capacity(read.len());
    for r in read {
        match r {
            Ok(f) => files.push(f),
            Err(d) => diags.push(d),
        }
    }
    (
        Discovered {
            files,
            assets: listing.assets,
            releases: listing.releases,
        },
        diags,
    )
}

/// Walks the content folder (sorted, symbolic links refused) and reads the release folders;
/// the Markdown files are named, not read, so that a build can read and parse each in one
/// parallel pass.
pub fn list(settings: &Settings) -> (Listing, Vec<Diagnostic>) {
    let dir = &settings.content_dir;
    let mut diags = Vec::new();
    if !dir.is_dir() {
        diags.push(
            Diagnostic::error(Code::ReadFailed, "there is no content folder")
                .in_file(dir)
                .with_help("create `content/` next to syllabus.yaml, or run `syllabus new sop my-first-module`"),
        );
        return (Listing::default(), diags);
    }
    let mut markdown = Vec::new();
    let mut assets = BTreeMap::new();
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name().to_string_lossy().as_ref()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| dir.clone());
                diags.push(
                    Diagnostic::error(Code::ReadFailed, format!("cannot read: {e}")).in_file(path),
                );
                continue;
            }
        };
        if entry.path_is_symlink() {
            // Never followed: a link could reach any file on the machine.
            diags.push(
                Diagnostic::error(
                    Code::OutsideRoot,
                    "this is a symbolic link; syllabus does not follow links, which could reach files outside the content folder",
                )
                .in_file(display_path(settings, entry.path()))
                .with_help("replace the link with a copy of the file"),
            );
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let Some(content_path) = content_relative(dir, entry.path()) else {
            continue;
        };
        if content_path.ends_with(".md") {
            markdown.push((content_path, entry.into_path()));
        } else {
            assets.insert(
                content_path.clone(),
                AssetFile {
                    content_path,
                    disk_path: entry.into_path(),
                },
            );
        }
    }
    let (releases, d) = read_releases(settings);
    diags.extend(d);
    (
        Listing {
            markdown,
            assets,
            releases,
        },
        diags,
    )
}

/// Is this content path a module file (not a section, not a translation)?
pub fn is_module_path(settings: &Settings, content_path: &str) -> bool {
    role_of(settings, content_path) == FileRole::Module
}

/// Reads `versions/<id>/<version>/` folders: the release metadata and its Markdown files.
pub fn read_releases(settings: &Settings) -> (Vec<ReleaseFiles>, Vec<Diagnostic>) {
    let dir = settings.root.join(VERSIONS_DIR);
    let mut out = Vec::new();
    let mut diags = Vec::new();
    if !dir.is_dir() {
        return (out, diags);
    }
    for entry in walkdir::WalkDir::new(&dir)
        .min_depth(2)
        .max_depth(2)
        .sort_by_file_name()
    {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_dir() || is_ignored(&entry.file_name().to_string_lossy()) {
            continue;
        }
        let folder = entry.path();
        let meta_path = folder.join(RELEASE_FILE);
        let meta_text = match std::fs::read_to_string(&meta_path) {
            Ok(t) => t,
            Err(e) => {
                diags.push(
                    Diagnostic::error(
                        Code::ReleaseInvalid,
                        format!("cannot read {RELEASE_FILE}: {e}"),
                    )
                    .in_file(display_path(settings, &meta_path)),
                );
                continue;
            }
        };
        let base = serde_yaml::from_str::<serde_yaml::Value>(&meta_text)
            .ok()
            .and_then(|v| v.get("path").and_then(|p| p.as_str()).map(str::to_string))
            .and_then(|p| p.rsplit_once('/').map(|(d, _)| format!("{d}/")))
            .unwrap_or_default();
        let mut files = Vec::new();
        let mut names: Vec<_> = std::fs::read_dir(folder)
            .into_iter()
            .flatten()
            .flatten()
            .collect();
        names.sort_by_key(std::fs::DirEntry::file_name);
        for f in names {
            let name = f.file_name().to_string_lossy().into_owned();
            if !name.ends_with(".md") || is_ignored(&name) {
                continue;
            }
            match read_source(settings, format!("{base}{name}"), &f.path()) {
                Ok(mut file) => {
                    // Diagnostics name the release copy, not the live file.
                    file.source = Arc::new(SourceText {
                        path: display_path(settings, &f.path()),
                        text: file.source.text.clone(),
                    });
                    files.push(file);
                }
                Err(d) => diags.push(d),
            }
        }
        out.push(ReleaseFiles {
            meta: Arc::new(SourceText {
                path: display_path(settings, &meta_path),
                text: meta_text,
            }),
            files,
        });
    }
    (out, diags)
}

/// Reads one Markdown file of the content folder.
pub fn read_source(
    settings: &Settings,
    content_path: String,
    disk: &Path,
) -> Result<SourceFile, Diagnostic> {
    let display = display_path(settings, disk);
    let bytes = std::fs::read(disk).map_err(|e| {
        Diagnostic::error(Code::ReadFailed, format!("cannot read: {e}")).in_file(&display)
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        // Point at the first bad byte: the text before it is valid, so lines and columns up
        // to there are the file's own.
        let at = e.utf8_error().valid_up_to();
        let lossy = Arc::new(SourceText {
            path: display.clone(),
            text: String::from_utf8_lossy(e.as_bytes()).into_owned(),
        });
        Diagnostic::error(
            Code::ReadFailed,
            format!("not valid UTF-8 (first bad byte at offset {at})"),
        )
        .at(crate::diagnostics::Span::new(&lossy, at, at + 1))
        .with_help("save the file as UTF-8 (editors call it \"UTF-8\", not \"Latin-1\", \"Windows-1252\" or \"UTF-16\")")
    })?;
    Ok(SourceFile {
        role: role_of(settings, &content_path),
        content_path,
        source: Arc::new(SourceText {
            path: display,
            text,
        }),
    })
}

/// The path shown in diagnostics: relative to the project root when possible.
pub fn display_path(settings: &Settings, disk: &Path) -> PathBuf {
    disk.strip_prefix(&settings.root)
        .map_or_else(|_| disk.to_path_buf(), Path::to_path_buf)
}

fn role_of(settings: &Settings, content_path: &str) -> FileRole {
    let name = content_path.rsplit('/').next().unwrap_or(content_path);
    if name == "_index.md" {
        return FileRole::Section;
    }
    let stem = name.trim_end_matches(".md");
    if let Some((base, suffix)) = stem.rsplit_once('.') {
        if !settings.is_default(suffix) && settings.locale(suffix).is_some() {
            let locale = suffix.to_string();
            return if base == "_index" {
                FileRole::SectionTranslation { locale }
            } else {
                FileRole::Translation { locale }
            };
        }
        if looks_like_locale(suffix) {
            return FileRole::StrayTranslation {
                locale: suffix.to_string(),
            };
        }
    }
    FileRole::Module
}

/// `fr`, `pt-BR`, `zh-Hant`: two or three lowercase letters, then optional subtags.
fn looks_like_locale(s: &str) -> bool {
    let mut parts = s.split('-');
    let lang = parts.next().unwrap_or_default();
    (2..=3).contains(&lang.len())
        && lang.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Hidden files, editor backups and swap files never count as content.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
}

fn content_relative(dir: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(dir).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    // NFC: a link typed on one system finds a file named on another (macOS writes NFD names).
    Some(crate::content::markdown::nfc(&parts.join("/")))
}

/// Reads a project's theme folder (every file, theme-relative path -> bytes).
pub fn read_theme_dir(dir: &Path) -> Result<BTreeMap<String, Vec<u8>>, Diagnostic> {
    let mut files = BTreeMap::new();
    if !dir.is_dir() {
        return Err(
            Diagnostic::error(Code::ReadFailed, "the theme folder does not exist")
                .in_file(dir)
                .with_help("fix `theme:` in syllabus.yaml or remove it to use the default theme"),
        );
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            Diagnostic::error(Code::ReadFailed, format!("cannot read: {e}")).in_file(dir)
        })?;
        if !entry.file_type().is_file() || is_ignored(&entry.file_name().to_string_lossy()) {
            continue;
        }
        let Some(rel) = content_relative(dir, entry.path()) else {
            continue;
        };
        let bytes = std::fs::read(entry.path()).map_err(|e| {
            Diagnostic::error(Code::ReadFailed, format!("cannot read: {e}")).in_file(entry.path())
        })?;
        files.insert(rel, bytes);
    }
    Ok(files)
}

/// Reads the bytes of the assets the course references.
pub fn read_assets<'a>(
    settings: &Settings,
    assets: impl Iterator<Item = &'a AssetFile>,
) -> (BTreeMap<String, Vec<u8>>, Vec<Diagnostic>) {
    let mut out = BTreeMap::new();
    let mut diags = Vec::new();
    for a in assets {
        match std::fs::read(&a.disk_path) {
            Ok(b) => {
                out.insert(a.content_path.clone(), b);
            }
            Err(e) => diags.push(
                Diagnostic::error(Code::ReadFailed, format!("cannot read: {e}"))
                    .in_file(display_path(settings, &a.disk_path)),
            ),
        }
    }
    (out, diags)
}

#[cfg(test)]
mod tests {
    use super::is_ignored;

    #[test]
    fn editor_files_are_ignored() {
        for name in [".git", ".DS_Store", "a.md~", ".a.md.swp", "#a.md#", "x.tmp"] {
            assert!(is_ignored(name), "{name}");
        }
        assert!(!is_ignored("a.md"));
    }
}
