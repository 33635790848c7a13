//! syllabus's long CSV results format: one row per answered question or decided case
//! (`record` = `response`) and one per attempt score (`record` = `attempt`). Columns are
//! found by their header name (any order, any case); the README has the table.
//!
//! Parsed with the `csv` crate (quoting, embedded commas and newlines, BOM), so a line number
//! is the line the record starts on.

use super::{
    non_empty, parse_bool, parse_duration, table, Loc, ReadResults, Rejected, Row, RowKind,
};
use std::collections::HashMap;

/// Columns every row needs.
const REQUIRED: &[&str] = &["record", "learner", "module", "module_version", "attempt"];

pub fn parse(file: &str, text: &str) -> Result<ReadResults, String> {
    let (header, records) = table::read(file, text, b',', "not a CSV row")?;
    let header: HashMap<String, usize> = header
        .into_iter()
        .enumerate()
        .map(|(i, h)| (h, i))
        .collect();
    let missing: Vec<&str> = REQUIRED
        .iter()
        .filter(|c| !header.contains_key(**c))
        .copied()
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "the header has no column {}",
            missing
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let mut out = ReadResults::default();
    for record in records {
        out.read += 1;
        let (at, record) = match record {
            Ok(r) => r,
            Err(rejected) => {
                out.rejected.push(rejected);
                continue;
            }
        };
        let get = |name: &str| {
            header
                .get(name)
                .and_then(|i| record.get(*i))
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        match row(&get) {
            Ok(kind_and_fields) => out.rows.push(Row {
                at,
                ..kind_and_fields
            }),
            Err(reason) => out.rejected.push(Rejected { at, reason }),
        }
    }
    Ok(out)
}

/// One row from its cells (looked up by column name); the location is filled in by the caller.
fn row<'a>(get: &dyn Fn(&str) -> Option<&'a str>) -> Result<Row, String> {
    let need = |name: &str| get(name).ok_or_else(|| format!("`{name}` is empty"));
    let record = need("record")?.to_lowercase();
    let kind = match record.as_str() {
        "response" => {
            let item = need("question")?.to_string();
            let response = need("response")?.to_string();
            let correct = match get("result") {
                None => None,
                Some(r) => Some(parse_bool(r).ok_or_else(|| {
                    format!("result `{r}` is not `correct` or `wrong` (nor 1/0, true/false)")
                })?),
            };
            RowKind::Response {
                item,
                response,
                correct,
                latency: optional(get("latency"), "latency", parse_duration)?,
            }
        }
        "attempt" => {
            let raw = number(need("score")?, "score")?;
            let max = number(need("max_score")?, "max_score")?;
            if max <= 0.0 || raw > max {
                return Err(format!("score {raw} of max_score {max} is not a score"));
            }
            RowKind::Score {
                raw,
                max,
                passed: optional(get("passed"), "passed", parse_bool)?,
                duration: optional(get("duration"), "duration", parse_duration)?,
            }
        }
        other => {
            return Err(format!(
                "record `{other}` is neither `response` nor `attempt`"
            ))
        }
    };
    Ok(Row {
        at: Loc {
            file: String::new(),
            line: 0,
            offset: 0,
        },
        learner: need("learner")?.to_string(),
        team: non_empty(get("team")),
        region: non_empty(get("region")),
        module: Some(need("module")?.to_string()),
        version: Some(need("module_version")?.to_string()),
        attempt: need("attempt")?.to_string(),
        timestamp: non_empty(get("timestamp")),
        kind,
    })
}

fn number(s: &str, name: &str) -> Result<f64, String> {
    s.parse::<f64>()
        .ok()
        .filter(|n| n.is_finite() && *n >= 0.0)
        .ok_or_else(|| format!("{name} `{s}` is not a number"))
}

fn optional<T>(
    cell: Option<&str>,
    name: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>, String> {
    match cell {
        None => Ok(None),
        Some(s) => parse(s)
            .map(Some)
            .ok_or_else(|| format!("{name} `{s}` cannot be read")),
    }
}
