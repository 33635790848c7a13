//! Joins result rows to the question bank: which module and version an attempt was of, which
//! question or case an answer was to, whether it was right, which options it chose.
//!
//! Question ids are stable across versions (assessments issue), so an answer joins to its
//! question whatever version served it. A module, version, question or case the content does
//! not have is reported (`Unknown`), never guessed. Pure.

use super::results::{Loc, Rejected, Row, RowKind};
use crate::content::model::{Course, Module, ModuleId};
use crate::content::quiz::{normalise, Case, Question, QuestionType};

/// A question or case as `owner#id`, the key statistics are kept under.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ItemKey {
    pub module: ModuleId,
    pub id: String,
}

impl std::fmt::Display for ItemKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}#{}", self.module, self.id)
    }
}

/// The attempt a row belongs to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AttemptKey {
    pub module: ModuleId,
    pub version: semver::Version,
    pub learner: String,
    pub attempt: String,
}

#[derive(Debug, Clone)]
pub enum Answer {
    Question {
        key: ItemKey,
        correct: bool,
        points: u32,
        /// Option indexes chosen (choice and true-false questions: 0 = true, 1 = false);
        /// `None` for text and match questions.
        chosen: Option<Vec<usize>>,
        /// The normalised response, for text and match questions.
        text: String,
    },
    Case {
        key: ItemKey,
        decision: String,
        agrees: bool,
    },
}

#[derive(Debug, Clone)]
pub struct Joined {
    pub attempt: AttemptKey,
    pub at: Loc,
    pub team: Option<String>,
    pub region: Option<String>,
    pub timestamp: Option<String>,
    pub kind: JoinedKind,
}

#[derive(Debug, Clone)]
pub enum JoinedKind {
    Answer {
        answer: Answer,
        latency: Option<f64>,
    },
    Score {
        raw: f64,
        max: f64,
        passed: Option<bool>,
        duration: Option<f64>,
    },
}

/// Why a row was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Miss {
    /// The row names something the content does not have: reported once per distinct reason.
    Unknown(String),
    /// The row is inconsistent with the content (a decision not offered, no result).
    Invalid(String),
}

pub fn join(course: &Course, row: &Row) -> Result<Joined, Miss> {
    let module_id = row.module.as_deref().ok_or_else(|| {
        Miss::Unknown(
            "the row does not say which module it is for (pass --module ID@VERSION)".into(),
        )
    })?;
    let module = course
        .module(&ModuleId(module_id.to_string()))
        .ok_or_else(|| Miss::Unknown(format!("module `{module_id}` is not in the content")))?;
    let written = row.version.as_deref().ok_or_else(|| {
        Miss::Unknown(format!("the row does not say which version of `{module_id}` it is for (pass --module {module_id}@VERSION)"))
    })?;
    let version = semver::Version::parse(written.trim_start_matches('v')).map_err(|_| {
        Miss::Invalid(format!(
            "module version `{written}` is not a semantic version"
        ))
    })?;
    let served = served_module(course, module, &version).ok_or_else(|| {
        let mut known: Vec<String> = course
            .releases_of(&module.id)
            .iter()
            .map(|r| r.version.to_string())
            .chain(std::iter::once(module.version.to_string()))
            .collect();
        known.dedup();
        Miss::Unknown(format!(
            "`{module_id}` has no version {version} (known: {})",
            known.join(", ")
        ))
    })?;
    let attempt = AttemptKey {
        module: module.id.clone(),
        version,
        learner: row.learner.clone(),
        attempt: row.attempt.clone(),
    };
    let kind = match &row.kind {
        RowKind::Score {
            raw,
            max,
            passed,
            duration,
        } => JoinedKind::Score {
            raw: *raw,
            max: *max,
            passed: *passed,
            duration: *duration,
        },
        RowKind::Response {
            item,
            response,
            correct,
            latency,
        } => JoinedKind::Answer {
            answer: answer(course, served, item, response, *correct)?,
            latency: *latency,
        },
    };
    Ok(Joined {
        attempt,
        at: row.at.clone(),
        team: row.team.clone(),
        region: row.region.clone(),
        timestamp: row.timestamp.clone(),
        kind,
    })
}

