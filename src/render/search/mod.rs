//! Offline search: for every locale, an index of every module as its page shows it in that
//! locale (the translation, else the source text), and a results page that searches it in the
//! browser, also from `file://`.
//!
//! 1. each distinct text (a module's source, one translation) is analysed once, in parallel:
//!    its terms and weights, and the record a result shows (title, sections, text);
//! 2. the records go into shared files; every locale inverts its documents' terms into its own
//!    term files (in parallel) and gets a meta file (filters, documents, which file holds what);
//! 3. the results page of the locale names its meta file.
//!
//! The text comes from the parse (`Module::plain_text`, positions in the body written out as
//! each text is analysed and recorded): no second Markdown pass, and nothing of sensitive
//! examples, questions, answers, cases or trainer notes.

pub mod encode;
pub mod index;
pub mod page;
pub mod tokenize;

use super::localize::{self, Localized};
use super::views::{area_label, direction, kind_label, region_name};
use super::Site;
use crate::content::model::Kind;
use crate::diagnostics::{Code, Diagnostic};
use crate::output::OutputFile;
use encode::Sink;
use index::{Fields, TextTerms};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// One distinct text of a module.
struct Text<'a> {
    localized: Localized<'a>,
    /// Headings (not those inside `sensitive` blocks) and tags.
    headings: Vec<&'a str>,
}

impl Text<'_> {
    /// Bytes of the body's text (summary and sections).
    fn body_len(&self) -> usize {
        let l = &self.localized;
        l.summary.map_or(0, str::len) + l.plain_text.text_len()
    }

    /// The searchable fields, the body's sections written out into `buf` (the plain text is
    /// kept as positions in the body, see `markdown::plain`).
    fn fields<'b>(&'b self, buf: &'b mut String) -> Fields<'b> {
        let l = &self.localized;
        Fields {
            title: l.title,
            headings: self.headings.clone(),
            body: l
                .summary
                .into_iter()
                .chain(l.plain_text.write(l.body, buf))
                .collect(),
        }
    }
}

/// The choices of the results page's filters, in a locale.
#[derive(Serialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

pub struct Filters {
    pub kinds: Vec<Choice>,
    pub areas: Vec<Choice>,
    pub regions: Vec<Choice>,
}

/// What the browser loads first: the filters' values, every document, and where its terms and
/// text are.
#[derive(Serialize)]
struct Meta<'a> {
    kinds: Vec<&'a str>,
    areas: Vec<&'a str>,
    /// Region codes; `global` last when a module targets every region.
    regions: Vec<&'a str>,
    /// Per document (module, in id order): kind, area (-1: none), regions, has content
    /// warnings, text file, position in the file.
    docs: Vec<(usize, i64, Vec<usize>, u8, u32, u32)>,
    /// First term and name of every term file, in term order.
    terms: Vec<(String, String)>,
    /// Names of the text files.
    texts: &'a [String],
}

