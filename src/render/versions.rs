//! Pages about versions: a module's history, the diff between two versions, the site-wide
//! "What's new" page and Atom feed, and "as of" pages listing the version in force on a date.

use super::localize;
use super::views::{breadcrumbs, Chrome, LinkView};
use super::{urls, Site};
use crate::content::model::{Module, ModuleId};
use crate::content::releases::Release;
use crate::diagnostics::{Code, Diagnostic};
use crate::output::OutputFile;
use crate::versions::{self, Piece, SectionChange};
use serde::Serialize;

#[derive(Serialize)]
struct HistoryRow {
    version: String,
    href: String,
    date: String,
    date_label: String,
    effective_label: Option<String>,
    changes: Option<String>,
    /// Diff from the previous release, when there is one.
    diff_href: Option<String>,
}

#[derive(Serialize)]
struct DiffOption {
    from: String,
    to: String,
    href: String,
}

#[derive(Serialize)]
struct HistoryPage<'a> {
    chrome: Chrome<'a>,
    title: String,
    module_href: String,
    rows: Vec<HistoryRow>,
    versions: Vec<String>,
    /// Every pair's diff page, for the compare form.
    diffs: Vec<DiffOption>,
}

fn crumbs(site: &Site, locale: &str, page: &str, m: &Module, last: String) -> Vec<LinkView> {
    let title = localize::module(site.settings, site.course, m, locale)
        .title
        .to_string();
    let module = LinkView {
        title,
        href: urls::relative(page, &urls::module(locale, &m.id)),
    };
    breadcrumbs(site, locale, page, vec![module], &last)
}

pub fn history(site: &Site, m: &Module, locale: &str) -> Result<OutputFile, Diagnostic> {
    let page = urls::history(locale, &m.id);
    let releases = site.course.releases_of(&m.id);
    let s = site.strings;
    let title = localize::module(site.settings, site.course, m, locale)
        .title
        .to_string();
    let rows = releases
        .iter()
        .enumerate()
        .rev()
        .map(|(i, r)| HistoryRow {
            version: r.version.to_string(),
            href: urls::relative(&page, &urls::module_version(locale, &m.id, &r.version)),
            date: r.date.format("%Y-%m-%d").to_string(),
            date_label: s.date(locale, r.date),
            effective_label: r.effective.map(|d| s.date(locale, d)),
            changes: r.changes.clone(),
            diff_href: i.checked_sub(1).map(|p| {
                urls::relative(
                    &page,
                    &urls::diff(locale, &m.id, &releases[p].version, &r.version),
                )
            }),
        })
        .collect();
    let diffs = pairs(releases)
        .map(|(a, b)| DiffOption {
            from: a.version.to_string(),
            to: b.version.to_string(),
            href: urls::relative(&page, &urls::diff(locale, &m.id, &a.version, &b.version)),
        })
        .collect();
    let heading = s.fill(locale, "history_title", &[("title", &title)]);
    let crumbs = crumbs(
        site,
        locale,
        &page,
        m,
        s.get(locale, "version_history").to_string(),
    );
    let page_in = |code: &str| (urls::history(code, &m.id), true);
    let view = HistoryPage {
        chrome: Chrome::new(site, locale, &page, &heading, crumbs, &page_in),
        title: heading,
        module_href: urls::relative(&page, &urls::module(locale, &m.id)),
        rows,
        versions: releases.iter().map(|r| r.version.to_string()).collect(),
        diffs,
    };
    site.page("history.html", page, &view)
}

/// Every ordered pair of releases (older, newer). Releases per module are few; the diff pages
/// grow with their square, never with the number of modules.
pub fn pairs(releases: &[Release]) -> impl Iterator<Item = (&Release, &Release)> {
    releases
        .iter()
        .enumerate()
        .flat_map(move |(i, a)| releases[i + 1..].iter().map(move |b| (a, b)))
}

#[derive(Serialize)]
struct DiffSection {
    change: SectionChange,
    label: String,
    title: String,
    renamed_from: Option<String>,
    href: Option<String>,
    pieces: Vec<Piece>,
}

#[derive(Serialize)]
struct DiffPage<'a> {
    chrome: Chrome<'a>,
    title: String,
    from: String,
    to: String,
    from_href: String,
    to_href: String,
    history_href: String,
    changes: Option<String>,
    sections: Vec<DiffSection>,
    unchanged: Vec<String>,
    /// Language of the compared text (the source language).
    text_lang: String,
}

