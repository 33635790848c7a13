//! A body's plain text by section, what search indexes, kept as where its pieces are in the
//! body rather than as copies: at 10,000 modules the copies were ~130 MB, the positions are a
//! tenth of that. Pieces that follow each other in the body are kept as one.

use super::packed::{self, Reader};

/// Plain text by section: `[0]` before the first heading, `[i + 1]` under heading `i`.
#[derive(Debug, Clone, Default)]
pub struct PlainText {
    code: Box<[u8]>,
    /// Where each section's pieces end in `code`.
    ends: Box<[u32]>,
    /// Bytes of text in all sections.
    len: usize,
}

impl PlainText {
    /// Number of sections.
    pub fn sections(&self) -> usize {
        self.ends.len()
    }

    /// Bytes of text in all sections together.
    pub fn text_len(&self) -> usize {
        self.len
    }

    /// Every section's text, written into `buf` (cleared first) and sliced from it; `body` is
    /// the body the text was taken from.
    pub fn write<'b>(&self, body: &str, buf: &'b mut String) -> Vec<&'b str> {
        buf.clear();
        buf.reserve(self.len);
        let mut ends = Vec::with_capacity(self.ends.len());
        let mut start = 0;
        for &end in self.ends.iter() {
            let end = (end as usize).min(self.code.len());
            let mut r = Reader::new(self.code.get(start..end).unwrap_or_default(), body);
            while let Some(piece) = r.string() {
                buf.push_str(piece);
            }
            ends.push(buf.len());
            start = end;
        }
        let text: &'b str = buf;
        let mut from = 0;
        ends.into_iter()
            .map(|end| {
                let s = text.get(from..end).unwrap_or_default();
                from = end;
                s
            })
            .collect()
    }

    /// Every section's text as a string of its own (for tests and small uses).
    pub fn to_strings(&self, body: &str) -> Vec<String> {
        let mut buf = String::new();
        self.write(body, &mut buf)
            .into_iter()
            .map(str::to_string)
            .collect()
    }
}

/// Builds a `PlainText` of `body` piece by piece.
pub struct Builder<'t> {
    body: &'t str,
    code: Vec<u8>,
    ends: Vec<u32>,
    len: usize,
    /// The last piece taken from the body, not yet written: the next may continue it.
    pending: Option<(usize, usize)>,
}

impl<'t> Builder<'t> {
    pub fn new(body: &'t str) -> Builder<'t> {
        Builder {
            body,
            code: Vec::with_capacity(body.len() / 16 + 16),
            ends: Vec::new(),
            len: 0,
            pending: None,
        }
    }

    /// Appends `s` to the current section.
    pub fn push(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        self.len += s.len();
        match packed::position_in(self.body, s) {
            Some(at) => match self.pending.as_mut() {
                Some((start, len)) if *start + *len == at => *len += s.len(),
                _ => {
                    self.flush();
                    self.pending = Some((at, s.len()));
                }
            },
            None => {
                self.flush();
                packed::put_bytes(&mut self.code, s);
            }
        }
    }

    /// Closes the current section; what is pushed next starts the next one.
    pub fn end_section(&mut self) {
        self.flush();
        self.ends
            .push(u32::try_from(self.code.len()).unwrap_or(u32::MAX));
    }

    pub fn finish(self) -> PlainText {
        PlainText {
            code: self.code.into_boxed_slice(),
            ends: self.ends.into_boxed_slice(),
            len: self.len,
        }
    }

    fn flush(&mut self) {
        if let Some((at, len)) = self.pending.take() {
            packed::put_span(&mut self.code, at, len);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_of_the_body_and_others_read_back_by_section() {
        let body = "alpha beta\ngamma *delta*";
        let mut b = Builder::new(body);
        b.push(&body[0..5]);
        b.push(&body[5..10]);
        b.push(" ");
        b.end_section();
        b.end_section();
        b.push(&body[11..16]);
        b.push("\n");
        b.push(&body[18..23]);
        b.end_section();
        let plain = b.finish();
        assert_eq!(plain.sections(), 3);
        assert_eq!(plain.text_len(), 22);
        assert_eq!(plain.to_strings(body), ["alpha beta ", "", "gamma\ndelta"]);
        let mut buf = String::from("old");
        assert_eq!(
            plain.write(body, &mut buf),
            ["alpha beta ", "", "gamma\ndelta"]
        );
    }

    #[test]
    fn pieces_next_to_each_other_are_kept_as_one() {
        let body = "one two three";
        let mut b = Builder::new(body);
        b.push(&body[0..4]);
        b.push(&body[4..8]);
        b.push(&body[8..]);
        b.end_section();
        let plain = b.finish();
        assert_eq!(plain.code.len(), 2, "one span: length and position");
        assert_eq!(plain.to_strings(body), ["one two three"]);
    }

    #[test]
    fn nothing_pushed_is_no_sections() {
        let plain = Builder::new("x").finish();
        assert_eq!(plain.sections(), 0);
        assert!(plain.to_strings("x").is_empty());
    }
}
