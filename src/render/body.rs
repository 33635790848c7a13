//! A module body's Markdown -> HTML.
//!
//! The events of pulldown-cmark are rewritten before its HTML writer sees them: headings get the
//! anchors the scan assigned, links and images point at their output pages and files, code is
//! highlighted, alerts become labelled boxes, `sensitive` blocks become `<details>`, footnotes
//! get ids that stay unique on pages holding several modules, and regional notes are inserted
//! at the end of the section they are placed after.

use super::highlight::{self, code_block, escape};
use super::localize::Localized;
use super::quiz::{self, QuizContext};
use super::sanitize;
use crate::config::Edition;
use crate::content::markdown::recorded::{Recorded, Replay};
use crate::content::markdown::{self, fence_info, ACKNOWLEDGE, CASE, QUIZ, SENSITIVE, TRAINER};
use crate::content::model::{Heading, LinkTarget};
use crate::content::quiz::Blocks;
use crate::i18n::Table;
use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};

/// Answers "where does this link go from the page being rendered".
pub trait Resolve {
    /// The href for a link target; `None` leaves the destination as written.
    fn href(&self, target: &LinkTarget) -> Option<String>;
    /// What a link (not an image) becomes. Site pages only change hrefs; a SCO inside a
    /// package cannot follow links out of itself, so it opens them in a new window or keeps
    /// only the link text.
    fn link(&self, target: &LinkTarget, _written: &str) -> Rewrite {
        self.href(target).map_or(Rewrite::Keep, Rewrite::To)
    }
    /// The id a heading anchor gets on this page (print views prefix them).
    fn anchor(&self, anchor: &str) -> String {
        anchor.to_string()
    }
}

/// The fate of one link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rewrite {
    /// Leave the destination as written.
    Keep,
    To(String),
    /// Open in a new window (`target="_blank"`): the page must stay where it is.
    NewWindow(String),
    /// No link: the text stays, marked as a cross-reference.
    Text,
}

pub struct BodyOptions<'a> {
    /// Added to every heading level (print views nest modules one level down).
    pub heading_shift: u8,
    /// Render `sensitive` blocks open (printed handouts cannot be clicked).
    pub sensitive_open: bool,
    /// UI strings of the page's locale (alert titles, reveal hints, footnote labels).
    pub t: &'a Table,
    /// HTML to insert at the end of a heading's section (by heading index), or with `None` at
    /// the end of the body: regional notes.
    pub inserts: &'a [(Option<usize>, String)],
    /// The module's questions, cases and acknowledgement, for its `quiz`, `case` and
    /// `acknowledge` blocks; `None` renders those blocks as nothing.
    pub quiz: Option<QuizBlocks<'a>>,
    /// The trainer edition shows `trainer` blocks; the trainee edition leaves them out entirely.
    pub edition: Edition,
    /// Keep raw HTML as written (`allow_raw_html: true`); otherwise it is cleaned.
    pub raw_html: bool,
    /// The build's highlighted code blocks, when it keeps them.
    pub highlights: Option<&'a highlight::Cache>,
}

/// A module's interactive blocks, in block order.
#[derive(Clone, Copy)]
pub struct QuizBlocks<'a> {
    pub blocks: &'a Blocks,
    pub module: &'a str,
    pub version: &'a semver::Version,
    /// Site-wide calibration decisions, for cases without their own.
    pub decisions: &'a [String],
    /// False in graded assessments: their questions are gathered into one form instead.
    pub inline_questions: bool,
}

