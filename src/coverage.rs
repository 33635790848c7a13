//! Coverage: for every module, its state in every locale (source, current, stale, missing) and
//! the regions its regional notes cover. Pure; shown as a site page and by `syllabus coverage`.

use crate::config::Settings;
use crate::content::model::Course;
use crate::i18n::is_stale;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum Status {
    /// The module is written in this locale.
    Source {
        version: String,
    },
    Current {
        translation_of: String,
    },
    Stale {
        translation_of: String,
        current: String,
    },
    Missing,
}

#[derive(Debug, Serialize)]
pub struct ModuleCoverage {
    pub id: String,
    pub title: String,
    pub kind: &'static str,
    pub version: String,
    /// Locale code -> status, in the configured locale order.
    pub locales: Vec<(String, Status)>,
    /// Region code -> ids of the regional notes for it that apply to this module.
    pub notes: BTreeMap<String, Vec<String>>,
    /// Clause ids of the module with the questions (anywhere in the course) that cover them:
    /// a clause no question covers is a gap in certification.
    pub clauses: Vec<ClauseCoverage>,
}

#[derive(Debug, Serialize)]
pub struct ClauseCoverage {
    pub clause: String,
    pub title: String,
    /// `module#question` ids.
    pub covered_by: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct LocaleTotals {
    pub locale: String,
    pub current: usize,
    pub stale: usize,
    pub missing: usize,
}

#[derive(Debug, Serialize)]
pub struct Coverage {
    pub default_locale: String,
    pub locales: Vec<String>,
    pub regions: Vec<String>,
    pub modules: Vec<ModuleCoverage>,
    pub totals: Vec<LocaleTotals>,
}

pub fn coverage(settings: &Settings, course: &Course) -> Coverage {
    let modules: Vec<ModuleCoverage> = course
        .modules
        .iter()
        .map(|m| {
            let locales = settings
                .locales
                .iter()
                .map(|l| {
                    let status = if settings.is_default(&l.code) {
                        Status::Source {
                            version: m.version.to_string(),
                        }
                    } else {
                        match course.translation(&m.id, &l.code) {
                            None => Status::Missing,
                            Some(t)
                                if is_stale(&m.version, &t.translation_of, settings.stale_on) =>
                            {
                                Status::Stale {
                                    translation_of: t.translation_of.to_string(),
                                    current: m.version.to_string(),
                                }
                            }
                            Some(t) => Status::Current {
                                translation_of: t.translation_of.to_string(),
                            },
                        }
                    };
                    (l.code.clone(), status)
                })
                .collect();
            let mut notes: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for note in course.notes(&m.id) {
                for r in &note.regions {
                    notes.entry(r.clone()).or_default().push(note.id.0.clone());
                }
            }
            let clauses = m
                .headings
                .iter()
                .filter(|h| h.is_clause)
                .map(|h| ClauseCoverage {
                    clause: h.anchor.clone(),
                    title: h.text.clone(),
                    covered_by: m
                        .blocks
                        .questions
                        .iter()
                        .filter(|q| q.is_live(&m.version) && q.covers.contains(&h.anchor))
                        .map(|q| format!("{}#{}", m.id, q.id))
                        .collect(),
                })
                .collect();
            ModuleCoverage {
                clauses,
                id: m.id.0.clone(),
                title: m.title.clone(),
                kind: m.kind.as_str(),
                version: m.version.to_string(),
                locales,
                notes,
            }
        })
        .collect();
    let totals = settings
        .locales
        .iter()
        .filter(|l| !settings.is_default(&l.code))
        .map(|l| {
            let mut t = LocaleTotals {
                locale: l.code.clone(),
                current: 0,
                stale: 0,
                missing: 0,
            };
            for m in &modules {
                match m.locales.iter().find(|(c, _)| c == &l.code).map(|(_, s)| s) {
                    Some(Status::Current { .. }) => t.current += 1,
                    Some(Status::Stale { .. }) => t.stale += 1,
                    _ => t.missing += 1,
                }
            }
            t
        })
        .collect();
    Coverage {
        default_locale: settings.default_locale.code.clone(),
        locales: settings.locales.iter().map(|l| l.code.clone()).collect(),
        regions: settings.regions.iter().map(|r| r.code.clone()).collect(),
        modules,
        totals,
    }
}
