//! Code highlighting with syntect, as CSS classes (`hl-*`) so one stylesheet serves light and
//! dark. The syntax set loads once per process (it takes tens of milliseconds).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, line_tokens_to_classed_spans, ClassStyle};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// `<pre><code>` for a fenced block; highlighted when the language is known.
pub fn code_block(lang: &str, code: &str) -> String {
    let set = syntaxes();
    let syntax = (!lang.is_empty())
        .then(|| set.find_syntax_by_token(lang))
        .flatten();
    let lang_attr = if lang.is_empty() {
        String::new()
    } else {
        format!(" data-lang=\"{}\"", escape(lang))
    };
    let inner = match syntax {
        Some(syntax) => highlight(syntax, code).unwrap_or_else(|| escape(code)),
        None => escape(code),
    };
    format!("<pre class=\"code\"{lang_attr} tabindex=\"0\"><code>{inner}</code></pre>\n")
}

/// What syntect's `ClassedHTMLGenerator` gives, line by line, each line taken from `LINES`
/// when this thread highlighted it before from the same state; `None` when syntect fails.
fn highlight(syntax: &SyntaxReference, code: &str) -> Option<String> {
    let set = syntaxes();
    let mut state = LineState {
        parse: ParseState::new(syntax),
        scopes: ScopeStack::new(),
    };
    let mut html = String::with_capacity(code.len() * 4);
    let mut open_spans: isize = 0;
    for line in LinesWithEndings::from(code) {
        let kept = line.len() <= MAX_LINE_BYTES;
        if let Some(done) = kept.then(|| remembered(line, &state)).flatten() {
            html.push_str(&done.html);
            open_spans += done.delta;
            state = done.after;
            continue;
        }
        let before = kept.then(|| state.clone());
        let ops = state.parse.parse_line(line, set).ok()?;
        let (formatted, delta) =
            line_tokens_to_classed_spans(line, &ops, STYLE, &mut state.scopes).ok()?;
        html.push_str(&formatted);
        open_spans += delta;
        if let Some(before) = before {
            remember(
                line,
                before,
                Highlighted {
                    html: formatted,
                    delta,
                    after: state.clone(),
                },
            );
        }
    }
    for _ in 0..open_spans {
        html.push_str("</span>");
    }
    Some(html)
}

/// Where highlighting is between two lines: the parser's state and the open scopes.
#[derive(Clone, PartialEq, Eq)]
struct LineState {
    parse: ParseState,
    scopes: ScopeStack,
}

/// One line highlighted from a state: its HTML, the spans it opened (or closed, negative), and
/// the state after it.
#[derive(Clone)]
struct Highlighted {
    html: String,
    delta: isize,
    after: LineState,
}

/// Lines remembered per thread, at most: past that the memory starts over (a long `serve`
/// session must not grow without end).
const MAX_LINES: usize = 50_000;
/// Longer lines are not remembered: they are seldom repeated, and each would be held twice
/// (text and HTML) for nothing.
const MAX_LINE_BYTES: usize = 400;

thread_local! {
    /// Lines of code this thread highlighted, by text, with the state each was highlighted
    /// from. A line's highlighting depends only on its text and that state (the syntaxes are
    /// loaded once per process), and code blocks repeat lines (`severity: high` in one
    /// escalation config after another) far more often than whole blocks: highlighting a line
    /// takes dozens of regex searches, finding it here a hash and a compare. Per thread, as
    /// syntect's parser state may hold regex match data that cannot cross threads.
    static LINES: RefCell<HashMap<String, Vec<(LineState, Highlighted)>>> =
        RefCell::new(HashMap::new());
}

fn remembered(line: &str, state: &LineState) -> Option<Highlighted> {
    LINES.with_borrow(|lines| {
        lines
            .get(line)?
            .iter()
            .find(|(from, _)| from == state)
            .map(|(_, done)| done.clone())
    })
}

fn remember(line: &str, from: LineState, done: Highlighted) {
    LINES.with_borrow_mut(|lines| {
        if lines.len() >= MAX_LINES {
            lines.clear();
        }
        let seen = lines.entry(line.to_string()).or_default();
        if !seen.iter().any(|(s, _)| *s == from) {
            seen.push((from, done));
        }
    });
}

/// Highlighted blocks of one build by (language, code). Highlighting is the costliest part of
/// rendering Markdown, and the same block is often shown more than once: a regional note on its
/// own page and inside each module it applies to, a translation keeping its source's code.
#[derive(Default)]
pub struct Cache {
    blocks: Mutex<HashMap<(String, String), Arc<str>>>,
}

impl Cache {
    /// `code_block`, from the cache when this block was highlighted before.
    pub fn code_block(&self, lang: &str, code: &str) -> String {
        let key = (lang.to_string(), code.to_string());
        if let Some(html) = self.blocks.lock().ok().and_then(|c| c.get(&key).cloned()) {
            return html.to_string();
        }
        let html = code_block(lang, code);
        if let Ok(mut cache) = self.blocks.lock() {
            cache.insert(key, html.as_str().into());
        }
        html
    }
}

