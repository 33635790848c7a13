//! Questions, calibration cases and acknowledgements as accessible forms.
//!
//! Trainee pages carry no answer key: the right answers are salted digests the theme's
//! `quiz.js` compares the reader's answer with (a deterrent against casual peeking, not
//! security). Trainer pages mark the right answers and show every explanation instead.

use super::highlight::escape;
use crate::config::Edition;
use crate::content::quiz::{
    answer_key, correct_answers, match_rights, salt, Acknowledgement, Case, Question, QuestionType,
};
use crate::i18n::Table;

/// What a question needs besides itself.
pub struct QuizContext<'a> {
    pub module: &'a str,
    pub version: &'a semver::Version,
    pub edition: Edition,
    pub t: &'a Table,
    /// Renders a Markdown fragment (prompt, option, feedback) with the page's link rules.
    pub markdown: &'a dyn Fn(&str) -> String,
    /// Inside a graded assessment: no per-question check button.
    pub graded: bool,
}

impl QuizContext<'_> {
    fn t(&self, key: &str, fallback: &str) -> String {
        escape(self.t.get(key).map_or(fallback, String::as_str))
    }

    fn trainer(&self) -> bool {
        self.edition == Edition::Trainer
    }

    /// The trainer edition's marker next to a right answer; nothing in the trainee edition.
    fn correct_mark(&self, is_right: bool, key: &str, fallback: &str) -> String {
        if self.trainer() && is_right {
            format!(
                " <strong class=\"q-correct\">{}</strong>",
                self.t(key, fallback)
            )
        } else {
            String::new()
        }
    }

    /// Markdown rendered without a wrapping paragraph, for legends and labels.
    fn inline(&self, md: &str) -> String {
        let html = (self.markdown)(md);
        let trimmed = html.trim();
        match trimmed
            .strip_prefix("<p>")
            .and_then(|s| s.strip_suffix("</p>"))
        {
            Some(inner) if !inner.contains("<p>") => inner.to_string(),
            _ => trimmed.to_string(),
        }
    }
}

