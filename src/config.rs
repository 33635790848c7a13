//! `syllabus.yaml` -> `Settings`: read, check every key, resolve paths.
//!
//! Unknown top-level keys are reported all at once with a suggestion; nested tables (locales,
//! regions) deny unknown fields through serde. The only I/O is `load`, which reads the file.

use crate::diagnostics::{suggest, Code, Diagnostic, Level, SourceText, Span};
use crate::package::definition::{self, PackageDef};
use crate::yaml::{self, YamlError};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub const CONFIG_FILE: &str = "syllabus.yaml";

const KEYS: &[&str] = &[
    "title",
    "description",
    "default_locale",
    "locales",
    "regions",
    "theme",
    "output",
    "check",
    "stale_on",
    "decisions",
    "edition",
    "packages",
    "allow_raw_html",
    "reports",
];

#[derive(Debug, Deserialize)]
struct RawConfig {
    title: Option<String>,
    description: Option<String>,
    default_locale: Option<String>,
    #[serde(default)]
    locales: Vec<RawLocale>,
    #[serde(default)]
    regions: Vec<RawRegion>,
    theme: Option<PathBuf>,
    output: Option<PathBuf>,
    #[serde(default)]
    check: BTreeMap<String, Level>,
    #[serde(default)]
    stale_on: StaleOn,
    decisions: Option<Vec<String>>,
    #[serde(default)]
    edition: Edition,
    #[serde(default)]
    packages: Vec<PackageDef>,
    #[serde(default)]
    allow_raw_html: bool,
    #[serde(default)]
    reports: ReportSettings,
}

/// `reports:` in syllabus.yaml: thresholds of `syllabus report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReportSettings {
    /// A module whose last release is older than this many days is listed for review.
    pub max_release_age_days: u32,
    /// A calibration case whose agreement with the expected decision is below this percent is
    /// listed as a knowledge gap.
    pub min_agreement: u32,
}

impl Default for ReportSettings {
    fn default() -> ReportSettings {
        ReportSettings {
            max_release_age_days: 365,
            min_agreement: 80,
        }
    }
}

/// Who a build is for: trainees never see answer keys or trainer notes.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Edition {
    #[default]
    Trainee,
    Trainer,
}

/// The decisions of a calibration case when neither the case nor syllabus.yaml lists its own.
pub const DEFAULT_DECISIONS: &[&str] = &["leave-up", "remove", "age-restrict", "escalate"];

