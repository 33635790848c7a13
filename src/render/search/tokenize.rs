//! Text -> search terms. `theme/search.js` splits a query the same way (`terms` there): keep the
//! two in step.
//!
//! Scripts that put spaces between words give words: runs of letters and digits, lowercased, with
//! Arabic vowel marks and tatweel dropped and full-width ASCII folded. Scripts written without
//! spaces (Japanese, Chinese, Thai, Lao, Khmer, Myanmar) have no word boundaries a build can find
//! without a dictionary, so their runs give overlapping character bigrams plus the run's last
//! character: any substring of two or more characters is then found, and one character by prefix.

/// Longest term kept, in characters: longer runs are cut (no one types them).
pub const MAX_TERM_CHARS: usize = 32;

/// Is `c` in a script written without spaces between words?
pub fn is_unspaced(c: char) -> bool {
    matches!(u32::from(c),
        0x0E00..=0x0EFF      // Thai, Lao
        | 0x1000..=0x109F    // Myanmar
        | 0x1780..=0x17FF    // Khmer
        | 0x3005..=0x3007    // 々 〆 〇
        | 0x3040..=0x30FF    // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xF900..=0xFAFF    // CJK Compatibility Ideographs
        | 0xFF66..=0xFF9F    // half-width Katakana
        | 0x20000..=0x3FFFF) // CJK Extensions B and later
}

/// Characters dropped inside words: Arabic harakat, superscript alef and tatweel, which writers
/// use or leave out freely.
fn is_ignored_mark(c: char) -> bool {
    matches!(u32::from(c), 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x0640)
}

