//! YAML with positions: serde_yaml parses, this module finds where things are.
//!
//! serde_yaml's `Value` carries no positions, so the top-level keys of a block mapping (the
//! shape of front matter and syllabus.yaml) are located by a line scan, and serde_yaml's own
//! error locations are turned into byte offsets of the enclosing file.

use crate::diagnostics::suggest;

/// A top-level key of a block mapping and where it and its value start (byte offsets into the
/// scanned text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPos {
    pub key: String,
    pub key_offset: usize,
    pub value_offset: usize,
}

/// Top-level keys of a block-style YAML mapping, in order of appearance.
pub fn top_level_keys(text: &str) -> Vec<KeyPos> {
    let mut keys = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let first = line.chars().next();
        if matches!(
            first,
            None | Some(' ' | '\t' | '#' | '-' | '\r' | '\n' | '}' | ']')
        ) {
            continue;
        }
        let Some(colon) = find_key_colon(line) else {
            continue;
        };
        let raw = line[..colon].trim();
        let key = raw.trim_matches(|c| c == '"' || c == '\'').to_string();
        let after = &line[colon + 1..];
        let value_rel = colon + 1 + (after.len() - after.trim_start().len());
        keys.push(KeyPos {
            key,
            key_offset: start,
            value_offset: start + value_rel.min(line.trim_end().len()),
        });
    }
    keys
}