pub fn diff(
    site: &Site,
    m: &Module,
    from: &Release,
    to: &Release,
    locale: &str,
) -> Result<OutputFile, Diagnostic> {
    let page = urls::diff(locale, &m.id, &from.version, &to.version);
    let s = site.strings;
    let title = localize::module(site.settings, site.course, m, locale)
        .title
        .to_string();
    let to_href = urls::relative(&page, &urls::module_version(locale, &m.id, &to.version));
    let mut sections = Vec::new();
    let mut unchanged = Vec::new();
    for d in versions::diff(&from.module, &to.module) {
        let name = d
            .new_title
            .clone()
            .or(d.old_title.clone())
            .unwrap_or_default();
        let name = if name.is_empty() {
            s.get(locale, "introduction").to_string()
        } else {
            name
        };
        if d.change == SectionChange::Unchanged {
            unchanged.push(name);
            continue;
        }
        let key = match d.change {
            SectionChange::Added => "diff_added",
            SectionChange::Removed => "diff_removed",
            _ => "diff_changed",
        };
        sections.push(DiffSection {
            change: d.change,
            label: s.get(locale, key).to_string(),
            title: name,
            renamed_from: d.renamed.then(|| {
                s.fill(
                    locale,
                    "diff_renamed",
                    &[("title", d.old_title.as_deref().unwrap_or(""))],
                )
            }),
            href: (!d.anchor.is_empty()).then(|| format!("{to_href}#{}", d.anchor)),
            pieces: d.pieces,
        });
    }
    let heading = s.fill(
        locale,
        "diff_title",
        &[
            ("title", &title),
            ("from", &from.version.to_string()),
            ("to", &to.version.to_string()),
        ],
    );
    let crumbs = crumbs(
        site,
        locale,
        &page,
        m,
        s.get(locale, "what_changed_link").to_string(),
    );
    let page_in = |code: &str| (urls::diff(code, &m.id, &from.version, &to.version), true);
    let view = DiffPage {
        chrome: Chrome::new(site, locale, &page, &heading, crumbs, &page_in),
        title: heading,
        from: from.version.to_string(),
        to: to.version.to_string(),
        from_href: urls::relative(&page, &urls::module_version(locale, &m.id, &from.version)),
        to_href,
        history_href: urls::relative(&page, &urls::history(locale, &m.id)),
        changes: to.changes.clone(),
        sections,
        unchanged,
        text_lang: site.settings.default_locale.code.clone(),
    };
    site.page("diff.html", page, &view)
}

#[derive(Serialize)]
struct NewsItem {
    id: String,
    title: String,
    version: String,
    date: String,
    date_label: String,
    changes: Option<String>,
    href: String,
    diff_href: Option<String>,
    policy_area: String,
    policy_area_label: String,
    regions: String,
}

/// Every release, newest first (by date, then module id, then version).
fn news<'a>(site: &Site<'a>) -> Vec<(&'a Module, &'a Release, Option<&'a Release>)> {
    let mut items: Vec<(&Module, &Release, Option<&Release>)> = Vec::new();
    for m in &site.course.modules {
        let releases = site.course.releases_of(&m.id);
        for (i, r) in releases.iter().enumerate() {
            items.push((m, r, i.checked_sub(1).map(|p| &releases[p])));
        }
    }
    items.sort_by(|a, b| {
        b.1.date
            .cmp(&a.1.date)
            .then_with(|| a.0.id.cmp(&b.0.id))
            .then_with(|| b.1.version.cmp(&a.1.version))
    });
    items
}

#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
}

#[derive(Serialize)]
struct WhatsNewPage<'a> {
    chrome: Chrome<'a>,
    items: Vec<NewsItem>,
    feed_href: String,
    areas: Vec<Choice>,
    regions: Vec<Choice>,
}

pub fn whats_new(site: &Site, locale: &str) -> Result<OutputFile, Diagnostic> {
    let page = urls::whats_new(locale);
    let s = site.strings;
    let items: Vec<NewsItem> = news(site)
        .into_iter()
        .map(|(m, r, prev)| {
            let area = m.policy_area.clone().unwrap_or_default();
            NewsItem {
                id: m.id.0.clone(),
                title: localize::module(site.settings, site.course, m, locale)
                    .title
                    .to_string(),
                version: r.version.to_string(),
                date: r.date.format("%Y-%m-%d").to_string(),
                date_label: s.date(locale, r.date),
                changes: r.changes.clone(),
                href: urls::relative(&page, &urls::module_version(locale, &m.id, &r.version)),
                diff_href: prev.map(|p| {
                    urls::relative(&page, &urls::diff(locale, &m.id, &p.version, &r.version))
                }),
                policy_area_label: super::views::area_label(&area),
                policy_area: area,
                regions: m.regions.join(" "),
            }
        })
        .collect();
    let mut areas: Vec<&str> = site
        .course
        .modules
        .iter()
        .filter_map(|m| m.policy_area.as_deref())
        .collect();
    areas.sort_unstable();
    areas.dedup();
    let title = s.get(locale, "whats_new").to_string();
    let crumbs = breadcrumbs(site, locale, &page, Vec::new(), &title);
    let page_in = |code: &str| (urls::whats_new(code), true);
    let view = WhatsNewPage {
        chrome: Chrome::new(site, locale, &page, &title, crumbs, &page_in),
        items,
        feed_href: urls::relative(&page, &urls::feed(locale)),
        areas: areas
            .into_iter()
            .map(|a| Choice {
                value: a.to_string(),
                label: super::views::area_label(a),
            })
            .collect(),
        regions: site
            .settings
            .regions
            .iter()
            .map(|r| Choice {
                value: r.code.clone(),
                label: r.name.clone(),
            })
            .collect(),
    };
    site.page("whats_new.html", page, &view)
}