pub fn question(q: &Question, cx: &QuizContext, number: Option<usize>) -> String {
    let s = salt(cx.module, &q.id, cx.version);
    let keys: Vec<String> = correct_answers(q)
        .iter()
        .map(|a| answer_key(&s, a))
        .collect();
    let base = format!("{}--{}", cx.module, q.id);
    let mut h = format!(
        "<fieldset class=\"question\" id=\"q-{base}\" data-module=\"{}\" data-question=\"{}\" data-type=\"{}\" data-salt=\"{s}\" data-keys=\"{}\" data-points=\"{}\" data-covers=\"{}\"{}>\n",
        escape(cx.module),
        escape(&q.id),
        q.kind.as_str(),
        keys.join(" "),
        q.points,
        escape(&q.covers.join(" ")),
        if q.case_sensitive { " data-case-sensitive" } else { "" },
    );
    let label = number
        .map(|n| {
            format!(
                "<span class=\"q-number\">{} </span>",
                cx.t("question_n", "Question {n}")
                    .replace("{n}", &n.to_string())
            )
        })
        .unwrap_or_default();
    h.push_str(&format!(
        "<legend class=\"q-prompt\">{label}{}</legend>\n",
        cx.inline(&q.prompt)
    ));
    match q.kind {
        QuestionType::Single | QuestionType::Multiple => {
            let input = if q.kind == QuestionType::Single {
                "radio"
            } else {
                "checkbox"
            };
            h.push_str("<div class=\"q-options\">\n");
            for (i, o) in q.options.iter().enumerate() {
                let id = format!("{base}-{i}");
                let mark = cx.correct_mark(o.correct, "correct_answer", "Correct answer");
                h.push_str(&format!(
                    "<div class=\"q-option\" data-value=\"{i}\"><input type=\"{input}\" id=\"{id}\" name=\"{base}\" value=\"{i}\"> <label for=\"{id}\">{}</label>{mark}",
                    cx.inline(&o.text)
                ));
                if let Some(f) = &o.feedback {
                    let hidden = if cx.trainer() { "" } else { " hidden" };
                    h.push_str(&format!(
                        "<div class=\"q-option-feedback\" data-for=\"{i}\"{hidden}>{}</div>",
                        (cx.markdown)(f)
                    ));
                }
                h.push_str("</div>\n");
            }
            h.push_str("</div>\n");
        }
        QuestionType::TrueFalse => {
            h.push_str("<div class=\"q-options\">\n");
            for (value, key, fallback) in [("true", "true", "True"), ("false", "false", "False")] {
                let id = format!("{base}-{value}");
                let mark = cx.correct_mark(
                    q.answer == Some(value == "true"),
                    "correct_answer",
                    "Correct answer",
                );
                h.push_str(&format!(
                    "<div class=\"q-option\" data-value=\"{value}\"><input type=\"radio\" id=\"{id}\" name=\"{base}\" value=\"{value}\"> <label for=\"{id}\">{}</label>{mark}</div>\n",
                    cx.t(key, fallback)
                ));
            }
            h.push_str("</div>\n");
        }
        QuestionType::Text => {
            let id = format!("{base}-answer");
            h.push_str(&format!(
                "<div class=\"q-options\"><label for=\"{id}\">{}</label> <input type=\"text\" id=\"{id}\" name=\"{base}\" autocomplete=\"off\" spellcheck=\"false\"></div>\n",
                cx.t("your_answer", "Your answer")
            ));
            if cx.trainer() {
                h.push_str(&format!(
                    "<p class=\"q-correct\">{}: {}</p>\n",
                    cx.t("accepted_answers", "Accepted answers"),
                    escape(&q.accepted.join(" · "))
                ));
            }
        }
        QuestionType::Match => {
            let rights = match_rights(q);
            h.push_str("<div class=\"q-options q-match\">\n");
            for (i, p) in q.pairs.iter().enumerate() {
                let id = format!("{base}-{i}");
                h.push_str(&format!("<div class=\"q-pair\"><label for=\"{id}\">{}</label> <select id=\"{id}\" data-left=\"{i}\"><option value=\"\">{}</option>", cx.inline(&p.left), cx.t("choose", "Choose…")));
                for (j, r) in rights.iter().enumerate() {
                    h.push_str(&format!("<option value=\"{j}\">{}</option>", escape(r)));
                }
                h.push_str("</select>");
                if cx.trainer() {
                    h.push_str(&format!(
                        " <strong class=\"q-correct\">→ {}</strong>",
                        escape(&p.right)
                    ));
                }
                h.push_str("</div>\n");
            }
            h.push_str("</div>\n");
        }
    }
    if let Some(e) = &q.explanation {
        let hidden = if cx.trainer() { "" } else { " hidden" };
        h.push_str(&format!(
            "<div class=\"q-explanation\"{hidden}>{}</div>\n",
            (cx.markdown)(e)
        ));
    }
    if !cx.graded {
        h.push_str(&format!(
            "<button type=\"button\" class=\"q-check\">{}</button>\n",
            cx.t("check_answer", "Check answer")
        ));
    }
    h.push_str("<p class=\"q-result\" role=\"status\" aria-live=\"polite\"></p>\n</fieldset>\n");
    h
}