/// Every file of the search: data under `search/`, a results page per locale.
pub fn files(site: &Site) -> Result<Vec<OutputFile>, Diagnostic> {
    let files = std::sync::Mutex::new(Vec::new());
    write(site, &|f| {
        files
            .lock()
            .map_err(|_| Diagnostic::error(Code::TemplateFailed, "search index: a thread failed"))?
            .push(f);
        Ok(())
    })?;
    let mut files = files
        .into_inner()
        .map_err(|_| Diagnostic::error(Code::TemplateFailed, "search index: a thread failed"))?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Makes every file of the search and hands each to `sink` as soon as it is complete, so the
/// index (a quarter of a large site's bytes) is never all in memory.
pub fn write(site: &Site, sink: Sink) -> Result<(), Diagnostic> {
    let lap = crate::project::stage_timer();
    let texts = texts(site);
    let ratios = length_ratios(&texts.list);
    let analysed: Vec<TextTerms> = texts
        .list
        .par_iter()
        .zip(ratios.par_iter())
        .map(|(t, r)| index::analyse(&t.fields(&mut String::new()), *r))
        .collect();
    lap("search: analyse");
    // The records and each locale's term files are independent: made side by side, the
    // inversion of a locale's terms (one task per locale) overlaps the records' many tasks
    // instead of leaving a core idle after them.
    let (records, term_files) = rayon::join(
        || {
            encode::chunks(
                &texts.list,
                |t| t.body_len() + t.localized.title.len() + 64,
                |t, out| write_record(site, t, out),
                sink,
            )
        },
        || {
            site.settings
                .locales
                .par_iter()
                .map(|l| {
                    let doc_texts: Vec<usize> = (0..site.course.modules.len())
                        .map(|i| texts.shown(i, &l.code))
                        .collect();
                    let terms: Vec<&TextTerms> = doc_texts.iter().map(|&t| &analysed[t]).collect();
                    let firsts = encode::term_chunks(&index::invert(&terms), sink)?;
                    Ok((doc_texts, firsts))
                })
                .collect::<Result<Vec<_>, Diagnostic>>()
        },
    );
    let (text_names, text_refs) = records?;
    let term_files = term_files?;
    lap("search: records and terms");
    let located = Located {
        texts: &texts.list,
        text_refs: &text_refs,
        text_names: &text_names,
    };
    site.settings
        .locales
        .par_iter()
        .zip(term_files)
        .try_for_each(|(l, (doc_texts, firsts))| {
            locale_files(site, &l.code, &doc_texts, firsts, &located, sink)
        })
}

/// Every distinct text: each module's source and its translations into the site's locales.
struct Texts<'a> {
    list: Vec<Text<'a>>,
    /// Module index -> its source text.
    source: Vec<usize>,
    /// (module index, locale) -> its translation.
    translated: HashMap<(usize, &'a str), usize>,
}

impl Texts<'_> {
    /// The text a locale's page of module `i` shows.
    fn shown(&self, i: usize, locale: &str) -> usize {
        self.translated
            .get(&(i, locale))
            .copied()
            .unwrap_or(self.source[i])
    }
}

fn texts<'a>(site: &Site<'a>) -> Texts<'a> {
    let settings = site.settings;
    let course = site.course;
    let default = settings.default_locale.code.as_str();
    let mut list = Vec::new();
    let mut source = Vec::with_capacity(course.modules.len());
    let mut translated = HashMap::new();
    for (i, m) in course.modules.iter().enumerate() {
        source.push(list.len());
        list.push(text(localize::with_translation(settings, m, None, default)));
        for l in settings.locales.iter().filter(|l| l.code != default) {
            if let Some(t) = course.translation(&m.id, &l.code) {
                translated.insert((i, l.code.as_str()), list.len());
                list.push(text(localize::with_translation(
                    settings,
                    m,
                    Some(t),
                    &l.code,
                )));
            }
        }
    }
    Texts {
        list,
        source,
        translated,
    }
}

fn text(l: Localized) -> Text {
    let headings = l
        .headings
        .iter()
        .filter(|h| !h.is_sensitive)
        .map(|h| h.text.as_str())
        .chain(l.tags.iter().map(String::as_str))
        .collect();
    Text {
        headings,
        localized: l,
    }
}

/// Each text's body length over the average of the texts in its language (words are longer in
/// bytes in some scripts than others).
fn length_ratios(texts: &[Text]) -> Vec<f64> {
    let mut totals: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for t in texts {
        let e = totals.entry(t.localized.text_locale).or_default();
        e.0 += t.body_len();
        e.1 += 1;
    }
    texts
        .iter()
        .map(|t| {
            let (sum, n) = totals
                .get(t.localized.text_locale)
                .copied()
                .unwrap_or((0, 0));
            if sum == 0 || n == 0 {
                1.0
            } else {
                t.body_len() as f64 * n as f64 / sum as f64
            }
        })
        .collect()
}

