//! Front matter: split it from the body, then parse it into typed fields with every problem
//! located in the file.
//!
//! Pure: takes the source text, returns fields or diagnostics. Offsets are into the whole file.

use crate::config::yaml_diag;
use crate::diagnostics::{suggest, Code, Diagnostic, SourceText, Span};
use crate::yaml::{self, KeyPos};
use serde::Deserialize;
use std::sync::Arc;

/// Where the front matter and the body lie in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// Byte range of the YAML between the fences.
    pub yaml: std::ops::Range<usize>,
    /// Byte offset where the Markdown body starts.
    pub body: usize,
}

#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with a `---` line.
    Missing,
    /// There is an opening `---` but no closing one.
    Unterminated,
}

/// Finds the `---` fenced YAML at the top of `text` (after an optional BOM).
pub fn split(text: &str) -> Result<Split, SplitError> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    let first_end = rest.find(['\n', '\r']).unwrap_or(rest.len());
    if rest[..first_end].trim_end() != "---" {
        return Err(SplitError::Missing);
    }
    let mut pos = start + first_end;
    pos += line_ending_len(&text[pos..]);
    let yaml_start = pos;
    while pos < text.len() {
        let line_end = text[pos..]
            .find(['\n', '\r'])
            .map_or(text.len(), |i| pos + i);
        let line = text[pos..line_end].trim_end();
        if line == "---" || line == "..." {
            let body = line_end + line_ending_len(&text[line_end..]);
            return Ok(Split {
                yaml: yaml_start..pos,
                body,
            });
        }
        pos = line_end + line_ending_len(&text[line_end..]);
    }
    Err(SplitError::Unterminated)
}

fn line_ending_len(s: &str) -> usize {
    if s.starts_with("\r\n") {
        2
    } else if s.starts_with(['\n', '\r']) {
        1
    } else {
        0
    }
}

/// Every key a module's front matter may have.
pub const KEYS: &[&str] = &[
    "id",
    "title",
    "kind",
    "version",
    "effective",
    "policy_area",
    "audience",
    "regions",
    "duration",
    "owner",
    "summary",
    "tags",
    "prerequisites",
    "content_warnings",
    "changes",
    "applies_to",
    "placement",
    "pass_mark",
    "shuffle",
    "max_attempts",
    "time_limit",
    "questions",
    "draw",
];

/// Keys a translation may set; the rest come from its source.
pub const TRANSLATION_KEYS: &[&str] = &[
    "translation_of",
    "title",
    "summary",
    "content_warnings",
    "changes",
    "owner",
    "duration",
    "tags",
];

/// The front matter as typed by serde, before validation of forms (semver, dates, slugs).
#[derive(Debug, Default, Deserialize)]
pub struct RawFrontMatter {
    pub id: Option<String>,
    pub title: Option<String>,
    pub kind: Option<String>,
    pub version: Option<String>,
    pub effective: Option<String>,
    pub policy_area: Option<String>,
    #[serde(default)]
    pub audience: Vec<String>,
    #[serde(default)]
    pub regions: Vec<String>,
    pub duration: Option<u32>,
    pub owner: Option<String>,
    pub summary: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub prerequisites: Vec<String>,
    #[serde(default)]
    pub content_warnings: Vec<String>,
    pub changes: Option<String>,
    /// A module id or a list of them (regional notes).
    pub applies_to: Option<serde_yaml::Value>,
    pub placement: Option<RawPlacement>,
    pub pass_mark: Option<u32>,
    pub shuffle: Option<bool>,
    pub max_attempts: Option<u32>,
    pub time_limit: Option<u32>,
    #[serde(default)]
    pub questions: Vec<String>,
    pub draw: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlacement {
    pub after_heading: String,
}

/// A translation's front matter.
#[derive(Debug, Default, Deserialize)]
pub struct RawTranslation {
    pub translation_of: Option<String>,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub content_warnings: Option<Vec<String>>,
    pub changes: Option<String>,
    pub owner: Option<String>,
    pub duration: Option<u32>,
    pub tags: Option<Vec<String>>,
}

/// Parsed front matter and where each top-level key sits.
pub struct FrontMatter<T = RawFrontMatter> {
    pub raw: T,
    pub keys: Vec<KeyPos>,
    /// Offset of the YAML in the file (key offsets are relative to it).
    pub base: usize,
    pub yaml_len: usize,
}

impl<T> FrontMatter<T> {
    /// Is `key` written in the front matter?
    pub fn has_key(&self, key: &str) -> bool {
        self.keys.iter().any(|k| k.key == key)
    }