/// Which version bump of a source makes its translations stale.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StaleOn {
    Patch,
    #[default]
    Minor,
    Major,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLocale {
    code: String,
    name: String,
    #[serde(default)]
    dir: TextDirection,
    #[serde(default)]
    block_stale: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegion {
    code: String,
    name: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TextDirection {
    #[default]
    Ltr,
    Rtl,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Locale {
    pub code: String,
    pub name: String,
    pub dir: TextDirection,
    /// Packages of this locale refuse to build while a translation is stale.
    pub block_stale: bool,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Region {
    pub code: String,
    pub name: String,
}

/// The validated configuration with every path resolved against the project root.
#[derive(Debug, Clone)]
pub struct Settings {
    pub root: PathBuf,
    pub title: String,
    pub description: String,
    pub default_locale: Locale,
    pub locales: Vec<Locale>,
    pub regions: Vec<Region>,
    pub theme_dir: Option<PathBuf>,
    pub output_dir: PathBuf,
    pub content_dir: PathBuf,
    /// Severity per diagnostic code, from `check:`.
    pub levels: BTreeMap<Code, Level>,
    pub stale_on: StaleOn,
    /// Dates to publish "as of" pages for (`build --as-of`); not read from syllabus.yaml.
    pub as_of: Vec<chrono::NaiveDate>,
    /// Calibration decisions for cases without their own list.
    pub decisions: Vec<String>,
    pub edition: Edition,
    /// `packages:`: the SCORM zips `syllabus package` builds, checked for form here and
    /// resolved against the course by `package::plan`.
    pub packages: Vec<PackageDef>,
    /// Where `packages:` starts in syllabus.yaml, for pointing at a definition.
    pub packages_span: Option<Span>,
    /// Keep raw HTML in Markdown as written (trusted repositories); cleaned by default.
    pub allow_raw_html: bool,
    pub reports: ReportSettings,
}

impl Settings {
    pub fn region(&self, code: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.code == code)
    }

    pub fn locale(&self, code: &str) -> Option<&Locale> {
        self.locales.iter().find(|l| l.code == code)
    }

    /// Is `code` the locale the content is written in?
    pub fn is_default(&self, code: &str) -> bool {
        self.default_locale.code == code
    }
}

/// Reads and validates `<root>/syllabus.yaml`.
pub fn load(root: &Path) -> Result<Settings, Vec<Diagnostic>> {
    let path = root.join(CONFIG_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            let message = if e.kind() == std::io::ErrorKind::NotFound {
                format!("there is no {CONFIG_FILE} in {}", root.display())
            } else {
                format!("cannot read {CONFIG_FILE}: {e}")
            };
            return Err(vec![Diagnostic::error(Code::ConfigUnreadable, message)
                .in_file(CONFIG_FILE)
                .with_help(format!(
                "run syllabus in a project folder (one with a {CONFIG_FILE}) or pass --root DIR"
            ))]);
        }
    };
    let source = Arc::new(SourceText {
        path: PathBuf::from(CONFIG_FILE),
        text,
    });
    parse(root, &source)
}

/// Parses the text of a `syllabus.yaml`; pure.
pub fn parse(root: &Path, source: &Arc<SourceText>) -> Result<Settings, Vec<Diagnostic>> {
    let text = source.text.strip_prefix('\u{feff}').unwrap_or(&source.text);
    let base = source.text.len() - text.len();
    let at = |offset: usize| Span::new(source, base + offset, base + offset);
    let mut diags = Vec::new();

    let value: serde_yaml::Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return Err(vec![yaml_diag(Code::ConfigSyntax, &e, source, base)
                .with_help(
                    "syllabus.yaml is YAML: check indentation, quotes, colons and closing brackets",
                )])
        }
    };
    let keys = yaml::top_level_keys(text);
    if let serde_yaml::Value::Mapping(map) = &value {
        for key in map.keys() {
            let name = key.as_str().unwrap_or_default();
            if !KEYS.contains(&name) {
                let offset = keys
                    .iter()
                    .find(|k| k.key == name)
                    .map_or(0, |k| k.key_offset);
                let span = Span::new(source, base + offset, base + offset + name.len());
                diags.push(
                    Diagnostic::error(
                        Code::ConfigUnknownKey,
                        format!("unknown key `{name}` in {CONFIG_FILE}"),
                    )
                    .at(span)
                    .with_help(suggest::did_you_mean(name, KEYS)),
                );
            }
        }
    } else if !value.is_null() {
        diags.push(
            Diagnostic::error(
                Code::ConfigInvalid,
                format!("{CONFIG_FILE} must be a mapping of keys to values"),
            )
            .at(at(0)),
        );
        return Err(diags);
    }

    let raw: RawConfig = match serde_yaml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            diags.push(yaml_diag(Code::ConfigInvalid, &e, source, base));
            return Err(diags);
        }
    };
    let key_at = |name: &str| {
        keys.iter()
            .find(|k| k.key == name)
            .map_or(0, |k| k.value_offset)
    };

    let title = raw.title.unwrap_or_default();
    if title.trim().is_empty() {
        diags.push(
            Diagnostic::error(Code::ConfigInvalid, "the site has no `title`")
                .at(at(0))
                .with_help("add `title: \"Your training site\"` to syllabus.yaml"),
        );
    }
    let mut locales: Vec<Locale> = raw
        .locales
        .into_iter()
        .map(|l| Locale {
            code: l.code,
            name: l.name,
            dir: l.dir,
            block_stale: l.block_stale,
        })
        .collect();
    let default_code = raw
        .default_locale
        .clone()
        .or_else(|| locales.first().map(|l| l.code.clone()))
        .unwrap_or_else(|| "en".to_string());
    if locales.is_empty() {
        locales.push(Locale {
            code: default_code.clone(),
            name: default_code.clone(),
            dir: TextDirection::Ltr,
            block_stale: false,
        });
    }
    for (i, l) in locales.iter().enumerate() {
        if !is_code(&l.code) {
            diags.push(
                Diagnostic::error(
                    Code::ConfigInvalid,
                    format!("locale code `{}` is not a language tag", l.code),
                )
                .at(at(key_at("locales")))
                .with_help("use a BCP 47 tag such as `en`, `ms`, `pt-BR`"),
            );
        }
        if locales[..i].iter().any(|o| o.code == l.code) {
            diags.push(
                Diagnostic::error(
                    Code::ConfigInvalid,
                    format!("locale `{}` is listed twice", l.code),
                )
                .at(at(key_at("locales"))),
            );
        }
    }
    let default_locale = match locales.iter().find(|l| l.code == default_code) {
        Some(l) => l.clone(),
        None => {
            let codes: Vec<&str> = locales.iter().map(|l| l.code.as_str()).collect();
            diags.push(
                Diagnostic::error(
                    Code::ConfigInvalid,
                    format!("default_locale `{default_code}` is not one of the locales"),
                )
                .at(at(key_at("default_locale")))
                .with_help(suggest::did_you_mean(&default_code, &codes)),
            );
            locales[0].clone()
        }
    };
    for (i, r) in raw.regions.iter().enumerate() {
        if raw.regions[..i].iter().any(|o| o.code == r.code) {
            diags.push(
                Diagnostic::error(
                    Code::ConfigInvalid,
                    format!("region `{}` is listed twice", r.code),
                )
                .at(at(key_at("regions"))),
            );
        }
        if r.code == "global" {
            diags.push(
                Diagnostic::error(
                    Code::ConfigInvalid,
                    "`global` is reserved and cannot be a region code",
                )
                .at(at(key_at("regions")))
                .with_help(
                    "modules say `regions: [global]` to apply everywhere; remove it from the list",
                ),
            );
        }
    }
    let mut levels = BTreeMap::new();
    // Where `SY0123:` is written under `check:`, for pointing at the entry itself.
    let entry_at = |id: &str| {
        let from = keys
            .iter()
            .find(|k| k.key == "check")
            .map_or(0, |k| k.value_offset);
        text[from..]
            .find(&format!("{id}:"))
            .map_or_else(|| key_at("check"), |i| from + i)
    };
    for (id, level) in &raw.check {
        let all: Vec<&str> = crate::diagnostics::codes::ALL
            .iter()
            .map(|c| c.id)
            .collect();
        match Code::parse(id) {
            None => diags.push(
                Diagnostic::error(Code::ConfigInvalid, format!("`check:` names `{id}`, which is not a diagnostic code"))
                    .at(Span::new(source, base + entry_at(id), base + entry_at(id) + id.len()))
                    .with_help(suggest::did_you_mean(id, &all)),
            ),
            Some(code) if *level != Level::Error && !code.is_lowerable() => diags.push(
                Diagnostic::error(Code::ConfigInvalid, format!("{id} cannot be lowered: the site cannot be built correctly with it"))
                    .at(Span::new(source, base + entry_at(id), base + entry_at(id) + id.len()))
                    .with_help("only SY0109, SY0301, SY0302, SY0306 and SY0307 can be set to `warning` or `off`; any code can be set to `error`"),
            ),
            Some(code) => {
                levels.insert(code, *level);
            }
        }
    }
    let package_at = |name: &str| {
        let from = key_at("packages");
        let offset = text[from..].find(name).map_or(from, |i| from + i);
        Span::new(source, base + offset, base + offset + name.len())
    };
    check_packages(
        &raw.packages,
        &locales,
        &raw.regions,
        &package_at,
        &mut diags,
    );
    let packages_span = keys.iter().find(|k| k.key == "packages").map(|k| {
        Span::new(
            source,
            base + k.key_offset,
            base + k.key_offset + "packages".len(),
        )
    });
    if raw.reports.min_agreement > 100 {
        diags.push(
            Diagnostic::error(
                Code::ConfigInvalid,
                format!(
                    "reports.min_agreement is {}, but it is a percentage",
                    raw.reports.min_agreement
                ),
            )
            .at(at(key_at("reports")))
            .with_help("use a whole number from 0 to 100, e.g. `min_agreement: 80`"),
        );
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    Ok(Settings {
        packages: raw.packages,
        packages_span,
        allow_raw_html: raw.allow_raw_html,
        levels,
        stale_on: raw.stale_on,
        as_of: Vec::new(),
        decisions: raw
            .decisions
            .clone()
            .unwrap_or_else(|| DEFAULT_DECISIONS.iter().map(|d| d.to_string()).collect()),
        edition: raw.edition,
        reports: raw.reports,
        root: root.to_path_buf(),
        title,
        description: raw.description.unwrap_or_default(),
        default_locale,
        locales,
        regions: raw
            .regions
            .into_iter()
            .map(|r| Region {
                code: r.code,
                name: r.name,
            })
            .collect(),
        theme_dir: raw.theme.map(|t| root.join(t)),
        output_dir: root.join(raw.output.unwrap_or_else(|| PathBuf::from("public"))),
        content_dir: root.join("content"),
    })
}

