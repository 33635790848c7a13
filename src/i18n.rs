//! Locales: the theme's UI string tables with fallback to the default locale, stale
//! translations, and dates in the reader's language.
//!
//! Pure: the tables come from the theme's files (`i18n/<locale>.yaml`), already in memory.
//! Dates use chrono's locale data (its `unstable-locales` feature, from glibc's tables), a
//! maintained source of month names rather than tables kept by hand here.

use crate::config::{Settings, StaleOn};
use crate::diagnostics::{Code, Diagnostic};
use std::collections::BTreeMap;

pub type Table = BTreeMap<String, String>;

/// UI strings for every configured locale, each already merged over the default locale's.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    tables: BTreeMap<String, Table>,
    /// The tables as template values, converted once: every page's context holds its locale's
    /// (`render::Site::context`), and converting ~260 strings per page was 6% of a build.
    values: BTreeMap<String, serde_json::Value>,
    default: String,
}

impl Strings {
    /// Builds the tables from theme files (theme-relative path -> bytes). A missing table or
    /// key falls back to the default locale and is reported once per locale.
    pub fn from_theme<'a>(
        settings: &Settings,
        files: impl Iterator<Item = (&'a str, &'a [u8])>,
    ) -> (Strings, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let mut raw: BTreeMap<String, Table> = BTreeMap::new();
        for (path, bytes) in files {
            let Some(code) = path
                .strip_prefix("i18n/")
                .and_then(|p| p.strip_suffix(".yaml"))
            else {
                continue;
            };
            match serde_yaml::from_slice::<Table>(bytes) {
                Ok(table) => {
                    raw.insert(code.to_string(), table);
                }
                Err(e) => diags.push(
                    Diagnostic::error(
                        Code::TemplateFailed,
                        format!("UI strings are not a YAML mapping of text: {e}"),
                    )
                    .in_file(format!("themes/…/i18n/{code}.yaml")),
                ),
            }
        }
        let default_code = settings.default_locale.code.clone();
        // English ships with the theme; a project whose default is another language still
        // gets a complete table underneath its own.
        let base: Table = raw.get("en").cloned().unwrap_or_default();
        let default_table: Table = base
            .into_iter()
            .chain(raw.get(&default_code).cloned().unwrap_or_default())
            .collect();
        let mut tables = BTreeMap::new();
        for locale in &settings.locales {
            let own = raw.get(&locale.code);
            match own {
                None if locale.code != "en" => diags.push(
                    Diagnostic::warning(
                        Code::MissingUiString,
                        format!(
                            "the theme has no UI strings for locale `{}`; pages in {} show the navigation in {}",
                            locale.code, locale.name, settings.default_locale.name
                        ),
                    )
                    .in_file(format!("i18n/{}.yaml", locale.code))
                    .with_help(format!("add i18n/{}.yaml to your theme folder (copy themes/default/i18n/en.yaml and translate it)", locale.code)),
                ),
                Some(table) => {
                    let missing: Vec<&str> = default_table.keys().filter(|k| !table.contains_key(*k)).map(String::as_str).collect();
                    if !missing.is_empty() {
                        diags.push(
                            Diagnostic::warning(
                                Code::MissingUiString,
                                format!("UI strings for `{}` lack {}: {}", locale.code, missing.len(), missing.join(", ")),
                            )
                            .in_file(format!("i18n/{}.yaml", locale.code))
                            .with_help("add the keys; until then the default locale's text is shown"),
                        );
                    }
                }
                None => {}
            }
            let merged: Table = default_table
                .clone()
                .into_iter()
                .chain(own.cloned().unwrap_or_default())
                .collect();
            tables.insert(locale.code.clone(), merged);
        }
        let values = tables
            .iter()
            .map(|(code, table)| {
                let map = table
                    .iter()
                    .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                    .collect();
                (code.clone(), serde_json::Value::Object(map))
            })
            .collect();
        (
            Strings {
                tables,
                values,
                default: default_code,
            },
            diags,
        )
    }

    /// The table of a locale (the default locale's for an unknown one).
    pub fn table(&self, locale: &str) -> &Table {
        static EMPTY: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
        self.tables
            .get(locale)
            .or_else(|| self.tables.get(&self.default))
            .unwrap_or_else(|| EMPTY.get_or_init(Table::new))
    }

    /// The table of a locale as a template value (like `table`).
    pub fn value(&self, locale: &str) -> &serde_json::Value {
        static EMPTY: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
        self.values
            .get(locale)
            .or_else(|| self.values.get(&self.default))
            .unwrap_or_else(|| EMPTY.get_or_init(|| serde_json::Value::Object(Default::default())))
    }

    /// One string; the key itself when no table has it (visible, so it gets noticed).
    pub fn get<'a>(&'a self, locale: &str, key: &'a str) -> &'a str {
        self.table(locale).get(key).map_or(key, String::as_str)
    }

    /// A string with `{name}` placeholders filled in.
    pub fn fill(&self, locale: &str, key: &str, args: &[(&str, &str)]) -> String {
        let mut text = self.get(locale, key).to_string();
        for (name, value) in args {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// A date as readers of `locale` write it, month names included.
    pub fn date(&self, locale: &str, date: chrono::NaiveDate) -> String {
        let pattern = self.get(locale, "date_format");
        let pattern = if pattern == "date_format" {
            "%Y-%m-%d"
        } else {
            pattern
        };
        let items: Vec<chrono::format::Item> =
            chrono::format::StrftimeItems::new_with_locale(pattern, chrono_locale(locale))
                .collect();
        if items
            .iter()
            .any(|i| matches!(i, chrono::format::Item::Error))
        {
            return date.format("%Y-%m-%d").to_string();
        }
        date.format_localized_with_items(items.into_iter(), chrono_locale(locale))
            .to_string()
    }
}

/// chrono's locale for a BCP 47 code: `pt-BR` -> `pt_BR`; a bare language gets the region
/// most of our readers of it are in.
fn chrono_locale(code: &str) -> chrono::Locale {
    let full = match code {
        "en" => "en_GB".to_string(),
        "ms" => "ms_MY".to_string(),
        "id" => "id_ID".to_string(),
        "ja" => "ja_JP".to_string(),
        "ar" => "ar_AE".to_string(),
        "ko" => "ko_KR".to_string(),
        "th" => "th_TH".to_string(),
        "vi" => "vi_VN".to_string(),
        "tl" | "fil" => "fil_PH".to_string(),
        "zh" => "zh_CN".to_string(),
        "pt" => "pt_BR".to_string(),
        "hi" => "hi_IN".to_string(),
        "ur" => "ur_PK".to_string(),
        c if c.contains('-') => c.replace('-', "_"),
        c => format!("{c}_{}", c.to_uppercase()),
    };
    chrono::Locale::try_from(full.as_str()).unwrap_or(chrono::Locale::en_GB)
}

/// Is a translation made from `translated` stale against the source's `current` version?
pub fn is_stale(current: &semver::Version, translated: &semver::Version, on: StaleOn) -> bool {
    match on {
        StaleOn::Major => current.major > translated.major,
        StaleOn::Minor => (current.major, current.minor) > (translated.major, translated.minor),
        StaleOn::Patch => {
            (current.major, current.minor, current.patch)
                > (translated.major, translated.minor, translated.patch)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use semver::Version;

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn staleness_by_bump_level() {
        assert!(!is_stale(&v("2.1.1"), &v("2.1.0"), StaleOn::Minor));
        assert!(is_stale(&v("2.1.1"), &v("2.1.0"), StaleOn::Patch));
        assert!(is_stale(&v("2.2.0"), &v("2.1.0"), StaleOn::Minor));
        assert!(!is_stale(&v("2.2.0"), &v("2.1.0"), StaleOn::Major));
        assert!(is_stale(&v("3.0.0"), &v("2.9.9"), StaleOn::Major));
        assert!(!is_stale(&v("2.1.0"), &v("2.1.0"), StaleOn::Patch));
    }

    #[test]
    fn dates_use_the_locale_month_names() {
        let mut s = Strings::default();
        let mut en = Table::new();
        en.insert("date_format".into(), "%-d %B %Y".into());
        let mut ja = Table::new();
        ja.insert("date_format".into(), "%Y年%-m月%-d日".into());
        let mut ms = en.clone();
        ms.insert("x".into(), "y".into());
        s.tables.insert("en".into(), en);
        s.tables.insert("ja".into(), ja);
        s.tables.insert("ms".into(), ms);
        s.default = "en".into();
        let d = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default();
        assert_eq!(s.date("en", d), "1 March 2026");
        assert_eq!(s.date("ms", d), "1 Mac 2026");
        assert_eq!(s.date("ja", d), "2026年3月1日");
    }

    #[test]
    fn placeholders_are_filled() {
        let mut s = Strings::default();
        let mut en = Table::new();
        en.insert("minutes".into(), "{n} min".into());
        s.tables.insert("en".into(), en);
        s.default = "en".into();
        assert_eq!(s.fill("en", "minutes", &[("n", "25")]), "25 min");
        assert_eq!(s.get("en", "nope"), "nope");
    }
}
