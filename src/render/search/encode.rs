//! The index as files the browser can load from `file://`: scripts that hand their data to
//! `syllabusSearch.load(name, data)` (no fetch, which `file://` pages may not use), each named
//! by the hash of its content so a cached copy is never stale.

use super::index::Postings;
use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;
use rayon::prelude::*;
use serde::Serialize;

/// Folder of the data files under the output root.
pub const FOLDER: &str = "search";
/// About this many bytes of JSON per file: small enough that a query loads little, large enough
/// that a big course does not become tens of thousands of files.
pub const CHUNK_BYTES: usize = 64 * 1024;

/// A data file and its name.
pub type Named = (String, OutputFile);

/// Takes each file as it is made (see `output::commit_streaming`), from any thread.
pub type Sink<'a> = &'a (dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync);

/// Where an item went: (file number, position in the file).
pub type ItemRef = (u32, u32);

/// `syllabusSearch.load("<16 hex digits>",` : the name is written once the content is known.
const HEAD: &str = "syllabusSearch.load(\"0000000000000000\",";
const NAME_AT: usize = "syllabusSearch.load(\"".len();
const TAIL: &str = ");\n";

/// A data file being written: the head with a blank name, then JSON.
fn open(capacity: usize) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(HEAD.len() + capacity + TAIL.len());
    bytes.extend_from_slice(HEAD.as_bytes());
    bytes
}

/// Names a data file by the hash of its JSON; returns the name (what `load` receives) and the
/// file. The name only has to change when the content does (so a cached copy is never stale),
/// not to withstand an attacker: 64 bits of XXH3-128 (the `xxhash-rust` crate), about ten
/// times faster than the SHA-256 used before, which hashed the whole index (a quarter of a
/// large site's bytes) for 1.5% of a build.
fn close(bytes: Vec<u8>) -> Named {
    let mut bytes = escape_markup(bytes);
    let digest = xxhash_rust::xxh3::xxh3_128(&bytes[HEAD.len()..]).to_be_bytes();
    let name: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    bytes[NAME_AT..NAME_AT + name.len()].copy_from_slice(name.as_bytes());
    bytes.extend_from_slice(TAIL.as_bytes());
    let file = OutputFile {
        path: format!("{FOLDER}/{name}.js"),
        bytes,
    };
    (name, file)
}

/// `<` in the JSON as `\u003c` (JSON has `<` only inside strings): author text in a data file
/// can never read as markup, even to a tool that scans the file as HTML.
fn escape_markup(bytes: Vec<u8>) -> Vec<u8> {
    if !bytes[HEAD.len()..].contains(&b'<') {
        return bytes;
    }
    let mut out = Vec::with_capacity(bytes.len() + 64);
    out.extend_from_slice(&bytes[..HEAD.len()]);
    for &b in &bytes[HEAD.len()..] {
        if b == b'<' {
            out.extend_from_slice(b"\\u003c");
        } else {
            out.push(b);
        }
    }
    out
}

/// A data file holding `json`; returns its name and the file.
pub fn data_file(json: &str) -> Named {
    let mut bytes = open(json.len());
    bytes.extend_from_slice(json.as_bytes());
    close(bytes)
}

/// What a result shows of a text, and where its sections start on the page.
#[derive(Serialize)]
pub struct TextRecord<'a> {
    pub id: &'a str,
    pub lang: &'a str,
    pub dir: &'a str,
    pub title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<&'a str>,
    /// (anchor, heading, text); the part before the first heading has no anchor or heading.
    /// The text is written squeezed (`squeeze`).
    pub sections: Vec<(&'a str, &'a str, &'a str)>,
}

