//! The content inventory: every module with its metadata, question and clause counts, and the
//! state of each translation; totals per policy area, locale and region; and, for a given day,
//! the modules not yet in force or whose last release is older than `reports.max_release_age_days`.
//!
//! Pure: the course and settings come in, plain data goes out (serialised as JSON, written as
//! CSV here, rendered as a page by `render::inventory`).

use crate::config::Settings;
use crate::content::model::{Course, Module};
use crate::i18n::is_stale;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum TranslationState {
    Current {
        translation_of: String,
    },
    /// `behind`: how many versions of the source (stored releases and the current version)
    /// are newer than the one translated.
    Stale {
        translation_of: String,
        behind: usize,
    },
    Missing,
}

impl TranslationState {
    /// `current`, `stale:2`, `missing`: the CSV cell.
    pub fn cell(&self) -> String {
        match self {
            TranslationState::Current { .. } => "current".to_string(),
            TranslationState::Stale { behind, .. } => format!("stale:{behind}"),
            TranslationState::Missing => "missing".to_string(),
        }
    }
}

/// Why a module needs a lead's attention on the report's day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "flag", rename_all = "kebab-case")]
pub enum Flag {
    /// The effective date is after the report's day.
    NotInForce { effective: String },
    /// The last release is more than `reports.max_release_age_days` old.
    ReleaseOld { released: String, days: i64 },
}

