//! Markdown syntax as syllabus reads it: parser options, heading anchors and clause ids, link
//! classification, and the fenced blocks with a meaning of their own (`sensitive`).
//!
//! `scan` walks a body once at parse time and records headings and links for the checks, and for
//! a site the plain text of each section (search) and the events themselves (`recorded`: pages
//! replay them rather than parse again); the renderer walks the events in the same order, so
//! the i-th heading gets the i-th anchor.

use crate::content::model::{Heading, Link, LinkTarget, ModuleId};
use crate::diagnostics::{Code, Diagnostic, SourceText, Span};
use plain::PlainText;
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use recorded::{Recorded, Recorder};
use std::collections::HashSet;
use std::sync::Arc;

mod packed;
pub mod plain;
pub mod recorded;

/// The one place the CommonMark extensions are chosen.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// The info string of a fenced block that hides its Markdown body behind click-to-reveal.
pub const SENSITIVE: &str = "sensitive";

/// A fenced block's info string split into its word and the rest (`sensitive Label text`).
pub fn fence_info(info: &str) -> (&str, &str) {
    let info = info.trim();
    match info.split_once(char::is_whitespace) {
        Some((word, rest)) => (word, rest.trim()),
        None => (info, ""),
    }
}

/// Unicode-aware slug of heading text: letters and digits of any script are kept (lowercased),
/// spaces and dashes become single hyphens, everything else is dropped.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' {
            pending_dash = true;
        }
    }
    if out.is_empty() {
        "section".to_string()
    } else {
        out
    }
}

/// Is `s` a valid slug for ids and clause ids: ASCII lowercase letters, digits and single hyphens.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Fenced blocks whose body is data, not code: questions, cases, acknowledgements; and
/// `trainer` blocks, which only the trainer edition shows.
pub const QUIZ: &str = "quiz";
pub const CASE: &str = "case";
pub const ACKNOWLEDGE: &str = "acknowledge";
pub const TRAINER: &str = "trainer";

/// A fenced block with a meaning of its own, in document order.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: String,
    pub text: String,
    /// Offset of the block's body in the file (YAML positions are relative to it).
    pub offset: usize,
    /// Where the opening fence is.
    pub fence: Span,
}

/// What a parse-time walk of a body finds.
#[derive(Debug, Default)]
pub struct Scan {
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    pub blocks: Vec<Block>,
    pub diagnostics: Vec<Diagnostic>,
    /// Plain text by section: `[0]` before the first heading, `[i + 1]` under heading `i`.
    /// What search indexes: no sensitive examples, quiz, case, acknowledge or trainer blocks, no
    /// raw HTML. Kept as positions in the body (`markdown::plain`); empty when scanned with
    /// `RenderData::Skip`.
    pub plain_text: PlainText,
    /// The body's events, for rendering without parsing again (`markdown::recorded`). Empty
    /// when scanned with `RenderData::Skip`: pages then parse the body.
    pub events: Recorded,
}

/// Whether a parse keeps what only rendering the site reads: each section's plain text (for
/// search) and the body's events (so pages replay them instead of parsing again). `check` and
/// `package` skip it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenderData {
    Keep,
    Skip,
}

/// Walks the Markdown of `source[body_offset..]`, which lives at `content_path`.
pub fn scan(source: &Arc<SourceText>, body_offset: usize, content_path: &str) -> Scan {
    scan_with(source, body_offset, content_path, RenderData::Keep)
}

/// `scan`, keeping what rendering reads or not (`Scan::plain_text` and `Scan::events` are then
/// empty).
pub fn scan_with(
    source: &Arc<SourceText>,
    body_offset: usize,
    content_path: &str,
    keep: RenderData,
) -> Scan {
    let keep = keep == RenderData::Keep;
    let body = &source.text[body_offset..];
    let mut walk = Walk {
        source,
        content_path,
        scan: Scan::default(),
        raw_headings: Vec::new(),
        in_sensitive: false,
        text: keep.then(|| plain::Builder::new(body)),
    };
    let mut recorder = keep.then(|| Recorder::new(body));
    walk.body(body, body_offset, recorder.as_mut());
    walk.end_section();
    walk.scan.events = recorder.map(Recorder::finish).unwrap_or_default();
    walk.scan.plain_text = walk
        .text
        .take()
        .map(plain::Builder::finish)
        .unwrap_or_default();
    let headings = assign_anchors(walk.raw_headings, source, &mut walk.scan.diagnostics);
    walk.scan.headings = headings;
    walk.scan
}

