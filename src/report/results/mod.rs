//! Results files exported from an LMS, read into plain rows: one per answered question or
//! decided case, and one per attempt score. Three formats, recognised by their content:
//!
//! - `csv`: syllabus's own long CSV (one row per answer, plus attempt rows; see the README);
//! - `moodle`: the download of Moodle's SCORM "Interactions report" (one row per attempt);
//! - `xapi`: xAPI statements, as a JSON array or as JSON lines.
//!
//! Pure: text in, rows out. A row that cannot be read is returned as `Rejected` with its line,
//! never dropped; nothing here knows the course (the join is in `analysis`).

pub mod csv;
pub mod moodle;
mod table;
pub mod xapi;

use crate::diagnostics::{Code, Diagnostic, SourceText, Span};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Where a row was read: file as named on the command line, 1-based line, byte offset.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Loc {
    pub file: String,
    pub line: usize,
    #[serde(skip)]
    pub offset: usize,
}

/// One row of results, in whichever format it came.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub at: Loc,
    pub learner: String,
    pub team: Option<String>,
    pub region: Option<String>,
    /// Module id and version as written, when the format carries them.
    pub module: Option<String>,
    pub version: Option<String>,
    /// The attempt, unique per learner and module (a number or an LMS registration id).
    pub attempt: String,
    /// ISO 8601 date (and time) of the answer or attempt, as written.
    pub timestamp: Option<String>,
    pub kind: RowKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RowKind {
    /// An answered question or a decided case. `item` is `question-id` or `module-id#question-id`.
    Response {
        item: String,
        response: String,
        /// `None` when the format leaves it out (a case's agreement is computed from its
        /// expected decision).
        correct: Option<bool>,
        /// Seconds.
        latency: Option<f64>,
    },
    /// The score of a whole attempt.
    Score {
        raw: f64,
        max: f64,
        passed: Option<bool>,
        /// Seconds.
        duration: Option<f64>,
    },
}

/// A row that could not be used, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Rejected {
    #[serde(flatten)]
    pub at: Loc,
    pub reason: String,
}

/// What one file held.
#[derive(Debug, Default)]
pub struct ReadResults {
    pub rows: Vec<Row>,
    pub rejected: Vec<Rejected>,
    /// Records that are not results (a learner without an attempt, an xAPI `launched`
    /// statement), counted by reason.
    pub skipped: BTreeMap<String, usize>,
    /// Records read: rows, statements or (Moodle) interactions and attempt scores.
    pub read: usize,
}

/// The module and version to assume for files that do not say (`--module ID@VERSION`).
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    pub module: Option<String>,
    pub version: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Csv,
    Moodle,
    Xapi,
}

/// Recognises the format of a results file by its first characters and header.
pub fn detect(text: &str) -> Option<Format> {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with('[') || text.starts_with('{') {
        return Some(Format::Xapi);
    }
    let header = text.lines().next().unwrap_or_default().to_lowercase();
    let cells: Vec<&str> = header
        .split(['\t', ',', ';'])
        .map(|c| c.trim().trim_matches('"'))
        .collect();
    if cells.contains(&"record") && cells.contains(&"learner") {
        Some(Format::Csv)
    } else if cells.contains(&"attempt")
        && cells
            .iter()
            .any(|c| c.starts_with("response ") || c.starts_with("result "))
    {
        Some(Format::Moodle)
    } else {
        None
    }
}

/// Reads a results file of a known format. `Err` when the file as a whole cannot be read
/// (an unknown format, a header without a required column).
pub fn parse(file: &str, text: &str, defaults: &Defaults) -> Result<ReadResults, String> {
    match detect(text) {
        Some(Format::Csv) => csv::parse(file, text),
        Some(Format::Moodle) => moodle::parse(file, text, defaults),
        Some(Format::Xapi) => Ok(xapi::parse(file, text, defaults)),
        None => Err("not a results file syllabus knows: expected the long CSV format (a header with `record` and `learner`), a Moodle SCORM interactions report (`Attempt`, `Response 0`, ...), or xAPI statements (JSON)".to_string()),
    }
}