pub fn case(c: &Case, decisions: &[String], cx: &QuizContext, sensitive_hint: &str) -> String {
    let s = salt(cx.module, &c.id, cx.version);
    let expected = decisions.iter().position(|d| d == &c.expected).unwrap_or(0);
    let mut labels_idx: Vec<usize> = c
        .expected_labels
        .iter()
        .filter_map(|l| c.labels.iter().position(|x| x == l))
        .collect();
    labels_idx.sort_unstable();
    let label_answer = labels_idx
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let base = format!("{}--{}", cx.module, c.id);
    let mut h = format!(
        "<fieldset class=\"case\" id=\"case-{base}\" data-module=\"{}\" data-case=\"{}\" data-salt=\"{s}\" data-key=\"{}\"{}>\n<legend>{} <span class=\"case-id\">{}</span></legend>\n",
        escape(cx.module),
        escape(&c.id),
        answer_key(&s, &expected.to_string()),
        if c.labels.is_empty() { String::new() } else { format!(" data-label-key=\"{}\"", answer_key(&s, &format!("labels:{label_answer}"))) },
        cx.t("case", "Case"),
        escape(&c.id)
    );
    let scenario = (cx.markdown)(&c.scenario);
    if c.sensitive {
        h.push_str(&format!(
            "<details class=\"sensitive case-scenario\"><summary><span class=\"sensitive-tag\">{}</span> <span class=\"sensitive-hint\">{}</span></summary>\n<div class=\"sensitive-body\">\n{scenario}</div></details>\n",
            cx.t("sensitive_tag", "Sensitive"),
            escape(sensitive_hint)
        ));
    } else {
        h.push_str(&format!(
            "<div class=\"case-scenario\">\n{scenario}</div>\n"
        ));
    }
    h.push_str(&format!(
        "<fieldset class=\"case-decisions\"><legend>{}</legend>\n",
        cx.t("decision", "Your decision")
    ));
    for (i, d) in decisions.iter().enumerate() {
        let id = format!("{base}-d{i}");
        let mark = cx.correct_mark(i == expected, "expected_decision", "Expected decision");
        h.push_str(&format!("<div class=\"q-option\"><input type=\"radio\" id=\"{id}\" name=\"{base}-decision\" value=\"{i}\"> <label for=\"{id}\">{}</label>{mark}</div>\n", escape(&humanise(d))));
    }
    h.push_str("</fieldset>\n");
    if !c.labels.is_empty() {
        h.push_str(&format!(
            "<fieldset class=\"case-labels\"><legend>{}</legend>\n",
            cx.t("policy_labels", "Policy labels")
        ));
        for (i, l) in c.labels.iter().enumerate() {
            let id = format!("{base}-l{i}");
            let mark = cx.correct_mark(
                c.expected_labels.contains(l),
                "expected_label",
                "Expected label",
            );
            h.push_str(&format!("<div class=\"q-option\"><input type=\"checkbox\" id=\"{id}\" name=\"{base}-labels\" value=\"{i}\"> <label for=\"{id}\">{}</label>{mark}</div>\n", escape(&humanise(l))));
        }
        h.push_str("</fieldset>\n");
    }
    if let Some(r) = &c.rationale {
        let hidden = if cx.trainer() { "" } else { " hidden" };
        h.push_str(&format!("<div class=\"case-rationale q-explanation\"{hidden}><p class=\"case-rationale-title\">{}</p>\n{}</div>\n", cx.t("rationale", "Rationale"), (cx.markdown)(r)));
    }
    if !cx.graded {
        h.push_str(&format!(
            "<button type=\"button\" class=\"q-check\">{}</button>\n",
            cx.t("submit_decision", "Submit decision")
        ));
    }
    h.push_str("<p class=\"q-result\" role=\"status\" aria-live=\"polite\"></p>\n</fieldset>\n");
    h
}

pub fn acknowledgement(a: &Acknowledgement, cx: &QuizContext) -> String {
    let id = format!("{}--{}", cx.module, a.id);
    let text = a.text.replace("{version}", &cx.version.to_string());
    format!(
        "<div class=\"acknowledgement\" data-module=\"{}\" data-ack=\"{}\" data-version=\"{}\">\n<input type=\"checkbox\" id=\"ack-{id}\"> <label for=\"ack-{id}\">{}</label>\n<button type=\"button\" class=\"ack-submit\">{}</button>\n<p class=\"q-result\" role=\"status\" aria-live=\"polite\"></p>\n</div>\n",
        escape(cx.module),
        escape(&a.id),
        cx.version,
        cx.inline(&text),
        cx.t("acknowledge", "Acknowledge")
    )
}

/// `age-restrict` -> "Age restrict".
fn humanise(s: &str) -> String {
    super::views::area_label(s)
}