/// Writes the JSON a result is shown from.
fn write_record(site: &Site, t: &Text, out: &mut Vec<u8>) {
    let l = &t.localized;
    let mut buf = String::new();
    let plain = l.plain_text.write(l.body, &mut buf);
    let mut sections = vec![("", "", plain.first().copied().unwrap_or_default())];
    for (i, h) in l.headings.iter().enumerate() {
        if h.is_sensitive {
            continue;
        }
        let text = plain.get(i + 1).copied().unwrap_or_default();
        sections.push((h.anchor.as_str(), h.text.as_str(), text));
    }
    let record = encode::TextRecord {
        id: l.module.id.as_str(),
        lang: l.text_locale,
        dir: direction(site.settings, l.text_locale),
        title: l.title,
        summary: l.summary,
        sections,
    };
    record.write_json(out);
}

/// Where each text went, shared by every locale.
struct Located<'a, 'b> {
    texts: &'b [Text<'a>],
    text_refs: &'b [(u32, u32)],
    text_names: &'b [String],
}

/// A locale's meta file and results page; `firsts`: its term files (first term, name).
fn locale_files(
    site: &Site,
    locale: &str,
    doc_texts: &[usize],
    firsts: Vec<(String, String)>,
    located: &Located,
    sink: Sink,
) -> Result<(), Diagnostic> {
    let course = site.course;
    let filters = filters(site, locale);
    let mut regions: Vec<&str> = filters.regions.iter().map(|c| c.value.as_str()).collect();
    let uses_global = course
        .modules
        .iter()
        .any(|m| m.regions.iter().any(|r| r == "global"));
    if uses_global {
        regions.push("global");
    }
    let position = |list: &[&str], value: &str| list.iter().position(|v| *v == value);
    let kinds: Vec<&str> = filters.kinds.iter().map(|c| c.value.as_str()).collect();
    let areas: Vec<&str> = filters.areas.iter().map(|c| c.value.as_str()).collect();
    let docs = course
        .modules
        .iter()
        .zip(doc_texts)
        .map(|(m, &t)| {
            let mut rs: Vec<usize> = m
                .regions
                .iter()
                .cloned()
                .chain(course.notes(&m.id).flat_map(|n| n.regions.iter().cloned()))
                .filter_map(|r| position(&regions, &r))
                .collect();
            rs.sort_unstable();
            rs.dedup();
            let (file, at) = located.text_refs[t];
            (
                position(&kinds, m.kind.as_str()).unwrap_or(0),
                m.policy_area
                    .as_deref()
                    .and_then(|a| position(&areas, a))
                    .map_or(-1, |p| i64::try_from(p).unwrap_or(-1)),
                rs,
                u8::from(!located.texts[t].localized.content_warnings.is_empty()),
                file,
                at,
            )
        })
        .collect();
    let meta = Meta {
        kinds,
        areas,
        regions,
        docs,
        terms: firsts,
        texts: located.text_names,
    };
    let json = serde_json::to_string(&meta).unwrap_or_default();
    let (meta_name, meta_file) = encode::data_file(&json);
    sink(meta_file)?;
    sink(page::render(site, locale, &meta_name, &filters)?)
}

/// The filter choices: kinds and policy areas the course has, the site's regions.
fn filters(site: &Site, locale: &str) -> Filters {
    let course = site.course;
    let t = site.strings.table(locale);
    let kinds = Kind::ALL
        .into_iter()
        .filter(|k| course.modules.iter().any(|m| m.kind == *k))
        .map(|k| Choice {
            value: k.as_str().to_string(),
            label: kind_label(t, k),
        })
        .collect();
    let mut areas: Vec<&str> = course
        .modules
        .iter()
        .filter_map(|m| m.policy_area.as_deref())
        .collect();
    areas.sort_unstable();
    areas.dedup();
    Filters {
        kinds,
        areas: areas
            .into_iter()
            .map(|a| Choice {
                value: a.to_string(),
                label: area_label(a),
            })
            .collect(),
        regions: site
            .settings
            .regions
            .iter()
            .map(|r| Choice {
                value: r.code.clone(),
                label: region_name(site, locale, &r.code),
            })
            .collect(),
    }
}
