use super::*;
use crate::report::testkit;

const CONFIG: &str = "title: T\nlocales:\n  - { code: en, name: English }\n  - { code: ms, name: Melayu }\n  - { code: ja, name: Japanese }\nregions:\n  - { code: MY, name: Malaysia }\n  - { code: JP, name: Japan }\nreports: { max_release_age_days: 30 }\n";

const SOP: &str = "---\nid: sop\ntitle: SOP\nkind: sop\nversion: 3.0.0\neffective: 2026-02-01\npolicy_area: hate-speech\nregions: [global]\nduration: 20\nowner: Policy\n---\n\n## Tiers {#tiers}\n\nText.\n\n## Appeals {#appeals}\n\nText.\n\n```quiz\nid: q1\ntype: true-false\nprompt: P\nanswer: true\ncovers: [tiers]\n```\n\n```quiz\nid: q0\ntype: true-false\nprompt: P\nanswer: true\ncovers: [appeals]\nretired_in: 3.0.0\n```\n";

const SOP_MS: &str = "---\ntranslation_of: 1.0.0\ntitle: SOP ms\n---\n\n## Tiers {#tiers}\n\n## Appeals {#appeals}\n";

const NOTE: &str = "---\nid: note-my\ntitle: Note\nkind: regional-note\nversion: 1.0.0\neffective: 2026-06-01\npolicy_area: hate-speech\nregions: [MY]\napplies_to: sop\nduration: 5\n---\n\nText.\n";

const BRIEF: &str = "---\nid: brief\ntitle: Brief\nkind: briefing\nversion: 1.0.0\nregions: [JP]\nduration: 10\n---\n\nText.\n";

const BRIEF_JA: &str = "---\ntranslation_of: 1.0.0\ntitle: Brief ja\n---\n\nText.\n";

fn release(version: &str, date: &str) -> String {
    format!("id: sop\nversion: {version}\npath: sop.md\ndate: {date}\nhash: sha256:00\n")
}

fn sample(date: Option<&str>) -> Inventory {
    let r1 = release("1.0.0", "2025-01-10");
    let r2 = release("2.0.0", "2025-06-01");
    let r3 = release("3.0.0", "2026-01-05");
    let (settings, course) = testkit::course(
        CONFIG,
        &[
            ("sop.md", SOP),
            ("sop.ms.md", SOP_MS),
            ("note-my.md", NOTE),
            ("brief.md", BRIEF),
            ("brief.ja.md", BRIEF_JA),
        ],
        &[
            ("sop", "1.0.0", &r1, &SOP.replace("3.0.0", "1.0.0")),
            ("sop", "2.0.0", &r2, &SOP.replace("3.0.0", "2.0.0")),
            ("sop", "3.0.0", &r3, SOP),
        ],
    );
    let date = date.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap_or_default());
    inventory(&settings, &course, date)
}

fn row<'a>(inv: &'a Inventory, id: &str) -> &'a ModuleRow {
    inv.modules
        .iter()
        .find(|m| m.id == id)
        .unwrap_or_else(|| panic!("no row {id}"))
}

#[test]
fn stale_translations_count_the_versions_they_are_behind() {
    let inv = sample(None);
    let sop = row(&inv, "sop");
    // Translated from 1.0.0; 2.0.0 (release) and 3.0.0 (release and current) came since.
    assert_eq!(
        sop.translations,
        vec![
            (
                "ms".to_string(),
                TranslationState::Stale {
                    translation_of: "1.0.0".into(),
                    behind: 2
                }
            ),
            ("ja".to_string(), TranslationState::Missing),
        ]
    );
    assert_eq!(
        row(&inv, "brief").translations[1],
        (
            "ja".to_string(),
            TranslationState::Current {
                translation_of: "1.0.0".into()
            }
        )
    );
}

#[test]
fn questions_and_clause_coverage_count_only_live_questions() {
    let inv = sample(None);
    let sop = row(&inv, "sop");
    // q0 is retired in 3.0.0: one live question, covering one of the two clauses.
    assert_eq!((sop.questions, sop.clauses, sop.clauses_covered), (1, 2, 1));
    assert_eq!(sop.last_release.as_deref(), Some("3.0.0"));
    assert_eq!(sop.last_release_date.as_deref(), Some("2026-01-05"));
}

#[test]
fn flags_need_a_date_and_follow_the_configured_age() {
    assert!(sample(None).modules.iter().all(|m| m.flags.is_empty()));
    let inv = sample(Some("2026-03-01"));
    // 2026-01-05 to 2026-03-01 is 26 + 28 + 1 = 55 days, over the configured 30.
    assert_eq!(
        row(&inv, "sop").flags,
        vec![Flag::ReleaseOld {
            released: "2026-01-05".into(),
            days: 55
        }]
    );
    assert_eq!(
        row(&inv, "note-my").flags,
        vec![Flag::NotInForce {
            effective: "2026-06-01".into()
        }]
    );
    assert!(row(&inv, "brief").flags.is_empty());
    let inv = sample(Some("2026-01-20"));
    // 15 days since the release is not over 30; the effective date is still ahead.
    assert_eq!(
        row(&inv, "sop").flags,
        vec![Flag::NotInForce {
            effective: "2026-02-01".into()
        }]
    );
}

#[test]
fn totals_per_area_locale_and_region() {
    let inv = sample(None);
    let areas: Vec<(&str, usize, u32, usize, usize)> = inv
        .areas
        .iter()
        .map(|a| {
            (
                a.policy_area.as_str(),
                a.modules,
                a.minutes,
                a.stale,
                a.missing,
            )
        })
        .collect();
    // general: brief (ms missing). hate-speech: sop (ms stale, ja missing), note (both missing).
    assert_eq!(
        areas,
        vec![("general", 1, 10, 0, 1), ("hate-speech", 2, 25, 1, 3)]
    );
    let locales: Vec<(&str, usize, usize, usize)> = inv
        .locale_totals
        .iter()
        .map(|t| (t.locale.as_str(), t.current, t.stale, t.missing))
        .collect();
    assert_eq!(locales, vec![("ms", 0, 1, 2), ("ja", 1, 0, 2)]);
    let regions: Vec<(&str, usize, usize, usize, u32)> = inv
        .regions
        .iter()
        .map(|r| (r.region.as_str(), r.targeted, r.global, r.notes, r.minutes))
        .collect();
    // MY: the global SOP (20) and its note (5); JP: the SOP (20) and the brief for JP (10).
    assert_eq!(regions, vec![("MY", 0, 1, 1, 25), ("JP", 1, 1, 0, 30)]);
}

#[test]
fn csv_has_one_row_per_module_and_a_column_per_locale() {
    let csv = to_csv(&sample(Some("2026-03-01"))).unwrap_or_else(|e| panic!("{e}"));
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines,
        vec![
            "id,title,kind,policy_area,version,effective,owner,duration,regions,questions,cases,clauses,clauses_covered,last_release,last_release_date,translation_ms,translation_ja,flags",
            "brief,Brief,briefing,,1.0.0,,,10,JP,0,0,0,0,,,missing,current,",
            "note-my,Note,regional-note,hate-speech,1.0.0,2026-06-01,,5,MY,0,0,0,0,,,missing,missing,not-in-force:2026-06-01",
            "sop,SOP,sop,hate-speech,3.0.0,2026-02-01,Policy,20,global,1,0,2,1,3.0.0,2026-01-05,stale:2,missing,release-old:55d",
        ]
    );
}
