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