impl<'a> BodyOptions<'a> {
    pub fn new(t: &'a Table) -> BodyOptions<'a> {
        BodyOptions {
            heading_shift: 0,
            sensitive_open: false,
            t,
            inserts: &[],
            quiz: None,
            edition: Edition::Trainee,
            raw_html: false,
            highlights: None,
        }
    }

    fn text(&self, key: &str, fallback: &'a str) -> &'a str {
        self.t.get(key).map_or(fallback, String::as_str)
    }

    fn fill(&self, key: &str, fallback: &'a str, n: usize) -> String {
        self.text(key, fallback).replace("{n}", &n.to_string())
    }
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
    render_events(
        parser(text),
        text.len(),
        content_path,
        headings,
        resolver,
        opts,
    )
}

/// The events of a body as they are parsed.
pub fn parser(text: &str) -> Parser<'_> {
    Parser::new_ext(text, markdown::options())
}

/// The events of a body: replayed from a recording of its parse (`markdown::recorded`), or
/// parsed when there is none.
pub enum BodyEvents<'a> {
    Replay(Replay<'a>),
    Parse(Box<Parser<'a>>),
}

impl<'a> BodyEvents<'a> {
    /// The events of `text`, whose parse is `recorded` (or empty).
    pub fn of(text: &'a str, recorded: &'a Recorded) -> BodyEvents<'a> {
        if recorded.is_empty() {
            BodyEvents::Parse(Box::new(parser(text)))
        } else {
            BodyEvents::Replay(recorded.replay(text))
        }
    }
}

impl<'a> Iterator for BodyEvents<'a> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        match self {
            BodyEvents::Replay(r) => r.next(),
            BodyEvents::Parse(p) => p.next(),
        }
    }
}

/// The body of a module as a locale's page shows it (the translation or the source), from
/// the events its load recorded when there are some.
pub fn render_localized(l: &Localized, resolver: &dyn Resolve, opts: &BodyOptions) -> String {
    render_events(
        l.body_events(),
        l.body.len(),
        l.content_path,
        l.headings,
        resolver,
        opts,
    )
}

/// `render` from the events of a body `text_len` bytes long.
pub fn render_events<'t>(
    events: impl Iterator<Item = Event<'t>>,
    text_len: usize,
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
        depth: 0,
        open_sections: Vec::new(),
        next_question: 0,
        next_case: 0,
        in_fragment: false,
    };
    let mut html = state.render_events(events, text_len);
    // Sections still open at the end close now; then the notes placed at the end.
    for (_, insert) in state.open_sections.drain(..).rev() {
        html.push_str(&insert);
    }
    for (at, insert) in opts.inserts {
        if at.is_none() || at.is_some_and(|i| i >= headings.len()) {
            html.push_str(insert);
        }
    }
    html
}

struct State<'a> {
    content_path: &'a str,
    headings: &'a [Heading],
    next_heading: usize,
    footnotes: Vec<String>,
    resolver: &'a dyn Resolve,
    opts: &'a BodyOptions<'a>,
    /// Nesting of `sensitive` blocks: inserts go at the top level only.
    depth: usize,
    /// Sections with something to insert at their end: (heading level, html).
    open_sections: Vec<(u8, String)>,
    next_question: usize,
    next_case: usize,
    /// Rendering the text of a block (a question's prompt, an acknowledgement, a trainer
    /// note): a `quiz`, `case` or `acknowledge` fence in it is not one of the module's blocks
    /// (the parse does not look inside blocks) and shows nothing. Shown as the module's, an
    /// acknowledgement whose text held an `acknowledge` fence rendered itself without end.
    in_fragment: bool,
}