/// The module as served in `version`: the current text or a stored release.
fn served_module<'a>(
    course: &'a Course,
    module: &'a Module,
    version: &semver::Version,
) -> Option<&'a Module> {
    if &module.version == version {
        return Some(module);
    }
    course
        .releases_of(&module.id)
        .iter()
        .find(|r| &r.version == version)
        .map(|r| &r.module)
}

enum Item<'a> {
    Question(&'a Question),
    Case(&'a Case),
}

/// Finds a question or case of `owner` by id, in its current text or any release.
fn item_of<'a>(course: &'a Course, owner: &'a Module, id: &str) -> Option<(ModuleId, Item<'a>)> {
    let modules = std::iter::once(owner).chain(
        course
            .releases_of(&owner.id)
            .iter()
            .rev()
            .map(|r| &r.module),
    );
    for m in modules {
        if let Some(q) = m.blocks.questions.iter().find(|q| q.id == id) {
            return Some((owner.id.clone(), Item::Question(q)));
        }
        if let Some(c) = m.blocks.cases.iter().find(|c| c.id == id) {
            return Some((owner.id.clone(), Item::Case(c)));
        }
    }
    None
}

/// Resolves `item` as written: `module#id` (also `module/id`, `module:id`), else the id among
/// the served module's own questions and cases, the questions it pulls, and finally the one
/// module of the course that has a question or case with that id.
fn resolve<'a>(
    course: &'a Course,
    served: &'a Module,
    item: &str,
) -> Result<(ModuleId, Item<'a>), Miss> {
    let unknown = || {
        Miss::Unknown(format!(
            "`{item}` is not a question or case of `{}` {} (nor of a module it pulls from)",
            served.id, served.version
        ))
    };
    let bare = match item.rsplit_once(['#', '/', ':']) {
        Some((prefix, id)) => match course.module(&ModuleId(prefix.to_string())) {
            Some(owner) => return item_of(course, owner, id).ok_or_else(unknown),
            None => id,
        },
        None => item,
    };
    if let Some(q) = served.blocks.questions.iter().find(|q| q.id == bare) {
        return Ok((served.id.clone(), Item::Question(q)));
    }
    if let Some(c) = served.blocks.cases.iter().find(|c| c.id == bare) {
        return Ok((served.id.clone(), Item::Case(c)));
    }
    if let Some(a) = &served.assessment {
        for (mid, qid, _) in &a.questions {
            if qid == bare {
                if let Some(found) = course.module(mid).and_then(|m| item_of(course, m, qid)) {
                    return Ok(found);
                }
            }
        }
    }
    let mut found = course
        .modules
        .iter()
        .filter_map(|m| item_of(course, m, bare));
    match (found.next(), found.next()) {
        (Some(one), None) => Ok(one),
        (Some((a, _)), Some((b, _))) => Err(Miss::Unknown(format!(
            "`{bare}` is a question id of several modules ({a}, {b}, ...): write `module#{bare}`"
        ))),
        _ => Err(unknown()),
    }
}

fn answer(
    course: &Course,
    served: &Module,
    item: &str,
    response: &str,
    correct: Option<bool>,
) -> Result<Answer, Miss> {
    let (owner, found) = resolve(course, served, item)?;
    match found {
        Item::Case(c) => {
            let decision = decision(c, response)?;
            Ok(Answer::Case {
                key: ItemKey {
                    module: owner,
                    id: c.id.clone(),
                },
                agrees: decision == c.expected,
                decision,
            })
        }
        Item::Question(q) => {
            let chosen = chosen(q, response);
            let text = normalise(response, q.case_sensitive);
            let correct = match correct {
                Some(c) => c,
                None => judge(q, chosen.as_deref(), &text).ok_or_else(|| {
                    Miss::Invalid(format!(
                        "the answer to `{}` has no result, and a {} question cannot be marked from its response",
                        q.id,
                        q.kind.as_str()
                    ))
                })?,
            };
            Ok(Answer::Question {
                key: ItemKey {
                    module: owner,
                    id: q.id.clone(),
                },
                correct,
                points: q.points,
                chosen,
                text,
            })
        }
    }
}

