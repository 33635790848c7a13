//! Released policy never changes silently: a module whose text differs from its last release
//! must carry a higher version than that release.

use crate::content::model::{Course, Module};
use crate::content::releases::content_hash;
use crate::diagnostics::{Code, Diagnostic};

pub fn check(course: &Course) -> Vec<Diagnostic> {
    course
        .modules
        .iter()
        .flat_map(|m| check_module(course, m))
        .collect()
}

/// One module against its own stored releases.
pub fn check_module(course: &Course, m: &Module) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let Some(last) = course.releases_of(&m.id).last() else {
        return diags;
    };
    if m.version < last.version {
        diags.push(
            Diagnostic::error(
                Code::VersionBehindRelease,
                format!(
                    "version {} is lower than the last release, {}",
                    m.version, last.version
                ),
            )
            .at(m.version_span.clone())
            .with_help(format!(
                "set `version` above {} (releases are never rewritten)",
                last.version
            )),
        );
    } else if m.version == last.version && content_hash(&m.source.text) != last.hash {
        diags.push(
            Diagnostic::error(
                Code::ChangedWithoutBump,
                format!("changed since {v} but still says {v}", v = last.version),
            )
            .at(m.version_span.clone())
            .with_help(format!(
                "record the change as a new version: `syllabus release {} --bump patch` (or minor/major), or undo the edit",
                m.id
            )),
        );
    }
    diags
}
