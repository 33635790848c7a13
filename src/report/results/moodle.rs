//! The download of Moodle's SCORM "Interactions report" (mod/scorm/report/interactions), one
//! row per learner and attempt:
//!
//! ```text
//! Name | <identity fields> | Attempt | Started on | Last accessed on | Score | <SCO title>...
//!      | Question 0 | Response 0 | Right answer 0 | Result 0 | Question 1 | ...
//! ```
//!
//! Moodle writes its "CSV" download tab-separated (a `.txt` file); a comma-separated copy saved
//! from a spreadsheet reads too. The per-interaction columns are those ticked in the report's
//! options: `Question N` (the interaction id) and `Result N` are needed here. A SCO column holds
//! `raw/max` when the SCO reported a score. A learner without an attempt has `-` cells. The
//! export names neither module nor version, so they come from `--module ID@VERSION`.

use super::{non_empty, parse_bool, table, Defaults, ReadResults, Rejected, Row, RowKind};

/// Identity fields used as the learner id, best first (Moodle's `showuseridentity`).
const LEARNER_COLUMNS: &[&str] = &["id number", "username", "email address", "name"];

/// Columns that are neither identity fields nor SCO titles.
const KNOWN: &[&str] = &[
    "name",
    "attempt",
    "started on",
    "last accessed on",
    "score",
    "id number",
    "username",
    "email address",
    "department",
    "institution",
    "country",
    "city/town",
    "phone",
    "mobile phone",
    "address",
];

struct Columns {
    learner: usize,
    team: Option<usize>,
    region: Option<usize>,
    attempt: usize,
    started: Option<usize>,
    last: Option<usize>,
    scos: Vec<usize>,
    /// Per interaction index: (question, response, result) columns.
    interactions: Vec<(usize, Option<usize>, Option<usize>)>,
}

pub fn parse(file: &str, text: &str, defaults: &Defaults) -> Result<ReadResults, String> {
    if defaults.module.is_none() || defaults.version.is_none() {
        return Err("a Moodle interactions report does not say which module and version it is for: pass --module ID@VERSION (e.g. --module hs-assessment@2.0.0)".to_string());
    }
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.matches('\t').count() >= first.matches(',').count() {
        b'\t'
    } else {
        b','
    };
    let (header, records) = table::read(file, text, delimiter, "not a row of the report")?;
    let cols = columns(&header)?;
    let mut out = ReadResults::default();
    for record in records {
        let (at, record) = match record {
            Ok(r) => r,
            Err(rejected) => {
                out.read += 1;
                out.rejected.push(rejected);
                continue;
            }
        };
        let cell = |i: usize| {
            record
                .get(i)
                .map(str::trim)
                .filter(|s| !s.is_empty() && *s != "-")
        };
        let Some(attempt) = cell(cols.attempt) else {
            out.read += 1;
            *out.skipped
                .entry("learner without an attempt".to_string())
                .or_default() += 1;
            continue;
        };
        let Some(learner) = cell(cols.learner) else {
            out.read += 1;
            out.rejected.push(Rejected {
                at,
                reason: format!("the learner column `{}` is empty", header[cols.learner]),
            });
            continue;
        };
        let started = cols.started.and_then(cell).and_then(parse_date);
        let last = cols.last.and_then(cell).and_then(parse_date);
        let base = Row {
            at: at.clone(),
            learner: learner.to_string(),
            team: non_empty(cols.team.and_then(cell)),
            region: non_empty(cols.region.and_then(cell)),
            module: defaults.module.clone(),
            version: defaults.version.clone(),
            attempt: attempt.to_string(),
            timestamp: started.map(|d| d.format("%Y-%m-%dT%H:%M:%S").to_string()),
            kind: RowKind::Score {
                raw: 0.0,
                max: 0.0,
                passed: None,
                duration: None,
            },
        };
        for (n, (q, resp, res)) in cols.interactions.iter().enumerate() {
            let Some(item) = cell(*q) else { continue };
            out.read += 1;
            let response = resp.and_then(cell).unwrap_or_default().to_string();
            let correct = match res.and_then(cell) {
                None => None,
                Some(r) => match parse_bool(r) {
                    Some(b) => Some(b),
                    None => {
                        out.rejected.push(Rejected {
                            at: at.clone(),
                            reason: format!("Result {n} `{r}` is not `correct` or `wrong`"),
                        });
                        continue;
                    }
                },
            };
            out.rows.push(Row {
                kind: RowKind::Response {
                    item: item.to_string(),
                    response,
                    correct,
                    latency: None,
                },
                ..base.clone()
            });
        }
        out.read += 1;
        let score = cols
            .scos
            .iter()
            .filter_map(|i| cell(*i))
            .find_map(raw_of_max);
        match score {
            Some((raw, max)) => out.rows.push(Row {
                kind: RowKind::Score {
                    raw,
                    max,
                    passed: None,
                    duration: started
                        .zip(last)
                        .map(|(s, l)| (l - s).num_seconds() as f64)
                        .filter(|d| *d >= 0.0),
                },
                ..base
            }),
            None => {
                *out.skipped
                    .entry("attempt without a raw/max score".to_string())
                    .or_default() += 1;
            }
        }
    }
    Ok(out)
}

