//! Result rows -> the results report: per question (difficulty, discrimination, distractor
//! rates, flags), per module version (attempts, pass rate, median score and time, by region and
//! team), calibration per case (decisions, agreement, Fleiss' kappa) with the knowledge gaps,
//! and who passed which certification on which version.
//!
//! Pure. Item statistics count every attempt; calibration counts each learner's first decision
//! on a case (a second try after seeing the reference decision is not an independent vote).

use super::calibration::{case_agreement, fleiss_kappa};
use super::join::{self, Answer, AttemptKey, ItemKey, Joined, JoinedKind, Miss};
use super::pseudonym::pseudonym;
use super::results::{Format, Loc, ReadResults, Rejected, Row};
use super::stats::{difficulty, median, point_biserial, round};
use crate::config::Settings;
use crate::content::model::{Course, Kind, LinkTarget, Module, ModuleId};
use crate::content::quiz::{Question, QuestionType};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A question right more often than this is flagged too easy.
pub const TOO_EASY: f64 = 0.90;
/// A question right less often than this is flagged too hard.
pub const TOO_HARD: f64 = 0.30;
/// Questions with fewer responses are not flagged: a handful of answers says little.
pub const MIN_RESPONSES_FOR_FLAGS: usize = 5;

/// One results file as read, before the join.
pub struct Input {
    pub file: String,
    pub format: Format,
    pub read: ReadResults,
}

pub struct Options<'a> {
    /// Replace learner ids by keyed pseudonyms with this salt.
    pub salt: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct ResultsReport {
    pub summary: Summary,
    pub files: Vec<FileSummary>,
    pub pseudonymised: bool,
    pub questions: Vec<QuestionStats>,
    pub modules: Vec<ModuleStats>,
    pub calibration: Vec<CalibrationStats>,
    pub knowledge_gaps: Vec<Gap>,
    pub gap_clauses: Vec<ClauseGap>,
    pub certifications: Vec<Certification>,
    /// Distinct references the content does not have, with how many rows named each.
    pub unknown: Vec<UnknownRef>,
    /// Every row not used: malformed, unknown or inconsistent with the content.
    pub rejected: Vec<Rejected>,
    pub thresholds: Thresholds,
}

#[derive(Debug, Serialize)]
pub struct Thresholds {
    pub too_easy: f64,
    pub too_hard: f64,
    pub min_responses_for_flags: usize,
    pub min_agreement: f64,
}

#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub read: usize,
    pub used: usize,
    pub rejected: usize,
    pub skipped: usize,
    pub learners: usize,
    pub attempts: usize,
}

#[derive(Debug, Serialize)]
pub struct FileSummary {
    pub file: String,
    pub format: Format,
    pub read: usize,
    pub used: usize,
    pub rejected: usize,
    pub skipped: BTreeMap<String, usize>,
}

#[derive(Debug, Serialize)]
pub struct UnknownRef {
    pub reason: String,
    pub rows: usize,
    pub first: Loc,
}

#[derive(Debug, Serialize)]
pub struct OptionRate {
    pub label: String,
    pub is_correct: bool,
    pub count: usize,
    pub rate: f64,
}

#[derive(Debug, Serialize)]
pub struct QuestionStats {
    pub key: String,
    pub module: String,
    pub id: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub prompt: String,
    pub covers: Vec<String>,
    pub responses: usize,
    pub correct: usize,
    /// Share right (0 to 1).
    pub difficulty: Option<f64>,
    /// Point-biserial correlation with the rest of the attempt's score.
    pub discrimination: Option<f64>,
    /// Choice rates per option (choice and true-false), or the most frequent responses
    /// (text and match).
    pub options: Vec<OptionRate>,
    /// Responses that matched no option.
    pub other: usize,
    pub flags: Vec<&'static str>,
}