/// 1-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Rejected rows of one file as warnings at their lines; after `limit` of them, one note with
/// the count of the rest (all of them are in the report's JSON).
pub fn rejected_diagnostics(
    source: &Arc<SourceText>,
    rejected: &[&Rejected],
    code: Code,
    limit: usize,
) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> =
        rejected
            .iter()
            .take(limit)
            .map(|r| {
                Diagnostic::warning(code, format!("{}; the row is skipped", r.reason))
                    .at(Span::new(source, r.at.offset, r.at.offset))
            })
            .collect();
    if rejected.len() > limit {
        out.push(
            Diagnostic::warning(
                code,
                format!(
                    "{} more row(s) of this file were skipped for the same kind of reason",
                    rejected.len() - limit
                ),
            )
            .in_file(&source.path)
            .with_help(
                "every skipped row is listed with its line under `rejected` in results.json",
            ),
        );
    }
    out
}

/// `true`/`false` for the ways LMSs write a result or a pass: `correct`, `wrong`,
/// `incorrect`, `1`, `0`, `true`, `false`, `passed`, `failed`, `yes`, `no`.
pub fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "correct" | "1" | "true" | "t" | "yes" | "y" | "passed" | "pass" => Some(true),
        "wrong" | "incorrect" | "unanticipated" | "0" | "false" | "f" | "no" | "n" | "failed"
        | "fail" => Some(false),
        _ => None,
    }
}

/// Seconds from a number (`12.5`), `HH:MM:SS(.ss)` (SCORM 1.2 time) or an ISO 8601 duration
/// (`PT1M12.5S`, SCORM 2004 and xAPI).
pub fn parse_duration(s: &str) -> Option<f64> {
    let s = s.trim();
    if let Ok(n) = s.parse::<f64>() {
        return (n.is_finite() && n >= 0.0).then_some(n);
    }
    if let Some(rest) = s.strip_prefix('P') {
        return iso_duration(rest);
    }
    let parts: Vec<&str> = s.split(':').collect();
    if parts.len() == 3 {
        let h: f64 = parts[0].parse().ok()?;
        let m: f64 = parts[1].parse().ok()?;
        let sec: f64 = parts[2].parse().ok()?;
        let total = h * 3600.0 + m * 60.0 + sec;
        return (total.is_finite() && total >= 0.0).then_some(total);
    }
    None
}

fn iso_duration(rest: &str) -> Option<f64> {
    let mut total = 0.0;
    let mut number = String::new();
    let mut in_time = false;
    let mut any = false;
    for c in rest.chars() {
        match c {
            'T' => in_time = true,
            '0'..='9' | '.' => number.push(c),
            unit => {
                let n: f64 = number.parse().ok()?;
                number.clear();
                any = true;
                total += n * match (unit, in_time) {
                    ('Y', false) => 365.0 * 86400.0,
                    ('M', false) => 30.0 * 86400.0,
                    ('W', false) => 7.0 * 86400.0,
                    ('D', false) => 86400.0,
                    ('H', true) => 3600.0,
                    ('M', true) => 60.0,
                    ('S', true) => 1.0,
                    _ => return None,
                };
            }
        }
    }
    (any && number.is_empty() && total.is_finite()).then_some(total)
}

/// `hs-assessment@2.0.0` -> (module, version).
pub fn parse_module_ref(s: &str) -> Defaults {
    match s.split_once('@') {
        Some((m, v)) => Defaults {
            module: Some(m.to_string()),
            version: Some(v.to_string()),
        },
        None => Defaults {
            module: Some(s.to_string()),
            version: None,
        },
    }
}

fn non_empty(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

#[cfg(test)]
mod tests;
