//! The results report as one self-contained HTML page: figures as tables, the three charts as
//! inline SVG, every UI string from the theme's tables. Pure.

use super::charts::{self, Bar, Point, Stack};
use super::Standalone;
use crate::diagnostics::Diagnostic;
use crate::render::Site;
use crate::report::analysis::{GroupStats, ResultsReport};
use serde::Serialize;

#[derive(Serialize)]
struct Cell {
    text: String,
    sort: String,
}

#[derive(Serialize)]
struct Group {
    group: String,
    cells: Vec<Cell>,
}

#[derive(Serialize)]
struct Split {
    caption: String,
    groups: Vec<Group>,
}

#[derive(Serialize)]
struct ModuleView {
    title: String,
    version: String,
    all: Group,
    by_region: bool,
    by_team: bool,
    splits: Vec<Split>,
    chart: Option<String>,
}

#[derive(Serialize)]
struct OptionView {
    label: String,
    rate: String,
    is_correct: bool,
}

#[derive(Serialize)]
struct QuestionView {
    key: String,
    prompt: String,
    responses: usize,
    difficulty: String,
    difficulty_sort: String,
    discrimination: String,
    discrimination_sort: String,
    options: Vec<OptionView>,
    flags: Vec<String>,
}

#[derive(Serialize)]
struct CaseView {
    id: String,
    expected: String,
    responses: usize,
    agreement: String,
    agreement_sort: String,
    rater_agreement: String,
    decisions: String,
    is_gap: bool,
}

#[derive(Serialize)]
struct CalibrationView {
    title: String,
    version: String,
    summary: String,
    chart: String,
    cases: Vec<CaseView>,
}

#[derive(Serialize)]
struct GapView {
    case: String,
    version: String,
    expected: String,
    agreement: String,
    instead: String,
    clauses: Vec<String>,
}

#[derive(Serialize)]
struct ClauseView {
    clause: String,
    cases: Vec<String>,
}

#[derive(Serialize)]
struct CertificationView {
    learner: String,
    team: String,
    region: String,
    module: String,
    version: String,
    attempts: usize,
    best_score: String,
    passed: String,
    date: String,
}

#[derive(Serialize)]
struct FileView {
    file: String,
    format: String,
    read: usize,
    used: usize,
    rejected: usize,
    skipped: usize,
}

#[derive(Serialize)]
struct UnknownView {
    reason: String,
    rows: usize,
    first: String,
}

#[derive(Serialize)]
struct RejectedView {
    at: String,
    reason: String,
}

#[derive(Serialize)]
struct ResultsView {
    summary: String,
    pseudonymised: bool,
    files: Vec<FileView>,
    modules: Vec<ModuleView>,
    questions_note: String,
    items_chart: String,
    questions: Vec<QuestionView>,
    calibration: Vec<CalibrationView>,
    gaps_intro: String,
    gaps: Vec<GapView>,
    gap_clauses: Vec<ClauseView>,
    certifications: Vec<CertificationView>,
    unknown: Vec<UnknownView>,
    rejected: Vec<RejectedView>,
    /// Set when more rows were left out than the page lists.
    rejected_more: Option<String>,
}

/// Rows left out listed on the page; results.json has all of them.
const REJECTED_SHOWN: usize = 200;

#[derive(Serialize)]
struct Page<'a> {
    chrome: Standalone<'a>,
    inv: Option<()>,
    results: ResultsView,
}

fn percent(x: Option<f64>) -> String {
    x.map_or_else(String::new, |x| format!("{:.1}%", x * 100.0))
}

fn sort(x: Option<f64>) -> String {
    x.map_or_else(|| "-999".to_string(), |x| format!("{x:.4}"))
}

