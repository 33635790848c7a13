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

impl Count {
    /// One occurrence in `field`.
    fn record(&mut self, field: Field) {
        match field {
            Field::Title => self.in_title = true,
            Field::Heading => {
                self.in_heading = true;
                self.tf += 1;
            }
            Field::Body => self.tf += 1,
        }
    }
}

/// Analyses a text; `len_ratio` is its body length over the average of its language's texts.
pub fn analyse(fields: &Fields<'_>, len_ratio: f64) -> TextTerms {
    let mut counts = Counts::with_capacity(fields.body_len());
    counts.add_all(fields.title, Field::Title);
    for h in &fields.headings {
        counts.add_all(h, Field::Heading);
    }
    for b in &fields.body {
        counts.add_all(b, Field::Body);
    }
    counts.weighed(K1 * (1.0 - B + B * len_ratio))
}

/// Occurrences of each distinct term of a text.
///
/// A term of at most 16 bytes (nearly every word) is counted under its bytes packed into a
/// `u128`, zero-padded (no term holds a zero byte): hashing it is two multiplications and
/// comparing it one instruction, where a string key costs a byte-hashing loop and a `memcmp` per
/// lookup, about 20 million of them in a 10,000-module build. Longer terms are counted by their
/// text, borrowed from it when the term is written there as it is indexed.
struct Counts<'a> {
    short: FxMap<u128, Count>,
    long: FxMap<Cow<'a, str>, Count>,
}

/// The most bytes of a term packed into a `u128` key.
const SHORT: usize = 16;

impl<'a> Counts<'a> {
    /// Sized for the usual number of distinct terms: a few hundred in a module of ~10 KB, about
    /// one per 40 bytes (growing the table from empty rehashed it half a dozen times).
    fn with_capacity(body_len: usize) -> Counts<'a> {
        let distinct = (body_len / 40).clamp(64, 8192);
        Counts {
            short: FxMap::with_capacity_and_hasher(distinct, Default::default()),
            long: FxMap::default(),
        }
    }

    fn add_all(&mut self, text: &'a str, field: Field) {
        terms_in(text, |t| self.add(text, t, field));
    }

    /// Counts `term`, read from `text`, in `field`.
    fn add(&mut self, text: &'a str, term: Term<'a, '_>, field: Field) {
        let c = match short_key(text, &term) {
            Some(key) => self.short.entry(key).or_default(),
            None => match self.long.get_mut(term.as_str()) {
                Some(c) => c,
                None => self.long.entry(term.into_key()).or_default(),
            },
        };
        c.record(field);
    }

    /// The terms in order with their weights (`norm`: BM25's length normalisation).
    fn weighed(self, norm: f64) -> TextTerms {
        // Big-endian, a packed key orders as its bytes do, which is how strings order.
        let mut short: Vec<(u128, Count)> = self
            .short
            .into_iter()
            .map(|(k, c)| (k.swap_bytes(), c))
            .collect();
        short.sort_unstable_by_key(|&(k, _)| k);
        let mut long: Vec<(Cow<str>, Count)> = self.long.into_iter().collect();
        long.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let n = short.len() + long.len();
        let mut out = TextTerms {
            buf: String::with_capacity(
                short.len() * 8 + long.iter().map(|(t, _)| t.len()).sum::<usize>(),
            ),
            ends: Vec::with_capacity(n),
            weights: Vec::with_capacity(n),
        };
        let mut push = |term: &str, c: Count| {
            out.buf.push_str(term);
            out.ends
                .push(u32::try_from(out.buf.len()).unwrap_or(u32::MAX));
            out.weights.push(weight(c, norm));
        };
        let mut long = long.into_iter().peekable();
        for (key, c) in short {
            let bytes = key.to_be_bytes();
            let term = std::str::from_utf8(&bytes[..packed_len(key)]).unwrap_or_default();
            while let Some((l, lc)) = long.next_if(|(l, _)| l.as_ref() < term) {
                push(&l, lc);
            }
            push(term, c);
        }
        for (l, lc) in long {
            push(&l, lc);
        }
        out
    }
}