impl State<'_> {
    fn render(&mut self, text: &str) -> String {
        self.render_events(parser(text), text.len())
    }

    /// Renders the events of Markdown `text_len` bytes long.
    fn render_events<'t>(
        &mut self,
        parsed: impl Iterator<Item = Event<'t>>,
        text_len: usize,
    ) -> String {
        let mut out = String::with_capacity(text_len * 3 / 2);
        // About one event per 12 bytes of Markdown: sized once rather than grown (and copied)
        // through a dozen doublings on a long module.
        let mut events: Vec<Event> = Vec::with_capacity(text_len / 12);
        let mut fence: Option<(String, String)> = None;
        let mut heading_level = 0u8;
        // Inside a link that `Rewrite::Text` turned into a span.
        let mut unlinked = false;
        // The lines of a raw HTML block being collected for cleaning.
        let mut html_block: Option<String> = None;
        let mut current_footnote = 0usize;
        for event in parsed {
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
                    let index = self.next_heading;
                    let h = self.headings.get(index);
                    self.next_heading += 1;
                    let base = h.map_or_else(|| markdown::heading_level(level), |h| h.level);
                    if self.depth == 0 {
                        self.close_sections(base, &mut events);
                        let insert: String = self
                            .opts
                            .inserts
                            .iter()
                            .filter(|(at, _)| *at == Some(index))
                            .map(|(_, html)| html.as_str())
                            .collect();
                        if !insert.is_empty() {
                            self.open_sections.push((base, insert));
                        }
                    }
                    heading_level = (base + self.opts.heading_shift).min(6);
                    let id = h
                        .map(|h| self.resolver.anchor(&h.anchor))
                        .unwrap_or_default();
                    // Pieces, not `format!`: every heading of every page comes through here.
                    let mut tag = String::with_capacity(id.len() + 16);
                    tag.push_str("<h");
                    tag.push(char::from(b'0' + heading_level));
                    tag.push_str(" id=\"");
                    tag.push_str(&escape(&id));
                    tag.push_str("\">");
                    events.push(Event::Html(tag.into()));
                }
                Event::End(TagEnd::Heading(_)) => {
                    const CLOSE: [&str; 7] = [
                        "</h0>\n", "</h1>\n", "</h2>\n", "</h3>\n", "</h4>\n", "</h5>\n", "</h6>\n",
                    ];
                    let close = CLOSE[usize::from(heading_level.min(6))];
                    events.push(Event::Html(CowStr::Borrowed(close)));
                }
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                    fence = Some((info.to_string(), String::new()));
                }
                Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => {
                    fence = Some((String::new(), String::new()));
                }
                Event::Start(Tag::BlockQuote(Some(kind))) => {
                    let (class, fallback) = alert(kind);
                    let title = escape(self.opts.text(&format!("alert_{class}"), fallback));
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
                    let target = markdown::classify(&dest_url, self.content_path);
                    let rewrite = if self.opts.raw_html || sanitize::is_safe_url(&dest_url) {
                        self.resolver.link(&target, &dest_url)
                    } else {
                        Rewrite::Text
                    };
                    let rewritten = match rewrite {
                        Rewrite::Keep => Some(dest_url),
                        Rewrite::To(href) => Some(CowStr::from(href)),
                        Rewrite::NewWindow(href) => {
                            events.push(Event::Html(
                                format!(
                                    "<a href=\"{}\" target=\"_blank\" rel=\"noopener\">",
                                    escape(&href)
                                )
                                .into(),
                            ));
                            None
                        }
                        Rewrite::Text => {
                            unlinked = true;
                            events.push(Event::Html("<span class=\"xref\">".into()));
                            None
                        }
                    };
                    if let Some(dest_url) = rewritten {
                        events.push(Event::Start(Tag::Link {
                            link_type,
                            dest_url,
                            title,
                            id,
                        }));
                    }
                }
                Event::End(TagEnd::Link) if unlinked => {
                    unlinked = false;
                    events.push(Event::Html("</span>".into()));
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let dest_url = if self.opts.raw_html || sanitize::is_safe_url(&dest_url) {
                        self.rewrite(&dest_url).map_or(dest_url, CowStr::from)
                    } else {
                        CowStr::from("")
                    };
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
                    let label = escape(&self.opts.fill("footnote", "Footnote {n}", n));
                    events.push(Event::Html(
                        format!("<sup class=\"footnote-ref\"><a href=\"#{def}\" id=\"{back}\" aria-label=\"{label}\">{n}</a></sup>").into(),
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
                    let label = escape(&self.opts.fill(
                        "back_to_reference",
                        "Back to reference {n}",
                        current_footnote,
                    ));
                    events.push(Event::Html(
                        format!("<a class=\"footnote-back\" href=\"#{back}\" aria-label=\"{label}\">↩</a></div>\n").into(),
                    ));
                }
                Event::TaskListMarker(done) => {
                    let state = if done {
                        self.opts.text("task_done", "done")
                    } else {
                        self.opts.text("task_todo", "to do")
                    };
                    let mark = if done { "☑" } else { "☐" };
                    events.push(Event::Html(
                        format!(
                            "<span class=\"task\" role=\"img\" aria-label=\"{}\">{mark}</span> ",
                            escape(state)
                        )
                        .into(),
                    ));
                }
                // Raw HTML: cleaned unless the project trusts its authors (see sanitize.rs).
                Event::Start(Tag::HtmlBlock) if !self.opts.raw_html => {
                    html_block = Some(String::new());
                }
                Event::Html(html) if html_block.is_some() => {
                    if let Some(b) = html_block.as_mut() {
                        b.push_str(&html);
                    }
                }
                Event::End(TagEnd::HtmlBlock) if !self.opts.raw_html => {
                    let raw = html_block.take().unwrap_or_default();
                    events.push(Event::Html(format!("{}\n", sanitize::block(&raw)).into()));
                }
                Event::InlineHtml(tag) if !self.opts.raw_html => {
                    events.push(Event::InlineHtml(sanitize::inline(&tag).into()));
                }
                other => events.push(other),
            }
        }
        pulldown_cmark::html::push_html(&mut out, events.into_iter());
        out
    }

    /// A heading of `level` ends every open section of the same or a deeper level.
    fn close_sections(&mut self, level: u8, events: &mut Vec<Event>) {
        while self.open_sections.last().is_some_and(|(l, _)| *l >= level) {
            if let Some((_, html)) = self.open_sections.pop() {
                events.push(Event::Html(html.into()));
            }
        }
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

    /// A Markdown fragment (a prompt, a feedback, a trainer note) with the page's link rules but
    /// none of the body's heading anchors.
    fn fragment(&self, md: &str) -> String {
        let mut state = State {
            content_path: self.content_path,
            headings: &[],
            next_heading: 0,
            footnotes: Vec::new(),
            resolver: self.resolver,
            opts: self.opts,
            depth: self.depth + 1,
            open_sections: Vec::new(),
            next_question: 0,
            next_case: 0,
            in_fragment: true,
        };
        state.render(md)
    }

    fn fenced(&mut self, info: &str, body: &str) -> String {
        let (word, rest) = fence_info(info);
        match word {
            TRAINER => {
                if self.opts.edition != Edition::Trainer {
                    return String::new();
                }
                return format!(
                    "<aside class=\"trainer-note\"><p class=\"trainer-note-title\">{}</p>\n{}</aside>\n",
                    escape(self.opts.text("trainer_note", "Trainer note")),
                    self.fragment(body)
                );
            }
            QUIZ | CASE | ACKNOWLEDGE if self.in_fragment => return String::new(),
            QUIZ | CASE | ACKNOWLEDGE => return self.interactive(word),
            _ => {}
        }
        if word == SENSITIVE {
            let label = if rest.is_empty() {
                self.opts.text("sensitive_example", "Sensitive example")
            } else {
                rest
            };
            let open = if self.opts.sensitive_open {
                " open"
            } else {
                ""
            };
            self.depth += 1;
            let inner = self.render(body);
            self.depth -= 1;
            return format!(
                "<details class=\"sensitive\"{open}><summary><span class=\"sensitive-tag\">{}</span> <span class=\"sensitive-label\">{}</span> <span class=\"sensitive-hint\">{}</span></summary>\n<div class=\"sensitive-body\">\n{inner}</div></details>\n",
                escape(self.opts.text("sensitive_tag", "Sensitive")),
                escape(label),
                escape(self.opts.text("sensitive_hint", "(select to reveal)")),
            );
        }
        match self.opts.highlights {
            Some(cache) => cache.code_block(word, body),
            None => code_block(word, body),
        }
    }
}