struct RawHeading {
    level: u8,
    text: String,
    explicit: Option<String>,
    offset: usize,
    is_sensitive: bool,
}

struct Walk<'a> {
    source: &'a Arc<SourceText>,
    content_path: &'a str,
    scan: Scan,
    raw_headings: Vec<RawHeading>,
    /// Inside a `sensitive` block: its text stays out of `plain_text` (a search snippet would
    /// show it without the click-to-reveal).
    in_sensitive: bool,
    /// The plain text by section, when kept.
    text: Option<plain::Builder<'a>>,
}

impl Walk<'_> {
    /// Walks the body `text` found at `base` in the file (or a `sensitive` block's body),
    /// handing every event to `recorder` (none for a block's body: its events are not the
    /// body's).
    fn body(&mut self, text: &str, base: usize, mut recorder: Option<&mut Recorder>) {
        let mut heading: Option<RawHeading> = None;
        let mut fence: Option<(String, usize, String)> = None;
        for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
            if let Some(r) = recorder.as_deref_mut() {
                r.push(&event);
            }
            let start = base + range.start;
            if let Some((_, first, body)) = fence.as_mut() {
                match event {
                    Event::Text(t) => {
                        if body.is_empty() {
                            *first = start;
                        }
                        body.push_str(&t);
                    }
                    Event::End(TagEnd::CodeBlock) => {
                        if let Some((info, first, body)) = fence.take() {
                            let word = fence_info(&info).0;
                            if word == SENSITIVE {
                                let outer = std::mem::replace(&mut self.in_sensitive, true);
                                self.body(&body, first, None);
                                self.in_sensitive = outer;
                            } else {
                                let offset = if body.is_empty() { start } else { first };
                                self.scan.blocks.push(Block {
                                    kind: word.to_string(),
                                    text: body,
                                    offset,
                                    fence: Span::new(self.source, start, start),
                                });
                            }
                        }
                    }
                    _ => {}
                }
                continue;
            }
            match event {
                Event::Start(Tag::Heading { level, id, .. }) => {
                    let level = heading_level(level);
                    if level == 1 {
                        self.scan.diagnostics.push(
                            Diagnostic::warning(
                                Code::BodyH1,
                                "level-1 heading in a module body; it is shown as a level-2 heading",
                            )
                            .at(Span::new(self.source, start, start + 1))
                            .with_help("the module title is the page's only level-1 heading: start body headings at `##`"),
                        );
                    }
                    self.end_section();
                    heading = Some(RawHeading {
                        level: level.max(2),
                        text: String::new(),
                        explicit: id.map(|i| i.to_string()),
                        offset: start,
                        is_sensitive: self.in_sensitive,
                    });
                }
                Event::Text(t) | Event::Code(t) => {
                    if let Some(h) = heading.as_mut() {
                        h.text.push_str(&t);
                    } else {
                        self.plain(&t);
                    }
                }
                Event::SoftBreak | Event::HardBreak => self.plain(" "),
                Event::End(
                    TagEnd::Paragraph
                    | TagEnd::Item
                    | TagEnd::TableCell
                    | TagEnd::CodeBlock
                    | TagEnd::BlockQuote(_)
                    | TagEnd::FootnoteDefinition,
                ) => self.plain("\n"),
                Event::End(TagEnd::Heading(_)) => {
                    if let Some(h) = heading.take() {
                        self.raw_headings.push(RawHeading {
                            text: h.text.trim().to_string(),
                            ..h
                        });
                    }
                }
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                    if [SENSITIVE, QUIZ, CASE, ACKNOWLEDGE, TRAINER]
                        .contains(&fence_info(&info).0) =>
                {
                    fence = Some((info.to_string(), start, String::new()));
                }
                Event::Start(Tag::Link { dest_url, .. }) => {
                    self.link(&dest_url, false, start..base + range.end);
                }
                Event::Start(Tag::Image { dest_url, .. }) => {
                    self.link(&dest_url, true, start..base + range.end);
                }
                _ => {}
            }
        }
    }

    /// Closes the section being read: its text goes into `plain_text`.
    fn end_section(&mut self) {
        if let Some(t) = self.text.as_mut() {
            t.end_section();
        }
    }

    fn plain(&mut self, text: &str) {
        if self.in_sensitive {
            return;
        }
        if let Some(t) = self.text.as_mut() {
            t.push(text);
        }
    }

    fn link(&mut self, dest: &str, is_image: bool, range: std::ops::Range<usize>) {
        let target = classify(dest, self.content_path);
        self.scan.links.push(Link {
            target,
            written: dest.to_string(),
            is_image,
            span: Span::new(self.source, range.start, range.end),
        });
    }
}

