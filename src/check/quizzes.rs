//! Questions and cases beyond one module: assessments pull questions that exist and are served,
//! and cases without their own decisions use the site's list.

use crate::config::Settings;
use crate::content::model::{Course, Module};
use crate::diagnostics::{suggest, Code, Diagnostic};

pub fn check(settings: &Settings, course: &Course) -> Vec<Diagnostic> {
    course
        .modules
        .iter()
        .flat_map(|m| check_module(settings, course, m))
        .collect()
}

/// The questions an assessment pulls (reads the modules it pulls from) and one module's cases.
pub fn check_module(settings: &Settings, course: &Course, m: &Module) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    if let Some(a) = &m.assessment {
        for (mid, qid, span) in &a.questions {
            let Some(source) = course.module(mid) else {
                if !course.unparsed.ids.contains(mid) {
                    diags.push(
                        Diagnostic::error(
                            Code::UnknownQuestionRef,
                            format!("`{mid}#{qid}`: there is no module `{mid}`"),
                        )
                        .at(span.clone())
                        .with_help("write `module-id#question-id`"),
                    );
                }
                continue;
            };
            match source.blocks.questions.iter().find(|q| &q.id == qid) {
                None => {
                    let ids: Vec<&str> = source
                        .blocks
                        .questions
                        .iter()
                        .map(|q| q.id.as_str())
                        .collect();
                    diags.push(
                        Diagnostic::error(
                            Code::UnknownQuestionRef,
                            format!("`{mid}#{qid}` is not a question"),
                        )
                        .at(span.clone())
                        .with_help(suggest::did_you_mean(qid, &ids)),
                    );
                }
                Some(q) if !q.is_live(&source.version) => diags.push(
                    Diagnostic::error(
                        Code::UnknownQuestionRef,
                        format!(
                            "`{mid}#{qid}` is retired (or not yet introduced) in {mid} {}",
                            source.version
                        ),
                    )
                    .at(span.clone())
                    .with_help("remove it from `questions`; retired questions are never served"),
                ),
                Some(_) => {}
            }
        }
        let pool = crate::content::quiz::pool(course, m).len();
        if let Some(n) = a.draw {
            if n as usize > pool || n == 0 {
                diags.push(
                    Diagnostic::error(
                        Code::AssessmentInvalid,
                        format!("`draw: {n}` but the pool has {pool} question(s)"),
                    )
                    .at(a.draw_span.clone())
                    .with_help(
                        "draw at least one and at most as many questions as the assessment has",
                    ),
                );
            }
        }
    }
    for c in &m.blocks.cases {
        if c.decisions.is_empty() && !settings.decisions.contains(&c.expected) {
            let all: Vec<&str> = settings.decisions.iter().map(String::as_str).collect();
            diags.push(
                Diagnostic::error(
                    Code::CaseInvalid,
                    format!(
                        "the expected decision `{}` is not one of the decisions",
                        c.expected
                    ),
                )
                .at(c.span.clone())
                .with_help(format!(
                    "{} (the site's `decisions` in syllabus.yaml)",
                    suggest::did_you_mean(&c.expected, &all)
                )),
            );
        }
    }
    diags
}