impl Flag {
    pub fn cell(&self) -> String {
        match self {
            Flag::NotInForce { effective } => format!("not-in-force:{effective}"),
            Flag::ReleaseOld { days, .. } => format!("release-old:{days}d"),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ModuleRow {
    pub id: String,
    pub title: String,
    pub kind: &'static str,
    pub policy_area: Option<String>,
    pub version: String,
    pub effective: Option<String>,
    pub owner: Option<String>,
    /// Minutes.
    pub duration: Option<u32>,
    pub regions: Vec<String>,
    /// Live questions of this version (for an assessment, with the questions it pulls).
    pub questions: usize,
    pub cases: usize,
    /// Clause ids of the module, and how many of them a live question covers.
    pub clauses: usize,
    pub clauses_covered: usize,
    pub last_release: Option<String>,
    pub last_release_date: Option<String>,
    /// Locale code -> state, for every locale but the default one, in configured order.
    pub translations: Vec<(String, TranslationState)>,
    pub flags: Vec<Flag>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct AreaTotals {
    pub policy_area: String,
    pub modules: usize,
    pub minutes: u32,
    pub questions: usize,
    pub clauses: usize,
    pub clauses_covered: usize,
    pub stale: usize,
    pub missing: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct LocaleTotals {
    pub locale: String,
    pub current: usize,
    pub stale: usize,
    pub missing: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct RegionTotals {
    pub region: String,
    /// Modules that name the region, and modules for every region (`global` or no regions).
    pub targeted: usize,
    pub global: usize,
    /// Regional notes for the region.
    pub notes: usize,
    /// Minutes of the modules a reviewer there is trained on (targeted + global).
    pub minutes: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Inventory {
    /// The day the flags were computed for; `None` on the site page (a build has no clock).
    pub date: Option<String>,
    pub max_release_age_days: u32,
    pub default_locale: String,
    /// The translated locales (every configured locale but the default one).
    pub locales: Vec<String>,
    pub modules: Vec<ModuleRow>,
    pub areas: Vec<AreaTotals>,
    pub locale_totals: Vec<LocaleTotals>,
    pub regions: Vec<RegionTotals>,
}

/// The area key of modules without `policy_area`.
pub const NO_AREA: &str = "general";

pub fn inventory(settings: &Settings, course: &Course, date: Option<NaiveDate>) -> Inventory {
    let max_age = settings.reports.max_release_age_days;
    let locales: Vec<String> = settings
        .locales
        .iter()
        .filter(|l| !settings.is_default(&l.code))
        .map(|l| l.code.clone())
        .collect();
    let modules: Vec<ModuleRow> = course
        .modules
        .iter()
        .map(|m| module_row(settings, course, m, &locales, date))
        .collect();
    Inventory {
        date: date.map(|d| d.format("%Y-%m-%d").to_string()),
        max_release_age_days: max_age,
        default_locale: settings.default_locale.code.clone(),
        areas: area_totals(&modules),
        locale_totals: locales
            .iter()
            .map(|l| {
                let mut t = LocaleTotals {
                    locale: l.clone(),
                    ..LocaleTotals::default()
                };
                for state in modules.iter().flat_map(|m| &m.translations) {
                    match state {
                        (c, TranslationState::Current { .. }) if c == l => t.current += 1,
                        (c, TranslationState::Stale { .. }) if c == l => t.stale += 1,
                        (c, TranslationState::Missing) if c == l => t.missing += 1,
                        _ => {}
                    }
                }
                t
            })
            .collect(),
        regions: region_totals(settings, course, &modules),
        locales,
        modules,
    }
}

fn module_row(
    settings: &Settings,
    course: &Course,
    m: &Module,
    locales: &[String],
    date: Option<NaiveDate>,
) -> ModuleRow {
    let releases = course.releases_of(&m.id);
    let last = releases.last();
    let clauses: Vec<&str> = m
        .headings
        .iter()
        .filter(|h| h.is_clause)
        .map(|h| h.anchor.as_str())
        .collect();
    let live: Vec<_> = m
        .blocks
        .questions
        .iter()
        .filter(|q| q.is_live(&m.version))
        .collect();
    let clauses_covered = clauses
        .iter()
        .filter(|c| live.iter().any(|q| q.covers.iter().any(|x| x == *c)))
        .count();
    let translations = locales
        .iter()
        .map(|l| {
            let state = match course.translation(&m.id, l) {
                None => TranslationState::Missing,
                Some(t) if is_stale(&m.version, &t.translation_of, settings.stale_on) => {
                    TranslationState::Stale {
                        translation_of: t.translation_of.to_string(),
                        behind: versions_behind(m, releases, &t.translation_of),
                    }
                }
                Some(t) => TranslationState::Current {
                    translation_of: t.translation_of.to_string(),
                },
            };
            (l.clone(), state)
        })
        .collect();
    let mut flags = Vec::new();
    if let Some(day) = date {
        if let Some(effective) = m.effective.filter(|e| *e > day) {
            flags.push(Flag::NotInForce {
                effective: effective.format("%Y-%m-%d").to_string(),
            });
        }
        if let Some(r) = last {
            let days = (day - r.date).num_days();
            if days > i64::from(settings.reports.max_release_age_days) {
                flags.push(Flag::ReleaseOld {
                    released: r.date.format("%Y-%m-%d").to_string(),
                    days,
                });
            }
        }
    }
    ModuleRow {
        id: m.id.0.clone(),
        title: m.title.clone(),
        kind: m.kind.as_str(),
        policy_area: m.policy_area.clone(),
        version: m.version.to_string(),
        effective: m.effective.map(|d| d.format("%Y-%m-%d").to_string()),
        owner: m.owner.clone(),
        duration: m.duration,
        regions: m.regions.clone(),
        questions: crate::content::quiz::pool(course, m).len(),
        cases: m.blocks.cases.len(),
        clauses: clauses.len(),
        clauses_covered,
        last_release: last.map(|r| r.version.to_string()),
        last_release_date: last.map(|r| r.date.format("%Y-%m-%d").to_string()),
        translations,
        flags,
    }
}

/// Versions of the module newer than `translated`: its stored releases and its current
/// version, each counted once. At least 1, since the translation is stale.
fn versions_behind(
    m: &Module,
    releases: &[crate::content::releases::Release],
    translated: &semver::Version,
) -> usize {
    let mut newer: Vec<&semver::Version> = releases
        .iter()
        .map(|r| &r.version)
        .chain(std::iter::once(&m.version))
        .filter(|v| *v > translated && *v <= &m.version)
        .collect();
    newer.sort();
    newer.dedup();
    newer.len().max(1)
}

fn area_totals(modules: &[ModuleRow]) -> Vec<AreaTotals> {
    let mut areas: BTreeMap<String, AreaTotals> = BTreeMap::new();
    for m in modules {
        let key = m.policy_area.clone().unwrap_or_else(|| NO_AREA.to_string());
        let a = areas.entry(key.clone()).or_insert_with(|| AreaTotals {
            policy_area: key,
            ..AreaTotals::default()
        });
        a.modules += 1;
        a.minutes += m.duration.unwrap_or(0);
        a.questions += m.questions;
        a.clauses += m.clauses;
        a.clauses_covered += m.clauses_covered;
        for (_, s) in &m.translations {
            match s {
                TranslationState::Stale { .. } => a.stale += 1,
                TranslationState::Missing => a.missing += 1,
                TranslationState::Current { .. } => {}
            }
        }
    }
    areas.into_values().collect()
}

fn region_totals(settings: &Settings, course: &Course, modules: &[ModuleRow]) -> Vec<RegionTotals> {
    settings
        .regions
        .iter()
        .map(|r| {
            let mut t = RegionTotals {
                region: r.code.clone(),
                ..RegionTotals::default()
            };
            for (row, m) in modules.iter().zip(&course.modules) {
                let is_global = m.regions.is_empty() || m.regions.iter().any(|x| x == "global");
                let is_targeted = m.regions.contains(&r.code);
                if m.kind == crate::content::model::Kind::RegionalNote && is_targeted {
                    t.notes += 1;
                } else if is_targeted {
                    t.targeted += 1;
                } else if is_global {
                    t.global += 1;
                } else {
                    continue;
                }
                t.minutes += row.duration.unwrap_or(0);
            }
            t
        })
        .collect()
}

/// The inventory as CSV, one row per module, for spreadsheets. Columns are fixed (see the
/// README); one column per translated locale follows `last_release_date`.
pub fn to_csv(inv: &Inventory) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "id",
        "title",
        "kind",
        "policy_area",
        "version",
        "effective",
        "owner",
        "duration",
        "regions",
        "questions",
        "cases",
        "clauses",
        "clauses_covered",
        "last_release",
        "last_release_date",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(inv.locales.iter().map(|l| format!("translation_{l}")));
    header.push("flags".to_string());
    w.write_record(&header)?;
    for m in &inv.modules {
        let mut row = vec![
            m.id.clone(),
            m.title.clone(),
            m.kind.to_string(),
            m.policy_area.clone().unwrap_or_default(),
            m.version.clone(),
            m.effective.clone().unwrap_or_default(),
            m.owner.clone().unwrap_or_default(),
            m.duration.map(|d| d.to_string()).unwrap_or_default(),
            m.regions.join(" "),
            m.questions.to_string(),
            m.cases.to_string(),
            m.clauses.to_string(),
            m.clauses_covered.to_string(),
            m.last_release.clone().unwrap_or_default(),
            m.last_release_date.clone().unwrap_or_default(),
        ];
        row.extend(m.translations.iter().map(|(_, s)| s.cell()));
        row.push(m.flags.iter().map(Flag::cell).collect::<Vec<_>>().join(" "));
        w.write_record(&row)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests;
