//! Module pages rendered as SCOs for a package: the same page as on the site, without the
//! site's navigation (a SCO cannot leave itself), with the SCORM runtime script and its
//! settings.

use serde::Serialize;

/// Set on a `Site` that renders module pages for a package.
#[derive(Debug, Clone)]
pub struct ScoMode {
    /// Where the site is published; links to other modules go there in a new window.
    pub site_url: Option<String>,
    /// Package-wide runtime settings (standard, completion rule, limits), merged with each
    /// module's own into the page's `syllabus-sco` JSON.
    pub runtime: serde_json::Map<String, serde_json::Value>,
    /// Overrides the assessment's pass mark.
    pub mastery: Option<u32>,
    /// Put each question's correct responses on the page for reporting.
    pub correct_responses: bool,
}

/// What a SCO page adds to the module page.
#[derive(Serialize)]
pub struct ScoView {
    /// Relative href of `scorm.js`.
    pub js: String,
    /// The runtime's settings as JSON, safe inside a `<script>` element.
    pub config: String,
}

/// JSON text that cannot end the `<script>` element it sits in.
pub fn script_json(value: &serde_json::Value) -> String {
    value
        .to_string()
        .replace("</", "<\\/")
        .replace("<!--", "\\u003c!--")
}

/// The SCO additions for module `m`'s page at `page`: the runtime's settings for this module
/// (merged over the package's) and where its script is.
pub fn view(
    site: &super::Site,
    sco: &ScoMode,
    m: &crate::content::model::Module,
    l: &super::localize::Localized,
    locale: &str,
    page: &str,
) -> ScoView {
    use crate::content::quiz;
    use serde_json::{json, Map, Value};
    // A case without its own decisions offers the site's (as the page does).
    let decisions_of = |c: &quiz::Case| {
        if c.decisions.is_empty() {
            site.settings.decisions.clone()
        } else {
            c.decisions.clone()
        }
    };
    let mut config = sco.runtime.clone();
    config.insert("module".into(), json!(m.id.as_str()));
    config.insert("version".into(), json!(m.version.to_string()));
    config.insert("kind".into(), json!(m.kind.as_str()));
    config.insert(
        "mastery".into(),
        json!(m
            .assessment
            .as_ref()
            .map(|a| sco.mastery.unwrap_or(a.pass_mark))),
    );
    // The "all sections seen" completion rule counts the h2 sections of the text shown.
    config.insert(
        "sections".into(),
        json!(l.headings.iter().filter(|h| h.level == 2).count()),
    );
    if sco.correct_responses {
        let mut questions = Map::new();
        let own = m.blocks.questions.iter().map(|q| (m, q));
        let pulled = m
            .assessment
            .as_ref()
            .map(|_| quiz::pool(site.course, m))
            .unwrap_or_default();
        for (source, q) in own.chain(pulled) {
            questions.insert(
                format!("{}/{}", source.id, q.id),
                json!(quiz::correct_answers(q)),
            );
        }
        let mut cases = Map::new();
        for c in &m.blocks.cases {
            cases.insert(
                format!("{}/{}", m.id, c.id),
                json!({
                    "decisions": decisions_of(c),
                    "labels": c.labels,
                    "expected": c.expected,
                    "expected_labels": c.expected_labels,
                }),
            );
        }
        config.insert("correct".into(), Value::Object(questions));
        config.insert("cases".into(), Value::Object(cases));
    } else {
        // Without correct responses the runtime still reports decisions by name.
        let mut cases = Map::new();
        for c in &m.blocks.cases {
            cases.insert(
                format!("{}/{}", m.id, c.id),
                json!({ "decisions": decisions_of(c), "labels": c.labels }),
            );
        }
        config.insert("cases".into(), Value::Object(cases));
    }
    let t = site.strings.table(locale);
    let strings: Map<String, Value> = ["sco_resume", "sco_continue", "sco_start_over"]
        .iter()
        .filter_map(|k| t.get(*k).map(|v| ((*k).to_string(), json!(v))))
        .collect();
    config.insert("strings".into(), Value::Object(strings));
    ScoView {
        js: super::urls::relative(page, &super::urls::theme_asset("scorm.js")),
        config: script_json(&Value::Object(config)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_cannot_close_its_script_element() {
        let v = serde_json::json!({"t": "</script><!--"});
        let s = script_json(&v);
        assert!(!s.contains("</") && !s.contains("<!--"), "{s}");
        let back: serde_json::Value = serde_json::from_str(&s).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, v);
    }
}
