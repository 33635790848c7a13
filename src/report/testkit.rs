//! Test-only: a course built from text, without touching the disk.

use crate::config::{self, Settings};
use crate::content::discover::{FileRole, SourceFile};
use crate::content::model::Course;
use crate::content::releases::ReleaseFiles;
use crate::diagnostics::SourceText;
use std::path::Path;
use std::sync::Arc;

fn source(path: &str, text: &str) -> Arc<SourceText> {
    Arc::new(SourceText {
        path: path.into(),
        text: text.to_string(),
    })
}

fn role(content_path: &str) -> FileRole {
    let stem = content_path.trim_end_matches(".md");
    match stem.rsplit_once('.') {
        Some((_, locale)) => FileRole::Translation {
            locale: locale.to_string(),
        },
        None => FileRole::Module,
    }
}

/// Settings from `config` (syllabus.yaml text) and a course from `files` (content path, text)
/// and `releases` (id, version, release.yaml text, module text). Panics on any error
/// diagnostic: a fixture that does not load is a broken test.
pub fn course(
    config: &str,
    files: &[(&str, &str)],
    releases: &[(&str, &str, &str, &str)],
) -> (Settings, Course) {
    let settings = config::parse(Path::new("/p"), &source("syllabus.yaml", config))
        .unwrap_or_else(|d| panic!("config: {d:?}"));
    let outcomes: Vec<_> = files
        .iter()
        .map(|(path, text)| {
            crate::content::parse_file(&SourceFile {
                role: role(path),
                content_path: path.to_string(),
                source: source(&format!("content/{path}"), text),
            })
        })
        .collect();
    let (mut course, diags) = crate::content::assemble_outcomes(&outcomes, Default::default());
    let folders: Vec<ReleaseFiles> = releases
        .iter()
        .map(|(id, version, meta, text)| ReleaseFiles {
            meta: source(&format!("versions/{id}/{version}/release.yaml"), meta),
            files: vec![SourceFile {
                role: FileRole::Module,
                content_path: format!("{id}.md"),
                source: source(&format!("versions/{id}/{version}/{id}.md"), text),
            }],
        })
        .collect();
    let (stored, d) = crate::content::parse_releases(&folders);
    course.releases = stored;
    let errors: Vec<_> = diags.iter().chain(&d).filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "fixture course has errors: {errors:#?}");
    (settings, course)
}
