//! Byte offset -> 1-based line and column (in characters).
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`; a UTF-8 BOM at the start of the file is not a column.

pub struct LineIndex {
    /// Byte offset where each line starts.
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts }
    }

    /// 1-based line and column of `offset` in `text` (the text this index was built from).
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let mut start = self.starts[line];
        if line == 0 && text.starts_with('\u{feff}') {
            start = '\u{feff}'.len_utf8().min(offset);
        }
        let col = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
    }

    /// Byte range of the given 1-based line, without its line ending.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.starts.get(line - 1).copied().unwrap_or(text.len());
        let next = self.starts.get(line).copied().unwrap_or(text.len());
        let slice = &text.as_bytes()[start..next];
        let trimmed = slice
            .iter()
            .rposition(|&b| b != b'\n' && b != b'\r')
            .map_or(0, |p| p + 1);
        start..start + trimmed
    }
}

#[cfg(test)]
mod tests {
    use super::LineIndex;

    fn lc(text: &str, offset: usize) -> (usize, usize) {
        LineIndex::new(text).line_col(text, offset)
    }

    #[test]
    fn first_line_starts_at_column_one() {
        assert_eq!(lc("abc\ndef", 0), (1, 1));
        assert_eq!(lc("abc\ndef", 2), (1, 3));
    }

    #[test]
    fn later_lines_count_from_their_start() {
        assert_eq!(lc("abc\ndef", 4), (2, 1));
        assert_eq!(lc("abc\ndef", 6), (2, 3));
    }

    #[test]
    fn crlf_and_lone_cr_end_lines() {
        assert_eq!(lc("a\r\nb", 3), (2, 1));
        assert_eq!(lc("a\rb\rc", 4), (3, 1));
    }

    #[test]
    fn bom_is_not_a_column() {
        let text = "\u{feff}id: x";
        assert_eq!(lc(text, 3), (1, 1));
        assert_eq!(lc(text, 5), (1, 3));
    }

    #[test]
    fn multibyte_characters_count_once() {
        let text = "é日本x";
        assert_eq!(lc(text, "é日本".len()), (1, 4));
    }

    #[test]
    fn line_range_excludes_line_ending() {
        let text = "ab\r\ncd\n";
        let idx = LineIndex::new(text);
        assert_eq!(&text[idx.line_range(text, 1)], "ab");
        assert_eq!(&text[idx.line_range(text, 2)], "cd");
    }
}