/// The highlighting stylesheet: a light theme, and a dark one under `prefers-color-scheme`.
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let css = |name: &str| {
        themes
            .themes
            .get(name)
            .and_then(|t| css_for_theme_with_class_style(t, STYLE).ok())
            .unwrap_or_default()
    };
    let dark = css("base16-ocean.dark");
    format!(
        "/* Generated by syllabus from syntect themes InspiredGitHub (light) and base16-ocean.dark (dark). */\n{}\n@media (prefers-color-scheme: dark) {{\n{}}}\n",
        css("InspiredGitHub"),
        dark
    )
}

/// Text and attribute values in HTML. `package::manifest::escape` builds on it, so a change
/// here changes the SCORM manifests too. Also Tera's autoescape: every `{{ }}` of every page
/// goes through it, so it copies runs between special characters rather than char by char.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    let mut last = 0;
    // The five characters are ASCII, never part of a multi-byte character: byte offsets are
    // character boundaries.
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(entity);
        last = i + 1;
    }
    out.push_str(&s[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classes() {
        let html = code_block("yaml", "a: 1\n");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(html.starts_with("<pre class=\"code\" data-lang=\"yaml\""));
    }

    #[test]
    fn the_cache_gives_what_highlighting_gives() {
        let cache = Cache::default();
        for _ in 0..2 {
            assert_eq!(
                cache.code_block("yaml", "a: 1\n"),
                code_block("yaml", "a: 1\n")
            );
            assert_eq!(
                cache.code_block("nope", "<b>\n"),
                code_block("nope", "<b>\n")
            );
        }
        assert_eq!(cache.blocks.lock().map(|c| c.len()).unwrap_or_default(), 2);
    }

    /// What syntect's own generator gives for a block.
    fn reference(lang: &str, code: &str) -> String {
        let set = syntaxes();
        let syntax = set.find_syntax_by_token(lang).unwrap();
        let mut gen = syntect::html::ClassedHTMLGenerator::new_with_class_style(syntax, set, STYLE);
        for line in LinesWithEndings::from(code) {
            gen.parse_html_for_line_which_includes_newline(line)
                .unwrap();
        }
        format!(
            "<pre class=\"code\" data-lang=\"{lang}\" tabindex=\"0\"><code>{}</code></pre>\n",
            gen.finalize()
        )
    }

    #[test]
    fn remembered_lines_highlight_as_syntect_does_in_every_state() {
        // The same line text in different states: inside and outside a docstring, a block
        // scalar and a mapping, an unclosed string at the end of a block.
        let blocks = [
            ("python", "x = 1\n\"\"\"\nx = 1\n\"\"\"\nx = 1\n"),
            ("python", "\"\"\"\nx = 1\n"),
            ("python", "x = 1\ns = 'open\n"),
            ("yaml", "a: |\n  severity: high\nseverity: high\n"),
            ("yaml", "severity: high\na: |\n  severity: high\n"),
            ("rust", "/* x = 1\nx = 1 */\nx = 1\n"),
        ];
        for round in 0..3 {
            for (lang, code) in blocks {
                // Blocks that differ by a line, so each round meets lines highlighted before.
                let code = format!("{code}# {round}\n");
                assert_eq!(
                    code_block(lang, &code),
                    reference(lang, &code),
                    "{lang} {code:?}"
                );
            }
        }
        let long = format!("s = '{}'\nx = 1\n", "a".repeat(MAX_LINE_BYTES));
        for _ in 0..2 {
            assert_eq!(code_block("python", &long), reference("python", &long));
        }
        let remembered = LINES.with_borrow(|l| l.get("x = 1\n").map_or(0, Vec::len));
        assert!(remembered >= 2, "x = 1 in several states: {remembered}");
    }

    #[test]
    fn unknown_language_is_escaped_plain_text() {
        assert_eq!(
            code_block("nope", "<b>\n"),
            "<pre class=\"code\" data-lang=\"nope\" tabindex=\"0\"><code>&lt;b&gt;\n</code></pre>\n"
        );
    }

    #[test]
    fn escape_replaces_the_five_characters_and_keeps_the_rest() {
        assert_eq!(
            escape(r#"<a href="x">Tom & Jerry's «é» 日本</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s «é» 日本&lt;/a&gt;"
        );
        assert_eq!(escape(""), "");
        assert_eq!(escape("&&"), "&amp;&amp;");
        assert_eq!(escape("plain"), "plain");
    }

    #[test]
    fn stylesheet_has_dark_variant() {
        let css = stylesheet();
        assert!(css.contains(".hl-"));
        assert!(css.contains("@media (prefers-color-scheme: dark)"));
    }
}