/// `term` (read from `text`) packed into a `u128`, first byte lowest; `None` when it is longer
/// than `SHORT` bytes.
fn short_key(text: &str, term: &Term<'_, '_>) -> Option<u128> {
    let bytes = term.as_str().as_bytes();
    let len = bytes.len();
    if len > SHORT {
        return None;
    }
    // A term with 16 bytes of the text from its start loads in one go; others are copied.
    let in_text = match term {
        Term::InText(t) => {
            let at = t.as_ptr() as usize - text.as_ptr() as usize;
            text.as_bytes().get(at..at + SHORT)
        }
        Term::Made(_) => None,
    };
    let word = match in_text.and_then(|w| <[u8; SHORT]>::try_from(w).ok()) {
        Some(w) => u128::from_le_bytes(w),
        None => {
            let mut w = [0u8; SHORT];
            w[..len].copy_from_slice(bytes);
            u128::from_le_bytes(w)
        }
    };
    Some(word & MASKS[len])
}

/// `MASKS[n]`: the low `n` bytes of a `u128` (a table: a variable shift of a `u128` is a
/// dozen instructions, and this runs for every word).
const MASKS: [u128; SHORT + 1] = {
    let mut masks = [0; SHORT + 1];
    let mut n = 1;
    while n <= SHORT {
        masks[n] = u128::MAX >> (8 * (SHORT - n));
        n += 1;
    }
    masks
};

/// Bytes in a big-endian packed key: its bytes up to the padding.
fn packed_len(be_key: u128) -> usize {
    SHORT - (be_key.trailing_zeros() / 8) as usize
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

    /// `analyse` as it was written before terms were packed: a string-keyed map, sorted.
    fn analyse_by_string(fields: &Fields<'_>, len_ratio: f64) -> Vec<(String, u8)> {
        let mut counts: std::collections::BTreeMap<String, Count> = Default::default();
        let mut add = |text: &str, field: Field| {
            super::super::tokenize::terms(text, |t| {
                counts.entry(t.to_string()).or_default().record(field);
            });
        };
        add(fields.title, Field::Title);
        fields.headings.iter().for_each(|h| add(h, Field::Heading));
        fields.body.iter().for_each(|b| add(b, Field::Body));
        let norm = K1 * (1.0 - B + B * len_ratio);
        counts
            .into_iter()
            .map(|(t, c)| (t, weight(c, norm)))
            .collect()
    }

    #[test]
    fn packed_and_string_keys_give_the_same_terms_in_the_same_order() {
        // Words of every length around 16 bytes, at the end of a text and not, with capitals,
        // accents, CJK bigrams and other scripts, so that short and long terms interleave.
        let words = [
            "a",
            "ab",
            "abcdefghijklmno",
            "abcdefghijklmnop",
            "abcdefghijklmnopq",
            "abcdefghijklmnopqrstuvwxyz0123456789",
            "Zebra",
            "zebras",
            "ZEBRAS",
            "caf\u{e9}",
            "caf\u{e9}caf\u{e9}caf\u{e9}caf\u{e9}",
            "\u{e9}t\u{e9}",
            "誹謗中傷",
            "ｓｏｐ",
            "خِطَاب",
            "0",
            "007",
            "x1",
            "long-ish-hyphenated-compound",
            "\u{10000}abc",
            "ÿÿÿÿÿÿÿÿ",
            "ÿÿÿÿÿÿÿÿÿ",
        ];
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        for round in 0..200 {
            let mut text = |n: usize| {
                let mut t = String::new();
                for _ in 0..n {
                    t.push_str(words[next() % words.len()]);
                    t.push_str([" ", "\n", ", ", ""][next() % 4]);
                }
                t
            };
            let (title, heading, body1, body2) = (text(3), text(4), text(40), text(round % 7));
            let f = fields(&title, &[&heading], &[&body1, &body2]);
            let got: Vec<(String, u8)> = analyse(&f, 1.3)
                .iter()
                .map(|(t, w)| (t.to_string(), w))
                .collect();
            assert_eq!(
                got,
                analyse_by_string(&f, 1.3),
                "{title:?} {heading:?} {body1:?}"
            );
        }
    }

    #[test]
    fn packed_keys_unpack_to_their_terms() {
        for term in ["a", "abcdefghijklmnop", "caf\u{e9}", "ÿ", "ÿÿÿÿÿÿÿÿ"] {
            let key = short_key(term, &Term::InText(term))
                .unwrap_or(0)
                .swap_bytes();
            assert_eq!(&key.to_be_bytes()[..packed_len(key)], term.as_bytes());
        }
        let long = "abcdefghijklmnopq";
        assert_eq!(short_key(long, &Term::InText(long)), None);
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
