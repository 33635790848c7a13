//! The terms of each text with their weights, and the inverted index of a locale: for every term,
//! the documents holding it with a weight the browser adds up (it multiplies by the term's
//! rarity, which it computes from the number of documents).
//!
//! Pure and linear: each text is analysed on its own (in parallel), a locale's index is one pass
//! over its documents' term lists.

use super::tokenize::{terms_in, Term};
use std::borrow::Cow;

/// rustc's FxHash (the `rustc-hash` crate): a multiply-rotate hash for short keys. Terms are
/// looked up ~20 million times in a 10,000-module build; SipHash (the std default, built to
/// resist collision attacks that do not apply to a build's own text) took about a quarter of the
/// analysis in a profile.
type FxMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// BM25's term-frequency saturation and length normalisation (the usual values).
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Added to a term's weight when it is in the title, or in a heading (or tag), on top of its
/// body score (at most `K1 + 1`): a title match always ranks above the same word in the body,
/// a heading match above it too.
const TITLE_BONUS: f64 = 5.0;
const HEADING_BONUS: f64 = 2.5;
/// Weights are stored as integers: weight × SCALE, at most 255.
const SCALE: f64 = 20.0;

/// The searchable fields of one text (a module's source, or one translation).
pub struct Fields<'a> {
    pub title: &'a str,
    /// Headings and tags.
    pub headings: Vec<&'a str>,
    /// Summary and body sections.
    pub body: Vec<&'a str>,
}

impl Fields<'_> {
    /// Bytes of body text, for length normalisation (cheaper than counting words twice).
    pub fn body_len(&self) -> usize {
        self.body.iter().map(|b| b.len()).sum()
    }
}

/// The distinct terms of a text, sorted, with their weights; packed into one buffer because a
/// large course holds millions of them.
#[derive(Debug, Default)]
pub struct TextTerms {
    buf: String,
    ends: Vec<u32>,
    weights: Vec<u8>,
}

impl TextTerms {
    pub fn iter(&self) -> impl Iterator<Item = (&str, u8)> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(self.ends.iter().copied())
            .map(|(s, e)| &self.buf[s as usize..e as usize])
            .zip(self.weights.iter().copied())
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

#[derive(Default, Clone, Copy)]
struct Count {
    in_title: bool,
    in_heading: bool,
    /// Occurrences in headings and body.
    tf: u32,
}

/// Analyses a text; `len_ratio` is its body length over the average of its language's texts.
pub fn analyse<'a>(fields: &Fields<'a>, len_ratio: f64) -> TextTerms {
    // Keys borrow the text where the term is written as it is indexed (most words): no copy.
    // Sized for the usual number of distinct terms (a few hundred in a module of ~10 KB, about
    // one per 40 bytes): growing the table from empty rehashed it half a dozen times.
    let distinct = (fields.body_len() / 40).clamp(64, 8192);
    let mut counts: FxMap<Cow<'a, str>, Count> =
        FxMap::with_capacity_and_hasher(distinct, Default::default());
    let mut add = |term: Term<'a, '_>, field: Field| {
        let c = match counts.get_mut(term.as_str()) {
            Some(c) => c,
            None => counts.entry(term.into_key()).or_default(),
        };
        match field {
            Field::Title => c.in_title = true,
            Field::Heading => {
                c.in_heading = true;
                c.tf += 1;
            }
            Field::Body => c.tf += 1,
        }
    };
    terms_in(fields.title, |t| add(t, Field::Title));
    for h in &fields.headings {
        terms_in(h, |t| add(t, Field::Heading));
    }
    for b in &fields.body {
        terms_in(b, |t| add(t, Field::Body));
    }
    let norm = K1 * (1.0 - B + B * len_ratio);
    let mut sorted: Vec<(Cow<str>, Count)> = counts.into_iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut out = TextTerms {
        buf: String::with_capacity(sorted.iter().map(|(t, _)| t.len()).sum()),
        ends: Vec::with_capacity(sorted.len()),
        weights: Vec::with_capacity(sorted.len()),
    };
    for (term, c) in sorted {
        out.buf.push_str(&term);
        out.ends
            .push(u32::try_from(out.buf.len()).unwrap_or(u32::MAX));
        out.weights.push(weight(c, norm));
    }
    out
}

#[derive(Clone, Copy)]
enum Field {
    Title,
    Heading,
    Body,
}

