//! The search index `syllabus build` writes: what it holds and what it must never hold, read back
//! the way `theme/search.js` reads it (data files that call `syllabusSearch.load(name, json)`).

use crate::support::{tree, Project};
use serde_json::Value;
use std::collections::BTreeMap;

/// Words of `tests/fixtures/search/site` that trainees must never find: trainer notes, question
/// prompts, options, feedback and explanations, cases and their rationale, sensitive examples
/// (and a heading inside one), raw HTML.
const NEVER_INDEXED: &[&str] = &[
    "trainersecret",
    "promptword",
    "answerkeyword",
    "wrongoption",
    "feedbackword",
    "explanationword",
    "scenarioword",
    "rationaleword",
    "sensitiveword",
    "hiddenheading",
    "rawhtmlword",
    "秘密",
];

/// The data files of a build, by name.
fn data_files(files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Value> {
    files
        .iter()
        .filter(|(path, _)| path.starts_with("search/"))
        .map(|(path, bytes)| {
            let text = String::from_utf8_lossy(bytes);
            let rest = text
                .strip_prefix("syllabusSearch.load(\"")
                .unwrap_or_else(|| panic!("{path}: not a data file"));
            let (name, json) = rest.split_at(16);
            let json = json
                .strip_prefix("\",")
                .and_then(|j| j.strip_suffix(");\n"))
                .unwrap_or_else(|| panic!("{path}: not a data file"));
            assert_eq!(path, &format!("search/{name}.js"), "named by content");
            let value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{path}: {e}"));
            (name.to_string(), value)
        })
        .collect()
}

/// A locale's index, as the results page finds it.
struct Index {
    meta: Value,
    data: BTreeMap<String, Value>,
}

impl Index {
    fn of(files: &BTreeMap<String, Vec<u8>>, locale: &str) -> Index {
        let page =
            String::from_utf8_lossy(&files[&format!("{locale}/search/index.html")]).into_owned();
        let at = page
            .find("data-index=\"../../search/")
            .unwrap_or_else(|| panic!("no index in\n{page}"));
        let name = &page[at + "data-index=\"../../search/".len()..][..16];
        let data = data_files(files);
        Index {
            meta: data[name].clone(),
            data,
        }
    }

    /// Every term of the index with its postings (document, weight).
    fn terms(&self) -> BTreeMap<String, Vec<(usize, u64)>> {
        let mut out = BTreeMap::new();
        for file in self.meta["terms"].as_array().into_iter().flatten() {
            let chunk = &self.data[file[1].as_str().unwrap_or_default()];
            let terms = chunk["terms"].as_array().into_iter().flatten();
            let postings = chunk["postings"].as_array().into_iter().flatten();
            for (term, list) in terms.zip(postings) {
                let numbers: Vec<u64> = list
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_u64)
                    .collect();
                let mut doc = 0;
                let docs = numbers
                    .chunks(2)
                    .map(|p| {
                        doc += p[0] as usize;
                        (doc, p[1])
                    })
                    .collect();
                out.insert(term.as_str().unwrap_or_default().to_string(), docs);
            }
        }
        out
    }

    /// The text record a result shows for document `doc`.
    fn record(&self, doc: usize) -> Value {
        let d = &self.meta["docs"][doc];
        let file = self.meta["texts"][d[4].as_u64().unwrap_or_default() as usize]
            .as_str()
            .unwrap_or_default();
        self.data[file][d[5].as_u64().unwrap_or_default() as usize].clone()
    }

    /// The module ids of the documents holding `term`.
    fn find(&self, term: &str) -> Vec<String> {
        let terms = self.terms();
        terms
            .get(term)
            .into_iter()
            .flatten()
            .map(|(doc, _)| {
                self.record(*doc)["id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect()
    }
}

fn built() -> BTreeMap<String, Vec<u8>> {
    let project = Project::fixture("search/site");
    project.run(&["build"]).code(0);
    tree(&project.path().join("public"))
}

#[test]
fn title_summary_tags_headings_and_body_are_findable() {
    let files = built();
    let en = Index::of(&files, "en");
    for word in [
        "zebracrossing",
        "summaryword",
        "tagword",
        "severity",
        "bodyword",
        "escalation",
    ] {
        assert_eq!(en.find(word), ["triage"], "{word}");
    }
    assert_eq!(en.find("calibration"), ["calibration"]);
    assert_eq!(en.find("nosuchword"), Vec::<String>::new());
}

#[test]
fn trainer_notes_answers_cases_and_sensitive_examples_are_never_indexed() {
    for edition in ["trainee", "trainer"] {
        let project = Project::fixture("search/site");
        project
            .run(&["build", "--edition", edition, "--out", "out"])
            .code(0);
        let files = tree(&project.path().join("out"));
        let search: Vec<(&String, String)> = files
            .iter()
            .filter(|(p, _)| p.starts_with("search/") || p.contains("/search/"))
            .map(|(p, b)| (p, String::from_utf8_lossy(b).to_lowercase()))
            .collect();
        assert!(search.len() > 3, "{edition}: no search files");
        for word in NEVER_INDEXED {
            for (path, text) in &search {
                assert!(!text.contains(word), "{edition}: {path} holds `{word}`");
            }
        }
        // The words are on the pages, so their absence from the index is a choice, not an accident.
        let page = String::from_utf8_lossy(&files["en/triage/index.html"]).to_lowercase();
        assert!(page.contains("sensitiveword") && page.contains("promptword"));
    }
}

#[test]
fn japanese_text_is_found_by_any_two_characters() {
    let files = built();
    let ja = Index::of(&files, "ja");
    for bigram in ["誹謗", "謗中", "中傷", "段階"] {
        assert_eq!(ja.find(bigram), ["triage"], "{bigram}");
    }
    // A line break in the Markdown does not cut the text: 誹謗中傷は / エスカレーション.
    assert_eq!(ja.find("はエ"), ["triage"]);
    // The last character of a run is a term of its own, for one-character queries.
    assert_eq!(ja.find("傷"), Vec::<String>::new(), "傷 is followed by は");
    assert_eq!(ja.find("す"), ["triage"]);
    // An untranslated module is searchable in its source language, under its page's locale.
    assert_eq!(ja.find("calibration"), ["calibration"]);
    assert_eq!(Index::of(&files, "en").find("誹謗"), Vec::<String>::new());
}

#[test]
fn records_hold_what_a_result_shows() {
    let files = built();
    let en = Index::of(&files, "en");
    // Documents are the modules in id order.
    assert_eq!(en.record(0)["id"], "calibration");
    let triage = en.record(1);
    assert_eq!(triage["title"], "Zebracrossing triage");
    assert_eq!(triage["lang"], "en");
    let sections: Vec<(String, String)> = triage["sections"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            (
                s[0].as_str().unwrap_or_default().to_string(),
                s[1].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(
        sections,
        [
            (String::new(), String::new()),
            ("tiers".to_string(), "Severity tiers".to_string())
        ],
        "no section for the heading inside the sensitive block"
    );
    assert_eq!(
        triage["sections"][1][2],
        "Headingless text under tiers: escalation goes to the desk."
    );
    // Filters: kind, area, regions (global and the regions of notes), content warnings.
    assert_eq!(en.meta["regions"], serde_json::json!(["JP", "global"]));
    assert_eq!(en.meta["docs"][0][2], serde_json::json!([0]));
    assert_eq!(en.meta["docs"][1][2], serde_json::json!([1]));
    assert_eq!(en.meta["docs"][1][3], 1, "triage has content warnings");
    assert_eq!(en.meta["kinds"], serde_json::json!(["sop", "calibration"]));
    assert_eq!(
        en.meta["areas"],
        serde_json::json!(["bullying", "hate-speech"])
    );
}

#[test]
fn a_title_match_weighs_more_than_a_body_match() {
    let files = built();
    let terms = Index::of(&files, "en").terms();
    let weight = |term: &str| terms[term][0].1;
    assert!(weight("zebracrossing") > weight("severity"));
    assert!(weight("severity") > weight("bodyword"));
}

#[test]
fn every_page_has_a_search_box_but_the_search_page_and_packages() {
    let project = Project::fixture("search/site");
    project.run(&["build"]).code(0);
    let module = project.read("public/ja/triage/index.html");
    assert!(module.contains("<form class=\"site-search\" role=\"search\" action=\"../search/index.html\" method=\"get\">"));
    let search = project.read("public/ja/search/index.html");
    assert!(
        !search.contains("site-search"),
        "the page's own form is the search box"
    );
    assert!(search.contains("<html lang=\"ja\""));
    assert!(search.contains("<script src=\"../../theme/search.js\" defer></script>"));
}