    /// Span of the key itself (for "this key is not allowed here").
    pub fn key_span(&self, source: &Arc<SourceText>, key: &str) -> Span {
        match self.keys.iter().find(|k| k.key == key) {
            Some(k) => Span::new(
                source,
                self.base + k.key_offset,
                self.base + k.key_offset + key.len(),
            ),
            None => opening_fence(source),
        }
    }

    /// Span of the value of `key`, or of the front matter's first line if the key is absent.
    pub fn value_span(&self, source: &Arc<SourceText>, key: &str) -> Span {
        match self.keys.iter().find(|k| k.key == key) {
            Some(k) => {
                let start = self.base + k.value_offset;
                let end = source.text[start..]
                    .find(['\n', '\r'])
                    .map_or(source.text.len(), |i| start + i);
                Span::new(source, start, end)
            }
            None => opening_fence(source),
        }
    }
}

impl<T> FrontMatter<T> {
    /// Spans of the items of a list-valued key, one per item; falls back to the value's span
    /// when the items cannot be located (e.g. a list written over several flow lines).
    pub fn item_spans(&self, source: &Arc<SourceText>, key: &str, count: usize) -> Vec<Span> {
        let yaml_end = self.base + self.yaml_len;
        let yaml = &source.text[self.base..yaml_end];
        let offsets = self
            .keys
            .iter()
            .find(|k| k.key == key)
            .map(|k| yaml::list_item_offsets(yaml, k))
            .unwrap_or_default();
        if offsets.len() != count {
            return vec![self.value_span(source, key); count];
        }
        offsets
            .into_iter()
            .map(|o| {
                let start = self.base + o;
                let end = source.text[start..yaml_end]
                    .find([',', ']', '\n', '\r'])
                    .map_or(yaml_end, |i| start + i);
                let item = source.text[start..end].trim_end();
                Span::new(source, start, start + item.len())
            })
            .collect()
    }
}

/// The `---` line that opens the front matter.
pub fn opening_fence(source: &Arc<SourceText>) -> Span {
    let start = if source.text.starts_with('\u{feff}') {
        3
    } else {
        0
    };
    Span::new(source, start, start + 3)
}

/// Parses the YAML of a split file against the known keys. Unknown keys are reported (all of
/// them) and ignored; a type error stops the parse.
pub fn parse<T: serde::de::DeserializeOwned>(
    source: &Arc<SourceText>,
    split: &Split,
    keys_allowed: &[&str],
    diags: &mut Vec<Diagnostic>,
) -> Option<FrontMatter<T>> {
    let yaml_text = &source.text[split.yaml.clone()];
    let base = split.yaml.start;
    let keys = yaml::top_level_keys(yaml_text);
    // Fast path, the usual case: every key known and every value of the right type. One pass
    // of the YAML parser straight into `T`; any key serde would ignore (a stray key, or one
    // `top_level_keys` could not see) or any error sends the file down the slow path below,
    // which says exactly what is wrong.
    if keys.iter().all(|k| keys_allowed.contains(&k.key.as_str())) {
        if let Some(raw) = parse_known(yaml_text) {
            return Some(FrontMatter {
                raw,
                keys,
                base,
                yaml_len: yaml_text.len(),
            });
        }
    }
    let value: serde_yaml::Value = match serde_yaml::from_str(yaml_text) {
        Ok(v) => v,
        Err(e) => {
            diags.push(yaml_diag(Code::FrontMatterSyntax, &e, source, base).with_help(
                "the front matter is YAML between two `---` lines; check indentation, quotes and colons",
            ));
            return None;
        }
    };
    let map = match value {
        serde_yaml::Value::Mapping(m) => m,
        serde_yaml::Value::Null => serde_yaml::Mapping::new(),
        other => {
            diags.push(
                Diagnostic::error(
                    Code::FrontMatterSyntax,
                    format!(
                        "the front matter must be a mapping of keys to values, not {}",
                        yaml::type_name(&other)
                    ),
                )
                .at(Span::new(source, base, base))
                .with_help("write one `key: value` per line, e.g. `title: Hate speech basics`"),
            );
            return None;
        }
    };
    let mut known = serde_yaml::Mapping::new();
    for (key, value) in map {
        let name = key.as_str().unwrap_or_default().to_string();
        if keys_allowed.contains(&name.as_str()) {
            known.insert(key, value);
            continue;
        }
        let offset = keys
            .iter()
            .find(|k| k.key == name)
            .map_or(0, |k| k.key_offset);
        diags.push(
            Diagnostic::error(
                Code::UnknownKey,
                format!("unknown front-matter key `{name}`"),
            )
            .at(Span::new(source, base + offset, base + offset + name.len()))
            .with_help(suggest::did_you_mean(&name, keys_allowed)),
        );
    }
    // Fast path: convert the already parsed value. Only on failure parse the text again, to get
    // serde_yaml's position of the offending value.
    let raw = match serde_yaml::from_value::<T>(serde_yaml::Value::Mapping(known)) {
        Ok(raw) => raw,
        Err(_) => match serde_yaml::from_str::<T>(yaml_text) {
            Ok(raw) => raw,
            Err(e) => {
                let mut d = yaml_diag(Code::InvalidValue, &e, source, base);
                if d.help.is_none() {
                    d = d.with_help(type_help(&e.to_string()));
                }
                diags.push(d);
                return None;
            }
        },
    };
    Some(FrontMatter {
        raw,
        keys,
        base,
        yaml_len: yaml_text.len(),
    })
}

/// The fast path of `parse`: `T` straight from the YAML, or `None` when serde reports an error
/// or would ignore any key.
fn parse_known<T: serde::de::DeserializeOwned>(yaml_text: &str) -> Option<T> {
    let mut ignored = false;
    let de = serde_yaml::Deserializer::from_str(yaml_text);
    let raw = serde_ignored::deserialize(de, |_| ignored = true).ok()?;
    (!ignored).then_some(raw)
}

fn type_help(message: &str) -> String {
    if message.contains("expected a sequence") {
        "write a list, e.g. `audience: [new-hire, refresher]`".to_string()
    } else if message.contains("u32") {
        "write a whole number of minutes, e.g. `duration: 20`".to_string()
    } else {
        "quote text values that YAML would read as another type, e.g. `version: \"1.0.0\"`"
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let s = split("---\nid: a\n---\nbody").unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(s.yaml, 4..10);
        assert_eq!(s.body, 14);
    }

    #[test]
    fn splits_with_bom_and_crlf() {
        let text = "\u{feff}---\r\nid: a\r\n---\r\nbody";
        let s = split(text).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(&text[s.yaml.clone()], "id: a\r\n");
        assert_eq!(&text[s.body..], "body");
    }

    #[test]
    fn empty_front_matter_is_allowed_by_split() {
        let s = split("---\n---\nx").unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(s.yaml, 4..4);
    }

    /// The fast path gives what the value-first path gave, scalars YAML reads as other types
    /// included, and gives up on anything it would have to ignore.
    #[test]
    fn fast_path_reads_as_the_slow_path_did() {
        let same = [
            "title: Hate speech basics\nkind: sop\nversion: 1.0.0\n",
            "title: yes\nversion: 1.10\nduration: 0x14\neffective: 2026-01-31\n",
            "tags: [a, b]\naudience:\n  - new-hire\napplies_to: [x, y]\npass_mark: 80\n",
            "title: \"quoted: colon\"\nsummary: >\n  folded\n  text\nshuffle: true\n",
        ];
        for yaml in same {
            let fast: Option<RawFrontMatter> = parse_known(yaml);
            let value: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap_or_default();
            let slow: RawFrontMatter = serde_yaml::from_value(value)
                .or_else(|_| serde_yaml::from_str(yaml))
                .unwrap_or_else(|e| panic!("{yaml}: {e}"));
            assert_eq!(format!("{fast:?}"), format!("{:?}", Some(slow)), "{yaml}");
        }
        for yaml in [
            "title: a\nbogus: 1\n",
            "placement: {after_heading: x, extra: 1}\n",
        ] {
            assert!(parse_known::<RawFrontMatter>(yaml).is_none(), "{yaml}");
        }
        assert!(parse_known::<RawFrontMatter>("title: [a\n").is_none());
        assert!(parse_known::<RawFrontMatter>("duration: twenty\n").is_none());
    }

    #[test]
    fn missing_and_unterminated() {
        assert_eq!(split("# Title\n"), Err(SplitError::Missing));
        assert_eq!(split(""), Err(SplitError::Missing));
        assert_eq!(split("---\nid: a\nbody"), Err(SplitError::Unterminated));
    }
}

/// Sets a top-level key of a file's front matter to a string value (replacing its whole entry,
/// block scalars included, or adding it before the closing fence). Other lines stay as written.
pub fn set_key(text: &str, key: &str, value: &str) -> Option<String> {
    let split = split(text).ok()?;
    let yaml = &text[split.yaml.clone()];
    let keys = crate::yaml::top_level_keys(yaml);
    let rendered = serde_yaml::to_string(value).ok()?;
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let entry = format!("{key}: {}", rendered.trim_end()).replace('\n', newline) + newline;
    let base = split.yaml.start;
    let (start, end) = match keys.iter().position(|k| k.key == key) {
        Some(i) => {
            let start = base + keys[i].key_offset;
            let end = keys
                .get(i + 1)
                .map_or(split.yaml.end, |k| base + k.key_offset);
            // Keep comment and blank lines that precede the next key.
            (start, trailing_trivia_start(text, start, end))
        }
        None => (split.yaml.end, split.yaml.end),
    };
    Some(format!("{}{entry}{}", &text[..start], &text[end..]))
}

/// The offset where the comment/blank lines at the end of `text[start..end]` begin.
fn trailing_trivia_start(text: &str, start: usize, end: usize) -> usize {
    let slice = &text[start..end];
    let mut cut = slice.len();
    let lines: Vec<&str> = slice.split_inclusive('\n').collect();
    for line in lines.iter().skip(1).rev() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            cut -= line.len();
        } else {
            break;
        }
    }
    start + cut
}

#[cfg(test)]
mod set_key_tests {
    use super::set_key;

    #[test]
    fn replaces_a_value_and_keeps_the_rest() {
        let text = "---\nid: a\nversion: 1.0.0 # old\ntitle: T\n---\nbody\n";
        assert_eq!(
            set_key(text, "version", "1.1.0").as_deref(),
            Some("---\nid: a\nversion: 1.1.0\ntitle: T\n---\nbody\n")
        );
    }

    #[test]
    fn replaces_a_block_scalar_and_adds_missing_keys() {
        let text = "---\nchanges: |\n  line one\n  line two\n\n# note\nid: a\n---\n";
        assert_eq!(
            set_key(text, "changes", "New: text").as_deref(),
            Some("---\nchanges: 'New: text'\n\n# note\nid: a\n---\n")
        );
        assert_eq!(
            set_key("---\nid: a\n---\nx", "changes", "c").as_deref(),
            Some("---\nid: a\nchanges: c\n---\nx")
        );
    }

    #[test]
    fn keeps_crlf() {
        assert_eq!(
            set_key("---\r\nversion: 1.0.0\r\n---\r\n", "version", "2.0.0").as_deref(),
            Some("---\r\nversion: 2.0.0\r\n---\r\n")
        );
    }
}
