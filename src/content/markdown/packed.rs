//! Strings of a Markdown body kept as where they are in it: what the parse-time scan stores of
//! a body (`recorded` events, `plain` text) is mostly text the parser borrowed from the body,
//! so a position and a length (two varints, about four bytes) stand for it; a string the parser
//! made itself (an entity decoded, say) is kept as its bytes.

/// Appends `n` as a LEB128 varint.
pub fn put_varint(code: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        code.push((n as u8) | 0x80);
        n >>= 7;
    }
    code.push(n as u8);
}

/// Where `s` lies in `text`, if it is a slice of it.
pub fn position_in(text: &str, s: &str) -> Option<usize> {
    let range = text.as_bytes().as_ptr_range();
    let at = s.as_ptr() as usize;
    let (start, end) = (range.start as usize, range.end as usize);
    (at >= start && at + s.len() <= end).then(|| at - start)
}

/// Appends `s`: as `len << 1` and its position when it is a slice of `text`, else as
/// `len << 1 | 1` and its bytes.
pub fn put_str(code: &mut Vec<u8>, text: &str, s: &str) {
    match position_in(text, s).filter(|_| !s.is_empty()) {
        Some(at) => put_span(code, at, s.len()),
        None => put_bytes(code, s),
    }
}

/// Appends the `len` bytes of the text at `at`.
pub fn put_span(code: &mut Vec<u8>, at: usize, len: usize) {
    put_varint(code, (len as u64) << 1);
    put_varint(code, at as u64);
}

/// Appends `s` as its bytes.
pub fn put_bytes(code: &mut Vec<u8>, s: &str) {
    put_varint(code, (s.len() as u64) << 1 | 1);
    code.extend_from_slice(s.as_bytes());
}

/// Reads back what the `put_` functions wrote; `None` at the end (or on bytes they did not
/// write).
pub struct Reader<'a> {
    code: &'a [u8],
    at: usize,
    text: &'a str,
}

impl<'a> Reader<'a> {
    /// Reads `code`, whose strings are slices of `text` or its own bytes.
    pub fn new(code: &'a [u8], text: &'a str) -> Reader<'a> {
        Reader { code, at: 0, text }
    }

    pub fn byte(&mut self) -> Option<u8> {
        let b = *self.code.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    pub fn varint(&mut self) -> Option<u64> {
        let mut n = 0u64;
        let mut shift = 0;
        loop {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f).checked_shl(shift)?;
            if b < 0x80 {
                return Some(n);
            }
            shift += 7;
        }
    }

    pub fn string(&mut self) -> Option<&'a str> {
        let head = usize::try_from(self.varint()?).ok()?;
        let len = head >> 1;
        if head & 1 == 0 {
            let at = usize::try_from(self.varint()?).ok()?;
            return self.text.get(at..at.checked_add(len)?);
        }
        let bytes = self.code.get(self.at..self.at.checked_add(len)?)?;
        self.at += len;
        std::str::from_utf8(bytes).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_of_the_text_are_positions_and_others_their_bytes() {
        let text = "héllo wörld";
        let mut code = Vec::new();
        put_str(&mut code, text, &text[7..]);
        let as_position = code.len();
        put_str(&mut code, text, "wörld");
        put_str(&mut code, text, "");
        put_varint(&mut code, u64::MAX);
        assert_eq!(as_position, 2, "length and position, a byte each");
        let mut r = Reader::new(&code, text);
        assert_eq!(r.string(), Some("wörld"));
        assert_eq!(r.string(), Some("wörld"));
        assert_eq!(r.string(), Some(""));
        assert_eq!(r.varint(), Some(u64::MAX));
        assert_eq!(r.byte(), None, "all read");
        assert_eq!(r.string(), None);
    }

    #[test]
    fn positions_outside_the_text_read_as_none() {
        let mut code = Vec::new();
        put_span(&mut code, 3, 10);
        put_span(&mut code, 1, 1);
        let mut r = Reader::new(&code, "héllo");
        assert_eq!(r.string(), None, "past the end");
        assert_eq!(r.string(), None, "inside a character");
    }
}