#[derive(Debug, Default, Serialize)]
pub struct GroupStats {
    pub group: String,
    pub learners: usize,
    pub attempts: usize,
    pub passed: usize,
    /// Share of attempts passed (0 to 1), where pass/fail is known.
    pub pass_rate: Option<f64>,
    /// Percent.
    pub median_score: Option<f64>,
    /// Seconds.
    pub median_time: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct ModuleStats {
    pub module: String,
    pub version: String,
    pub title: String,
    pub kind: &'static str,
    pub pass_mark: Option<u32>,
    #[serde(flatten)]
    pub all: GroupStats,
    pub by_region: Vec<GroupStats>,
    pub by_team: Vec<GroupStats>,
}

#[derive(Debug, Serialize)]
pub struct DecisionCount {
    pub decision: String,
    pub count: usize,
    pub rate: f64,
    pub is_expected: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClauseRef {
    pub module: String,
    pub clause: String,
    pub title: String,
}

#[derive(Debug, Serialize)]
pub struct CaseStats {
    pub key: String,
    pub id: String,
    pub expected: String,
    pub responses: usize,
    pub decisions: Vec<DecisionCount>,
    /// Share of learners who chose the expected decision.
    pub agreement: Option<f64>,
    /// Share of pairs of learners who chose the same decision.
    pub rater_agreement: Option<f64>,
    /// The most chosen decision other than the expected one.
    pub top_alternative: Option<String>,
    pub clauses: Vec<ClauseRef>,
    pub is_gap: bool,
}

#[derive(Debug, Serialize)]
pub struct CalibrationStats {
    pub module: String,
    pub version: String,
    pub title: String,
    pub learners: usize,
    pub kappa: Option<f64>,
    pub cases: Vec<CaseStats>,
}

#[derive(Debug, Serialize)]
pub struct Gap {
    pub module: String,
    pub version: String,
    pub case: String,
    pub expected: String,
    pub agreement: f64,
    pub responses: usize,
    pub top_alternative: Option<String>,
    pub clauses: Vec<ClauseRef>,
}

#[derive(Debug, Serialize)]
pub struct ClauseGap {
    #[serde(flatten)]
    pub clause: ClauseRef,
    pub cases: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Certification {
    pub learner: String,
    pub team: Option<String>,
    pub region: Option<String>,
    pub module: String,
    pub version: String,
    pub attempts: usize,
    pub best_score: Option<f64>,
    pub passed: Option<bool>,
    pub date: Option<String>,
}

/// Everything known about one attempt.
#[derive(Default)]
struct Attempt {
    answers: Vec<(Answer, Option<f64>, usize)>,
    score: Option<(f64, f64, Option<bool>, Option<f64>)>,
    team: Option<String>,
    region: Option<String>,
    timestamp: Option<String>,
}

impl Attempt {
    /// Percent score: from the attempt's score row, else from its answers.
    fn percent(&self) -> Option<f64> {
        if let Some((raw, max, _, _)) = self.score {
            return Some(raw / max * 100.0);
        }
        let (mut got, mut max) = (0.0, 0.0);
        for (a, _, _) in &self.answers {
            let (points, right) = match a {
                Answer::Question {
                    points, correct, ..
                } => (f64::from(*points), *correct),
                Answer::Case { agrees, .. } => (1.0, *agrees),
            };
            max += points;
            if right {
                got += points;
            }
        }
        (max > 0.0).then(|| got / max * 100.0)
    }

    fn passed(&self, pass_mark: Option<u32>) -> Option<bool> {
        if let Some((_, _, Some(p), _)) = self.score {
            return Some(p);
        }
        let mark = f64::from(pass_mark?);
        self.percent().map(|p| p + 1e-9 >= mark)
    }

