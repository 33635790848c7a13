//! Versions of a module: which release was in force on a date, and what changed between two
//! versions, section by section and word by word.
//!
//! Sections are matched by clause id where the heading has one, else by heading text, so a
//! heading renamed under the same clause id is a change, not a removal plus an addition.
//! Pure; word diffs come from the `similar` crate.

use crate::content::markdown;
use crate::content::model::Module;
use crate::content::quiz::Question;
use crate::content::releases::Release;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Serialize;
use similar::{ChangeTag, TextDiff};

/// One section of a module body as plain text: its heading and everything up to the next one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionText {
    /// Clause id, or the heading text lowercased (the introduction before any heading: "").
    pub key: String,
    pub title: String,
    pub anchor: String,
    pub text: String,
}

/// Splits a module body into sections of plain text (paragraphs and list items on lines).
pub fn sections(m: &Module) -> Vec<SectionText> {
    let mut out = vec![SectionText {
        key: String::new(),
        title: String::new(),
        anchor: String::new(),
        text: String::new(),
    }];
    let mut heading_index = 0;
    let mut in_heading = false;
    // Questions, cases and trainer notes are not policy text: a diff for trainees leaves them out.
    let mut in_data_block = false;
    let mut in_sensitive = false;
    let mut sensitive_body = String::new();
    let mut title = String::new();
    for event in Parser::new_ext(m.body(), markdown::options()) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                in_heading = true;
                title.clear();
            }
            Event::End(TagEnd::Heading(_)) => {
                in_heading = false;
                let h = m.headings.get(heading_index);
                heading_index += 1;
                let key = match h {
                    Some(h) if h.is_clause => h.anchor.clone(),
                    _ => title.trim().to_lowercase(),
                };
                out.push(SectionText {
                    key,
                    title: title.trim().to_string(),
                    anchor: h.map(|h| h.anchor.clone()).unwrap_or_default(),
                    text: String::new(),
                });
            }
            Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(info))) => {
                let word = markdown::fence_info(&info).0;
                in_data_block = [
                    markdown::QUIZ,
                    markdown::CASE,
                    markdown::ACKNOWLEDGE,
                    markdown::TRAINER,
                ]
                .contains(&word);
                in_sensitive = word == markdown::SENSITIVE;
            }
            Event::End(TagEnd::CodeBlock) if in_data_block => in_data_block = false,
            Event::Text(_) if in_data_block => {}
            // A sensitive block's body is Markdown: its text counts, its nested data blocks
            // (a trainer note, say) do not.
            // The body may arrive in several text events; it is read as a whole at the end.
            Event::Text(t) if in_sensitive => sensitive_body.push_str(&t),
            Event::End(TagEnd::CodeBlock) if in_sensitive => {
                in_sensitive = false;
                if let Some(s) = out.last_mut() {
                    s.text
                        .push_str(&plain_text(&std::mem::take(&mut sensitive_body)));
                    s.text.push('\n');
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if in_heading {
                    title.push_str(&t);
                } else if let Some(s) = out.last_mut() {
                    s.text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(s) = out.last_mut() {
                    s.text.push(' ');
                }
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::CodeBlock,
            ) => {
                if let Some(s) = out.last_mut() {
                    if !s.text.ends_with('\n') {
                        s.text.push('\n');
                    }
                }
            }
            Event::End(TagEnd::TableCell) => {
                if let Some(s) = out.last_mut() {
                    s.text.push_str(" | ");
                }
            }
            _ => {}
        }
    }
    if out[0].text.trim().is_empty() {
        out.remove(0);
    }
    for s in &mut out {
        s.text = s.text.trim().to_string();
    }
    out
}

/// The plain text of a Markdown fragment without its data blocks (quiz, case, acknowledge,
/// trainer), for diffs.
fn plain_text(md: &str) -> String {
    let mut out = String::new();
    let mut skip = false;
    for event in Parser::new_ext(md, markdown::options()) {
        match event {
            Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(info))) => {
                let word = markdown::fence_info(&info).0;
                skip = [
                    markdown::QUIZ,
                    markdown::CASE,
                    markdown::ACKNOWLEDGE,
                    markdown::TRAINER,
                ]
                .contains(&word);
            }
            Event::End(TagEnd::CodeBlock) => skip = false,
            Event::Text(t) | Event::Code(t) if !skip => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item) => out.push('\n'),
            _ => {}
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SectionChange {
    Added,
    Removed,
    Changed,
    Unchanged,
}

/// A piece of a word diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Piece {
    /// "same", "added" or "removed".
    pub kind: &'static str,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionDiff {
    pub change: SectionChange,
    pub old_title: Option<String>,
    pub new_title: Option<String>,
    pub anchor: String,
    /// The heading text changed (under the same clause id).
    pub renamed: bool,
    pub pieces: Vec<Piece>,
}