/// The decision of a case response: its name or its 0-based index (the page sends the index),
/// before an optional `;labels` part.
fn decision(c: &Case, response: &str) -> Result<String, Miss> {
    let written = response.split(';').next().unwrap_or_default().trim();
    if let Some(d) = c.decisions.iter().find(|d| d.eq_ignore_ascii_case(written)) {
        return Ok(d.clone());
    }
    if let Some(d) = written
        .parse::<usize>()
        .ok()
        .and_then(|i| c.decisions.get(i))
    {
        return Ok(d.clone());
    }
    Err(Miss::Invalid(format!(
        "decision `{written}` is not one of case `{}`'s decisions ({})",
        c.id,
        c.decisions.join(", ")
    )))
}

/// The options a response chose: 0-based indexes (as the page reports them), SCORM 1.2 letters
/// (`a`, `b`, ...) or option texts, separated by `,` (or SCORM 2004's `[,]`). True-false:
/// index 0 is true, 1 is false. `None` for text and match questions; an unmatched token
/// leaves the response unmatched (counted as "other").
pub fn chosen(q: &Question, response: &str) -> Option<Vec<usize>> {
    match q.kind {
        QuestionType::TrueFalse => match super::results::parse_bool(response) {
            Some(true) => Some(vec![0]),
            Some(false) => Some(vec![1]),
            None => Some(Vec::new()),
        },
        QuestionType::Single | QuestionType::Multiple => {
            let mut picks = Vec::new();
            for token in response.replace("[,]", ",").split(',') {
                let token = token.trim();
                if token.is_empty() {
                    continue;
                }
                let index = token
                    .parse::<usize>()
                    .ok()
                    .or_else(|| {
                        let mut chars = token.chars();
                        match (chars.next(), chars.next()) {
                            (Some(c), None) if c.is_ascii_lowercase() => {
                                Some(c as usize - 'a' as usize)
                            }
                            _ => None,
                        }
                    })
                    .or_else(|| {
                        q.options
                            .iter()
                            .position(|o| o.text.trim().eq_ignore_ascii_case(token))
                    })
                    .filter(|i| *i < q.options.len());
                match index {
                    Some(i) => picks.push(i),
                    None => return Some(Vec::new()),
                }
            }
            picks.sort_unstable();
            picks.dedup();
            Some(picks)
        }
        QuestionType::Text | QuestionType::Match => None,
    }
}

/// Marks a response when the export gave no result: choice and true-false questions by the
/// options chosen, text questions by the accepted answers. Match questions need a result.
fn judge(q: &Question, chosen: Option<&[usize]>, text: &str) -> Option<bool> {
    match q.kind {
        QuestionType::TrueFalse => {
            let picked = chosen?.first()?;
            Some((*picked == 0) == q.answer?)
        }
        QuestionType::Single | QuestionType::Multiple => {
            let chosen = chosen?;
            if chosen.is_empty() {
                return None;
            }
            let right: Vec<usize> = q
                .options
                .iter()
                .enumerate()
                .filter(|(_, o)| o.correct)
                .map(|(i, _)| i)
                .collect();
            Some(chosen == right.as_slice())
        }
        QuestionType::Text => Some(
            q.accepted
                .iter()
                .any(|a| normalise(a, q.case_sensitive) == text),
        ),
        QuestionType::Match => None,
    }
}

/// A rejected row from a miss.
pub fn rejected(at: &Loc, miss: &Miss) -> Rejected {
    Rejected {
        at: at.clone(),
        reason: match miss {
            Miss::Unknown(r) | Miss::Invalid(r) => r.clone(),
        },
    }
}