impl TextRecord<'_> {
    /// The record as JSON, byte for byte what serde_json writes for it with each text squeezed
    /// first, in one pass over the text: the records carry every word of the course, and
    /// squeezing into a string that serde_json then escaped was a twentieth of a large build.
    pub fn write_json(&self, out: &mut Vec<u8>) {
        let field = |out: &mut Vec<u8>, name: &str, value: &str| {
            out.push(b'"');
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b"\":");
            json_str(out, value);
            out.push(b',');
        };
        out.push(b'{');
        field(out, "id", self.id);
        field(out, "lang", self.lang);
        field(out, "dir", self.dir);
        field(out, "title", self.title);
        if let Some(summary) = self.summary {
            field(out, "summary", summary);
        }
        out.extend_from_slice(b"\"sections\":[");
        for (i, (anchor, heading, text)) in self.sections.iter().enumerate() {
            out.extend_from_slice(if i == 0 { b"[" } else { b",[" });
            json_str(out, anchor);
            out.push(b',');
            json_str(out, heading);
            out.extend_from_slice(b",\"");
            squeeze_into(text, |piece| escape_json(out, piece));
            out.extend_from_slice(b"\"]");
        }
        out.extend_from_slice(b"]}");
    }
}

/// `s` as a JSON string, as serde_json writes it.
fn json_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    escape_json(out, s);
    out.push(b'"');
}

/// The inside of a JSON string, as serde_json escapes it: `"` and `\\`, and control characters
/// as `\b \f \n \r \t` or `\u00XX`; everything else as it is. Text that needs none (nearly
/// all) is skipped eight bytes at a time.
fn escape_json(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    let (mut start, mut i) = (0, 0);
    loop {
        while let Some(chunk) = bytes.get(i..i + 8) {
            let mut eight = [0; 8];
            eight.copy_from_slice(chunk);
            if may_need_escape(u64::from_le_bytes(eight)) {
                break;
            }
            i += 8;
        }
        let Some(&b) = bytes.get(i) else {
            break;
        };
        i += 1;
        if b >= 0x20 && b != b'"' && b != b'\\' {
            continue;
        }
        out.extend_from_slice(&bytes[start..i - 1]);
        start = i;
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0C => out.extend_from_slice(b"\\f"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 0xF)]);
            }
        }
    }
    out.extend_from_slice(&bytes[start..]);
}

/// Whether any of eight bytes may be a control character, `"` or `\\` (never false when one is;
/// seldom true when none is: see `next_irregular` for the tests).
fn may_need_escape(x: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let eq = |c: u8| {
        let y = x ^ (ONES * u64::from(c));
        y.wrapping_sub(ONES) & !y & HIGH
    };
    (x.wrapping_sub(ONES * 0x20) & !x & HIGH) | eq(b'"') | eq(b'\\') != 0
}

/// Runs of whitespace -> one space: the text is shown in snippets, never laid out. The same as
/// joining `split_whitespace()` with spaces. It goes over every word the search shows, so it
/// copies runs of bytes that need no change (words and single spaces between them) and looks at
/// bytes one by one only where a change may be due (see `next_irregular`). The records use
/// `squeeze_into` directly (through `TextRecord::write_json`); this is its reference form.
#[cfg(test)]
fn squeeze(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    squeeze_into(text, |piece| out.push_str(piece));
    out
}

/// Runs of whitespace -> one space, handing the squeezed text to `emit` piece by piece (see
/// `squeeze`).
fn squeeze_into<'t>(text: &'t str, mut emit: impl FnMut(&'t str)) {
    let bytes = text.as_bytes();
    let mut started = false;
    let mut word: Option<usize> = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let space = match b {
            b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => 1,
            // The lead bytes of every non-ASCII `char::is_whitespace` character (U+0085,
            // U+00A0, U+1680, U+2000–U+205F, U+3000); `i` is at a character boundary here.
            0xC2 | 0xE1 | 0xE2 | 0xE3 => text[i..]
                .chars()
                .next()
                .filter(|c| c.is_whitespace())
                .map_or(0, char::len_utf8),
            _ => 0,
        };
        if space == 0 {
            // A word starts or goes on: skip to where a change may be due. Single spaces
            // between words in that stretch stay as they are (`word` spans them).
            word.get_or_insert(i);
            i = next_irregular(bytes, i + 1);
            continue;
        }
        if let Some(start) = word.take() {
            if std::mem::replace(&mut started, true) {
                emit(" ");
            }
            emit(&text[start..i]);
        }
        i += space;
    }
    if let Some(start) = word {
        if started {
            emit(" ");
        }
        emit(&text[start..]);
    }
}

