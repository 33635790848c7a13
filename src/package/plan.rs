//! A package definition resolved against the course: which modules, in which order, at which
//! version, under which file name. Pure.

use super::definition::{Completion, Lms, PackageDef, Standard};
use super::profile::Profile;
use crate::config::{Edition, Settings};
use crate::content::model::{Course, Kind, ModuleId};
use crate::diagnostics::{suggest, Code, Diagnostic, Span};
use crate::i18n::is_stale;

/// Everything needed to build one zip.
#[derive(Debug, Clone)]
pub struct Plan {
    pub name: String,
    pub title: String,
    pub description: String,
    pub version: semver::Version,
    pub locale: String,
    pub region: Option<String>,
    pub standard: Standard,
    pub lms: Lms,
    pub profile: Profile,
    pub edition: Edition,
    pub completion: Completion,
    /// Overrides each assessment's pass mark.
    pub mastery: Option<u32>,
    pub site_url: Option<String>,
    pub correct_responses: bool,
    /// One SCO each, in order.
    pub modules: Vec<ModuleId>,
}

impl Plan {
    /// `<name>-<version>-<locale>[-<region>]-<standard>.zip`
    pub fn file_name(&self) -> String {
        let region = self
            .region
            .as_ref()
            .map(|r| format!("-{}", r.to_lowercase()))
            .unwrap_or_default();
        format!(
            "{}-{}-{}{region}-{}.zip",
            self.name,
            self.version,
            self.locale,
            self.standard.as_str()
        )
    }
}

/// Resolves `def`; `at` points diagnostics at the definition in syllabus.yaml.
pub fn resolve(
    def: &PackageDef,
    settings: &Settings,
    course: &Course,
    at: Option<&Span>,
) -> Result<Plan, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let locate = |d: Diagnostic| match at {
        Some(span) => d.at(span.clone()),
        None => d.in_file(crate::config::CONFIG_FILE),
    };
    let mut modules: Vec<ModuleId> = Vec::new();
    for entry in &def.modules {
        let id = ModuleId(entry.clone());
        if let Some(m) = course.module(&id) {
            if m.kind == Kind::RegionalNote {
                diags.push(locate(
                    Diagnostic::error(
                        Code::PackageInvalid,
                        format!("package `{}` lists `{entry}`, which is a regional note", def.name),
                    )
                    .with_help("regional notes are shown inside the modules they apply to: list those modules, and set `region:` to choose whose notes the package carries"),
                ));
            } else if !modules.contains(&id) {
                modules.push(id);
            }
        } else if let Some(section) = course.section(entry) {
            for id in &section.modules {
                let is_note = course
                    .module(id)
                    .is_some_and(|m| m.kind == Kind::RegionalNote);
                if !is_note && !modules.contains(id) {
                    modules.push(id.clone());
                }
            }
        } else {
            let mut names: Vec<&str> = course.modules.iter().map(|m| m.id.as_str()).collect();
            names.extend(course.sections.iter().map(|s| s.key.as_str()));
            diags.push(locate(
                Diagnostic::error(
                    Code::PackageInvalid,
                    format!(
                        "package `{}` names `{entry}`, which is neither a module nor a section",
                        def.name
                    ),
                )
                .with_help(suggest::did_you_mean(entry, &names)),
            ));
        }
    }
    if modules.is_empty() && diags.is_empty() {
        diags.push(locate(Diagnostic::error(
            Code::PackageInvalid,
            format!("package `{}` has no modules to package", def.name),
        )));
    }
    let locale = def
        .locale
        .clone()
        .unwrap_or_else(|| settings.default_locale.code.clone());
    if settings.locale(&locale).is_some_and(|l| l.block_stale) {
        for id in &modules {
            let (Some(m), Some(t)) = (course.module(id), course.translation(id, &locale)) else {
                continue;
            };
            if is_stale(&m.version, &t.translation_of, settings.stale_on) {
                diags.push(
                    Diagnostic::error(
                        Code::PackageStaleTranslation,
                        format!(
                            "package `{}` blocks stale translations: {} translates {}, the source is {}",
                            def.name, t.content_path, t.translation_of, m.version
                        ),
                    )
                    .at(t.translation_of_span.clone())
                    .with_help(format!(
                        "update the translation and its `translation_of`, or set `block_stale: false` on locale `{locale}`"
                    )),
                );
            }
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let profile = def.lms.profile();
    let versions: Vec<&semver::Version> = modules
        .iter()
        .filter_map(|id| course.module(id).map(|m| &m.version))
        .collect();
    let first = modules.first().and_then(|id| course.module(id));
    Ok(Plan {
        name: def.name.clone(),
        title: def
            .title
            .clone()
            .or_else(|| {
                (modules.len() == 1)
                    .then(|| first.map(|m| m.title.clone()))
                    .flatten()
            })
            .unwrap_or_else(|| def.name.clone()),
        description: def
            .description
            .clone()
            .or_else(|| {
                first
                    .and_then(|m| m.summary.clone())
                    .filter(|_| modules.len() == 1)
            })
            .unwrap_or_else(|| settings.description.clone()),
        version: def
            .version
            .clone()
            .unwrap_or_else(|| derived_version(&versions)),
        locale,
        region: def.region.clone(),
        standard: def.standard.unwrap_or(profile.standard),
        lms: def.lms,
        profile,
        edition: def.edition,
        completion: def.completion,
        mastery: def.mastery,
        site_url: def.site_url.clone(),
        correct_responses: def.correct_responses,
        modules,
    })
}

/// A package's version when the definition sets none: one module's own version, or the
/// component-wise sum of its modules' versions, so that any module's release raises it.
pub fn derived_version(versions: &[&semver::Version]) -> semver::Version {
    if let [one] = versions {
        return semver::Version::new(one.major, one.minor, one.patch);
    }
    versions
        .iter()
        .fold(semver::Version::new(0, 0, 0), |acc, v| {
            semver::Version::new(
                acc.major + v.major,
                acc.minor + v.minor,
                acc.patch + v.patch,
            )
        })
}

/// A definition for `syllabus package --module <id>`: one module, named after it.
pub fn ad_hoc(id: &str, standard: Option<Standard>, lms: Lms) -> PackageDef {
    PackageDef {
        name: id.to_string(),
        title: None,
        description: None,
        modules: vec![id.to_string()],
        locale: None,
        region: None,
        standard,
        mastery: None,
        edition: Edition::Trainee,
        lms,
        version: None,
        completion: Completion::End,
        site_url: None,
        correct_responses: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> semver::Version {
        semver::Version::parse(s).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn one_module_gives_its_version() {
        assert_eq!(derived_version(&[&v("2.1.0")]), v("2.1.0"));
    }

    #[test]
    fn any_module_release_raises_the_derived_version() {
        let before = derived_version(&[&v("2.1.3"), &v("1.0.0")]);
        let minor = derived_version(&[&v("2.2.0"), &v("1.0.0")]);
        let major = derived_version(&[&v("3.0.0"), &v("1.0.0")]);
        let patch = derived_version(&[&v("2.1.3"), &v("1.0.1")]);
        assert_eq!(before, v("3.1.3"));
        assert!(minor > before && major > minor && patch > before);
    }
}
