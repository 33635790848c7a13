//! The page of one module in one locale: metadata, contents, body (behind its content warning),
//! regional notes at their placement, banners for fallback and stale translations, neighbours.

use super::body::{self, BodyOptions, QuizBlocks};
use super::links::PageLinks;
use super::localize::{self, Localized};
use super::quiz::QuizContext;
use super::views::{breadcrumbs, Chrome, LinkView, ModuleView};
use super::{notes, urls, Site};
use crate::content::model::Module;
use crate::content::releases::Release;
use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;
use serde::Serialize;

#[derive(Serialize)]
struct TocEntry<'a> {
    level: u8,
    text: &'a str,
    anchor: &'a str,
}

/// Shown above a page that is not (or not currently) in the reader's language.
#[derive(Serialize)]
struct Banner {
    text: String,
    link: Option<LinkView>,
    changes: Option<String>,
    /// Sections changed since the translated version (when that release is stored).
    sections: Vec<String>,
}

#[derive(Serialize)]
struct VersionLink {
    version: String,
    href: String,
    is_current: bool,
    is_latest: bool,
}

/// Which version of the module a page shows.
#[derive(Clone, Copy)]
pub enum Variant<'a> {
    /// The current text, at the module's stable URL.
    Latest,
    /// A stored release, at `v<version>/`.
    Release(&'a Release),
}

#[derive(Serialize)]
struct ModulePage<'a> {
    chrome: Chrome<'a>,
    module: ModuleView,
    toc: Vec<TocEntry<'a>>,
    body: String,
    section: LinkView,
    print_href: String,
    prev: Option<LinkView>,
    next: Option<LinkView>,
    fallback: Option<Banner>,
    stale: Option<Banner>,
    superseded: Option<Banner>,
    versions: Vec<VersionLink>,
    history_href: Option<String>,
    /// The source language, for text shown untranslated.
    source_lang: String,
    /// Set when the page is a SCO inside a package.
    sco: Option<super::sco::ScoView>,
    /// The graded form of an assessment (its questions and those it pulls).
    assessment: Option<String>,
    /// The page has questions, cases or an acknowledgement: load quiz.js and its strings.
    has_quiz: bool,
    quiz_js: String,
    quiz_strings: String,
    is_trainer: bool,
    session_sheet_href: Option<String>,
}

pub fn render(site: &Site, m: &Module, locale: &str) -> Result<OutputFile, Diagnostic> {
    render_variant(site, m, locale, Variant::Latest)
}