/// The `:` that ends a plain or quoted key: followed by a space, a line end or nothing.
fn find_key_colon(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') if i == 0 => quote = Some(b),
            (Some(q), c) if c == q => quote = None,
            (None, b':') => {
                let next = bytes.get(i + 1).copied();
                if matches!(next, None | Some(b' ' | b'\t' | b'\r' | b'\n')) {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// A serde_yaml error split into its message (without serde_yaml's " at line L column C"
/// suffix), the byte offset it points at, and a help line where one can be derived.
pub struct YamlError {
    pub message: String,
    pub offset: Option<usize>,
    pub help: Option<String>,
    /// A number too large for any integer type: the YAML is fine, the value is not.
    pub too_large: bool,
}

impl YamlError {
    pub fn from_serde(err: &serde_yaml::Error) -> YamlError {
        let raw = strip_positions(&err.to_string());
        // A number past 64 bits cannot even be held: a wrong value, not broken YAML.
        let too_large = raw.contains("as u128") || raw.contains("as i128");
        let message = if too_large {
            let number = raw.split('`').nth(1).unwrap_or("a number");
            let key = raw.split_once(": invalid type").map(|(k, _)| k);
            match key {
                Some(k) if !k.contains(' ') => format!("{k}: `{number}` is too large a number"),
                _ => format!("`{number}` is too large a number"),
            }
        } else {
            plain_words(&raw)
        };
        let help = unknown_field_help(&message);
        YamlError {
            message,
            offset: err.location().map(|l| l.index()),
            help,
            too_large,
        }
    }
}

/// Removes every " at line L column C": those count from the start of the YAML, not the file,
/// and the diagnostic's own location already says where.
fn strip_positions(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let tail = &after[digits..];
        if digits > 0 {
            if let Some(col) = tail.strip_prefix(" column ") {
                let n = col.len() - col.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                rest = &col[n..];
                continue;
            }
        }
        out.push_str(" at line ");
        rest = after;
    }
    out.push_str(rest);
    out
}

/// serde's type names in words an author knows; `locales[1]:` as a 1-based entry number.
fn plain_words(message: &str) -> String {
    let mut m = message
        .replace("expected u32", "expected a whole number")
        .replace("expected i64", "expected a whole number")
        .replace("expected a sequence", "expected a list")
        .replace("expected a map", "expected a mapping of keys to values")
        .replace(
            "repetition limit exceeded",
            "anchors and aliases (`&name`, `*name`) expand to too much data",
        );
    if let Some(open) = m.find('[') {
        if let Some(close) = m[open..].find("]: ").map(|c| open + c) {
            let key = &m[..open];
            if let Ok(n) = m[open + 1..close].parse::<usize>() {
                if !key.contains(' ') {
                    m = format!("in `{key}`, entry {}: {}", n + 1, &m[close + 3..]);
                }
            }
        }
    }
    m
}

/// serde's "unknown field `x`, expected one of `a`, `b`" becomes "did you mean `a`?".
fn unknown_field_help(message: &str) -> Option<String> {
    // serde_yaml prefixes the path (`locales[0]: unknown field …`) and says "expected `a` or `b`"
    // for two fields, "expected one of `a`, `b`, `c`" for more.
    let start = message.find("unknown field `")? + "unknown field `".len();
    let rest = &message[start..];
    let (field, rest) = rest.split_once('`')?;
    let expected: Vec<&str> = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| !s.is_empty())
        .collect();
    if expected.is_empty() {
        return None;
    }
    Some(suggest::did_you_mean(field, &expected))
}

/// Byte offsets (in `text`) of the items of the list that is the value of `key`, in either
/// flow (`[a, b]`) or block (`- a` lines) style. Empty when the value is not a simple list.
pub fn list_item_offsets(text: &str, key: &KeyPos) -> Vec<usize> {
    let value = &text[key.value_offset..];
    if let Some(inner) = value.strip_prefix('[') {
        let end = inner.find([']', '\n']).unwrap_or(inner.len());
        let mut offsets = Vec::new();
        let mut pos = key.value_offset + 1;
        for item in inner[..end].split(',') {
            let lead = item.len() - item.trim_start().len();
            if !item.trim().is_empty() {
                offsets.push(pos + lead);
            }
            pos += item.len() + 1;
        }
        return offsets;
    }
    // Block style: the lines after the key that start with optional spaces and "- ".
    let line_end = text[key.key_offset..]
        .find('\n')
        .map_or(text.len(), |i| key.key_offset + i + 1);
    let mut offsets = Vec::new();
    let mut pos = line_end;
    for line in text[line_end..].split_inclusive('\n') {
        let trimmed = line.trim_start_matches([' ', '\t']);
        if let Some(item) = trimmed.strip_prefix("- ") {
            let indent = line.len() - trimmed.len();
            let lead = item.len() - item.trim_start().len();
            offsets.push(pos + indent + 2 + lead);
        } else if !line.trim().is_empty() && !line.starts_with([' ', '\t', '#']) {
            break;
        }
        pos += line.len();
    }
    offsets
}

/// A short name for the YAML type of a value, for messages.
pub fn type_name(value: &serde_yaml::Value) -> &'static str {
    match value {
        serde_yaml::Value::Null => "nothing",
        serde_yaml::Value::Bool(_) => "a boolean",
        serde_yaml::Value::Number(_) => "a number",
        serde_yaml::Value::String(_) => "a string",
        serde_yaml::Value::Sequence(_) => "a list",
        serde_yaml::Value::Mapping(_) => "a mapping",
        serde_yaml::Value::Tagged(_) => "a tagged value",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_top_level_keys_and_value_offsets() {
        let text = "id: a\ntitle: \"B: c\"\nlist:\n  - x\n# comment\n'quoted': 1\n";
        let keys = top_level_keys(text);
        let names: Vec<&str> = keys.iter().map(|k| k.key.as_str()).collect();
        assert_eq!(names, ["id", "title", "list", "quoted"]);
        assert_eq!(keys[1].key_offset, 6);
        assert_eq!(
            &text[keys[1].value_offset..keys[1].value_offset + 3],
            "\"B:"
        );
    }

    #[test]
    fn list_items_are_located_in_flow_and_block_style() {
        let text = "a: [x, yy , z]\nb:\n  - one\n  -   two\nc: 1\n";
        let keys = top_level_keys(text);
        let flow: Vec<&str> = list_item_offsets(text, &keys[0])
            .iter()
            .map(|&o| &text[o..o + 1])
            .collect();
        assert_eq!(flow, ["x", "y", "z"]);
        let block: Vec<&str> = list_item_offsets(text, &keys[1])
            .iter()
            .map(|&o| &text[o..o + 3])
            .collect();
        assert_eq!(block, ["one", "two"]);
    }

    #[test]
    fn positions_are_stripped_and_types_named_in_words() {
        assert_eq!(
            strip_positions("did not find expected ',' or ']' at line 5 column 1, while parsing a flow sequence at line 2 column 8"),
            "did not find expected ',' or ']', while parsing a flow sequence"
        );
        assert_eq!(
            plain_words("locales[1]: unknown field `nmae`"),
            "in `locales`, entry 2: unknown field `nmae`"
        );
        assert_eq!(
            plain_words("invalid type: string \"x\", expected u32"),
            "invalid type: string \"x\", expected a whole number"
        );
    }

    #[test]
    fn url_colons_are_not_keys() {
        assert!(top_level_keys("http://example.org\n").is_empty());
    }

    #[test]
    fn unknown_field_message_gets_suggestion() {
        let help =
            unknown_field_help("unknown field `nmae`, expected one of `code`, `name`, `dir`");
        assert_eq!(help.as_deref(), Some("did you mean `name`?"));
        let help =
            unknown_field_help("locales[0]: unknown field `cdoe`, expected `code` or `name`");
        assert_eq!(help.as_deref(), Some("did you mean `code`?"));
    }
}
