//! The SCO's saved state (`cmi.suspend_data`) and its worst-case size.
//!
//! `scorm.js` saves one compact JSON object:
//! `{"v":1,"l":"<anchor>","p":<0-100>,"s":"<hex>","a":<attempts>,"k":<0|1>,"c":<0|1>}`:
//! format version, the heading the learner was at, percent read, a hex bit set of the h2
//! sections seen, assessment attempts used, acknowledged, completed. Its size depends only on
//! the module, so the build can prove it fits the standard's limit before any learner hits it.

use crate::content::model::Heading;

/// Attempts are saved up to this many (the runtime stops counting there).
pub const MAX_SAVED_ATTEMPTS: u32 = 9999;

/// The longest `suspend_data` the runtime can write for a module with these headings (as the
/// SCO shows them) and attempt limit, in characters (UTF-16 code units, as JavaScript counts).
pub fn worst_case(headings: &[Heading], max_attempts: Option<u32>) -> usize {
    let anchor = headings
        .iter()
        .map(|h| json_string_len(&h.anchor))
        .max()
        .unwrap_or(2);
    let sections = headings.iter().filter(|h| h.level == 2).count();
    let attempts = max_attempts
        .unwrap_or(MAX_SAVED_ATTEMPTS)
        .min(MAX_SAVED_ATTEMPTS);
    let state = format!(
        "{{\"v\":1,\"l\":{},\"p\":100,\"s\":\"{}\",\"a\":{attempts},\"k\":1,\"c\":1}}",
        "x".repeat(anchor),
        "f".repeat(sections.div_ceil(4).max(1)),
    );
    state.encode_utf16().count()
}

/// Length of `s` as `JSON.stringify` writes it (quotes included), in UTF-16 code units.
fn json_string_len(s: &str) -> usize {
    let escaped: usize = s
        .chars()
        .map(|c| match c {
            '"' | '\\' | '\n' | '\r' | '\t' | '\u{8}' | '\u{c}' => 2,
            c if (c as u32) < 0x20 => 6,
            c => c.len_utf16(),
        })
        .sum();
    escaped + 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(level: u8, anchor: &str) -> Heading {
        Heading {
            level,
            text: anchor.to_string(),
            anchor: anchor.to_string(),
            is_clause: false,
            offset: 0,
            is_sensitive: false,
        }
    }

    #[test]
    fn matches_the_state_the_runtime_writes() {
        // What scorm.js writes for: at "scope", all 5 sections seen, 3 attempts, acknowledged.
        let written = r#"{"v":1,"l":"scope","p":100,"s":"f1","a":3,"k":1,"c":1}"#;
        let hs: Vec<Heading> = ["scope", "a", "b", "c", "d"]
            .iter()
            .map(|a| heading(2, a))
            .collect();
        assert_eq!(worst_case(&hs, Some(3)), written.len());
    }

    #[test]
    fn grows_with_sections_and_counts_utf16() {
        let few = worst_case(&[heading(2, "a")], None);
        let many: Vec<Heading> = (0..4000).map(|i| heading(2, &format!("s{i}"))).collect();
        assert_eq!(worst_case(&many, None) - few, 999 + 4);
        // Three code units per Japanese character would be UTF-8; JavaScript counts one.
        assert_eq!(json_string_len("範囲"), 4);
        assert_eq!(json_string_len("a\"b"), 6);
    }

    /// The limit check is exact: a module whose worst case is 4,096 characters fits SCORM 1.2,
    /// one more section bit past a hex digit does not.
    #[test]
    fn at_the_scorm12_limit() {
        let base = worst_case(&[heading(2, "a")], Some(1));
        // Each 4 sections add one hex digit; find the count that lands exactly on 4096.
        let digits = 4096 - base + 1;
        let hs: Vec<Heading> = (0..digits * 4).map(|_| heading(2, "a")).collect();
        assert_eq!(worst_case(&hs, Some(1)), 4096);
        let mut over = hs.clone();
        over.push(heading(2, "a"));
        assert_eq!(worst_case(&over, Some(1)), 4097);
    }
}