/// The Atom feed of releases. Entry links are relative to the feed's own URL, so the feed works
/// wherever the site is hosted.
pub fn feed(site: &Site, locale: &str) -> Result<OutputFile, Diagnostic> {
    use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Text};
    let path = urls::feed(locale);
    let to_time = |d: chrono::NaiveDate| -> FixedDateTime {
        use chrono::Offset;
        chrono::TimeZone::from_utc_datetime(
            &chrono::Utc.fix(),
            &d.and_hms_opt(0, 0, 0).unwrap_or_default(),
        )
    };
    let items = news(site);
    let updated = items.first().map_or_else(
        || to_time(chrono::NaiveDate::default()),
        |(_, r, _)| to_time(r.date),
    );
    let entries: Vec<Entry> = items
        .iter()
        .map(|(m, r, _)| {
            let title = localize::module(site.settings, site.course, m, locale)
                .title
                .to_string();
            let href = urls::relative(&path, &urls::module_version(locale, &m.id, &r.version));
            Entry {
                id: format!("urn:syllabus:{}:{}:{}", locale, m.id, r.version),
                title: Text::plain(format!("{title} {}", r.version)),
                updated: to_time(r.date),
                links: vec![Link {
                    href,
                    rel: "alternate".to_string(),
                    ..Link::default()
                }],
                summary: r.changes.clone().map(Text::plain),
                content: r.changes.clone().map(|c| Content {
                    value: Some(c),
                    content_type: Some("text".to_string()),
                    ..Content::default()
                }),
                ..Entry::default()
            }
        })
        .collect();
    let feed = Feed {
        id: format!(
            "urn:syllabus:{}:{}:releases",
            ModuleId(site.settings.title.clone()),
            locale
        )
        .replace(' ', "-"),
        title: Text::plain(format!(
            "{} · {}",
            site.settings.title,
            site.strings.get(locale, "whats_new")
        )),
        updated,
        lang: Some(locale.to_string()),
        links: vec![Link {
            href: urls::relative(&path, &urls::whats_new(locale)),
            rel: "alternate".to_string(),
            ..Link::default()
        }],
        entries,
        ..Feed::default()
    };
    let mut bytes = Vec::new();
    feed.write_to(&mut bytes).map_err(|e| {
        Diagnostic::error(
            Code::TemplateFailed,
            format!("cannot write the Atom feed: {e}"),
        )
        .in_file(&path)
    })?;
    Ok(OutputFile { path, bytes })
}

#[derive(Serialize)]
struct AsOfRow {
    title: String,
    version: Option<String>,
    href: Option<String>,
    effective_label: Option<String>,
}

#[derive(Serialize)]
struct AsOfPage<'a> {
    chrome: Chrome<'a>,
    title: String,
    rows: Vec<AsOfRow>,
}

/// Which version of each module was in force on `date`: the newest release effective by then,
/// or, for a module never released, its current text if already effective.
pub fn as_of(site: &Site, date: chrono::NaiveDate, locale: &str) -> Result<OutputFile, Diagnostic> {
    let page = urls::as_of(locale, &date);
    let s = site.strings;
    let rows = site
        .course
        .modules
        .iter()
        .map(|m| {
            let title = localize::module(site.settings, site.course, m, locale)
                .title
                .to_string();
            let releases = site.course.releases_of(&m.id);
            match versions::in_force(releases, date) {
                Some(r) => AsOfRow {
                    title,
                    version: Some(r.version.to_string()),
                    href: Some(urls::relative(
                        &page,
                        &urls::module_version(locale, &m.id, &r.version),
                    )),
                    effective_label: r.effective.map(|d| s.date(locale, d)),
                },
                None if releases.is_empty() && m.effective.is_none_or(|e| e <= date) => AsOfRow {
                    title,
                    version: Some(m.version.to_string()),
                    href: Some(urls::relative(&page, &urls::module(locale, &m.id))),
                    effective_label: m.effective.map(|d| s.date(locale, d)),
                },
                None => AsOfRow {
                    title,
                    version: None,
                    href: None,
                    effective_label: None,
                },
            }
        })
        .collect();
    let title = s.fill(locale, "as_of_title", &[("date", &s.date(locale, date))]);
    let crumbs = breadcrumbs(site, locale, &page, Vec::new(), &title);
    let page_in = |code: &str| (urls::as_of(code, &date), true);
    let view = AsOfPage {
        chrome: Chrome::new(site, locale, &page, &title, crumbs, &page_in),
        title,
        rows,
    };
    site.page("as_of.html", page, &view)
}