/// Section-by-section diff of two versions of a module, in the new version's order with removed
/// sections where they stood.
pub fn diff(old: &Module, new: &Module) -> Vec<SectionDiff> {
    let old_sections = sections(old);
    let new_sections = sections(new);
    let mut out = Vec::new();
    let mut old_used = vec![false; old_sections.len()];
    for n in &new_sections {
        // Repeated headings (two "Examples") pair up in order: the first unused one matches.
        let matched = old_sections
            .iter()
            .enumerate()
            .position(|(j, o)| !old_used[j] && o.key == n.key);
        // Removed old sections that came before this match keep their place.
        if let Some(i) = matched {
            for (j, o) in old_sections.iter().enumerate().take(i) {
                if !old_used[j] && !new_sections.iter().any(|x| x.key == o.key) {
                    old_used[j] = true;
                    out.push(removed(o));
                }
            }
            old_used[i] = true;
            let o = &old_sections[i];
            let renamed = o.title != n.title;
            let pieces = words(&o.text, &n.text);
            let changed = renamed || pieces.iter().any(|p| p.kind != "same");
            out.push(SectionDiff {
                change: if changed {
                    SectionChange::Changed
                } else {
                    SectionChange::Unchanged
                },
                old_title: Some(o.title.clone()),
                new_title: Some(n.title.clone()),
                anchor: n.anchor.clone(),
                renamed,
                pieces,
            });
        } else {
            out.push(SectionDiff {
                change: SectionChange::Added,
                old_title: None,
                new_title: Some(n.title.clone()),
                anchor: n.anchor.clone(),
                renamed: false,
                pieces: vec![Piece {
                    kind: "added",
                    text: n.text.clone(),
                }],
            });
        }
    }
    for (j, o) in old_sections.iter().enumerate() {
        if !old_used[j] {
            out.push(removed(o));
        }
    }
    out
}

fn removed(o: &SectionText) -> SectionDiff {
    SectionDiff {
        change: SectionChange::Removed,
        old_title: Some(o.title.clone()),
        new_title: None,
        anchor: String::new(),
        renamed: false,
        pieces: vec![Piece {
            kind: "removed",
            text: o.text.clone(),
        }],
    }
}

/// Word-level diff, consecutive pieces of one kind merged.
pub fn words(old: &str, new: &str) -> Vec<Piece> {
    let diff = TextDiff::configure().diff_words(old, new);
    let mut out: Vec<Piece> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => "same",
            ChangeTag::Delete => "removed",
            ChangeTag::Insert => "added",
        };
        match out.last_mut() {
            Some(p) if p.kind == kind => p.text.push_str(change.value()),
            _ => out.push(Piece {
                kind,
                text: change.value().to_string(),
            }),
        }
    }
    out
}

/// The release in force on `date`: the newest whose effective date (or release date) is on or
/// before it.
pub fn in_force(releases: &[Release], date: chrono::NaiveDate) -> Option<&Release> {
    releases
        .iter()
        .filter(|r| r.effective.unwrap_or(r.date) <= date)
        .max_by(|a, b| {
            a.effective
                .unwrap_or(a.date)
                .cmp(&b.effective.unwrap_or(b.date))
                .then_with(|| a.version.cmp(&b.version))
        })
}

/// Names of the sections that differ between two versions (for stale-translation messages).
pub fn changed_sections(old: &Module, new: &Module) -> Vec<String> {
    diff(old, new)
        .into_iter()
        .filter(|d| d.change != SectionChange::Unchanged)
        .map(|d| d.new_title.or(d.old_title).unwrap_or_default())
        .filter(|t| !t.is_empty())
        .collect()
}

#[cfg(test)]
mod tests;

/// The id of the refresher for a version pair: stable, so re-generating it replaces the same
/// module and LMS records line up.
pub fn refresher_id(id: &str, from: &semver::Version, to: &semver::Version) -> String {
    format!(
        "{id}-refresher-{}-to-{}",
        from.to_string().replace('.', "-"),
        to.to_string().replace('.', "-")
    )
}

