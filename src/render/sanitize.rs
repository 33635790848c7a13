//! Raw HTML written in Markdown. By default it is cleaned: an HTML block goes through ammonia
//! (a well-kept, html5ever-based sanitiser: no `<script>`, `<style>`, `<iframe>`, no event
//! handler attributes, no `javascript:` URLs), and an inline tag is kept only when it is a
//! harmless text-level tag, without attributes; anything else is shown as text. Trusted
//! repositories opt out with `allow_raw_html: true` in syllabus.yaml.

use super::highlight::escape;
use std::sync::OnceLock;

fn cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_generic_attributes(["class", "lang", "dir"])
            .add_tags(["details", "summary", "figure", "figcaption", "mark"])
            .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect());
        b
    })
}

/// An HTML block, cleaned.
pub fn block(html: &str) -> String {
    cleaner().clean(html).to_string()
}

/// Text-level tags an inline tag may be; everything about them but the name is dropped.
const INLINE: &[&str] = &[
    "abbr", "b", "br", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q", "s",
    "samp", "small", "span", "strong", "sub", "sup", "u", "var", "wbr",
];

/// One inline tag (`<kbd>`, `</kbd>`, `<br/>`), cleaned: a known text-level tag without its
/// attributes, a comment dropped, anything else escaped so it shows as written.
pub fn inline(tag: &str) -> String {
    let t = tag.trim();
    if t.starts_with("<!--") {
        return String::new();
    }
    let (closing, rest) = match t.strip_prefix("</") {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('<').unwrap_or(t)),
    };
    let name: String = rest
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    if t.ends_with('>') && INLINE.contains(&name.as_str()) {
        if closing {
            format!("</{name}>")
        } else {
            format!("<{name}>")
        }
    } else {
        escape(tag)
    }
}

/// May a link written in Markdown point here? Relative links and the schemes a reader can
/// follow safely; never `javascript:`, `data:` or `vbscript:`.
pub fn is_safe_url(dest: &str) -> bool {
    // The scheme is what comes before the first `:`, whitespace and control characters left
    // out (browsers drop them: `java\tscript:`), compared without case. A `/`, `#` or `?`
    // before any `:` makes the link relative. Every link of every page comes through here:
    // only the scheme's few characters are looked at, nothing is copied.
    const LONGEST: usize = 6;
    let mut scheme = [0u8; LONGEST];
    let mut len = 0;
    let mut known_length = true;
    for c in dest
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
    {
        match c {
            ':' => {
                let scheme = &scheme[..len];
                return known_length
                    && matches!(scheme, b"http" | b"https" | b"mailto" | b"tel" | b"module");
            }
            '/' | '#' | '?' => return true,
            _ if c.is_ascii() && len < LONGEST => {
                scheme[len] = (c as u8).to_ascii_lowercase();
                len += 1;
            }
            _ => known_length = false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_lose_scripts_handlers_and_javascript_urls() {
        let out = block(
            "<div class=\"note\" onclick=\"steal()\"><script>alert(1)</script><a href=\"javascript:alert(1)\">x</a><img src=x onerror=alert(1)><details><summary>More</summary>ok</details></div>",
        );
        assert!(!out.contains("script"), "{out}");
        assert!(
            !out.contains("onclick") && !out.contains("onerror"),
            "{out}"
        );
        assert!(!out.contains("javascript:"), "{out}");
        assert!(
            out.contains("<details><summary>More</summary>ok</details>"),
            "{out}"
        );
        assert!(out.contains("class=\"note\""), "{out}");
    }

    #[test]
    fn inline_tags_keep_harmless_names_only() {
        assert_eq!(inline("<kbd>"), "<kbd>");
        assert_eq!(inline("</KBD>"), "</kbd>");
        assert_eq!(inline("<span onclick=\"x()\">"), "<span>");
        assert_eq!(inline("<br/>"), "<br>");
        assert_eq!(inline("<script>"), "&lt;script&gt;");
        assert_eq!(
            inline("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(inline("<!-- note -->"), "");
    }

    /// `is_safe_url` as first written: the whole URL filtered and lowercased, then split.
    fn is_safe_url_by_copy(dest: &str) -> bool {
        let lower: String = dest
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .collect::<String>()
            .to_ascii_lowercase();
        match lower.split_once(':') {
            Some((scheme, _))
                if !scheme.contains('/') && !scheme.contains('#') && !scheme.contains('?') =>
            {
                matches!(scheme, "http" | "https" | "mailto" | "tel" | "module")
            }
            _ => true,
        }
    }

    #[test]
    fn url_schemes_are_judged_as_by_lowercasing_a_copy() {
        let pieces = [
            "h", "t", "p", "s", "HT", "TP", "mailto", "Module", "tel", "java", "script", "data",
            ":", "/", "#", "?", " ", "\t", "\n", "\u{0}", "\u{7f}", "\u{85}", "\u{a0}", "é", "K",
            "\u{212a}", "x", "ſ",
        ];
        let mut seed = 3u64;
        for _ in 0..100_000 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let mut url = String::new();
            let mut bits = seed;
            for _ in 0..(bits % 9) {
                bits /= 9;
                url.push_str(pieces[(bits % pieces.len() as u64) as usize]);
                bits /= pieces.len() as u64;
                if bits == 0 {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                    bits = seed;
                }
            }
            assert_eq!(is_safe_url(&url), is_safe_url_by_copy(&url), "{url:?}");
        }
        for url in [
            "http:",
            "https://x",
            "HTTPS://x",
            "tel:1",
            "module:a",
            "mailto:a@b",
        ] {
            assert!(is_safe_url(url) && is_safe_url_by_copy(url), "{url}");
        }
        for url in [
            "httpss:x",
            "ht tp:x",
            "javascript:x",
            "\u{212a}tel:x",
            "modulex:y",
        ] {
            assert_eq!(is_safe_url(url), is_safe_url_by_copy(url), "{url}");
        }
    }

    #[test]
    fn urls_with_dangerous_schemes_are_refused() {
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:x",
            " java\tscript:x",
            "data:text/html,x",
            "vbscript:x",
        ] {
            assert!(!is_safe_url(bad), "{bad}");
        }
        for good in [
            "https://example.org",
            "mailto:a@b.c",
            "other.md#x",
            "a/b:c.png",
            "#x",
            "module:hs-sop",
        ] {
            assert!(is_safe_url(good), "{good}");
        }
    }
}
