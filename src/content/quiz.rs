//! Questions (`quiz` blocks), calibration cases (`case` blocks) and acknowledgements
//! (`acknowledge` blocks): YAML inside fenced blocks of a module, parsed into typed data with
//! every mistake reported at its line in the Markdown file.
//!
//! Pure. Offsets from serde_yaml are relative to the block body; the block's offset in the file
//! is added so diagnostics point at the real line.

use crate::content::markdown::{Block, ACKNOWLEDGE, CASE, QUIZ};
use crate::content::model::Heading;
use crate::diagnostics::{suggest, Code, Diagnostic, SourceText, Span};
use crate::yaml::YamlError;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionType {
    Single,
    Multiple,
    TrueFalse,
    Text,
    Match,
}

const TYPES: &[&str] = &["single", "multiple", "true-false", "text", "match"];

impl QuestionType {
    fn parse(s: &str) -> Option<QuestionType> {
        Some(match s {
            "single" => QuestionType::Single,
            "multiple" => QuestionType::Multiple,
            "true-false" => QuestionType::TrueFalse,
            "text" => QuestionType::Text,
            "match" => QuestionType::Match,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        TYPES[self as usize]
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    pub text: String,
    pub correct: bool,
    pub feedback: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Pair {
    pub left: String,
    pub right: String,
}

#[derive(Debug, Clone)]
pub struct Question {
    pub id: String,
    pub kind: QuestionType,
    pub prompt: String,
    pub options: Vec<Choice>,
    /// true-false: the right answer.
    pub answer: Option<bool>,
    /// text: accepted answers.
    pub accepted: Vec<String>,
    pub case_sensitive: bool,
    pub pairs: Vec<Pair>,
    pub explanation: Option<String>,
    pub points: u32,
    pub covers: Vec<String>,
    pub introduced_in: Option<semver::Version>,
    pub retired_in: Option<semver::Version>,
    pub span: Span,
    /// The block's YAML as written (refreshers copy questions verbatim).
    pub yaml: String,
}

impl Question {
    /// Is the question served in `version` of its module?
    pub fn is_live(&self, version: &semver::Version) -> bool {
        self.introduced_in.as_ref().is_none_or(|v| v <= version)
            && self.retired_in.as_ref().is_none_or(|v| v > version)
    }
}

#[derive(Debug, Clone)]
pub struct Case {
    pub id: String,
    pub scenario: String,
    pub sensitive: bool,
    pub decisions: Vec<String>,
    pub expected: String,
    pub labels: Vec<String>,
    pub expected_labels: Vec<String>,
    pub rationale: Option<String>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Acknowledgement {
    pub id: String,
    pub text: String,
    pub span: Span,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    prompt: String,
    #[serde(default)]
    options: Vec<RawChoice>,
    answer: Option<bool>,
    #[serde(default)]
    accepted: Vec<String>,
    #[serde(default)]
    case_sensitive: bool,
    #[serde(default)]
    pairs: Vec<RawPair>,
    explanation: Option<String>,
    points: Option<u32>,
    #[serde(default)]
    covers: Vec<String>,
    introduced_in: Option<String>,
    retired_in: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChoice {
    text: String,
    #[serde(default)]
    correct: bool,
    feedback: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPair {
    left: String,
    right: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    id: String,
    scenario: String,
    #[serde(default)]
    sensitive: bool,
    #[serde(default)]
    decisions: Vec<String>,
    expected: String,
    #[serde(default)]
    labels: Vec<String>,
    #[serde(default)]
    expected_labels: Vec<String>,
    rationale: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAck {
    id: Option<String>,
    text: String,
}

/// Everything the special blocks of one body hold.
#[derive(Debug, Clone, Default)]
pub struct Blocks {
    pub questions: Vec<Question>,
    pub cases: Vec<Case>,
    pub acknowledgement: Option<Acknowledgement>,
}

/// Parses the quiz, case and acknowledge blocks of a body. `headings` are the body's headings,
/// for checking what questions cover; `default_decisions` come from syllabus.yaml.
pub fn parse_blocks(
    source: &Arc<SourceText>,
    blocks: &[Block],
    headings: &[Heading],
    default_decisions: &[String],
) -> (Blocks, Vec<Diagnostic>) {
    let mut out = Blocks::default();
    let mut diags = Vec::new();
    for block in blocks {
        let at = |offset: usize| Span::new(source, block.offset + offset, block.offset + offset);
        let yaml_error = |code: Code, e: &serde_yaml::Error| {
            let y = YamlError::from_serde(e);
            let mut d = Diagnostic::error(
                code,
                format!("in this `{}` block: {}", block.kind, y.message),
            )
            .at(y.offset.map_or_else(|| block.fence.clone(), at));
            if let Some(h) = y.help {
                d = d.with_help(h);
            }
            d
        };
        match block.kind.as_str() {
            QUIZ => match serde_yaml::from_str::<RawQuestion>(&block.text) {
                Ok(raw) => {
                    if let Some(q) = question(raw, block, source, headings, &mut diags) {
                        if out.questions.iter().any(|o| o.id == q.id) {
                            diags.push(
                                Diagnostic::error(Code::DuplicateQuestion, format!("question id `{}` is used twice in this module", q.id))
                                    .at(block.fence.clone())
                                    .with_help("question ids must be unique in a module and stay the same across versions"),
                            );
                        } else {
                            out.questions.push(q);
                        }
                    }
                }
                Err(e) => diags.push(yaml_error(Code::QuestionInvalid, &e).with_help(
                    "a quiz block is YAML with id, type (single, multiple, true-false, text, match), prompt, and options / answer / accepted / pairs",
                )),
            },
            CASE => match serde_yaml::from_str::<RawCase>(&block.text) {
                Ok(raw) => {
                    // Without its own list, a case uses the site's `decisions` (checked later,
                    // where the configuration is known).
                    let decisions = if raw.decisions.is_empty() { default_decisions.to_vec() } else { raw.decisions };
                    if !decisions.is_empty() && !decisions.contains(&raw.expected) {
                        diags.push(
                            Diagnostic::error(Code::CaseInvalid, format!("the expected decision `{}` is not one of the decisions", raw.expected))
                                .at(block.fence.clone())
                                .with_help(suggest::did_you_mean(&raw.expected, &decisions.iter().map(String::as_str).collect::<Vec<_>>())),
                        );
                        continue;
                    }
                    if let Some(l) = raw.expected_labels.iter().find(|l| !raw.labels.contains(l)) {
                        diags.push(
                            Diagnostic::error(Code::CaseInvalid, format!("expected label `{l}` is not one of the labels"))
                                .at(block.fence.clone())
                                .with_help("list every label the moderator can choose under `labels`"),
                        );
                        continue;
                    }
                    if out.cases.iter().any(|c| c.id == raw.id) {
                        diags.push(
                            Diagnostic::error(Code::DuplicateQuestion, format!("case id `{}` is used twice in this module", raw.id))
                                .at(block.fence.clone()),
                        );
                        continue;
                    }
                    out.cases.push(Case {
                        id: raw.id,
                        scenario: raw.scenario,
                        sensitive: raw.sensitive,
                        decisions,
                        expected: raw.expected,
                        labels: raw.labels,
                        expected_labels: raw.expected_labels,
                        rationale: raw.rationale,
                        span: block.fence.clone(),
                    });
                }
                Err(e) => diags.push(yaml_error(Code::CaseInvalid, &e).with_help(
                    "a case block is YAML with id, scenario, decisions (or the site default), expected, and optional labels, expected_labels, rationale, sensitive",
                )),
            },
            ACKNOWLEDGE => match serde_yaml::from_str::<RawAck>(&block.text) {
                Ok(raw) => {
                    if out.acknowledgement.is_some() {
                        diags.push(
                            Diagnostic::error(Code::QuestionInvalid, "a module has at most one acknowledgement")
                                .at(block.fence.clone())
                                .with_help("merge the statements into one `acknowledge` block"),
                        );
                    } else {
                        out.acknowledgement = Some(Acknowledgement {
                            id: raw.id.unwrap_or_else(|| "acknowledgement".to_string()),
                            text: raw.text,
                            span: block.fence.clone(),
                        });
                    }
                }
                Err(e) => diags.push(yaml_error(Code::QuestionInvalid, &e).with_help("an acknowledge block is YAML with `text:` (and an optional `id:`)")),
            },
            _ => {}
        }
    }
    (out, diags)
}

fn question(
    raw: RawQuestion,
    block: &Block,
    source: &Arc<SourceText>,
    headings: &[Heading],
    diags: &mut Vec<Diagnostic>,
) -> Option<Question> {
    let err = |code: Code, msg: String, help: &str| {
        Diagnostic::error(code, msg)
            .at(block.fence.clone())
            .with_help(help.to_string())
    };
    let Some(kind) = QuestionType::parse(&raw.kind) else {
        diags.push(err(
            Code::QuestionInvalid,
            format!("unknown question type `{}`", raw.kind),
            &suggest::did_you_mean(&raw.kind, TYPES),
        ));
        return None;
    };
    let correct = raw.options.iter().filter(|o| o.correct).count();
    let problem = match kind {
        QuestionType::Single | QuestionType::Multiple if raw.options.len() < 2 => Some((
            Code::QuestionInvalid,
            "needs at least two `options`".to_string(),
            "list the choices under `options:`, each with `text:`",
        )),
        QuestionType::Single if correct != 1 => Some((
            Code::QuestionAnswer,
            format!("a `single` question needs exactly one correct option, this one has {correct}"),
            "mark the one right option with `correct: true`, or use `type: multiple`",
        )),
        QuestionType::Multiple if correct == 0 => Some((
            Code::QuestionAnswer,
            "no option is marked correct".to_string(),
            "mark the right options with `correct: true`",
        )),
        QuestionType::TrueFalse if raw.answer.is_none() => Some((
            Code::QuestionAnswer,
            "a `true-false` question needs `answer: true` or `answer: false`".to_string(),
            "add `answer:`",
        )),
        QuestionType::Text if raw.accepted.is_empty() => Some((
            Code::QuestionAnswer,
            "a `text` question needs `accepted` answers".to_string(),
            "list the answers that count as right, e.g. `accepted: [escalate, escalation]`",
        )),
        QuestionType::Match if raw.pairs.len() < 2 => Some((
            Code::QuestionInvalid,
            "a `match` question needs at least two `pairs`".to_string(),
            "write `pairs: [{ left: ..., right: ... }, ...]`",
        )),
        _ => None,
    };
    if let Some((code, msg, help)) = problem {
        diags.push(err(code, format!("question `{}`: {msg}", raw.id), help));
        return None;
    }
    let anchors: Vec<&str> = headings.iter().map(|h| h.anchor.as_str()).collect();
    for c in &raw.covers {
        if !anchors.contains(&c.as_str()) {
            diags.push(err(
                Code::CoversUnknown,
                format!(
                    "question `{}` covers `{c}`, which is not a heading of this module",
                    raw.id
                ),
                &suggest::did_you_mean(c, &anchors),
            ));
        }
    }
    let version = |v: &Option<String>, key: &str, diags: &mut Vec<Diagnostic>| {
        v.as_deref()
            .and_then(|s| match semver::Version::parse(s.trim()) {
                Ok(v) => Some(v),
                Err(_) => {
                    diags.push(err(
                        Code::QuestionInvalid,
                        format!("`{key}: {s}` is not a semantic version"),
                        "write e.g. `2.1.0`",
                    ));
                    None
                }
            })
    };
    let introduced_in = version(&raw.introduced_in, "introduced_in", diags);
    let retired_in = version(&raw.retired_in, "retired_in", diags);
    let _ = source;
    Some(Question {
        id: raw.id,
        kind,
        prompt: raw.prompt,
        options: raw
            .options
            .into_iter()
            .map(|o| Choice {
                text: o.text,
                correct: o.correct,
                feedback: o.feedback,
            })
            .collect(),
        answer: raw.answer,
        accepted: raw.accepted,
        case_sensitive: raw.case_sensitive,
        pairs: raw
            .pairs
            .into_iter()
            .map(|p| Pair {
                left: p.left,
                right: p.right,
            })
            .collect(),
        explanation: raw.explanation,
        points: raw.points.unwrap_or(1).max(1),
        covers: raw.covers,
        introduced_in,
        retired_in,
        span: block.fence.clone(),
        yaml: block.text.clone(),
    })
}

#[cfg(test)]
mod tests;

/// The questions an assessment can serve: its own live questions, then the live questions it
/// pulls from other modules (in the order listed).
pub fn pool<'a>(
    course: &'a crate::content::model::Course,
    m: &'a crate::content::model::Module,
) -> Vec<(&'a crate::content::model::Module, &'a Question)> {
    let mut out: Vec<(&crate::content::model::Module, &Question)> = m
        .blocks
        .questions
        .iter()
        .filter(|q| q.is_live(&m.version))
        .map(|q| (m, q))
        .collect();
    if let Some(a) = &m.assessment {
        for (mid, qid, _) in &a.questions {
            let Some(source) = course.module(mid) else {
                continue;
            };
            if let Some(q) = source
                .blocks
                .questions
                .iter()
                .find(|q| &q.id == qid && q.is_live(&source.version))
            {
                out.push((source, q));
            }
        }
    }
    out
}

/// The salt of a question's answer digests: derived from module, question and version, so a
/// build is deterministic and a digest cannot be reused across questions.
pub fn salt(module: &str, question: &str, version: &semver::Version) -> String {
    hex(&format!("syllabus|{module}|{question}|{version}"))[..16].to_string()
}

/// The digest of an answer as the page's script computes it: sha256 of `salt|answer`, 32 hex.
/// It only deters casual peeking (anyone can try every option); it is not security.
pub fn answer_key(salt: &str, answer: &str) -> String {
    hex(&format!("{salt}|{answer}"))[..32].to_string()
}

fn hex(s: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A typed answer as compared: trimmed, inner whitespace collapsed, lowercased unless the
/// question is case-sensitive. The page's script applies the same rule.
pub fn normalise(text: &str, case_sensitive: bool) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if case_sensitive {
        collapsed
    } else {
        collapsed.to_lowercase()
    }
}

/// The answer string whose digest marks the right answer (see the script for the same rules):
/// option indexes sorted and comma-joined, `true`/`false`, or for `match` the index of each
/// left item's right-hand side in the alphabetically sorted list.
pub fn correct_answers(q: &Question) -> Vec<String> {
    match q.kind {
        QuestionType::Single | QuestionType::Multiple => {
            let idx: Vec<String> = q
                .options
                .iter()
                .enumerate()
                .filter(|(_, o)| o.correct)
                .map(|(i, _)| i.to_string())
                .collect();
            vec![idx.join(",")]
        }
        QuestionType::TrueFalse => vec![q.answer.unwrap_or(false).to_string()],
        QuestionType::Text => q
            .accepted
            .iter()
            .map(|a| normalise(a, q.case_sensitive))
            .collect(),
        QuestionType::Match => {
            let rights = match_rights(q);
            let picks: Vec<String> = q
                .pairs
                .iter()
                .map(|p| {
                    rights
                        .iter()
                        .position(|r| r == &p.right)
                        .unwrap_or(0)
                        .to_string()
                })
                .collect();
            vec![picks.join(",")]
        }
    }
}

/// The right-hand sides of a match question, sorted: the order the page offers them in, which
/// says nothing about the pairing.
pub fn match_rights(q: &Question) -> Vec<String> {
    let mut rights: Vec<String> = q.pairs.iter().map(|p| p.right.clone()).collect();
    rights.sort();
    // Two left items may share a right-hand side ("Remove"); it is offered once.
    rights.dedup();
    rights
}
