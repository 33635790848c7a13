//! Parsed modules and sections -> `Course`: ids made unique, sections ordered, reading order
//! inside each section fixed.
//!
//! Pure. Duplicate ids are reported here because the course index can hold only one of them.

use crate::content::model::{
    AssetFile, Course, Module, ModuleId, Section, SectionText, Translation, Unparsed,
};
use crate::diagnostics::{Code, Diagnostic};
use std::collections::{BTreeMap, HashMap, HashSet};

pub fn assemble(
    mut modules: Vec<Module>,
    sections: Vec<Section>,
    assets: BTreeMap<String, AssetFile>,
) -> (Course, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    // Usually in path order already (files are listed sorted): then nothing is moved.
    if !modules.is_sorted_by(|a, b| a.content_path <= b.content_path) {
        modules.sort_by(|a, b| a.content_path.cmp(&b.content_path));
    }
    let mut first: HashMap<ModuleId, String> = HashMap::new();
    modules.retain(|m| match first.get(&m.id) {
        Some(other) => {
            diags.push(
                Diagnostic::error(
                    Code::DuplicateId,
                    format!("module id `{}` is already used by content/{other}", m.id),
                )
                .at(m.id_span.clone())
                .with_help("ids must be unique across the site; give this module another `id`"),
            );
            false
        }
        None => {
            first.insert(m.id.clone(), m.content_path.clone());
            true
        }
    });

    let mut by_key: BTreeMap<String, Section> = BTreeMap::new();
    let mut home_intro = String::new();
    for s in sections {
        if s.key.is_empty() {
            home_intro = s.intro.clone();
        }
        by_key.insert(s.key.clone(), s);
    }
    // Members of each section in one pass (not a scan of every module per section).
    let mut members_of: HashMap<&str, Vec<&Module>> = HashMap::new();
    for m in &modules {
        members_of.entry(m.section.as_str()).or_default().push(m);
    }
    for key in members_of.keys() {
        if !by_key.contains_key(*key) {
            by_key.insert(
                key.to_string(),
                Section {
                    key: key.to_string(),
                    title: title_from_folder(key),
                    description: String::new(),
                    weight: 0,
                    intro: String::new(),
                    order: Vec::new(),
                    modules: Vec::new(),
                },
            );
        }
    }
    for section in by_key.values_mut() {
        // Already in path order: `modules` was sorted by path above.
        let members = members_of
            .get(section.key.as_str())
            .map_or(&[][..], Vec::as_slice);
        let member_ids: HashSet<&ModuleId> = members.iter().map(|m| &m.id).collect();
        let mut ordered = Vec::new();
        let mut placed: HashSet<&ModuleId> = HashSet::new();
        for (id, span) in &section.order {
            if let Some(id) = member_ids.get(id) {
                if placed.insert(id) {
                    ordered.push((*id).clone());
                }
            } else {
                diags.push(
                    Diagnostic::error(
                        Code::SectionInvalid,
                        format!("`modules` lists `{id}`, which is not a module in this folder"),
                    )
                    .at(span.clone())
                    .with_help("list only ids of modules stored in this section's folder"),
                );
            }
        }
        for m in members {
            if placed.insert(&m.id) {
                ordered.push(m.id.clone());
            }
        }
        section.modules = ordered;
    }
    let mut sections: Vec<Section> = by_key
        .into_values()
        .filter(|s| !s.modules.is_empty())
        .collect();
    sections.sort_by(|a, b| a.weight.cmp(&b.weight).then_with(|| a.key.cmp(&b.key)));
    (Course::new(modules, sections, assets, home_intro), diags)
}

/// Hangs each translation on its source module (found by path: `x.ms.md` translates `x.md`).
pub fn attach_translations(
    course: &mut Course,
    translations: Vec<Translation>,
    unparsed: &Unparsed,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut translations = translations;
    translations.sort_by(|a, b| a.content_path.cmp(&b.content_path));
    for t in translations {
        let Some(id) = course.module_by_path(&t.source_path).map(|m| m.id.clone()) else {
            if !unparsed.paths.contains(&t.source_path) {
                diags.push(
                    Diagnostic::error(
                        Code::OrphanTranslation,
                        format!("this translation has no source: content/{} does not exist", t.source_path),
                    )
                    .at(t.translation_of_span.clone())
                    .with_help("a translation sits next to its source as <stem>.<locale>.md; rename it to match the source file"),
                );
            }
            continue;
        };
        course
            .translations
            .entry(id)
            .or_default()
            .insert(t.locale.clone(), t);
    }
    diags
}

pub fn attach_section_texts(course: &mut Course, texts: Vec<SectionText>) {
    for t in texts {
        course
            .section_texts
            .insert((t.key.clone(), t.locale.clone()), t);
    }
}

/// The notes that apply to each module, sorted by note id.
pub fn index_notes(course: &mut Course) {
    let mut notes_for: BTreeMap<ModuleId, Vec<ModuleId>> = BTreeMap::new();
    for m in &course.modules {
        for (target, _) in &m.applies_to {
            notes_for
                .entry(target.clone())
                .or_default()
                .push(m.id.clone());
        }
    }
    for notes in notes_for.values_mut() {
        notes.sort();
        notes.dedup();
    }
    course.notes_for = notes_for;
}

/// `hate-speech/regional` -> "Regional"; the top level -> "Modules".
fn title_from_folder(key: &str) -> String {
    let last = key.rsplit('/').next().unwrap_or_default();
    if last.is_empty() {
        return "Modules".to_string();
    }
    let words: Vec<String> = last
        .split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
        })
        .collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::title_from_folder;

    #[test]
    fn folder_names_become_titles() {
        assert_eq!(title_from_folder("hate-speech"), "Hate Speech");
        assert_eq!(title_from_folder("a/child_safety"), "Child Safety");
        assert_eq!(title_from_folder(""), "Modules");
    }
}