pub fn render_variant(
    site: &Site,
    current: &Module,
    locale: &str,
    variant: Variant,
) -> Result<OutputFile, Diagnostic> {
    let (m, page, l) = match variant {
        Variant::Latest => (
            current,
            urls::module(locale, &current.id),
            localize::module(site.settings, site.course, current, locale),
        ),
        Variant::Release(r) => (
            &r.module,
            urls::module_version(locale, &current.id, &r.version),
            localize::with_translation(
                site.settings,
                &r.module,
                r.translations.get(locale),
                locale,
            ),
        ),
    };
    let t = site.strings.table(locale);
    let section_title = site
        .course
        .section(&m.section)
        .map_or_else(String::new, |s| {
            localize::section(site.course, s, locale).title.to_string()
        });
    let section_link = LinkView {
        title: section_title,
        href: urls::relative(&page, &urls::section(locale, &m.section)),
    };
    let (prev, next) = neighbours(site, m, locale, &page);
    let links = PageLinks {
        course: site.course,
        locale,
        fallback_locale: &site.settings.default_locale.code,
        page: &page,
        assets: &site.assets,
        sco: site.sco.as_ref(),
        scope: None,
    };
    let inserts = notes::inserts(site, m, &l, locale, &page)?;
    let blocks = l.translation.map_or(&m.blocks, |tr| &tr.blocks);
    let id = m.id.0.clone();
    let quiz_blocks = QuizBlocks {
        blocks,
        module: &id,
        version: &m.version,
        decisions: &site.settings.decisions,
        inline_questions: m.assessment.is_none(),
    };
    let opts = BodyOptions {
        inserts: &inserts,
        quiz: Some(quiz_blocks),
        edition: site.settings.edition,
        ..site.body_options(t)
    };
    let body = body::render_localized(&l, &links, &opts);
    let assessment = m
        .assessment
        .as_ref()
        .map(|a| assessment_form(site, m, a, locale, &links, &opts));
    let has_quiz = assessment.is_some()
        || !blocks.questions.is_empty()
        || !blocks.cases.is_empty()
        || blocks.acknowledgement.is_some();
    let page_in = |code: &str| match variant {
        Variant::Latest => {
            let translated =
                site.settings.is_default(code) || site.course.translation(&m.id, code).is_some();
            (urls::module(code, &m.id), translated)
        }
        Variant::Release(r) => {
            let translated = site.settings.is_default(code) || r.translations.contains_key(code);
            (urls::module_version(code, &m.id, &r.version), translated)
        }
    };
    let releases = site.course.releases_of(&m.id);
    let mut chrome = Chrome::new(
        site,
        locale,
        &page,
        l.title,
        breadcrumbs(site, locale, &page, vec![section_link.clone()], l.title),
        &page_in,
    );
    let sco = site
        .sco
        .as_ref()
        .map(|sco| super::sco::view(site, sco, m, &l, locale, &page));
    if sco.is_some() {
        // A SCO has nowhere to navigate to: no home, breadcrumbs or other languages.
        chrome.home_href = String::new();
        chrome.search_href = String::new();
        chrome.breadcrumbs.clear();
        chrome.alternates.retain(|a| a.is_current);
    }
    let is_sco = sco.is_some();
    let mut view = ModulePage {
        chrome,
        module: ModuleView::new(site, &l, locale, &page),
        toc: l
            .headings
            .iter()
            .filter(|h| h.level <= 3)
            .map(|h| TocEntry {
                level: h.level,
                text: &h.text,
                anchor: &h.anchor,
            })
            .collect(),
        body,
        print_href: site
            .course
            .section(&m.section)
            .filter(|s| super::print::has_view(s))
            .map(|_| urls::relative(&page, &urls::section_print(locale, &m.section)))
            .unwrap_or_default(),
        section: section_link,
        prev,
        next,
        fallback: fallback_banner(site, &l, locale),
        stale: stale_banner(site, &l, locale, &page),
        superseded: match variant {
            Variant::Release(r) => superseded_banner(site, current, r, locale, &page),
            Variant::Latest => None,
        },
        versions: version_links(site, current, variant, locale, &page),
        source_lang: site.settings.default_locale.code.clone(),
        assessment,
        has_quiz,
        quiz_js: urls::relative(&page, &urls::theme_asset("quiz.js")),
        quiz_strings: quiz_strings(t),
        is_trainer: site.settings.edition == crate::config::Edition::Trainer,
        session_sheet_href: (site.settings.edition == crate::config::Edition::Trainer
            && !m.blocks.cases.is_empty())
        .then(|| urls::relative(&page, &urls::session_sheet(locale, &m.id))),
        history_href: (!releases.is_empty())
            .then(|| urls::relative(&page, &urls::history(locale, &m.id))),
        sco,
    };
    if is_sco {
        // The site's other pages are not in the package; the runtime needs quiz.js's events
        // (reading progress) on every SCO.
        view.versions.clear();
        view.history_href = None;
        view.prev = None;
        view.next = None;
        view.session_sheet_href = None;
        view.has_quiz = true;
        for p in &mut view.module.prerequisites {
            p.href.clear();
        }
        if let Some(b) = view.stale.as_mut() {
            b.link = None;
        }
    }
    // The body and graded form, plus the page around them (~12 KB on the benchmark's pages).
    let size = view.body.len() + view.assessment.as_ref().map_or(0, String::len) + 16 * 1024;
    site.page_sized("module.html", page, &view, size)
}

fn locale_name<'a>(site: &'a Site, code: &'a str) -> &'a str {
    site.settings.locale(code).map_or(code, |l| l.name.as_str())
}

fn fallback_banner(site: &Site, l: &Localized, locale: &str) -> Option<Banner> {
    if !l.is_fallback {
        return None;
    }
    let text = site.strings.fill(
        locale,
        "not_translated",
        &[
            ("language", locale_name(site, locale)),
            ("source_language", &site.settings.default_locale.name),
        ],
    );
    Some(Banner {
        text,
        link: None,
        changes: None,
        sections: Vec::new(),
    })
}