    /// Seconds: the score row's duration, else the sum of the answers' latencies when every
    /// answer has one.
    fn time(&self) -> Option<f64> {
        if let Some((_, _, _, Some(d))) = self.score {
            return Some(d);
        }
        let latencies: Option<Vec<f64>> = self.answers.iter().map(|(_, l, _)| *l).collect();
        latencies.filter(|l| !l.is_empty()).map(|l| l.iter().sum())
    }
}

pub fn analyse(
    settings: &Settings,
    course: &Course,
    inputs: Vec<Input>,
    options: &Options,
) -> ResultsReport {
    let mut files = Vec::new();
    let mut rejected = Vec::new();
    let mut unknown: BTreeMap<String, UnknownRef> = BTreeMap::new();
    let mut joined: Vec<Joined> = Vec::new();
    let mut summary = Summary::default();
    for input in inputs {
        let mut used = 0;
        let mut file_rejected = input.read.rejected.len();
        rejected.extend(input.read.rejected);
        for mut row in input.read.rows {
            if let Some(salt) = options.salt {
                row.learner = pseudonym(salt, &row.learner);
            }
            match join::join(course, &row) {
                Ok(j) => {
                    used += 1;
                    joined.push(j);
                }
                Err(miss) => {
                    file_rejected += 1;
                    note_miss(&mut unknown, &row, &miss);
                    rejected.push(join::rejected(&row.at, &miss));
                }
            }
        }
        let skipped: usize = input.read.skipped.values().sum();
        summary.read += input.read.read;
        summary.used += used;
        summary.rejected += file_rejected;
        summary.skipped += skipped;
        files.push(FileSummary {
            file: input.file,
            format: input.format,
            read: input.read.read,
            used,
            rejected: file_rejected,
            skipped: input.read.skipped,
        });
    }
    rejected.sort();
    let attempts = attempts(joined);
    summary.attempts = attempts.len();
    summary.learners = attempts
        .keys()
        .map(|k| k.learner.as_str())
        .collect::<BTreeSet<_>>()
        .len();
    let calibration = calibration(course, &attempts, settings.reports.min_agreement);
    let (knowledge_gaps, gap_clauses) = gaps(&calibration);
    ResultsReport {
        summary,
        files,
        pseudonymised: options.salt.is_some(),
        questions: questions(course, &attempts),
        modules: modules(course, &attempts),
        calibration,
        knowledge_gaps,
        gap_clauses,
        certifications: certifications(course, &attempts),
        unknown: unknown.into_values().collect(),
        rejected,
        thresholds: Thresholds {
            too_easy: TOO_EASY,
            too_hard: TOO_HARD,
            min_responses_for_flags: MIN_RESPONSES_FOR_FLAGS,
            min_agreement: f64::from(settings.reports.min_agreement) / 100.0,
        },
    }
}

fn note_miss(unknown: &mut BTreeMap<String, UnknownRef>, row: &Row, miss: &Miss) {
    if let Miss::Unknown(reason) = miss {
        unknown
            .entry(reason.clone())
            .and_modify(|u| u.rows += 1)
            .or_insert_with(|| UnknownRef {
                reason: reason.clone(),
                rows: 1,
                first: row.at.clone(),
            });
    }
}

fn attempts(joined: Vec<Joined>) -> BTreeMap<AttemptKey, Attempt> {
    let mut out: BTreeMap<AttemptKey, Attempt> = BTreeMap::new();
    for j in joined {
        let a = out.entry(j.attempt).or_default();
        a.team = a.team.take().or(j.team);
        a.region = a.region.take().or(j.region);
        if j.timestamp > a.timestamp {
            a.timestamp = j.timestamp;
        }
        match j.kind {
            JoinedKind::Answer { answer, latency } => a.answers.push((answer, latency, j.at.line)),
            JoinedKind::Score {
                raw,
                max,
                passed,
                duration,
            } => a.score = Some((raw, max, passed, duration)),
        }
    }
    out
}

fn module_of<'a>(course: &'a Course, id: &ModuleId) -> Option<&'a Module> {
    course.module(id)
}

fn questions(course: &Course, attempts: &BTreeMap<AttemptKey, Attempt>) -> Vec<QuestionStats> {
    // Per question: (right?, rest score, chosen options, text) for every answer.
    type Obs = (bool, f64, Option<Vec<usize>>, String);
    let mut per: BTreeMap<ItemKey, Vec<Obs>> = BTreeMap::new();
    for a in attempts.values() {
        let total: f64 = a
            .answers
            .iter()
            .filter_map(|(ans, _, _)| match ans {
                Answer::Question {
                    correct: true,
                    points,
                    ..
                } => Some(f64::from(*points)),
                _ => None,
            })
            .sum();
        for (ans, _, _) in &a.answers {
            if let Answer::Question {
                key,
                correct,
                points,
                chosen,
                text,
            } = ans
            {
                let own = if *correct { f64::from(*points) } else { 0.0 };
                per.entry(key.clone()).or_default().push((
                    *correct,
                    total - own,
                    chosen.clone(),
                    text.clone(),
                ));
            }
        }
    }
    per.into_iter()
        .filter_map(|(key, obs)| {
            let m = module_of(course, &key.module)?;
            let q = find_question(course, m, &key.id)?;
            let correct: Vec<bool> = obs.iter().map(|o| o.0).collect();
            let rest: Vec<f64> = obs.iter().map(|o| o.1).collect();
            let p = difficulty(&correct);
            let r = point_biserial(&correct, &rest);
            let (options, other) = option_rates(q, &obs);
            let mut flags = Vec::new();
            if obs.len() >= MIN_RESPONSES_FOR_FLAGS {
                if p.is_some_and(|p| p > TOO_EASY) {
                    flags.push("too-easy");
                }
                if p.is_some_and(|p| p < TOO_HARD) {
                    flags.push("too-hard");
                }
                if r.is_some_and(|r| r < 0.0) {
                    flags.push("negative-discrimination");
                }
            }
            Some(QuestionStats {
                key: key.to_string(),
                module: key.module.0.clone(),
                id: key.id.clone(),
                kind: q.kind.as_str(),
                prompt: q.prompt.clone(),
                covers: q.covers.clone(),
                responses: obs.len(),
                correct: correct.iter().filter(|c| **c).count(),
                difficulty: p.map(|p| round(p, 4)),
                discrimination: r.map(|r| round(r, 4)),
                options,
                other,
                flags,
            })
        })
        .collect()
}

fn find_question<'a>(course: &'a Course, m: &'a Module, id: &str) -> Option<&'a Question> {
    std::iter::once(m)
        .chain(course.releases_of(&m.id).iter().rev().map(|r| &r.module))
        .find_map(|m| m.blocks.questions.iter().find(|q| q.id == id))
}

/// How often each option was chosen (choice, true-false), or the five most frequent responses
/// (text, match); and how many responses matched no option.
fn option_rates(
    q: &Question,
    obs: &[(bool, f64, Option<Vec<usize>>, String)],
) -> (Vec<OptionRate>, usize) {
    let n = obs.len().max(1) as f64;
    let rate = |count: usize| round(count as f64 / n, 4);
    match q.kind {
        QuestionType::Single | QuestionType::Multiple | QuestionType::TrueFalse => {
            let labels: Vec<(String, bool)> = if q.kind == QuestionType::TrueFalse {
                let answer = q.answer.unwrap_or(false);
                vec![("true".into(), answer), ("false".into(), !answer)]
            } else {
                q.options
                    .iter()
                    .map(|o| (o.text.clone(), o.correct))
                    .collect()
            };
            let mut counts = vec![0usize; labels.len()];
            let mut other = 0;
            for (_, _, chosen, _) in obs {
                match chosen {
                    Some(c) if !c.is_empty() => {
                        for i in c {
                            if let Some(x) = counts.get_mut(*i) {
                                *x += 1;
                            }
                        }
                    }
                    _ => other += 1,
                }
            }
            let rates = labels
                .into_iter()
                .zip(counts)
                .map(|((label, is_correct), count)| OptionRate {
                    label,
                    is_correct,
                    count,
                    rate: rate(count),
                })
                .collect();
            (rates, other)
        }
        QuestionType::Text | QuestionType::Match => {
            let mut counts: BTreeMap<&str, (usize, bool)> = BTreeMap::new();
            for (correct, _, _, text) in obs {
                let e = counts.entry(text.as_str()).or_insert((0, *correct));
                e.0 += 1;
            }
            let mut list: Vec<(&str, (usize, bool))> = counts.into_iter().collect();
            list.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then_with(|| a.0.cmp(b.0)));
            let other = list.iter().skip(5).map(|(_, (c, _))| c).sum();
            let rates = list
                .into_iter()
                .take(5)
                .map(|(label, (count, is_correct))| OptionRate {
                    label: label.to_string(),
                    is_correct,
                    count,
                    rate: rate(count),
                })
                .collect();
            (rates, other)
        }
    }
}

