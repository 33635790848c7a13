//! xAPI statements as an LRS exports them: a JSON array, or JSON lines (one statement a line).
//!
//! - `answered` / `responded` statements are answers: the object's IRI ends in the question id
//!   (`…/hs-briefing-dehumanisation-2026/dh-q1`, or `…#dh-q1`), `result.response` and
//!   `result.success` are the response and whether it was right, `result.duration` its latency;
//! - `passed`, `failed`, `scored` and `completed` statements with `result.score` are attempt
//!   scores; their object is the module's activity;
//! - any other verb (`launched`, `initialized`, ...) is counted as skipped.
//!
//! The learner is `actor.account.name`, else `actor.mbox`, `mbox_sha1sum` or `openid`. The
//! module of an answer is the last segment of its parent activity
//! (`context.contextActivities.parent`); the version, team, region and attempt come from
//! `context.extensions` keys ending in `version`, `team`, `region` and `attempt`
//! (`context.registration` is the attempt when present; `context.team.name` the team).

use super::{parse_bool, parse_duration, Defaults, Loc, ReadResults, Rejected, Row, RowKind};
use serde_json::Value;

pub fn parse(file: &str, text: &str, defaults: &Defaults) -> ReadResults {
    let mut out = ReadResults::default();
    for (offset, value) in statements(text, &mut out, file) {
        out.read += 1;
        let at = Loc {
            file: file.to_string(),
            line: super::line_of(text, offset),
            offset,
        };
        match statement(&value, defaults) {
            Ok(Some(row)) => out.rows.push(Row { at, ..row }),
            Ok(None) => {
                let verb = verb(&value).unwrap_or_default();
                *out.skipped
                    .entry(format!("xAPI statement with verb `{verb}`"))
                    .or_default() += 1;
            }
            Err(reason) => out.rejected.push(Rejected { at, reason }),
        }
    }
    out
}

/// The statements with the byte offset each starts at. JSON lines are read line by line, so
/// one broken line loses only itself; in an array, a syntax error loses the rest of the array.
fn statements(text: &str, out: &mut ReadResults, file: &str) -> Vec<(usize, Value)> {
    let body_start = text.len() - text.trim_start_matches('\u{feff}').trim_start().len();
    let mut found = Vec::new();
    let reject = |out: &mut ReadResults, offset: usize, reason: String| {
        out.read += 1;
        out.rejected.push(Rejected {
            at: Loc {
                file: file.to_string(),
                line: super::line_of(text, offset),
                offset,
            },
            reason,
        });
    };
    if text[body_start..].starts_with('[') {
        let mut pos = body_start + 1;
        loop {
            pos += text[pos..].len() - text[pos..].trim_start().len();
            if text[pos..].starts_with(']') || pos >= text.len() {
                break;
            }
            let mut stream = serde_json::Deserializer::from_str(&text[pos..]).into_iter::<Value>();
            match stream.next() {
                Some(Ok(v)) => {
                    found.push((pos, v));
                    pos += stream.byte_offset();
                }
                Some(Err(e)) => {
                    reject(
                        out,
                        pos,
                        format!("not a JSON statement ({e}); the rest of the array cannot be read"),
                    );
                    break;
                }
                None => break,
            }
            pos += text[pos..].len() - text[pos..].trim_start().len();
            if text[pos..].starts_with(',') {
                pos += 1;
            }
        }
    } else {
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let trimmed = line.trim().trim_start_matches('\u{feff}');
            if !trimmed.is_empty() {
                match serde_json::from_str::<Value>(trimmed) {
                    Ok(v) => found.push((offset, v)),
                    Err(e) => reject(out, offset, format!("not a JSON statement: {e}")),
                }
            }
            offset += line.len();
        }
    }
    found
}

fn verb(v: &Value) -> Option<String> {
    v.pointer("/verb/id")
        .and_then(Value::as_str)
        .map(|id| last_segment(id).to_lowercase())
}

/// `https://x/activities/hs-assessment?a=b` -> `hs-assessment`.
fn last_segment(iri: &str) -> &str {
    let iri = iri.split('?').next().unwrap_or(iri);
    let iri = iri.trim_end_matches('/');
    iri.rsplit(['/', '#']).next().unwrap_or(iri)
}

/// The question reference of an answer's object: `module#question`, `module/question` (the
/// last two path segments) or the question id alone.
fn item_of(iri: &str) -> String {
    let iri = iri.split('?').next().unwrap_or(iri).trim_end_matches('/');
    let path = iri.split_once("://").map_or(iri, |(_, rest)| rest);
    if let Some((before, question)) = path.rsplit_once('#') {
        return format!("{}#{question}", last_segment(before));
    }
    let segments: Vec<&str> = path.split('/').collect();
    match segments.as_slice() {
        [.., module, question] if segments.len() > 2 => format!("{module}/{question}"),
        [.., question] => (*question).to_string(),
        [] => String::new(),
    }
}