impl State<'_> {
    /// The next question, case or acknowledgement of the module, as a form.
    fn interactive(&mut self, word: &str) -> String {
        let Some(qb) = self.opts.quiz else {
            return String::new();
        };
        // Take the block's index first: the closure below borrows `self`.
        let (question_index, case_index) = (self.next_question, self.next_case);
        match word {
            QUIZ => self.next_question += 1,
            CASE => self.next_case += 1,
            _ => {}
        }
        let markdown = |md: &str| self.fragment(md);
        let cx = QuizContext {
            module: qb.module,
            version: qb.version,
            edition: self.opts.edition,
            t: self.opts.t,
            markdown: &markdown,
            graded: false,
        };
        match word {
            QUIZ => match qb.blocks.questions.get(question_index) {
                Some(q) if qb.inline_questions && q.is_live(qb.version) => {
                    quiz::question(q, &cx, None)
                }
                _ => String::new(),
            },
            CASE => match qb.blocks.cases.get(case_index) {
                Some(c) => {
                    let decisions = if c.decisions.is_empty() {
                        qb.decisions
                    } else {
                        &c.decisions
                    };
                    quiz::case(
                        c,
                        decisions,
                        &cx,
                        self.opts.text("sensitive_hint", "(select to reveal)"),
                    )
                }
                None => String::new(),
            },
            _ => qb
                .blocks
                .acknowledgement
                .as_ref()
                .map_or_else(String::new, |a| quiz::acknowledgement(a, &cx)),
        }
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