fn group_stats<'a>(
    group: String,
    items: impl Iterator<Item = (&'a AttemptKey, &'a Attempt)>,
    pass_mark: Option<u32>,
) -> GroupStats {
    let mut learners = BTreeSet::new();
    let (mut attempts, mut passed, mut known) = (0, 0, 0);
    let (mut scores, mut times) = (Vec::new(), Vec::new());
    for (k, a) in items {
        learners.insert(k.learner.as_str());
        attempts += 1;
        if let Some(p) = a.passed(pass_mark) {
            known += 1;
            passed += usize::from(p);
        }
        scores.extend(a.percent());
        times.extend(a.time());
    }
    GroupStats {
        group,
        learners: learners.len(),
        attempts,
        passed,
        pass_rate: (known > 0).then(|| round(passed as f64 / known as f64, 4)),
        median_score: median(&scores).map(|s| round(s, 2)),
        median_time: median(&times).map(|t| round(t, 1)),
    }
}

fn modules(course: &Course, attempts: &BTreeMap<AttemptKey, Attempt>) -> Vec<ModuleStats> {
    let mut by_version: BTreeMap<(ModuleId, semver::Version), Vec<(&AttemptKey, &Attempt)>> =
        BTreeMap::new();
    for (k, a) in attempts {
        by_version
            .entry((k.module.clone(), k.version.clone()))
            .or_default()
            .push((k, a));
    }
    by_version
        .into_iter()
        .filter_map(|((id, version), list)| {
            let m = module_of(course, &id)?;
            let pass_mark = m.assessment.as_ref().map(|a| a.pass_mark);
            let split = |field: fn(&Attempt) -> Option<&String>| {
                let mut groups: BTreeMap<String, Vec<(&AttemptKey, &Attempt)>> = BTreeMap::new();
                for (k, a) in &list {
                    if let Some(g) = field(a) {
                        groups.entry(g.clone()).or_default().push((k, a));
                    }
                }
                groups
                    .into_iter()
                    .map(|(g, items)| group_stats(g, items.into_iter(), pass_mark))
                    .collect::<Vec<_>>()
            };
            Some(ModuleStats {
                module: id.0.clone(),
                version: version.to_string(),
                title: m.title.clone(),
                kind: m.kind.as_str(),
                pass_mark,
                all: group_stats(String::new(), list.iter().copied(), pass_mark),
                by_region: split(|a| a.region.as_ref()),
                by_team: split(|a| a.team.as_ref()),
            })
        })
        .collect()
}