fn weight(c: Count, norm: f64) -> u8 {
    let tf = f64::from(c.tf);
    let body = if tf > 0.0 {
        tf * (K1 + 1.0) / (tf + norm)
    } else {
        0.0
    };
    let bonus =
        if c.in_title { TITLE_BONUS } else { 0.0 } + if c.in_heading { HEADING_BONUS } else { 0.0 };
    // In 1..=255 by construction; the cast saturates anyway.
    ((body + bonus) * SCALE).round().clamp(1.0, 255.0) as u8
}

/// A term's postings: (document number, weight), by document. Numbers and weights are kept
/// apart (5 bytes an entry, not a padded 8): a large course has millions of entries.
#[derive(Debug, Default)]
pub struct Postings {
    docs: Vec<u32>,
    weights: Vec<u8>,
}

impl Postings {
    fn with_capacity(n: usize) -> Postings {
        Postings {
            docs: Vec::with_capacity(n),
            weights: Vec::with_capacity(n),
        }
    }

    fn push(&mut self, doc: u32, weight: u8) {
        self.docs.push(doc);
        self.weights.push(weight);
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (u32, u8)> + '_ {
        self.docs.iter().copied().zip(self.weights.iter().copied())
    }
}

impl From<Vec<(u32, u8)>> for Postings {
    fn from(list: Vec<(u32, u8)>) -> Postings {
        let (docs, weights) = list.into_iter().unzip();
        Postings { docs, weights }
    }
}

/// The inverted index of documents given by their term lists, sorted by term.
pub fn invert<'a>(docs: &[&'a TextTerms]) -> Vec<(&'a str, Postings)> {
    // Count first, so that every list is allocated at its final length (a list grown by
    // pushing holds up to twice what it needs).
    let mut counts: FxMap<&'a str, usize> = FxMap::default();
    for doc in docs {
        for (term, _) in doc.iter() {
            *counts.entry(term).or_default() += 1;
        }
    }
    let mut map: FxMap<&'a str, Postings> = counts
        .into_iter()
        .map(|(term, n)| (term, Postings::with_capacity(n)))
        .collect();
    for (n, doc) in docs.iter().enumerate() {
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        for (term, w) in doc.iter() {
            if let Some(list) = map.get_mut(term) {
                list.push(n, w);
            }
        }
    }
    let mut terms: Vec<(&str, Postings)> = map.into_iter().collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields<'a>(title: &'a str, headings: &[&'a str], body: &[&'a str]) -> Fields<'a> {
        Fields {
            title,
            headings: headings.to_vec(),
            body: body.to_vec(),
        }
    }

    fn weight_of(t: &TextTerms, term: &str) -> Option<u8> {
        t.iter().find(|(x, _)| *x == term).map(|(_, w)| w)
    }

    #[test]
    fn terms_are_sorted_and_distinct() {
        let t = analyse(&fields("B a", &[], &["c a b a"]), 1.0);
        let got: Vec<&str> = t.iter().map(|(x, _)| x).collect();
        assert_eq!(got, ["a", "b", "c"]);
    }

    #[test]
    fn title_outranks_headings_outrank_body() {
        let t = analyse(
            &fields(
                "Escalation",
                &["Severity"],
                &["queue queue queue queue queue queue"],
            ),
            1.0,
        );
        let title = weight_of(&t, "escalation").unwrap_or(0);
        let heading = weight_of(&t, "severity").unwrap_or(0);
        let body = weight_of(&t, "queue").unwrap_or(0);
        assert!(
            title > heading && heading > body,
            "{title} {heading} {body}"
        );
    }

    #[test]
    fn longer_texts_weigh_a_word_less() {
        let short = analyse(&fields("", &[], &["word"]), 0.5);
        let long = analyse(&fields("", &[], &["word"]), 3.0);
        assert!(weight_of(&short, "word") > weight_of(&long, "word"));
    }

    #[test]
    fn inverted_index_lists_documents_in_order() {
        let a = analyse(&fields("", &[], &["x y"]), 1.0);
        let b = analyse(&fields("", &[], &["y z"]), 1.0);
        let index = invert(&[&a, &b]);
        let docs: Vec<(&str, Vec<u32>)> = index
            .iter()
            .map(|(t, p)| (*t, p.iter().map(|(d, _)| d).collect()))
            .collect();
        assert_eq!(docs, [("x", vec![0]), ("y", vec![0, 1]), ("z", vec![1])]);
    }
}