/// A short "what changed" module between two versions of `current`'s module: the `changes`
/// text and each changed section with its word-level diff. Pure; `syllabus refresher` writes it.
pub fn refresher_text(
    old: &Module,
    new: &Module,
    current: &Module,
    changes: Option<&str>,
    questions: &[&Question],
) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let diffs: Vec<SectionDiff> = diff(old, new)
        .into_iter()
        .filter(|d| d.change != SectionChange::Unchanged)
        .collect();
    let id = refresher_id(&new.id.0, &old.version, &new.version);
    let title = format!(
        "What changed: {} ({} → {})",
        new.title, old.version, new.version
    );
    let yaml_list = |items: &[String]| {
        format!(
            "[{}]",
            items
                .iter()
                .map(|i| serde_yaml_string(i))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let mut fm = vec![
        format!("id: {id}"),
        format!("title: {}", serde_yaml_string(&title)),
        "kind: briefing".to_string(),
        "version: 1.0.0".to_string(),
    ];
    if let Some(e) = new.effective {
        fm.push(format!("effective: {}", e.format("%Y-%m-%d")));
    }
    if let Some(a) = &new.policy_area {
        fm.push(format!("policy_area: {a}"));
    }
    fm.push("audience: [refresher]".to_string());
    if !new.regions.is_empty() {
        fm.push(format!("regions: {}", yaml_list(&new.regions)));
    }
    fm.push(format!(
        "duration: {}",
        (diffs.len() as u32 * 2).clamp(5, 30)
    ));
    if let Some(o) = &new.owner {
        fm.push(format!("owner: {}", serde_yaml_string(o)));
    }
    fm.push(format!(
        "summary: {}",
        serde_yaml_string(&format!(
            "For moderators certified on version {} of \"{}\": what changed in version {}.",
            old.version, new.title, new.version
        ))
    ));
    if !new.content_warnings.is_empty() {
        fm.push(format!(
            "content_warnings: {}",
            yaml_list(&new.content_warnings)
        ));
    }
    let mut body = String::new();
    body.push_str("## What changed {#what-changed}\n\n");
    body.push_str(changes.unwrap_or("See the sections below."));
    body.push_str("\n\n");
    for d in &diffs {
        let name = d
            .new_title
            .clone()
            .or(d.old_title.clone())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| "Introduction".to_string());
        let label = match d.change {
            SectionChange::Added => "new section",
            SectionChange::Removed => "removed section",
            _ => "changed",
        };
        body.push_str(&format!("## {} ({label})\n\n", esc(&name)));
        if d.renamed {
            body.push_str(&format!(
                "*Renamed; was: {}*\n\n",
                esc(d.old_title.as_deref().unwrap_or(""))
            ));
        }
        for line in render_pieces(&d.pieces)
            .lines()
            .filter(|l| !l.trim().is_empty())
        {
            body.push_str(line.trim());
            body.push_str("\n\n");
        }
        // Link only to sections the current text still has (a refresher between two old
        // releases may name sections since removed).
        if !d.anchor.is_empty()
            && d.change != SectionChange::Removed
            && current.has_anchor(&d.anchor)
        {
            body.push_str(&format!(
                "[Read this section in the current version](module:{}#{})\n\n",
                new.id, d.anchor
            ));
        }
    }
    // Questions that test a changed section, copied so the refresher checks the new rule.
    let changed: Vec<&str> = diffs
        .iter()
        .map(|d| d.anchor.as_str())
        .filter(|a| !a.is_empty())
        .collect();
    let relevant: Vec<&&Question> = questions
        .iter()
        .filter(|q| q.covers.iter().any(|c| changed.contains(&c.as_str())))
        .collect();
    if !relevant.is_empty() {
        body.push_str("## Check your understanding {#check}\n\n");
        for q in relevant {
            // `covers` names sections of the original module; the refresher has its own.
            let yaml: String = q
                .yaml
                .lines()
                .filter(|l| !l.trim_start().starts_with("covers:"))
                .map(|l| format!("{l}\n"))
                .collect();
            body.push_str(&format!("```quiz\n{yaml}```\n\n"));
        }
    }
    format!("---\n{}\n---\n\n{body}", fm.join("\n"))
}

/// Word-diff pieces as inline HTML (`<ins>`, `<del>`), line breaks kept.
fn render_pieces(pieces: &[Piece]) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut out = String::new();
    for p in pieces {
        let text = esc(&p.text);
        match p.kind {
            "added" => out.push_str(&wrap_lines(&text, "ins")),
            "removed" => out.push_str(&wrap_lines(&text, "del")),
            _ => out.push_str(&text),
        }
    }
    out
}

/// Wraps each line of `text` in a tag, so a change spanning paragraphs stays valid HTML.
fn wrap_lines(text: &str, tag: &str) -> String {
    text.split('\n')
        .map(|l| {
            if l.trim().is_empty() {
                l.to_string()
            } else {
                format!("<{tag}>{l}</{tag}>")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn serde_yaml_string(s: &str) -> String {
    serde_yaml::to_string(s)
        .map(|y| y.trim_end().to_string())
        .unwrap_or_else(|_| format!("{s:?}"))
}