/// Full-width ASCII (`ＳＯＰ`, common in Japanese text) -> ASCII.
fn fold(c: char) -> char {
    match u32::from(c) {
        n @ 0xFF01..=0xFF5E => char::from_u32(n - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Calls `emit` with every term of `text`, in order (repeats included).
pub fn terms(text: &str, mut emit: impl FnMut(&str)) {
    terms_in(text, |t| emit(t.as_str()));
}

/// A term, and whether it is a slice of the text read (it can then be kept without a copy).
pub enum Term<'t, 'w> {
    InText(&'t str),
    Made(&'w str),
}

impl<'t> Term<'t, '_> {
    pub fn as_str(&self) -> &str {
        match self {
            Term::InText(s) | Term::Made(s) => s,
        }
    }

    /// The term to keep: borrowed from the text when it can be.
    pub fn into_key(self) -> std::borrow::Cow<'t, str> {
        match self {
            Term::InText(s) => std::borrow::Cow::Borrowed(s),
            Term::Made(s) => std::borrow::Cow::Owned(s.to_string()),
        }
    }
}

/// `terms`, telling which terms are slices of `text`.
pub fn terms_in<'t>(text: &'t str, mut emit: impl FnMut(Term<'t, '_>)) {
    let bytes = text.as_bytes();
    let mut word = Word::default();
    let mut run: Vec<char> = Vec::new();
    let mut i = 0;
    // ASCII is most of most courses: a byte test is enough for it, and a word of lowercase
    // letters and digits is handed out as a slice of the text, never copied. This loop is where
    // a build spends most of its search time, so the common bytes cost a few instructions each:
    // lowercase letters and digits are read eight at a time (`lower_run_end`), and a space or
    // punctuation mark between words has no word to end.
    while let Some(&b) = bytes.get(i) {
        let c = if b.is_ascii() {
            if b.is_ascii_alphanumeric() {
                if !run.is_empty() {
                    flush_run(&mut run, &mut emit);
                }
                // Lowercase letters and digits in one step: most of every word.
                let end = lower_run_end(bytes, i);
                if end > i {
                    word.push_lower_run(text, i, end);
                    i = end;
                } else {
                    word.push_ascii(text, i, b);
                    i += 1;
                }
                continue;
            }
            i += 1;
            if word.is_empty() && run.is_empty() {
                // Between words: nothing to end.
                continue;
            }
            char::from(b)
        } else {
            let Some(raw) = text[i..].chars().next() else {
                break;
            };
            i += raw.len_utf8();
            let c = fold(raw);
            if is_ignored_mark(c) {
                word.skip(text);
                continue;
            }
            if is_unspaced(c) {
                word.flush(text, &mut emit);
                run.push(c);
                continue;
            }
            if c.is_alphanumeric() {
                flush_run(&mut run, &mut emit);
                word.push(text, c);
                continue;
            }
            c
        };
        let next_is_unspaced = || text[i..].chars().next().map(fold).is_some_and(is_unspaced);
        if !run.is_empty() && c.is_whitespace() && next_is_unspaced() {
            // A line break inside Japanese or Thai text (Markdown wraps lines) is not a gap.
            continue;
        }
        word.flush(text, &mut emit);
        flush_run(&mut run, &mut emit);
    }
    word.flush(text, &mut emit);
    flush_run(&mut run, &mut emit);
}

/// Where the run of lowercase ASCII letters and ASCII digits (most of every word) starting at
/// `start` ends. Eight bytes at a time: a word is six letters on average.
fn lower_run_end(bytes: &[u8], start: usize) -> usize {
    let mut end = start;
    while let Some(chunk) = bytes.get(end..end + 8) {
        let chunk = <[u8; 8]>::try_from(chunk).map_or(0, u64::from_le_bytes);
        let outside = !lower_or_digit(chunk) & HIGH;
        if outside != 0 {
            return end + (outside.trailing_zeros() / 8) as usize;
        }
        end += 8;
    }
    while bytes
        .get(end)
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        end += 1;
    }
    end
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = ONES * 0x80;

/// The high bit of each byte of `chunk` that is a lowercase ASCII letter or an ASCII digit.
fn lower_or_digit(chunk: u64) -> u64 {
    // Seven-bit bytes, so that adding to one never carries into the next.
    let low = chunk & !HIGH;
    // The high bit of each byte of `low` in `first..=last`.
    let within = |first: u8, last: u8| {
        let at_least_first = low + ONES * u64::from(0x80 - first);
        let above_last = low + ONES * u64::from(0x7F - last);
        at_least_first & !above_last & HIGH
    };
    (within(b'a', b'z') | within(b'0', b'9')) & !chunk
}

/// The word being read. While it is lowercase ASCII letters and digits it is the range
/// `start..end` of the text; anything else (a capital, another script, a dropped mark) copies it
/// into `copy`, ASCII lowercased as it is read and the rest as written.
#[derive(Default)]
struct Word {
    start: usize,
    end: usize,
    copied: bool,
    copy: String,
    has_other: bool,
}

impl Word {
    fn is_empty(&self) -> bool {
        !self.copied && self.start == self.end
    }

    fn make_copy(&mut self, text: &str) {
        if !self.copied {
            self.copy.clear();
            self.copy.push_str(&text[self.start..self.end]);
            self.copied = true;
        }
    }

    /// The ASCII letter or digit `b` at byte `at` of `text`.
    fn push_ascii(&mut self, text: &str, at: usize, b: u8) {
        if !self.copied && !b.is_ascii_uppercase() {
            if self.start == self.end {
                self.start = at;
            }
            self.end = at + 1;
            return;
        }
        self.make_copy(text);
        self.copy.push(char::from(b.to_ascii_lowercase()));
    }

    /// The lowercase ASCII letters and digits at `start..end` of `text`.
    fn push_lower_run(&mut self, text: &str, start: usize, end: usize) {
        if self.copied {
            self.copy.push_str(&text[start..end]);
            return;
        }
        // Not copied: the word so far (if any) ends right where this run starts.
        if self.start == self.end {
            self.start = start;
        }
        self.end = end;
    }

    fn push(&mut self, text: &str, c: char) {
        self.make_copy(text);
        self.has_other = true;
        self.copy.push(c);
    }

    /// A character dropped inside a word: what follows is no longer next to what came before
    /// in the text.
    fn skip(&mut self, text: &str) {
        if !self.is_empty() {
            self.make_copy(text);
        }
    }

    fn flush<'t>(&mut self, text: &'t str, emit: &mut impl FnMut(Term<'t, '_>)) {
        if self.copied {
            if self.has_other {
                // `str::to_lowercase` (not per character): a final sigma lowercases to ς, as in
                // JavaScript's `toLowerCase`.
                let lower = self.copy.to_lowercase();
                match lower.char_indices().nth(MAX_TERM_CHARS) {
                    Some((cut, _)) => emit(Term::Made(&lower[..cut])),
                    None => emit(Term::Made(&lower)),
                }
            } else if !self.copy.is_empty() {
                emit(Term::Made(
                    &self.copy[..self.copy.len().min(MAX_TERM_CHARS)],
                ));
            }
        } else if self.start < self.end {
            let end = self.end.min(self.start + MAX_TERM_CHARS);
            emit(Term::InText(&text[self.start..end]));
        }
        self.start = 0;
        self.end = 0;
        self.copied = false;
        self.has_other = false;
    }
}

fn flush_run<'t>(run: &mut Vec<char>, emit: &mut impl FnMut(Term<'t, '_>)) {
    if run.is_empty() {
        return;
    }
    let mut pair = String::with_capacity(8);
    for w in run.windows(2) {
        pair.clear();
        pair.extend(w);
        emit(Term::Made(&pair));
    }
    if let Some(last) = run.last() {
        pair.clear();
        pair.push(*last);
        emit(Term::Made(&pair));
    }
    run.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        terms(text, |t| out.push(t.to_string()));
        out
    }

    #[test]
    fn spaced_scripts_give_lowercased_words() {
        assert_eq!(
            all("Hate-speech: Tier 1 (3.0.0)"),
            ["hate", "speech", "tier", "1", "3", "0", "0"]
        );
        assert_eq!(all("Ucapan KEBENCIAN"), ["ucapan", "kebencian"]);
        assert_eq!(all("Çà et là"), ["çà", "et", "là"]);
    }

    #[test]
    fn unspaced_scripts_give_bigrams_and_the_last_character() {
        assert_eq!(all("誹謗中傷"), ["誹謗", "謗中", "中傷", "傷"]);
        assert_eq!(all("罰"), ["罰"]);
        assert_eq!(all("SOPの手順"), ["sop", "の手", "手順", "順"]);
        assert_eq!(all("手\n順"), ["手順", "順"], "a wrapped line joins");
        assert_eq!(all("手。順"), ["手", "順"], "punctuation separates");
        assert_eq!(all("การกลั่นแกล้ง").first().map(String::as_str), Some("กา"));
    }

    #[test]
    fn arabic_marks_and_full_width_ascii_fold() {
        assert_eq!(all("خِطَاب الكراهية"), ["خطاب", "الكراهية"]);
        assert_eq!(all("ـخطـاب"), ["خطاب"]);
        assert_eq!(all("ＳＯＰ"), ["sop"]);
    }

    #[test]
    fn capitals_marks_and_other_scripts_inside_a_word() {
        assert_eq!(all("abcDef ghi"), ["abcdef", "ghi"]);
        assert_eq!(all("caf\u{e9}s CAF\u{c9}"), ["caf\u{e9}s", "caf\u{e9}"]);
        assert_eq!(
            all("ab\u{64e}cd"),
            ["abcd"],
            "a dropped mark joins the two halves"
        );
        assert_eq!(all("\u{64e}ab"), ["ab"]);
        assert_eq!(all("x1 2y"), ["x1", "2y"]);
        let long = format!("{}B", "a".repeat(40));
        assert_eq!(all(&long), ["a".repeat(MAX_TERM_CHARS)]);
    }

    #[test]
    fn lowercase_runs_end_at_the_first_other_byte() {
        // Every byte value, at every position of an eight-byte chunk and in the tail.
        for other in 0..=255u8 {
            let in_run = other.is_ascii_lowercase() || other.is_ascii_digit();
            for at in 0..20 {
                let mut bytes = b"abcdefghij0123456789".to_vec();
                bytes[at] = other;
                for start in [0, 1, 5] {
                    let want = if in_run || at < start {
                        bytes.len()
                    } else {
                        at
                    };
                    assert_eq!(lower_run_end(&bytes, start), want, "{other:#x} at {at}");
                }
            }
        }
    }

    #[test]
    fn long_runs_are_cut() {
        let long = "a".repeat(50);
        assert_eq!(all(&long), ["a".repeat(MAX_TERM_CHARS)]);
    }
}