/// The form of each package definition: names unique and file-safe, locale and region
/// declared, pass mark a percentage. Module names are checked against the course later.
fn check_packages(
    packages: &[PackageDef],
    locales: &[Locale],
    regions: &[RawRegion],
    at: &dyn Fn(&str) -> Span,
    diags: &mut Vec<Diagnostic>,
) {
    let invalid =
        |name: &str, message: String| Diagnostic::error(Code::ConfigInvalid, message).at(at(name));
    for p in packages {
        if !definition::is_valid_name(&p.name) {
            diags.push(
                invalid(
                    &p.name,
                    format!("package name `{}` is not file-name safe", p.name),
                )
                .with_help(
                    "use lowercase letters, digits, `-`, `_` and `.`, e.g. `hate-speech-core`",
                ),
            );
        }
        if p.modules.is_empty() {
            diags.push(
                invalid(&p.name, format!("package `{}` lists no modules", p.name))
                    .with_help("add `modules: [module-id, section-key, ...]`"),
            );
        }
        if let Some(code) = &p.locale {
            if !locales.iter().any(|l| &l.code == code) {
                let codes: Vec<&str> = locales.iter().map(|l| l.code.as_str()).collect();
                diags.push(
                    invalid(
                        code,
                        format!(
                            "package `{}` names locale `{code}`, which is not one of the locales",
                            p.name
                        ),
                    )
                    .with_help(suggest::did_you_mean(code, &codes)),
                );
            }
        }
        if let Some(code) = &p.region {
            if !regions.iter().any(|r| &r.code == code) {
                let codes: Vec<&str> = regions.iter().map(|r| r.code.as_str()).collect();
                diags.push(
                    invalid(
                        code,
                        format!(
                            "package `{}` names region `{code}`, which is not one of the regions",
                            p.name
                        ),
                    )
                    .with_help(suggest::did_you_mean(code, &codes)),
                );
            }
        }
        if p.mastery.is_some_and(|m| m > 100) {
            diags.push(
                invalid(
                    &p.name,
                    format!("package `{}` has a mastery above 100", p.name),
                )
                .with_help("`mastery` is a pass mark in percent, 0 to 100"),
            );
        }
    }
}

