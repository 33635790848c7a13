//! A module body's Markdown -> HTML.
//!
//! The events of pulldown-cmark are rewritten before its HTML writer sees them: headings get the
//! anchors the scan assigned, links and images point at their output pages and files, code is
//! highlighted, alerts become labelled boxes, `sensitive` blocks become `<details>`.

use super::highlight::{code_block, escape};
use crate::content::markdown::{self, fence_info, SENSITIVE};
use crate::content::model::{Heading, LinkTarget};
use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};

/// Answers "where does this link go from the page being rendered".
pub trait Resolve {
    /// The href for a link target; `None` leaves the destination as written.
    fn href(&self, target: &LinkTarget) -> Option<String>;
    /// The id a heading anchor gets on this page (print views prefix them).
    fn anchor(&self, anchor: &str) -> String {
        anchor.to_string()
    }
}

pub struct BodyOptions {
    /// Added to every heading level (print views nest modules one level down).
    pub heading_shift: u8,
    /// Render `sensitive` blocks open (printed handouts cannot be clicked).
    pub sensitive_open: bool,
}

/// Renders the Markdown `text` (a module body found at `content_path`), whose headings were
/// assigned `headings` by the scan.
pub fn render(
    text: &str,
    content_path: &str,
    headings: &[Heading],
    resolver: &dyn Resolve,
    opts: &BodyOptions,
) -> String {
    let mut state = State {
        content_path,
        headings,
        next_heading: 0,
        footnotes: Vec::new(),
        resolver,
        opts,
    };
    state.render(text)
}

struct State<'a> {
    content_path: &'a str,
    headings: &'a [Heading],
    next_heading: usize,
    footnotes: Vec<String>,
    resolver: &'a dyn Resolve,
    opts: &'a BodyOptions,
}

impl State<'_> {
    fn render(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() * 3 / 2);
        let mut events: Vec<Event> = Vec::new();
        let mut fence: Option<(String, String)> = None;
        let mut heading_level = 0u8;
        let mut current_footnote = 0usize;
        for event in Parser::new_ext(text, markdown::options()) {
            if fence.is_some() {
                match event {
                    Event::Text(t) => {
                        if let Some((_, body)) = fence.as_mut() {
                            body.push_str(&t);
                        }
                    }
                    Event::End(TagEnd::CodeBlock) => {
                        let (info, body) = fence.take().unwrap_or_default();
                        let html = self.fenced(&info, &body);
                        events.push(Event::Html(html.into()));
                    }
                    _ => {}
                }
                continue;
            }
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    let h = self.headings.get(self.next_heading);
                    self.next_heading += 1;
                    let base = h.map_or_else(|| markdown::heading_level(level), |h| h.level);
                    heading_level = (base + self.opts.heading_shift).min(6);
                    let id = h
                        .map(|h| self.resolver.anchor(&h.anchor))
                        .unwrap_or_default();
                    events.push(Event::Html(
                        format!("<h{heading_level} id=\"{}\">", escape(&id)).into(),
                    ));
                }
                Event::End(TagEnd::Heading(_)) => {
                    events.push(Event::Html(format!("</h{heading_level}>\n").into()));
                }
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                    fence = Some((info.to_string(), String::new()));
                }
                Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => {
                    fence = Some((String::new(), String::new()));
                }
                Event::Start(Tag::BlockQuote(Some(kind))) => {
                    let (class, title) = alert(kind);
                    events.push(Event::Html(
                        format!("<div class=\"alert alert-{class}\" role=\"note\"><p class=\"alert-title\">{title}</p>\n").into(),
                    ));
                }
                Event::End(TagEnd::BlockQuote(Some(_))) => {
                    events.push(Event::Html("</div>\n".into()))
                }
                Event::Start(Tag::Table(a)) => {
                    events.push(Event::Html(
                        "<div class=\"table-wrap\" tabindex=\"0\">".into(),
                    ));
                    events.push(Event::Start(Tag::Table(a)));
                }
                Event::End(TagEnd::Table) => {
                    events.push(Event::End(TagEnd::Table));
                    events.push(Event::Html("</div>\n".into()));
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let dest_url = self.rewrite(&dest_url).map_or(dest_url, CowStr::from);
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let dest_url = self.rewrite(&dest_url).map_or(dest_url, CowStr::from);
                    events.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
                Event::FootnoteReference(name) => {
                    let n = self.footnote_number(&name);
                    let (def, back) = self.footnote_ids(n);
                    events.push(Event::Html(
                        format!("<sup class=\"footnote-ref\"><a href=\"#{def}\" id=\"{back}\" aria-label=\"Footnote {n}\">{n}</a></sup>").into(),
                    ));
                }
                Event::Start(Tag::FootnoteDefinition(name)) => {
                    let n = self.footnote_number(&name);
                    let (def, _) = self.footnote_ids(n);
                    current_footnote = n;
                    events.push(Event::Html(
                        format!("<div class=\"footnote\" id=\"{def}\"><span class=\"footnote-label\">{n}.</span>\n").into(),
                    ));
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    let (_, back) = self.footnote_ids(current_footnote);
                    events.push(Event::Html(
                        format!("<a class=\"footnote-back\" href=\"#{back}\" aria-label=\"Back to reference {current_footnote}\">↩</a></div>\n").into(),
                    ));
                }
                Event::TaskListMarker(done) => {
                    let state = if done { "done" } else { "to do" };
                    let mark = if done { "☑" } else { "☐" };
                    events.push(Event::Html(format!("<span class=\"task\" role=\"img\" aria-label=\"{state}\">{mark}</span> ").into()));
                }
                other => events.push(other),
            }
        }
        pulldown_cmark::html::push_html(&mut out, events.into_iter());
        out
    }

    /// Footnotes are numbered by first mention (reference or definition), like GitHub does.
    fn footnote_number(&mut self, name: &str) -> usize {
        if let Some(i) = self.footnotes.iter().position(|f| f == name) {
            return i + 1;
        }
        self.footnotes.push(name.to_string());
        self.footnotes.len()
    }

    /// Ids of a footnote's definition and of its reference; prefixed on print pages like every
    /// other anchor, so two modules' footnote 1 do not clash.
    fn footnote_ids(&self, n: usize) -> (String, String) {
        (
            self.resolver.anchor(&format!("fn-{n}")),
            self.resolver.anchor(&format!("fnref-{n}")),
        )
    }

    fn rewrite(&self, dest: &str) -> Option<String> {
        let target = markdown::classify(dest, self.content_path);
        self.resolver.href(&target)
    }

    fn fenced(&mut self, info: &str, body: &str) -> String {
        let (word, rest) = fence_info(info);
        if word == SENSITIVE {
            let label = if rest.is_empty() {
                "Sensitive example"
            } else {
                rest
            };
            let open = if self.opts.sensitive_open {
                " open"
            } else {
                ""
            };
            let inner = self.render(body);
            return format!(
                "<details class=\"sensitive\"{open}><summary><span class=\"sensitive-tag\">Sensitive</span> <span class=\"sensitive-label\">{}</span> <span class=\"sensitive-hint\">(select to reveal)</span></summary>\n<div class=\"sensitive-body\">\n{inner}</div></details>\n",
                escape(label)
            );
        }
        code_block(word, body)
    }
}

fn alert(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

#[cfg(test)]
mod tests;
