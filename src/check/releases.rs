//! Released policy never changes silently: a module whose text differs from its last release
//! must carry a higher version than that release.

use crate::content::model::Course;
use crate::content::releases::content_hash;
use crate::diagnostics::{Code, Diagnostic};

pub fn check(course: &Course) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for m in &course.modules {
        let Some(last) = course.releases_of(&m.id).last() else {
            continue;
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
    }
    diags
}