fn is_code(code: &str) -> bool {
    !code.is_empty()
        && code
            .split('-')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// A serde_yaml error as a diagnostic at its position in `source`.
pub fn yaml_diag(
    code: Code,
    err: &serde_yaml::Error,
    source: &Arc<SourceText>,
    base: usize,
) -> Diagnostic {
    let e = YamlError::from_serde(err);
    let code = match code {
        Code::ConfigSyntax if e.too_large => Code::ConfigInvalid,
        Code::FrontMatterSyntax if e.too_large => Code::InvalidValue,
        other => other,
    };
    let mut d = Diagnostic::error(code, e.message);
    if let Some(offset) = e.offset {
        d = d.at(Span::new(source, base + offset, base + offset));
    } else {
        d = d.in_file(&source.path);
    }
    match e.help {
        Some(h) => d.with_help(h),
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Settings, Vec<Diagnostic>> {
        let source = Arc::new(SourceText {
            path: PathBuf::from(CONFIG_FILE),
            text: text.to_string(),
        });
        parse(Path::new("/p"), &source)
    }

    #[test]
    fn minimal_config_gets_defaults() {
        let s = parse_str("title: T\n").unwrap_or_else(|d| panic!("{d:?}"));
        assert_eq!(s.default_locale.code, "en");
        assert_eq!(s.output_dir, Path::new("/p/public"));
        assert_eq!(s.content_dir, Path::new("/p/content"));
    }

    #[test]
    fn unknown_keys_are_all_reported_with_suggestions() {
        let Err(d) = parse_str("title: T\ntitel: x\nregoins: []\n") else {
            panic!("expected errors")
        };
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].help.as_deref(), Some("did you mean `title`?"));
        assert_eq!(d[0].line_col(), Some((2, 1)));
        assert_eq!(d[1].help.as_deref(), Some("did you mean `regions`?"));
    }

    #[test]
    fn unknown_locale_field_points_at_it() {
        let Err(d) = parse_str("title: T\nlocales:\n  - { code: en, nmae: English }\n") else {
            panic!("expected errors")
        };
        assert_eq!(d[0].code, Code::ConfigInvalid);
        assert_eq!(d[0].line_col().map(|p| p.0), Some(3));
        assert_eq!(d[0].help.as_deref(), Some("did you mean `name`?"));
    }

    #[test]
    fn check_levels_are_validated() {
        let s = parse_str("title: T\ncheck:\n  SY0306: error\n  SY0301: warning\n")
            .unwrap_or_else(|d| panic!("{d:?}"));
        assert_eq!(s.levels.get(&Code::BodyH1), Some(&Level::Error));
        assert_eq!(s.levels.get(&Code::BrokenModuleLink), Some(&Level::Warning));
        let Err(d) = parse_str("title: T\ncheck:\n  SY0105: off\n  SY9999: error\n") else {
            panic!("expected errors")
        };
        assert_eq!(d.len(), 2);
        assert!(
            d[0].message.contains("SY0105 cannot be lowered"),
            "{}",
            d[0].message
        );
        assert!(d[1].message.contains("`SY9999`"), "{}", d[1].message);
    }

    #[test]
    fn report_thresholds_default_and_are_validated() {
        let s = parse_str("title: T\n").unwrap_or_else(|d| panic!("{d:?}"));
        assert_eq!(s.reports, ReportSettings::default());
        let s = parse_str("title: T\nreports: { max_release_age_days: 90 }\n")
            .unwrap_or_else(|d| panic!("{d:?}"));
        assert_eq!(s.reports.max_release_age_days, 90);
        assert_eq!(s.reports.min_agreement, 80);
        let Err(d) = parse_str("title: T\nreports:\n  min_agreement: 120\n") else {
            panic!("expected errors")
        };
        assert!(
            d[0].message.contains("min_agreement is 120"),
            "{}",
            d[0].message
        );
        assert_eq!(d[0].line_col().map(|p| p.0), Some(2));
        let Err(d) = parse_str("title: T\nreports: { max_age: 3 }\n") else {
            panic!("expected errors")
        };
        assert_eq!(d[0].code, Code::ConfigInvalid);
    }

    #[test]
    fn default_locale_must_be_declared() {
        let Err(d) =
            parse_str("title: T\ndefault_locale: fr\nlocales:\n  - { code: en, name: English }\n")
        else {
            panic!("expected errors")
        };
        assert!(d[0].message.contains("`fr`"), "{}", d[0].message);
    }
}