fn columns(header: &[String]) -> Result<Columns, String> {
    let find = |name: &str| header.iter().position(|h| h == name);
    let attempt = find("attempt").ok_or("the header has no `Attempt` column")?;
    let learner = LEARNER_COLUMNS.iter().find_map(|c| find(c)).ok_or(
        "the header has no learner column (`ID number`, `Username`, `Email address` or `Name`)",
    )?;
    let numbered = |prefix: &str, n: usize| find(&format!("{prefix} {n}"));
    let mut interactions = Vec::new();
    for n in 0.. {
        let q = numbered("question", n);
        let resp = numbered("response", n);
        let res = numbered("result", n);
        if q.is_none() && resp.is_none() && res.is_none() && numbered("right answer", n).is_none() {
            break;
        }
        let q = q.ok_or(format!(
            "the report has no `Question {n}` column: tick \"Question\" (and \"Result\") in the report's options before downloading, so answers can be matched to question ids"
        ))?;
        interactions.push((q, resp, res));
    }
    if interactions.is_empty() {
        return Err("the report has no interaction columns (`Question 0`, `Result 0`, ...)".into());
    }
    let first_interaction = interactions
        .iter()
        .map(|i| i.0)
        .min()
        .unwrap_or(header.len());
    let scos = (attempt + 1..first_interaction)
        .filter(|i| !KNOWN.contains(&header[*i].as_str()))
        .collect();
    Ok(Columns {
        learner,
        team: find("department"),
        region: find("country"),
        attempt,
        started: find("started on"),
        last: find("last accessed on"),
        scos,
        interactions,
    })
}

/// `4/6` -> (4, 6).
fn raw_of_max(cell: &str) -> Option<(f64, f64)> {
    let (raw, max) = cell.split_once('/')?;
    let raw: f64 = raw.trim().parse().ok()?;
    let max: f64 = max.trim().parse().ok()?;
    (raw.is_finite() && max.is_finite() && max > 0.0 && (0.0..=max).contains(&raw))
        .then_some((raw, max))
}

/// Moodle's `userdate` in the English language pack ("Monday, 2 March 2026, 9:15 AM"), its
/// spreadsheet variant ("2 March 2026, 9:15 AM") or ISO 8601.
fn parse_date(s: &str) -> Option<chrono::NaiveDateTime> {
    const FORMATS: &[&str] = &[
        "%A, %d %B %Y, %I:%M %p",
        "%d %B %Y, %I:%M %p",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ];
    FORMATS
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(s, f).ok())
}