fn calibration(
    course: &Course,
    attempts: &BTreeMap<AttemptKey, Attempt>,
    min_agreement: u32,
) -> Vec<CalibrationStats> {
    // (module, version) -> case key -> learner -> (attempt order, decision).
    type Votes = BTreeMap<ItemKey, BTreeMap<String, ((u64, String, usize), String)>>;
    let mut per: BTreeMap<(ModuleId, semver::Version), Votes> = BTreeMap::new();
    for (k, a) in attempts {
        for (ans, _, line) in &a.answers {
            if let Answer::Case { key, decision, .. } = ans {
                let order = (
                    k.attempt.parse::<u64>().unwrap_or(u64::MAX),
                    k.attempt.clone(),
                    *line,
                );
                let votes = per
                    .entry((k.module.clone(), k.version.clone()))
                    .or_default()
                    .entry(key.clone())
                    .or_default();
                let e = votes
                    .entry(k.learner.clone())
                    .or_insert_with(|| (order.clone(), decision.clone()));
                if order < e.0 {
                    *e = (order, decision.clone());
                }
            }
        }
    }
    per.into_iter()
        .filter_map(|((id, version), votes)| {
            let m = module_of(course, &id)?;
            let mut decisions: Vec<String> = Vec::new();
            let mut cases = Vec::new();
            let mut learners = BTreeSet::new();
            let mut matrix = Vec::new();
            for (key, by_learner) in &votes {
                let owner = module_of(course, &key.module)?;
                let case = std::iter::once(owner)
                    .chain(
                        course
                            .releases_of(&owner.id)
                            .iter()
                            .rev()
                            .map(|r| &r.module),
                    )
                    .find_map(|m| m.blocks.cases.iter().find(|c| c.id == key.id))?;
                for d in &case.decisions {
                    if !decisions.contains(d) {
                        decisions.push(d.clone());
                    }
                }
                learners.extend(by_learner.keys().cloned());
                let n = by_learner.len();
                let count = |d: &str| by_learner.values().filter(|(_, x)| x == d).count();
                let counts: Vec<usize> = case.decisions.iter().map(|d| count(d)).collect();
                let agreement = (n > 0).then(|| count(&case.expected) as f64 / n as f64);
                let top_alternative = case
                    .decisions
                    .iter()
                    .filter(|d| **d != case.expected)
                    .map(|d| (count(d), d))
                    .filter(|(c, _)| *c > 0)
                    .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(a.1)))
                    .map(|(_, d)| d.clone());
                cases.push(CaseStats {
                    key: key.to_string(),
                    id: key.id.clone(),
                    expected: case.expected.clone(),
                    responses: n,
                    decisions: case
                        .decisions
                        .iter()
                        .zip(&counts)
                        .map(|(d, c)| DecisionCount {
                            decision: d.clone(),
                            count: *c,
                            rate: round(*c as f64 / n.max(1) as f64, 4),
                            is_expected: *d == case.expected,
                        })
                        .collect(),
                    agreement: agreement.map(|a| round(a, 4)),
                    rater_agreement: case_agreement(&counts).map(|a| round(a, 4)),
                    top_alternative,
                    clauses: cited_clauses(course, owner, case.rationale.as_deref()),
                    is_gap: agreement.is_some_and(|a| a * 100.0 + 1e-9 < f64::from(min_agreement)),
                });
                matrix.push(
                    by_learner
                        .values()
                        .map(|(_, d)| d.clone())
                        .collect::<Vec<_>>(),
                );
            }
            let rows: Vec<Vec<usize>> = matrix
                .iter()
                .map(|votes| {
                    decisions
                        .iter()
                        .map(|d| votes.iter().filter(|v| *v == d).count())
                        .collect()
                })
                .collect();
            Some(CalibrationStats {
                module: id.0.clone(),
                version: version.to_string(),
                title: m.title.clone(),
                learners: learners.len(),
                kappa: fleiss_kappa(&rows).map(|k| round(k, 4)),
                cases,
            })
        })
        .collect()
}