/// Seconds as `m:ss` (or `h:mm:ss`), the same in every language.
fn clock(seconds: f64) -> String {
    let s = seconds.round() as u64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

fn group(site: &Site, locale: &str, g: &GroupStats) -> Group {
    let na = || site.strings.get(locale, "not_available").to_string();
    Group {
        group: g.group.clone(),
        cells: vec![
            Cell {
                text: g.learners.to_string(),
                sort: g.learners.to_string(),
            },
            Cell {
                text: g.attempts.to_string(),
                sort: g.attempts.to_string(),
            },
            Cell {
                text: g.pass_rate.map_or_else(na, |r| {
                    format!("{} ({}/{})", percent(Some(r)), g.passed, g.attempts)
                }),
                sort: sort(g.pass_rate),
            },
            Cell {
                text: g.median_score.map_or_else(na, |s| format!("{s:.1}%")),
                sort: sort(g.median_score),
            },
            Cell {
                text: g.median_time.map_or_else(na, clock),
                sort: sort(g.median_time),
            },
        ],
    }
}

pub fn render(site: &Site, locale: &str, r: &ResultsReport) -> Result<String, Diagnostic> {
    let s = site.strings;
    let get = |k: &'static str| s.get(locale, k).to_string();
    let summary = s.fill(
        locale,
        "results_summary",
        &[
            ("read", &r.summary.read.to_string()),
            ("used", &r.summary.used.to_string()),
            ("rejected", &r.summary.rejected.to_string()),
            ("skipped", &r.summary.skipped.to_string()),
            ("learners", &r.summary.learners.to_string()),
            ("attempts", &r.summary.attempts.to_string()),
        ],
    );
    let modules = r
        .modules
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut splits = Vec::new();
            if !m.by_region.is_empty() {
                splits.push(Split {
                    caption: get("results_by_region"),
                    groups: m.by_region.iter().map(|g| group(site, locale, g)).collect(),
                });
            }
            if !m.by_team.is_empty() {
                splits.push(Split {
                    caption: get("results_by_team"),
                    groups: m.by_team.iter().map(|g| group(site, locale, g)).collect(),
                });
            }
            let bars: Vec<Bar> = m
                .by_region
                .iter()
                .filter_map(|g| {
                    g.pass_rate.map(|p| Bar {
                        label: g.group.clone(),
                        value: p,
                        text: percent(Some(p)),
                    })
                })
                .collect();
            ModuleView {
                title: m.title.clone(),
                version: m.version.clone(),
                all: group(site, locale, &m.all),
                by_region: !m.by_region.is_empty(),
                by_team: !m.by_team.is_empty(),
                splits,
                chart: (!bars.is_empty()).then(|| {
                    charts::bars(
                        &format!("chart-pass-{}", i + 1),
                        &s.fill(
                            locale,
                            "chart_pass_rates",
                            &[("module", &m.title), ("version", &m.version)],
                        ),
                        &bars,
                    )
                }),
            }
        })
        .collect();
    let flag = |f: &str| {
        get(match f {
            "too-easy" => "flag_too_easy",
            "too-hard" => "flag_too_hard",
            _ => "flag_negative_discrimination",
        })
    };
    let points: Vec<Point> = r
        .questions
        .iter()
        .filter_map(|q| {
            Some(Point {
                label: q.id.clone(),
                x: q.difficulty?,
                y: q.discrimination.unwrap_or(0.0),
                flagged: !q.flags.is_empty(),
            })
        })
        .collect();
    let questions = r
        .questions
        .iter()
        .map(|q| QuestionView {
            key: q.key.clone(),
            prompt: q.prompt.clone(),
            responses: q.responses,
            difficulty: percent(q.difficulty),
            difficulty_sort: sort(q.difficulty),
            discrimination: q
                .discrimination
                .map_or_else(|| get("not_available"), |d| format!("{d:.2}")),
            discrimination_sort: sort(q.discrimination),
            options: q
                .options
                .iter()
                .map(|o| OptionView {
                    label: o.label.clone(),
                    rate: format!("{} ({})", percent(Some(o.rate)), o.count),
                    is_correct: o.is_correct,
                })
                .collect(),
            flags: q.flags.iter().map(|f| flag(f)).collect(),
        })
        .collect();
    let t = &r.thresholds;
    let calibration = r
        .calibration
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut legend: Vec<String> = Vec::new();
            for d in c.cases.iter().flat_map(|s| &s.decisions) {
                if !legend.contains(&d.decision) {
                    legend.push(d.decision.clone());
                }
            }
            let stacks: Vec<Stack> = c
                .cases
                .iter()
                .map(|s| Stack {
                    label: s.id.clone(),
                    counts: legend
                        .iter()
                        .map(|l| {
                            s.decisions
                                .iter()
                                .find(|d| &d.decision == l)
                                .map_or(0, |d| d.count)
                        })
                        .collect(),
                    expected: legend.iter().position(|l| *l == s.expected),
                })
                .collect();
            CalibrationView {
                title: c.title.clone(),
                version: c.version.clone(),
                summary: s.fill(
                    locale,
                    "calibration_summary",
                    &[
                        ("learners", &c.learners.to_string()),
                        (
                            "kappa",
                            &c.kappa
                                .map_or_else(|| get("not_available"), |k| format!("{k:.2}")),
                        ),
                    ],
                ),
                chart: charts::stacks(
                    &format!("chart-decisions-{}", i + 1),
                    &s.fill(
                        locale,
                        "chart_decisions",
                        &[("module", &c.title), ("version", &c.version)],
                    ),
                    &legend,
                    &stacks,
                ),
                cases: c
                    .cases
                    .iter()
                    .map(|s| CaseView {
                        id: s.id.clone(),
                        expected: s.expected.clone(),
                        responses: s.responses,
                        agreement: percent(s.agreement),
                        agreement_sort: sort(s.agreement),
                        rater_agreement: percent(s.rater_agreement),
                        decisions: s
                            .decisions
                            .iter()
                            .map(|d| format!("{} {}", d.decision, d.count))
                            .collect::<Vec<_>>()
                            .join(", "),
                        is_gap: s.is_gap,
                    })
                    .collect(),
            }
        })
        .collect();
    let clause =
        |c: &crate::report::analysis::ClauseRef| format!("{} ({}#{})", c.title, c.module, c.clause);
    let view = ResultsView {
        summary,
        pseudonymised: r.pseudonymised,
        files: r
            .files
            .iter()
            .map(|f| FileView {
                file: f.file.clone(),
                format: serde_json::to_value(f.format)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                read: f.read,
                used: f.used,
                rejected: f.rejected,
                skipped: f.skipped.values().sum(),
            })
            .collect(),
        modules,
        questions_note: s.fill(
            locale,
            "results_questions_note",
            &[
                ("n", &t.min_responses_for_flags.to_string()),
                ("easy", &format!("{:.0}", t.too_easy * 100.0)),
                ("hard", &format!("{:.0}", t.too_hard * 100.0)),
            ],
        ),
        items_chart: charts::scatter(
            "chart-items",
            &get("chart_items"),
            &get("axis_difficulty"),
            &get("axis_discrimination"),
            &points,
            (t.too_hard, t.too_easy),
        ),
        questions,
        calibration,
        gaps_intro: s.fill(
            locale,
            "results_gaps_intro",
            &[("percent", &format!("{:.0}", t.min_agreement * 100.0))],
        ),
        gaps: r
            .knowledge_gaps
            .iter()
            .map(|g| GapView {
                case: g.case.clone(),
                version: g.version.clone(),
                expected: g.expected.clone(),
                agreement: percent(Some(g.agreement)),
                instead: g.top_alternative.clone().unwrap_or_default(),
                clauses: g.clauses.iter().map(clause).collect(),
            })
            .collect(),
        gap_clauses: r
            .gap_clauses
            .iter()
            .map(|c| ClauseView {
                clause: clause(&c.clause),
                cases: c.cases.clone(),
            })
            .collect(),
        certifications: r
            .certifications
            .iter()
            .map(|c| CertificationView {
                learner: c.learner.clone(),
                team: c.team.clone().unwrap_or_default(),
                region: c.region.clone().unwrap_or_default(),
                module: c.module.clone(),
                version: c.version.clone(),
                attempts: c.attempts,
                best_score: c.best_score.map(|b| format!("{b:.1}%")).unwrap_or_default(),
                passed: match c.passed {
                    Some(true) => get("answer_yes"),
                    Some(false) => get("answer_no"),
                    None => get("not_available"),
                },
                date: c.date.clone().unwrap_or_default(),
            })
            .collect(),
        unknown: r
            .unknown
            .iter()
            .map(|u| UnknownView {
                reason: u.reason.clone(),
                rows: u.rows,
                first: format!("{}:{}", u.first.file, u.first.line),
            })
            .collect(),
        rejected_more: (r.rejected.len() > REJECTED_SHOWN).then(|| {
            s.fill(
                locale,
                "results_rejected_more",
                &[("n", &(r.rejected.len() - REJECTED_SHOWN).to_string())],
            )
        }),
        rejected: r
            .rejected
            .iter()
            .take(REJECTED_SHOWN)
            .map(|x| RejectedView {
                at: format!("{}:{}", x.at.file, x.at.line),
                reason: x.reason.clone(),
            })
            .collect(),
    };
    let title = get("results_title");
    let page = Page {
        chrome: Standalone::new(site, locale, &title),
        inv: None,
        results: view,
    };
    site.fragment("report.html", &page)
}