pub fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Explicit ids are kept as written (and must be unique); generated ones skip every id already
/// taken, numbering repeats `-1`, `-2`, … so anchors stay stable when unrelated headings change.
fn assign_anchors(
    raw: Vec<RawHeading>,
    source: &Arc<SourceText>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Heading> {
    let mut taken: HashSet<String> = HashSet::new();
    for h in &raw {
        if let Some(id) = &h.explicit {
            if !taken.insert(id.clone()) {
                diags.push(
                    Diagnostic::error(
                        Code::DuplicateAnchor,
                        format!("heading id `{id}` is used twice in this module"),
                    )
                    .at(Span::new(source, h.offset, h.offset + 1))
                    .with_help("clause ids must be unique within a module; rename one of them"),
                );
            }
            if !is_slug(id) {
                diags.push(
                    Diagnostic::error(Code::InvalidId, format!("clause id `{id}` is not a slug"))
                        .at(Span::new(source, h.offset, h.offset + 1))
                        .with_help("use lowercase ASCII letters, digits and single hyphens, e.g. `{#hs-severity}`"),
                );
            }
        }
    }
    raw.into_iter()
        .map(|h| {
            let (anchor, is_clause) = match h.explicit {
                Some(id) => (id, true),
                None => {
                    let base = slugify(&h.text);
                    let mut anchor = base.clone();
                    let mut n = 0;
                    while taken.contains(&anchor) {
                        n += 1;
                        anchor = format!("{base}-{n}");
                    }
                    taken.insert(anchor.clone());
                    (anchor, false)
                }
            };
            Heading {
                level: h.level,
                text: h.text,
                anchor,
                is_clause,
                offset: h.offset,
                is_sensitive: h.is_sensitive,
            }
        })
        .collect()
}

/// Classifies a link destination written in the Markdown at `content_path`.
pub fn classify(dest: &str, content_path: &str) -> LinkTarget {
    if let Some(rest) = dest.strip_prefix("module:") {
        let (id, anchor) = split_fragment(rest);
        return LinkTarget::Module {
            id: Some(ModuleId(id.to_string())),
            path: None,
            anchor,
        };
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return LinkTarget::Anchor(anchor.to_string());
    }
    if dest.is_empty() || dest.starts_with("//") || has_scheme(dest) {
        return LinkTarget::External;
    }
    if dest.starts_with('/') || dest.starts_with('\\') {
        return LinkTarget::Outside(dest.to_string());
    }
    let (path, fragment) = split_fragment(dest);
    let path = path.split('?').next().unwrap_or_default();
    let decoded = nfc(&percent_decode(path));
    let Some(resolved) = join(content_path, &decoded) else {
        return LinkTarget::Outside(dest.to_string());
    };
    if resolved.ends_with(".md") {
        LinkTarget::Module {
            id: None,
            path: Some(resolved),
            anchor: fragment,
        }
    } else {
        LinkTarget::Asset {
            path: resolved,
            fragment,
        }
    }
}

fn split_fragment(s: &str) -> (&str, Option<String>) {
    match s.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string()).filter(|f| !f.is_empty())),
        None => (s, None),
    }
}

fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            // A single letter before ':' is a Windows drive, not a scheme.
            scheme.len() > 1
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        }
        None => false,
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Joins a relative path to the folder of `from` (both content-relative, `/`-separated),
/// resolving `.` and `..` lexically. `None` if the result leaves the content folder.
/// `s` in Unicode Normalization Form C: content paths are compared in this form, so "é"
/// written as one code point or as "e" plus a combining accent names the same file.
pub fn nfc(s: &str) -> String {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => s.to_string(),
        _ => s.nfc().collect(),
    }
}

pub fn join(from: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in rel.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests;