/// The clauses a case's rationale links to (`module:hs-sop-triage#hs-severity`, relative
/// links, `#anchor`), in order, each once.
fn cited_clauses(course: &Course, owner: &Module, rationale: Option<&str>) -> Vec<ClauseRef> {
    let Some(text) = rationale else {
        return Vec::new();
    };
    let mut out: Vec<ClauseRef> = Vec::new();
    for event in pulldown_cmark::Parser::new(text) {
        let pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link { dest_url, .. }) = event else {
            continue;
        };
        let target = crate::content::markdown::classify(&dest_url, &owner.content_path);
        let (module, anchor) = match target {
            LinkTarget::Module { id, path, anchor } => (course.resolve(&id, &path), anchor),
            LinkTarget::Anchor(a) => (Some(owner), Some(a)),
            _ => continue,
        };
        let (Some(m), Some(anchor)) = (module, anchor) else {
            continue;
        };
        let title = m
            .headings
            .iter()
            .find(|h| h.anchor == anchor)
            .map_or_else(|| anchor.clone(), |h| h.text.clone());
        let c = ClauseRef {
            module: m.id.0.clone(),
            clause: anchor,
            title,
        };
        if !out
            .iter()
            .any(|o| o.module == c.module && o.clause == c.clause)
        {
            out.push(c);
        }
    }
    out
}