fn stale_banner(site: &Site, l: &Localized, locale: &str, page: &str) -> Option<Banner> {
    let t = l.translation.filter(|_| l.is_stale)?;
    let default = &site.settings.default_locale;
    let text = site.strings.fill(
        locale,
        "stale_translation",
        &[
            ("translated", &t.translation_of.to_string()),
            ("current", &l.module.version.to_string()),
        ],
    );
    Some(Banner {
        text,
        link: Some(LinkView {
            title: site.strings.fill(
                locale,
                "read_current",
                &[("source_language", &default.name)],
            ),
            href: urls::relative(page, &urls::module(&default.code, &l.module.id)),
        }),
        changes: l.module.changes.clone(),
        sections: crate::check::translations::changed_since(
            site.course,
            l.module,
            &t.translation_of,
        )
        .unwrap_or_default(),
    })
}

/// The strings quiz.js shows, as JSON for a `<script type="application/json">` block (data,
/// not code: it runs under the site's Content-Security-Policy).
fn quiz_strings(t: &crate::i18n::Table) -> String {
    const KEYS: &[&str] = &[
        "correct",
        "incorrect",
        "partly_correct",
        "answer_required",
        "your_score",
        "passed",
        "failed",
        "attempts_left",
        "no_attempts_left",
        "retry",
        "acknowledged",
        "agreement",
        "time_left",
        "time_up",
        "expected_decision",
    ];
    let subset: std::collections::BTreeMap<&str, &str> = KEYS
        .iter()
        .filter_map(|k| t.get(*k).map(|v| (*k, v.as_str())))
        .collect();
    // `</` cannot end the script element early once escaped.
    serde_json::to_string(&subset)
        .unwrap_or_default()
        .replace("</", "<\\/")
}

/// The graded form: rules, every question of the pool (numbered), submit, result.
fn assessment_form(
    site: &Site,
    m: &Module,
    a: &crate::content::model::Assessment,
    locale: &str,
    links: &PageLinks,
    opts: &BodyOptions,
) -> String {
    use super::highlight::escape;
    let t = site.strings;
    let pool = crate::content::quiz::pool(site.course, m);
    // A package's mastery replaces the pass mark everywhere the learner sees or is judged by it.
    let pass_mark = site
        .sco
        .as_ref()
        .and_then(|s| s.mastery)
        .unwrap_or(a.pass_mark);
    let mut rules = vec![t.fill(locale, "pass_mark_rule", &[("n", &pass_mark.to_string())])];
    if let Some(n) = a.max_attempts {
        rules.push(t.fill(locale, "max_attempts_rule", &[("n", &n.to_string())]));
    }
    if let Some(n) = a.time_limit {
        rules.push(t.fill(locale, "time_limit_rule", &[("n", &n.to_string())]));
    }
    if let Some(n) = a.draw {
        rules.push(t.fill(
            locale,
            "draw_rule",
            &[("n", &n.to_string()), ("total", &pool.len().to_string())],
        ));
    }
    let mut html = format!(
        "<form class=\"assessment\" data-module=\"{}\" data-version=\"{}\" data-pass-mark=\"{}\"{}{}{}{} novalidate>\n<h2 id=\"assessment-title\">{}</h2>\n<p class=\"assessment-rules\">{}</p>\n<p class=\"assessment-timer\" role=\"timer\" hidden></p>\n<div class=\"assessment-questions\">\n",
        escape(&m.id.0),
        m.version,
        pass_mark,
        if a.shuffle { " data-shuffle" } else { "" },
        a.max_attempts.map(|n| format!(" data-max-attempts=\"{n}\"")).unwrap_or_default(),
        a.time_limit.map(|n| format!(" data-time-limit=\"{n}\"")).unwrap_or_default(),
        a.draw.map(|n| format!(" data-draw=\"{n}\"")).unwrap_or_default(),
        escape(t.get(locale, "assessment")),
        escape(&rules.join(" · ")),
    );
    for (i, (source, q)) in pool.iter().enumerate() {
        // A pulled question is shown in the page's language when its module has a translation.
        let tr = site.course.translation(&source.id, locale);
        let q = tr
            .and_then(|tr| tr.blocks.questions.iter().find(|x| x.id == q.id))
            .unwrap_or(q);
        let markdown = |md: &str| {
            body::render(
                md,
                &source.content_path,
                &[],
                links,
                &BodyOptions {
                    quiz: None,
                    inserts: &[],
                    raw_html: opts.raw_html,
                    ..BodyOptions::new(opts.t)
                },
            )
        };
        let cx = QuizContext {
            module: &source.id.0,
            version: &source.version,
            edition: site.settings.edition,
            t: opts.t,
            markdown: &markdown,
            graded: true,
        };
        html.push_str(&super::quiz::question(q, &cx, Some(i + 1)));
    }
    html.push_str(&format!(
        "</div>\n<button type=\"submit\" class=\"assessment-submit\">{}</button>\n<div class=\"assessment-result\" role=\"status\" aria-live=\"polite\" tabindex=\"-1\" hidden></div>\n</form>\n",
        escape(t.get(locale, "submit_answers"))
    ));
    html
}

