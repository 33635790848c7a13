//! What `packages:` in syllabus.yaml says: one entry per zip to build.
//!
//! These are the definitions as written (validated for form by serde); which modules they name
//! is resolved against the course by `plan`.

use crate::config::Edition;
use serde::{Deserialize, Serialize};

/// The SCORM edition a package targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Standard {
    /// SCORM 1.2: the most widely supported; 4,096-character suspend data.
    Scorm12,
    /// SCORM 2004 4th Edition: separate completion and success, sequencing, 64,000 characters.
    Scorm2004,
}

impl Standard {
    /// As it appears in zip names.
    pub fn as_str(self) -> &'static str {
        match self {
            Standard::Scorm12 => "scorm12",
            Standard::Scorm2004 => "scorm2004",
        }
    }

    /// The most characters `cmi.suspend_data` may hold.
    pub fn suspend_data_limit(self) -> usize {
        match self {
            Standard::Scorm12 => 4096,
            Standard::Scorm2004 => 64000,
        }
    }
}

/// The LMS a package is for: selects settings known to import and report well there.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lms {
    #[default]
    Generic,
    Moodle,
    Cornerstone,
    Successfactors,
    Docebo,
    Canvas,
}

/// When a SCO reports `completed`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Completion {
    /// The learner reached the end of the module (or submitted its assessment).
    #[default]
    End,
    /// The learner has seen every section (every h2) of the module.
    Sections,
}

/// One entry of `packages:` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageDef {
    /// File-name-safe name; the zip is `<name>-<version>-<locale>[-<region>]-<standard>.zip`.
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    /// Module ids or section keys, in order (a section brings its modules in reading order).
    pub modules: Vec<String>,
    pub locale: Option<String>,
    /// Include only this region's regional notes (all notes when absent).
    pub region: Option<String>,
    pub standard: Option<Standard>,
    /// Pass mark in percent; defaults to the assessment's own.
    pub mastery: Option<u32>,
    #[serde(default)]
    pub edition: Edition,
    #[serde(default)]
    pub lms: Lms,
    /// The package's own version; derived from its modules when absent.
    pub version: Option<semver::Version>,
    #[serde(default)]
    pub completion: Completion,
    /// Where the site is published: links to modules outside the package go there. Without it
    /// those links become plain text (a package cannot reach the site on its own).
    pub site_url: Option<String>,
    /// Send each question's correct response to the LMS (it is then readable in the page's
    /// source). On by default: LMS reports need it to show expected answers.
    #[serde(default = "yes")]
    pub correct_responses: bool,
}

fn yes() -> bool {
    true
}

/// Is `name` safe as a file name and in identifiers: `[a-z0-9][a-z0-9._-]*`.
pub fn is_valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
}
