//! A body's Markdown events as the parse-time scan saw them, kept in a compact form so that
//! rendering replays them instead of parsing the Markdown a second time.
//!
//! Parsing a body again at render time was ~8% of a 10,000-module build's CPU time. The events
//! are about one per 12 bytes of Markdown and 64 bytes each in memory; kept as bytes they take
//! about a tenth of their Markdown (11% on the benchmark corpus): an opcode, and every string
//! either as a position in the text (almost all of them: pulldown-cmark borrows from the text
//! it parses) or, when the parser made a string of its own (an entity decoded, a code span's
//! spaces trimmed), the string itself. End tags are not stored: events nest, so an end closes
//! the innermost open tag, whose end `Tag::to_end` gives.
//!
//! Replay gives the events the parser gave, equal by `==` (`recorded_events_replay_as_parsed`
//! over every body of the sample and the fixtures); a recording that cannot be replayed exactly
//! (an end that closes no open tag) is dropped, and rendering parses the text as before.

use super::packed::{self, Reader};
use pulldown_cmark::{
    Alignment, BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType,
    MetadataBlockKind, Tag, TagEnd,
};

/// The recorded events of one body; empty when nothing was recorded.
#[derive(Debug, Clone, Default)]
pub struct Recorded {
    code: Box<[u8]>,
}

impl Recorded {
    pub fn is_empty(&self) -> bool {
        self.code.is_empty()
    }

    /// Bytes held (for memory accounting in tests).
    pub fn len(&self) -> usize {
        self.code.len()
    }

    /// The events again, their strings borrowed from `text` (the body they were recorded
    /// from) and from the recording.
    pub fn replay<'a>(&'a self, text: &'a str) -> Replay<'a> {
        Replay {
            code: Reader::new(&self.code, text),
            open: Vec::with_capacity(16),
        }
    }
}

// Opcodes. Events without data, then events with a string, then start tags.
const END: u8 = 0;
const SOFT_BREAK: u8 = 1;
const HARD_BREAK: u8 = 2;
const RULE: u8 = 3;
const TASK_OPEN: u8 = 4;
const TASK_DONE: u8 = 5;
const TEXT: u8 = 10;
const CODE: u8 = 11;
const INLINE_MATH: u8 = 12;
const DISPLAY_MATH: u8 = 13;
const HTML: u8 = 14;
const INLINE_HTML: u8 = 15;
const FOOTNOTE_REFERENCE: u8 = 16;
const PARAGRAPH: u8 = 20;
const HEADING: u8 = 21;
const BLOCK_QUOTE: u8 = 22;
const CODE_BLOCK_INDENTED: u8 = 23;
const CODE_BLOCK_FENCED: u8 = 24;
const HTML_BLOCK: u8 = 25;
const LIST_BULLETED: u8 = 26;
const LIST_NUMBERED: u8 = 27;
const ITEM: u8 = 28;
const FOOTNOTE_DEFINITION: u8 = 29;
const DEFINITION_LIST: u8 = 30;
const DEFINITION_LIST_TITLE: u8 = 31;
const DEFINITION_LIST_DEFINITION: u8 = 32;
const TABLE: u8 = 33;
const TABLE_HEAD: u8 = 34;
const TABLE_ROW: u8 = 35;
const TABLE_CELL: u8 = 36;
const EMPHASIS: u8 = 37;
const STRONG: u8 = 38;
const STRIKETHROUGH: u8 = 39;
const SUPERSCRIPT: u8 = 40;
const SUBSCRIPT: u8 = 41;
const LINK: u8 = 42;
const IMAGE: u8 = 43;
const METADATA_BLOCK: u8 = 44;

/// Records the events of a parse of `text`, one at a time, as the scan reads them.
pub struct Recorder<'t> {
    text: &'t str,
    code: Vec<u8>,
    open: Vec<TagEnd>,
    broken: bool,
}