/// "You are reading version X (superseded on DATE by Y)" above a release page.
fn superseded_banner(
    site: &Site,
    current: &Module,
    r: &Release,
    locale: &str,
    page: &str,
) -> Option<Banner> {
    let releases = site.course.releases_of(&current.id);
    let next = releases.iter().find(|x| x.version > r.version);
    let latest = urls::relative(page, &urls::module(locale, &current.id));
    let text = match next {
        Some(n) => site.strings.fill(
            locale,
            "superseded",
            &[
                ("version", &r.version.to_string()),
                (
                    "date",
                    &site.strings.date(locale, n.effective.unwrap_or(n.date)),
                ),
                ("next", &n.version.to_string()),
            ],
        ),
        None if current.version > r.version => site.strings.fill(
            locale,
            "superseded_unreleased",
            &[
                ("version", &r.version.to_string()),
                ("next", &current.version.to_string()),
            ],
        ),
        None => site.strings.fill(
            locale,
            "current_release",
            &[("version", &r.version.to_string())],
        ),
    };
    Some(Banner {
        text,
        link: Some(LinkView {
            title: site.strings.get(locale, "read_latest").to_string(),
            href: latest,
        }),
        changes: None,
        sections: Vec::new(),
    })
}

/// The version switcher: the latest text, then every release newest first.
fn version_links(
    site: &Site,
    current: &Module,
    variant: Variant,
    locale: &str,
    page: &str,
) -> Vec<VersionLink> {
    let releases = site.course.releases_of(&current.id);
    if releases.is_empty() {
        return Vec::new();
    }
    let mut links = vec![VersionLink {
        version: current.version.to_string(),
        href: urls::relative(page, &urls::module(locale, &current.id)),
        is_current: matches!(variant, Variant::Latest),
        is_latest: true,
    }];
    // The latest entry already stands for a release of the current version.
    for r in releases.iter().rev().filter(|r| {
        r.version != current.version
            || matches!(variant, Variant::Release(x) if x.version == r.version)
    }) {
        links.push(VersionLink {
            version: r.version.to_string(),
            href: urls::relative(page, &urls::module_version(locale, &current.id, &r.version)),
            is_current: matches!(variant, Variant::Release(x) if x.version == r.version),
            is_latest: false,
        });
    }
    links
}

/// Previous and next module in the reading order of the module's section.
fn neighbours(
    site: &Site,
    m: &Module,
    locale: &str,
    page: &str,
) -> (Option<LinkView>, Option<LinkView>) {
    let Some(section) = site.course.section(&m.section) else {
        return (None, None);
    };
    let Some(i) = site.place_in_section(&m.id) else {
        return (None, None);
    };
    let link = |j: usize| {
        let id = section.modules.get(j)?;
        let other = site.course.module(id)?;
        Some(LinkView {
            title: localize::module(site.settings, site.course, other, locale)
                .title
                .to_string(),
            href: urls::relative(page, &urls::module(locale, id)),
        })
    };
    (i.checked_sub(1).and_then(link), link(i + 1))
}
