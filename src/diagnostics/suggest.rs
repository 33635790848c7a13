//! "Did you mean …?" for misspelt keys, ids and codes.

/// The candidate closest to `word`, if it is close enough to be a plausible typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word_lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// Longer lists (every module id of a course) help nobody.
const LIST_AT_MOST: usize = 30;

/// A help line: "did you mean `x`?" or the list of what is allowed.
pub fn did_you_mean(word: &str, candidates: &[&str]) -> String {
    match closest(word, candidates.iter().copied()) {
        Some(c) => format!("did you mean `{c}`?"),
        None if candidates.len() > LIST_AT_MOST => {
            format!("no known name is close to `{word}`; check the spelling")
        }
        None => format!(
            "expected one of: {}",
            candidates
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_spelling() {
        assert_eq!(closest("titel", ["title", "tags", "kind"]), Some("title"));
        assert_eq!(
            closest("prerequisite", ["prerequisites", "regions"]),
            Some("prerequisites")
        );
    }

    #[test]
    fn no_suggestion_for_unrelated_word() {
        assert_eq!(closest("zzzz", ["title", "kind"]), None);
        assert_eq!(
            did_you_mean("zzzz", &["title", "kind"]),
            "expected one of: `title`, `kind`"
        );
    }
}
