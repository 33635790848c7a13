//! A module as a reader of one locale sees it: the translation's text and metadata where there
//! is a translation, the source's otherwise (a fallback page), and whether the translation is
//! stale.

use crate::config::Settings;
use crate::content::markdown::plain::PlainText;
use crate::content::markdown::recorded::Recorded;
use crate::content::model::{Course, Heading, Module, Section, Translation};
use crate::i18n::is_stale;
use crate::render::body::BodyEvents;

pub struct Localized<'a> {
    pub module: &'a Module,
    pub translation: Option<&'a Translation>,
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub content_warnings: &'a [String],
    pub changes: Option<&'a str>,
    pub owner: Option<&'a str>,
    pub duration: Option<u32>,
    pub tags: &'a [String],
    pub body: &'a str,
    pub content_path: &'a str,
    pub headings: &'a [Heading],
    /// Plain text of the body by section (what search indexes).
    pub plain_text: &'a PlainText,
    /// The body's events as parsed at load (empty: parse `body` again).
    pub events: &'a Recorded,
    /// The page locale has no translation: the source text is shown.
    pub is_fallback: bool,
    pub is_stale: bool,
    /// Language of the text shown (the source's on a fallback page).
    pub text_locale: &'a str,
}

impl<'a> Localized<'a> {
    /// The events of the body: replayed from the load's parse when it kept them, else parsed.
    pub fn body_events(&self) -> BodyEvents<'a> {
        BodyEvents::of(self.body, self.events)
    }
}

pub fn module<'a>(
    settings: &'a Settings,
    course: &'a Course,
    m: &'a Module,
    locale: &'a str,
) -> Localized<'a> {
    with_translation(settings, m, course.translation(&m.id, locale), locale)
}

/// Like `module`, with the translation given (a release's stored translation, say).
pub fn with_translation<'a>(
    settings: &'a Settings,
    m: &'a Module,
    translation: Option<&'a Translation>,
    locale: &'a str,
) -> Localized<'a> {
    let is_default = settings.is_default(locale);
    let translation = if is_default { None } else { translation };
    match translation {
        Some(t) => Localized {
            module: m,
            translation: Some(t),
            title: t.title.as_deref().unwrap_or(&m.title),
            summary: t.summary.as_deref().or(m.summary.as_deref()),
            content_warnings: t.content_warnings.as_deref().unwrap_or(&m.content_warnings),
            changes: t.changes.as_deref().or(m.changes.as_deref()),
            owner: t.owner.as_deref().or(m.owner.as_deref()),
            duration: t.duration.or(m.duration),
            tags: t.tags.as_deref().unwrap_or(&m.tags),
            body: t.body(),
            content_path: &t.content_path,
            headings: &t.headings,
            plain_text: &t.plain_text,
            events: &t.events,
            is_fallback: false,
            is_stale: is_stale(&m.version, &t.translation_of, settings.stale_on),
            text_locale: locale,
        },
        None => Localized {
            module: m,
            translation: None,
            title: &m.title,
            summary: m.summary.as_deref(),
            content_warnings: &m.content_warnings,
            changes: m.changes.as_deref(),
            owner: m.owner.as_deref(),
            duration: m.duration,
            tags: &m.tags,
            body: m.body(),
            content_path: &m.content_path,
            headings: &m.headings,
            plain_text: &m.plain_text,
            events: &m.events,
            is_fallback: !is_default,
            is_stale: false,
            text_locale: &settings.default_locale.code,
        },
    }
}

/// A section's title, description and introduction in a locale.
pub struct LocalSection<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub intro: &'a str,
    pub intro_path: String,
}

pub fn section<'a>(course: &'a Course, s: &'a Section, locale: &str) -> LocalSection<'a> {
    let text = course
        .section_texts
        .get(&(s.key.clone(), locale.to_string()));
    let base = if s.key.is_empty() {
        String::new()
    } else {
        format!("{}/", s.key)
    };
    LocalSection {
        title: text.and_then(|t| t.title.as_deref()).unwrap_or(&s.title),
        description: text
            .and_then(|t| t.description.as_deref())
            .unwrap_or(&s.description),
        intro: text.map_or(s.intro.as_str(), |t| t.intro.as_str()),
        intro_path: match text {
            Some(_) => format!("{base}_index.{locale}.md"),
            None => format!("{base}_index.md"),
        },
    }
}

/// The home page introduction (`content/_index[.locale].md`).
pub fn home_intro<'a>(course: &'a Course, locale: &str) -> &'a str {
    course
        .section_texts
        .get(&(String::new(), locale.to_string()))
        .map_or(course.home_intro.as_str(), |t| t.intro.as_str())
}