impl<'t> Recorder<'t> {
    pub fn new(text: &'t str) -> Recorder<'t> {
        Recorder {
            text,
            // Room for a third of the Markdown (a recording is about a tenth): never grown,
            // trimmed at the end.
            code: Vec::with_capacity(text.len() / 3 + 16),
            open: Vec::new(),
            broken: false,
        }
    }

    /// The recording; empty if the events did not nest (it would not replay as parsed).
    pub fn finish(self) -> Recorded {
        if self.broken || !self.open.is_empty() {
            return Recorded::default();
        }
        Recorded {
            code: self.code.into_boxed_slice(),
        }
    }

    pub fn push(&mut self, event: &Event<'_>) {
        match event {
            Event::Start(tag) => {
                self.open.push(tag.to_end());
                self.start(tag);
            }
            Event::End(end) => {
                if self.open.pop().as_ref() != Some(end) {
                    self.broken = true;
                }
                self.code.push(END);
            }
            Event::Text(s) => self.op_str(TEXT, s),
            Event::Code(s) => self.op_str(CODE, s),
            Event::InlineMath(s) => self.op_str(INLINE_MATH, s),
            Event::DisplayMath(s) => self.op_str(DISPLAY_MATH, s),
            Event::Html(s) => self.op_str(HTML, s),
            Event::InlineHtml(s) => self.op_str(INLINE_HTML, s),
            Event::FootnoteReference(s) => self.op_str(FOOTNOTE_REFERENCE, s),
            Event::SoftBreak => self.code.push(SOFT_BREAK),
            Event::HardBreak => self.code.push(HARD_BREAK),
            Event::Rule => self.code.push(RULE),
            Event::TaskListMarker(done) => {
                self.code.push(if *done { TASK_DONE } else { TASK_OPEN })
            }
        }
    }

    fn start(&mut self, tag: &Tag<'_>) {
        match tag {
            Tag::Paragraph => self.code.push(PARAGRAPH),
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } => {
                self.code.push(HEADING);
                self.code.push(*level as u8);
                match id {
                    Some(id) => {
                        self.code.push(1);
                        self.string(id);
                    }
                    None => self.code.push(0),
                }
                self.varint(classes.len() as u64);
                for c in classes {
                    self.string(c);
                }
                self.varint(attrs.len() as u64);
                for (key, value) in attrs {
                    self.string(key);
                    match value {
                        Some(v) => {
                            self.code.push(1);
                            self.string(v);
                        }
                        None => self.code.push(0),
                    }
                }
            }
            Tag::BlockQuote(kind) => {
                self.code.push(BLOCK_QUOTE);
                self.code.push(match kind {
                    None => 0,
                    Some(BlockQuoteKind::Note) => 1,
                    Some(BlockQuoteKind::Tip) => 2,
                    Some(BlockQuoteKind::Important) => 3,
                    Some(BlockQuoteKind::Warning) => 4,
                    Some(BlockQuoteKind::Caution) => 5,
                });
            }
            Tag::CodeBlock(CodeBlockKind::Indented) => self.code.push(CODE_BLOCK_INDENTED),
            Tag::CodeBlock(CodeBlockKind::Fenced(info)) => self.op_str(CODE_BLOCK_FENCED, info),
            Tag::HtmlBlock => self.code.push(HTML_BLOCK),
            Tag::List(None) => self.code.push(LIST_BULLETED),
            Tag::List(Some(first)) => {
                self.code.push(LIST_NUMBERED);
                self.varint(*first);
            }
            Tag::Item => self.code.push(ITEM),
            Tag::FootnoteDefinition(label) => self.op_str(FOOTNOTE_DEFINITION, label),
            Tag::DefinitionList => self.code.push(DEFINITION_LIST),
            Tag::DefinitionListTitle => self.code.push(DEFINITION_LIST_TITLE),
            Tag::DefinitionListDefinition => self.code.push(DEFINITION_LIST_DEFINITION),
            Tag::Table(alignments) => {
                self.code.push(TABLE);
                self.varint(alignments.len() as u64);
                self.code.extend(alignments.iter().map(|a| match a {
                    Alignment::None => 0,
                    Alignment::Left => 1,
                    Alignment::Center => 2,
                    Alignment::Right => 3,
                }));
            }
            Tag::TableHead => self.code.push(TABLE_HEAD),
            Tag::TableRow => self.code.push(TABLE_ROW),
            Tag::TableCell => self.code.push(TABLE_CELL),
            Tag::Emphasis => self.code.push(EMPHASIS),
            Tag::Strong => self.code.push(STRONG),
            Tag::Strikethrough => self.code.push(STRIKETHROUGH),
            Tag::Superscript => self.code.push(SUPERSCRIPT),
            Tag::Subscript => self.code.push(SUBSCRIPT),
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }
            | Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => {
                self.code.push(if matches!(tag, Tag::Link { .. }) {
                    LINK
                } else {
                    IMAGE
                });
                self.code.push(link_type_code(*link_type));
                self.string(dest_url);
                self.string(title);
                self.string(id);
            }
            Tag::MetadataBlock(kind) => {
                self.code.push(METADATA_BLOCK);
                self.code.push(match kind {
                    MetadataBlockKind::YamlStyle => 0,
                    MetadataBlockKind::PlusesStyle => 1,
                });
            }
        }
    }

    fn op_str(&mut self, op: u8, s: &str) {
        self.code.push(op);
        self.string(s);
    }

    fn string(&mut self, s: &str) {
        packed::put_str(&mut self.code, self.text, s);
    }

    fn varint(&mut self, n: u64) {
        packed::put_varint(&mut self.code, n);
    }
}