/// The first position from `from` that may need squeezing, eight bytes at a time: a control
/// byte, a byte that may start a non-ASCII space, or a space followed by one of those or by a
/// space (two spaces, a space before a line break). It may stop early (the byte loop then
/// decides), never late; it leaves the last bytes of the text to the byte loop.
fn next_irregular(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 9) {
        // `x`: eight bytes; `next`: the eight bytes after each of them.
        let x = u64::from_le_bytes([
            chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
        ]);
        let next = u64::from_le_bytes([
            chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7], chunk[8],
        ]);
        // Per byte, the high bit set where the byte equals `c` (the usual zero-byte test: a
        // byte above a match may be flagged too, never one below, so the lowest flag is true).
        let eq = |v: u64, c: u8| {
            let y = v ^ (ONES * u64::from(c));
            y.wrapping_sub(ONES) & !y & HIGH
        };
        // Space, controls, and the lead bytes of the non-ASCII spaces (see `squeeze`).
        let odd = |v: u64| {
            (v.wrapping_sub(ONES * 0x21) & !v & HIGH)
                | eq(v, 0xC2)
                | eq(v, 0xE1)
                | eq(v, 0xE2)
                | eq(v, 0xE3)
        };
        let x_odd = odd(x);
        // A space is fine when the byte after it is not odd; anything else odd is not.
        let is_space = eq(x, b' ');
        let flagged = (x_odd & !is_space) | (is_space & odd(next));
        if flagged != 0 {
            return i + (flagged.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    // The last few bytes: let the byte loop take them.
    i.min(bytes.len())
}

/// Groups items (in order) into JSON arrays in files of about `CHUNK_BYTES`, going by each
/// item's estimated `size`, and writes each file's items with `write` in parallel, handing each
/// file to `sink` as soon as it is complete; returns the files' names and, for every item,
/// (file number, position in the file).
pub fn chunks<T: Sync>(
    items: &[T],
    size: impl Fn(&T) -> usize,
    write: impl Fn(&T, &mut Vec<u8>) + Sync,
    sink: Sink,
) -> Result<(Vec<String>, Vec<ItemRef>), Diagnostic> {
    let mut groups: Vec<&[T]> = Vec::new();
    let mut refs = Vec::with_capacity(items.len());
    let (mut start, mut bytes) = (0, 0);
    for (i, item) in items.iter().enumerate() {
        let n = size(item);
        if i > start && bytes + n > CHUNK_BYTES {
            groups.push(&items[start..i]);
            (start, bytes) = (i, 0);
        }
        bytes += n;
        let at = u32::try_from(i - start).unwrap_or(u32::MAX);
        refs.push((u32::try_from(groups.len()).unwrap_or(u32::MAX), at));
    }
    if start < items.len() {
        groups.push(&items[start..]);
    }
    let names = groups
        .into_par_iter()
        .map(|group| {
            let mut bytes = open(CHUNK_BYTES + CHUNK_BYTES / 4);
            for (i, item) in group.iter().enumerate() {
                bytes.push(if i == 0 { b'[' } else { b',' });
                write(item, &mut bytes);
            }
            bytes.push(b']');
            let (name, file) = close(bytes);
            sink(file).map(|()| name)
        })
        .collect::<Result<_, _>>()?;
    Ok((names, refs))
}

/// The terms of a locale's index in files of about `CHUNK_BYTES`, in term order, each handed to
/// `sink` when complete; returns each file's first term and name. A term's postings are
/// `[doc, weight, doc, weight…]` with each document number given as the difference from the
/// previous one.
pub fn term_chunks(
    index: &[(&str, Postings)],
    sink: Sink,
) -> Result<Vec<(String, String)>, Diagnostic> {
    let mut groups: Vec<&[(&str, Postings)]> = Vec::new();
    let mut start = 0;
    let mut size = 0;
    for (i, (term, list)) in index.iter().enumerate() {
        // About what the term and its postings take as JSON.
        let bytes = term.len() + 4 + list.len() * 6;
        if size > 0 && size + bytes > CHUNK_BYTES {
            groups.push(&index[start..i]);
            start = i;
            size = 0;
        }
        size += bytes;
    }
    if start < index.len() {
        groups.push(&index[start..]);
    }
    groups
        .into_par_iter()
        .map(|group| {
            let terms: Vec<&str> = group.iter().map(|(t, _)| *t).collect();
            let mut bytes = open(CHUNK_BYTES + CHUNK_BYTES / 4);
            bytes.extend_from_slice(b"{\"terms\":");
            bytes.extend_from_slice(serde_json::to_string(&terms).unwrap_or_default().as_bytes());
            bytes.extend_from_slice(b",\"postings\":[");
            for (i, (_, list)) in group.iter().enumerate() {
                if i > 0 {
                    bytes.push(b',');
                }
                bytes.extend_from_slice(encode_postings(list).as_bytes());
            }
            bytes.extend_from_slice(b"]}");
            let (name, file) = close(bytes);
            let first = terms.first().map_or_else(String::new, |t| t.to_string());
            sink(file).map(|()| (first, name))
        })
        .collect()
}

fn encode_postings(list: &Postings) -> String {
    let mut out = String::with_capacity(list.len() * 6 + 2);
    let mut number = itoa::Buffer::new();
    out.push('[');
    let mut last = 0;
    for (i, (doc, w)) in list.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(number.format(doc - last));
        out.push(',');
        out.push_str(number.format(w));
        last = doc;
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squeeze_is_split_whitespace_joined_by_spaces() {
        let samples = [
            "",
            "   ",
            "one",
            "  two  words  ",
            "line\nbreak\r\nand\ttab\x0Bvt\x0Cff",
            "nbsp\u{a0}nel\u{85}ogham\u{1680}en\u{2002}hair\u{200a}ls\u{2028}ps\u{2029}nnbsp\u{202f}mm\u{205f}ideo\u{3000}end",
            "not spaces: \u{200b}zwsp \u{a3}pound \u{e9}t\u{e9} \u{2010}dash \u{3001}comma 日本語",
            " \u{3000}leading and trailing\u{a0} ",
        ];
        for text in samples {
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(squeeze(text), expected, "{text:?}");
        }
    }

    #[test]
    fn data_files_are_named_by_content() {
        let (a, fa) = data_file("[1]");
        let (b, _) = data_file("[2]");
        assert_ne!(a, b);
        assert_eq!(a.len(), 16);
        assert_eq!(fa.path, format!("search/{a}.js"));
        assert_eq!(
            String::from_utf8_lossy(&fa.bytes),
            format!("syllabusSearch.load(\"{a}\",[1]);\n")
        );
    }

    #[test]
    fn postings_are_delta_encoded() {
        assert_eq!(
            encode_postings(&vec![(3, 40), (10, 7), (11, 255)].into()),
            "[3,40,7,7,1,255]"
        );
    }

    /// Collects what a sink receives, by path.
    fn collect() -> std::sync::Mutex<std::collections::BTreeMap<String, Vec<u8>>> {
        std::sync::Mutex::new(std::collections::BTreeMap::new())
    }

    fn text_of(files: &std::collections::BTreeMap<String, Vec<u8>>, name: &str) -> String {
        let path = format!("{FOLDER}/{name}.js");
        String::from_utf8_lossy(files.get(&path).map_or(&[][..], Vec::as_slice)).into_owned()
    }

    #[test]
    fn items_are_grouped_into_chunks_in_order() -> Result<(), Diagnostic> {
        let items = [CHUNK_BYTES / 2 + 1, CHUNK_BYTES / 2 + 1, 1];
        let files = collect();
        let (names, refs) = chunks(
            &items,
            |n| *n,
            |n, out| out.extend_from_slice(n.to_string().as_bytes()),
            &|f| {
                if let Ok(mut files) = files.lock() {
                    files.insert(f.path, f.bytes);
                }
                Ok(())
            },
        )?;
        let files = files.into_inner().unwrap_or_default();
        assert_eq!((names.len(), files.len()), (2, 2));
        assert_eq!(refs, [(0, 0), (1, 0), (1, 1)]);
        let second = text_of(&files, &names[1]);
        assert!(
            second.ends_with(&format!(",[{},1]);\n", CHUNK_BYTES / 2 + 1)),
            "{second}"
        );
        Ok(())
    }

    #[test]
    fn term_chunks_start_with_their_first_term() -> Result<(), Diagnostic> {
        let index = vec![
            ("alpha", vec![(0, 1)].into()),
            ("beta", vec![(0, 2), (2, 3)].into()),
        ];
        let files = collect();
        let firsts = term_chunks(&index, &|f| {
            if let Ok(mut files) = files.lock() {
                files.insert(f.path, f.bytes);
            }
            Ok(())
        })?;
        let files = files.into_inner().unwrap_or_default();
        assert_eq!((firsts.len(), files.len()), (1, 1));
        assert_eq!(firsts[0].0, "alpha");
        let text = text_of(&files, &firsts[0].1);
        assert!(
            text.ends_with(",{\"terms\":[\"alpha\",\"beta\"],\"postings\":[[0,1],[0,2,2,3]]});\n"),
            "{text}"
        );
        Ok(())
    }

    #[test]
    fn squeeze_agrees_with_split_whitespace_at_every_offset_of_the_fast_path() {
        // Every mix of plain bytes, single and double spaces, breaks and non-ASCII characters
        // (spaces and not) at every position of the eight-byte steps.
        let parts = [
            "a", "bc", " ", "  ", "\n", " \n", "\u{a0}", "\u{3000}", "\u{2009}", "é", "日本",
            "\u{200b}", "!", "\t ", "x y", "\u{85}",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(seed % 40) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(parts[(seed % parts.len() as u64) as usize]);
            }
            seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(squeeze(&text), expected, "{text:?}");
        }
    }

    #[test]
    fn records_are_written_as_serde_json_writes_them_squeezed() {
        // Quotes, backslashes, every control character, spaces of every kind, non-ASCII.
        let parts = [
            "a",
            "word",
            " ",
            "  ",
            "\n",
            "\"",
            "\\",
            "\u{1}",
            "\u{8}",
            "\u{b}",
            "\u{c}",
            "\r\n",
            "\t",
            "\u{1f}",
            "\u{7f}",
            "\u{a0}",
            "\u{3000}",
            "\u{e9}",
            "日本",
            "</script>",
            "\u{2028}",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut text = || {
            (0..next(30))
                .map(|_| parts[next(parts.len())])
                .collect::<String>()
        };
        for round in 0..500 {
            let strings: Vec<String> = (0..9).map(|_| text()).collect();
            let sections: Vec<(&str, &str, &str)> = strings[5..]
                .chunks(2)
                .map(|c| (c[0].as_str(), c[0].as_str(), c[1].as_str()))
                .collect();
            let record = TextRecord {
                id: &strings[0],
                lang: &strings[1],
                dir: &strings[2],
                title: &strings[3],
                summary: (round % 2 == 0).then_some(strings[4].as_str()),
                sections: sections.clone(),
            };
            let mut ours = Vec::new();
            record.write_json(&mut ours);
            let squeezed: Vec<String> = sections.iter().map(|s| squeeze(s.2)).collect();
            let theirs = serde_json::to_vec(&TextRecord {
                sections: sections
                    .iter()
                    .zip(&squeezed)
                    .map(|(s, t)| (s.0, s.1, t.as_str()))
                    .collect(),
                ..record
            })
            .unwrap_or_default();
            assert_eq!(
                String::from_utf8_lossy(&ours),
                String::from_utf8_lossy(&theirs)
            );
        }
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them_at_every_offset() {
        for c in (0u8..0x80)
            .map(char::from)
            .chain(['\u{e9}', '\u{2028}', '日'])
        {
            for at in 0..20 {
                let text = format!("{}{c}{}", "a".repeat(at), "bcdefghijklmnop");
                let mut ours = Vec::new();
                json_str(&mut ours, &text);
                let theirs = serde_json::to_vec(&text).unwrap_or_default();
                assert_eq!(ours, theirs, "{text:?}");
            }
        }
    }

    #[test]
    fn whitespace_is_squeezed() {
        assert_eq!(squeeze("  a \n\n b\tc "), "a b c");
    }
}