fn gaps(calibration: &[CalibrationStats]) -> (Vec<Gap>, Vec<ClauseGap>) {
    let mut gaps: Vec<Gap> = calibration
        .iter()
        .flat_map(|c| {
            c.cases.iter().filter(|s| s.is_gap).map(|s| Gap {
                module: c.module.clone(),
                version: c.version.clone(),
                case: s.key.clone(),
                expected: s.expected.clone(),
                agreement: s.agreement.unwrap_or(0.0),
                responses: s.responses,
                top_alternative: s.top_alternative.clone(),
                clauses: s.clauses.clone(),
            })
        })
        .collect();
    gaps.sort_by(|a, b| {
        a.agreement
            .total_cmp(&b.agreement)
            .then_with(|| a.case.cmp(&b.case))
    });
    let mut by_clause: BTreeMap<(String, String), ClauseGap> = BTreeMap::new();
    for g in &gaps {
        for c in &g.clauses {
            by_clause
                .entry((c.module.clone(), c.clause.clone()))
                .or_insert_with(|| ClauseGap {
                    clause: c.clone(),
                    cases: Vec::new(),
                })
                .cases
                .push(g.case.clone());
        }
    }
    (gaps, by_clause.into_values().collect())
}

fn certifications(course: &Course, attempts: &BTreeMap<AttemptKey, Attempt>) -> Vec<Certification> {
    let mut per: BTreeMap<(ModuleId, semver::Version, String), Vec<&Attempt>> = BTreeMap::new();
    for (k, a) in attempts {
        per.entry((k.module.clone(), k.version.clone(), k.learner.clone()))
            .or_default()
            .push(a);
    }
    per.into_iter()
        .filter_map(|((id, version, learner), list)| {
            let m = module_of(course, &id)?;
            if m.kind != Kind::Assessment {
                return None;
            }
            let pass_mark = m.assessment.as_ref().map(|a| a.pass_mark);
            let best = list
                .iter()
                .filter_map(|a| a.percent())
                .max_by(f64::total_cmp);
            let passing = list.iter().find(|a| a.passed(pass_mark) == Some(true));
            let passed = if passing.is_some() {
                Some(true)
            } else if list.iter().any(|a| a.passed(pass_mark).is_some()) {
                Some(false)
            } else {
                None
            };
            let date = passing
                .and_then(|a| a.timestamp.clone())
                .or_else(|| list.iter().filter_map(|a| a.timestamp.clone()).max())
                .map(|t| t.chars().take(10).collect());
            Some(Certification {
                learner,
                team: list.iter().find_map(|a| a.team.clone()),
                region: list.iter().find_map(|a| a.region.clone()),
                module: id.0.clone(),
                version: version.to_string(),
                attempts: list.len(),
                best_score: best.map(|b| round(b, 2)),
                passed,
                date,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