fn link_type_code(t: LinkType) -> u8 {
    match t {
        LinkType::Inline => 0,
        LinkType::Reference => 1,
        LinkType::ReferenceUnknown => 2,
        LinkType::Collapsed => 3,
        LinkType::CollapsedUnknown => 4,
        LinkType::Shortcut => 5,
        LinkType::ShortcutUnknown => 6,
        LinkType::Autolink => 7,
        LinkType::Email => 8,
        LinkType::WikiLink { has_pothole: false } => 9,
        LinkType::WikiLink { has_pothole: true } => 10,
    }
}

fn link_type(code: u8) -> Option<LinkType> {
    Some(match code {
        0 => LinkType::Inline,
        1 => LinkType::Reference,
        2 => LinkType::ReferenceUnknown,
        3 => LinkType::Collapsed,
        4 => LinkType::CollapsedUnknown,
        5 => LinkType::Shortcut,
        6 => LinkType::ShortcutUnknown,
        7 => LinkType::Autolink,
        8 => LinkType::Email,
        9 => LinkType::WikiLink { has_pothole: false },
        10 => LinkType::WikiLink { has_pothole: true },
        _ => return None,
    })
}

/// The recorded events, in order (`Recorded::replay`).
pub struct Replay<'a> {
    code: Reader<'a>,
    open: Vec<TagEnd>,
}

impl<'a> Iterator for Replay<'a> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        let op = self.byte()?;
        Some(match op {
            END => Event::End(self.open.pop()?),
            SOFT_BREAK => Event::SoftBreak,
            HARD_BREAK => Event::HardBreak,
            RULE => Event::Rule,
            TASK_OPEN => Event::TaskListMarker(false),
            TASK_DONE => Event::TaskListMarker(true),
            TEXT => Event::Text(self.string()?),
            CODE => Event::Code(self.string()?),
            INLINE_MATH => Event::InlineMath(self.string()?),
            DISPLAY_MATH => Event::DisplayMath(self.string()?),
            HTML => Event::Html(self.string()?),
            INLINE_HTML => Event::InlineHtml(self.string()?),
            FOOTNOTE_REFERENCE => Event::FootnoteReference(self.string()?),
            _ => {
                let tag = self.tag(op)?;
                self.open.push(tag.to_end());
                Event::Start(tag)
            }
        })
    }
}

