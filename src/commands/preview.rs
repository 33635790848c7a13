//! `syllabus preview <zip>`: serve a package with a local LMS page.

use super::Outcome;
use crate::cli::PreviewArgs;

pub fn run(args: &PreviewArgs) -> Outcome {
    crate::serve::preview::run(args)
}