/// A value under `context.extensions` whose key ends in `suffix`.
fn extension<'a>(v: &'a Value, suffix: &str) -> Option<&'a Value> {
    v.pointer("/context/extensions")?
        .as_object()?
        .iter()
        .find(|(k, _)| k.trim_end_matches('/').ends_with(suffix))
        .map(|(_, x)| x)
}

fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn learner(v: &Value) -> Option<String> {
    [
        "/actor/account/name",
        "/actor/mbox",
        "/actor/mbox_sha1sum",
        "/actor/openid",
    ]
    .iter()
    .find_map(|p| v.pointer(p).and_then(text_of))
}

/// One statement as a row; `Ok(None)` for a statement that is not a result.
fn statement(v: &Value, defaults: &Defaults) -> Result<Option<Row>, String> {
    if !v.is_object() {
        return Err("a statement must be a JSON object".into());
    }
    let verb = verb(v).ok_or("the statement has no `verb.id`")?;
    let is_answer = matches!(verb.as_str(), "answered" | "responded");
    let is_score = matches!(verb.as_str(), "passed" | "failed" | "scored" | "completed");
    if !is_answer && !is_score {
        return Ok(None);
    }
    if is_score && v.pointer("/result/score").is_none() {
        return Ok(None);
    }
    let learner =
        learner(v).ok_or("the actor has no `account.name`, `mbox`, `mbox_sha1sum` or `openid`")?;
    let object = v
        .pointer("/object/id")
        .and_then(Value::as_str)
        .ok_or("the statement has no `object.id`")?;
    let parent = v
        .pointer("/context/contextActivities/parent/0/id")
        .and_then(Value::as_str);
    let module = if is_answer {
        parent.map(|p| last_segment(p).to_string())
    } else {
        Some(last_segment(object).to_string())
    }
    .or_else(|| defaults.module.clone());
    let version = extension(v, "version")
        .and_then(text_of)
        .or_else(|| defaults.version.clone());
    let attempt = v
        .pointer("/context/registration")
        .and_then(text_of)
        .or_else(|| extension(v, "attempt").and_then(text_of))
        .unwrap_or_else(|| "1".to_string());
    let duration = match v.pointer("/result/duration").and_then(Value::as_str) {
        None => None,
        Some(d) => Some(
            parse_duration(d)
                .ok_or(format!("result.duration `{d}` is not an ISO 8601 duration"))?,
        ),
    };
    let kind = if is_answer {
        let response = v
            .pointer("/result/response")
            .and_then(text_of)
            .ok_or("an answer needs `result.response`")?;
        let correct = match v.pointer("/result/success") {
            None | Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(other) => Some(
                other
                    .as_str()
                    .and_then(parse_bool)
                    .ok_or("result.success must be true or false")?,
            ),
        };
        RowKind::Response {
            item: item_of(object),
            response,
            correct,
            latency: duration,
        }
    } else {
        let score = v.pointer("/result/score").unwrap_or(&Value::Null);
        let num = |k: &str| score.get(k).and_then(Value::as_f64);
        let (raw, max) = match (num("raw"), num("max"), num("scaled")) {
            (Some(raw), Some(max), _) if max > 0.0 && (0.0..=max).contains(&raw) => (raw, max),
            (_, _, Some(scaled)) if (0.0..=1.0).contains(&scaled) => (scaled * 100.0, 100.0),
            _ => {
                return Err(
                    "result.score needs `raw` and `max` (0 ≤ raw ≤ max) or `scaled` (0 to 1)"
                        .into(),
                )
            }
        };
        let passed = match verb.as_str() {
            "passed" => Some(true),
            "failed" => Some(false),
            _ => v.pointer("/result/success").and_then(Value::as_bool),
        };
        RowKind::Score {
            raw,
            max,
            passed,
            duration,
        }
    };
    Ok(Some(Row {
        at: Loc {
            file: String::new(),
            line: 0,
            offset: 0,
        },
        learner,
        team: v
            .pointer("/context/team/name")
            .and_then(text_of)
            .or_else(|| extension(v, "team").and_then(text_of)),
        region: extension(v, "region").and_then(text_of),
        module,
        version,
        attempt,
        timestamp: v.pointer("/timestamp").and_then(text_of),
        kind,
    }))
}