impl<'a> Replay<'a> {
    fn tag(&mut self, op: u8) -> Option<Tag<'a>> {
        Some(match op {
            PARAGRAPH => Tag::Paragraph,
            HEADING => {
                let level = HeadingLevel::try_from(usize::from(self.byte()?)).ok()?;
                let id = match self.byte()? {
                    0 => None,
                    _ => Some(self.string()?),
                };
                let classes = (0..self.varint()?)
                    .map(|_| self.string())
                    .collect::<Option<Vec<_>>>()?;
                let attrs = (0..self.varint()?)
                    .map(|_| {
                        let key = self.string()?;
                        let value = match self.byte()? {
                            0 => None,
                            _ => Some(self.string()?),
                        };
                        Some((key, value))
                    })
                    .collect::<Option<Vec<_>>>()?;
                Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }
            }
            BLOCK_QUOTE => Tag::BlockQuote(match self.byte()? {
                0 => None,
                1 => Some(BlockQuoteKind::Note),
                2 => Some(BlockQuoteKind::Tip),
                3 => Some(BlockQuoteKind::Important),
                4 => Some(BlockQuoteKind::Warning),
                5 => Some(BlockQuoteKind::Caution),
                _ => return None,
            }),
            CODE_BLOCK_INDENTED => Tag::CodeBlock(CodeBlockKind::Indented),
            CODE_BLOCK_FENCED => Tag::CodeBlock(CodeBlockKind::Fenced(self.string()?)),
            HTML_BLOCK => Tag::HtmlBlock,
            LIST_BULLETED => Tag::List(None),
            LIST_NUMBERED => Tag::List(Some(self.varint()?)),
            ITEM => Tag::Item,
            FOOTNOTE_DEFINITION => Tag::FootnoteDefinition(self.string()?),
            DEFINITION_LIST => Tag::DefinitionList,
            DEFINITION_LIST_TITLE => Tag::DefinitionListTitle,
            DEFINITION_LIST_DEFINITION => Tag::DefinitionListDefinition,
            TABLE => {
                let n = self.varint()?;
                let alignments = (0..n)
                    .map(|_| {
                        Some(match self.byte()? {
                            0 => Alignment::None,
                            1 => Alignment::Left,
                            2 => Alignment::Center,
                            3 => Alignment::Right,
                            _ => return None,
                        })
                    })
                    .collect::<Option<Vec<_>>>()?;
                Tag::Table(alignments)
            }
            TABLE_HEAD => Tag::TableHead,
            TABLE_ROW => Tag::TableRow,
            TABLE_CELL => Tag::TableCell,
            EMPHASIS => Tag::Emphasis,
            STRONG => Tag::Strong,
            STRIKETHROUGH => Tag::Strikethrough,
            SUPERSCRIPT => Tag::Superscript,
            SUBSCRIPT => Tag::Subscript,
            LINK | IMAGE => {
                let link_type = link_type(self.byte()?)?;
                let dest_url = self.string()?;
                let title = self.string()?;
                let id = self.string()?;
                if op == LINK {
                    Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }
                } else {
                    Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }
                }
            }
            METADATA_BLOCK => Tag::MetadataBlock(match self.byte()? {
                0 => MetadataBlockKind::YamlStyle,
                1 => MetadataBlockKind::PlusesStyle,
                _ => return None,
            }),
            _ => return None,
        })
    }

    fn byte(&mut self) -> Option<u8> {
        self.code.byte()
    }

    fn varint(&mut self) -> Option<u64> {
        self.code.varint()
    }

    fn string(&mut self) -> Option<CowStr<'a>> {
        self.code.string().map(CowStr::Borrowed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn round_trip(text: &str) {
        let parsed: Vec<Event> =
            Parser::new_ext(text, crate::content::markdown::options()).collect();
        let mut recorder = Recorder::new(text);
        for e in &parsed {
            recorder.push(e);
        }
        let recorded = recorder.finish();
        assert!(!recorded.is_empty() || text.is_empty(), "{text:?}");
        let replayed: Vec<Event> = recorded.replay(text).collect();
        assert_eq!(replayed, parsed, "{text:?}");
    }

    #[test]
    fn every_kind_of_event_replays_as_parsed() {
        round_trip(
            "# Title {#t .c key=v}\n\nA *b* **c** ~~d~~ `e` [f](g \"h\") ![i](j) <span>k</span> \
             &amp; \\* x  \ny\nz[^n] <https://example.org> <me@example.org>\n\n\
             [^n]: note\n\n> [!WARNING]\n> w\n\n> q\n\n- [ ] a\n- [x] b\n\n3. c\n4. d\n\n\
             | a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n\n---\n\n    indented\n\n\
             ```sensitive Label\ninner *x*\n```\n\n<div>\nblock\n</div>\n\n[r]: /u 't'\n\n[r] [r][] [s][r]\n",
        );
    }

    #[test]
    fn empty_and_odd_texts_replay_as_parsed() {
        for text in [
            "",
            "x",
            "\u{feff}# é\r\ncafé\rnaïve",
            "* a\n  * b\n    * c\n      > d\n      > > e",
            "`` ` `` &#x1F600; &nbsp; &bogus;",
            "a\\\nb",
            "<!-- c -->\n\n<script>x</script>",
        ] {
            round_trip(text);
        }
    }

    #[test]
    fn an_end_that_closes_no_open_tag_drops_the_recording() {
        let mut recorder = Recorder::new("x");
        recorder.push(&Event::End(TagEnd::Paragraph));
        assert!(recorder.finish().is_empty());
        let mut recorder = Recorder::new("x");
        recorder.push(&Event::Start(Tag::Paragraph));
        assert!(recorder.finish().is_empty(), "an unclosed tag too");
    }

    /// Every Markdown file of the sample course and the test fixtures (front matter read as
    /// Markdown too: more text to try).
    #[test]
    fn recorded_events_replay_as_parsed() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = 0;
        for dir in ["content", "tests/fixtures"] {
            for entry in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
                let Ok(entry) = entry else { continue };
                let is_md = entry.path().extension().is_some_and(|e| e == "md");
                if let (true, Ok(text)) = (is_md, std::fs::read_to_string(entry.path())) {
                    round_trip(&text);
                    files += 1;
                }
            }
        }
        assert!(files > 100, "{files} files");
    }

    #[test]
    fn long_strings_and_far_offsets_replay() {
        let text = format!("{}\n\n{}", "word ".repeat(40_000), "&amp;".repeat(300));
        round_trip(&text);
    }
}
