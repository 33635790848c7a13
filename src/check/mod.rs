//! Checks over the assembled course. Pure: each check reads the course and returns diagnostics.

pub mod external;
pub mod links;
pub mod notes;
pub mod prerequisites;
pub mod quizzes;
pub mod regions;
pub mod releases;
pub mod translations;

use crate::config::Settings;
use crate::content::model::Course;
use crate::diagnostics::Diagnostic;

pub fn run(settings: &Settings, course: &Course) -> Vec<Diagnostic> {
    let mut diags = prerequisites::check(course);
    diags.extend(links::check(course));
    diags.extend(regions::check(settings, course));
    diags.extend(translations::check(settings, course));
    diags.extend(notes::check(course));
    diags.extend(releases::check(course));
    diags.extend(quizzes::check(settings, course));
    diags
}
