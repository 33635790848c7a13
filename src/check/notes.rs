//! Regional notes apply to modules that exist, at headings those modules have.

use crate::content::model::{Course, Heading, Module};
use crate::diagnostics::{suggest, Code, Diagnostic};

pub fn check(course: &Course) -> Vec<Diagnostic> {
    course
        .modules
        .iter()
        .flat_map(|m| check_module(course, m))
        .collect()
}

/// Where one regional note applies. Reads the modules it applies to (their headings) and which
/// ids exist.
pub fn check_module(course: &Course, note: &Module) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for (target_id, span) in &note.applies_to {
        let Some(target) = course.module(target_id) else {
            if !course.unparsed.ids.contains(target_id) {
                // Built only for a broken name: per module it would make the whole check
                // quadratic.
                let ids: Vec<&str> = course.modules.iter().map(|m| m.id.as_str()).collect();
                diags.push(
                    Diagnostic::error(
                        Code::UnknownNoteTarget,
                        format!("this note applies to `{target_id}`, which is not a module"),
                    )
                    .at(span.clone())
                    .with_help(suggest::did_you_mean(target_id.as_str(), &ids)),
                );
            }
            continue;
        };
        if let Some((heading, pspan)) = &note.placement {
            if find_heading(&target.headings, heading).is_none() {
                let texts: Vec<&str> = target.headings.iter().map(|h| h.text.as_str()).collect();
                diags.push(
                    Diagnostic::error(
                        Code::PlacementNotFound,
                        format!(
                            "`{target_id}` has no heading `{heading}` to place this note after"
                        ),
                    )
                    .at(pspan.clone())
                    .with_help(format!(
                        "{} (the heading's text or its anchor / clause id)",
                        suggest::did_you_mean(heading, &texts)
                    )),
                );
            }
        }
    }
    diags
}

/// A heading named by its anchor (clause id or slug) or its text, case and spacing ignored.
pub fn find_heading<'a>(headings: &'a [Heading], wanted: &str) -> Option<&'a Heading> {
    let wanted = wanted.trim().trim_start_matches('#');
    headings.iter().find(|h| h.anchor == wanted).or_else(|| {
        headings
            .iter()
            .find(|h| h.text.trim().eq_ignore_ascii_case(wanted))
    })
}
