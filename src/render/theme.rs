//! The theme: templates, static files and (later) UI strings, from the project's theme folder
//! where it has a file of that name, else from the default theme embedded in the binary.
//!
//! Pure: the project's files are read by `content::discover::read_theme_dir` and handed in.

use crate::diagnostics::{Code, Diagnostic};
use include_dir::{include_dir, Dir};
use std::collections::BTreeMap;
use std::path::PathBuf;

static DEFAULT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

pub struct Theme {
    /// Theme-relative path -> bytes, the merge of the embedded theme and the overrides.
    files: BTreeMap<String, Vec<u8>>,
    pub tera: tera::Tera,
    /// The UI strings each template reads (see `ui_strings`).
    ui_needs: std::collections::HashMap<String, super::ui_strings::Needs>,
}

impl Theme {
    /// The default theme with `overrides` (theme-relative path -> bytes) replacing or adding files.
    pub fn new(
        overrides: BTreeMap<String, Vec<u8>>,
        override_dir: Option<PathBuf>,
    ) -> Result<Theme, Diagnostic> {
        let mut files = BTreeMap::new();
        collect(&DEFAULT, &mut files);
        files.extend(overrides);
        let mut tera = tera::Tera::default();
        let mut templates = Vec::new();
        for (path, bytes) in &files {
            if let Some(name) = path.strip_prefix("templates/") {
                let text = String::from_utf8(bytes.clone()).map_err(|_| {
                    theme_error(
                        &override_dir,
                        path,
                        "template is not valid UTF-8".to_string(),
                    )
                })?;
                templates.push((name.to_string(), text));
            }
        }
        tera.add_raw_templates(templates)
            .map_err(|e| theme_error(&override_dir, "templates", error_chain(&e)))?;
        tera.autoescape_on(vec![".html", ".xml"]);
        // Tera's default escaper also turns `/` into `&#x2F;`, which bloats every href.
        tera.set_escape_fn(super::highlight::escape);
        let ui_needs = super::ui_strings::by_template(&tera);
        Ok(Theme {
            files,
            tera,
            ui_needs,
        })
    }

    /// The UI strings `template` reads (`None`: no such template).
    pub fn ui_needs(&self, template: &str) -> Option<&super::ui_strings::Needs> {
        self.ui_needs.get(template)
    }

    /// Every file of the theme with its theme-relative path (`i18n/ms.yaml`, `static/…`).
    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(p, b)| (p.as_str(), b.as_slice()))
    }

    /// Static files to publish under `theme/`: path below `static/` and bytes.
    pub fn static_files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files
            .iter()
            .filter_map(|(p, b)| p.strip_prefix("static/").map(|rest| (rest, b.as_slice())))
    }
}

fn collect(dir: &Dir<'static>, out: &mut BTreeMap<String, Vec<u8>>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        out.insert(path, file.contents().to_vec());
    }
    for sub in dir.dirs() {
        collect(sub, out);
    }
}

fn theme_error(dir: &Option<PathBuf>, path: &str, message: String) -> Diagnostic {
    let shown = match dir {
        Some(d) => d.join(path),
        None => PathBuf::from("themes/default (embedded)").join(path),
    };
    Diagnostic::error(Code::TemplateFailed, message).in_file(shown)
}

/// Tera errors nest their cause; the useful part is usually the innermost.
pub fn error_chain(err: &dyn std::error::Error) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = err.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `vendor/tera` takes a shortcut in `dotted_pointer` (every `a.b.c` in a template; see
    /// its PATCHES.md). These are the answers of the published Tera 1.20.1, quirks included
    /// (`b[1].c` finds nothing; `~0`/`~1` unescape), checked against it when the patch was made.
    #[test]
    fn template_paths_find_what_published_tera_finds() {
        let value = serde_json::json!({"a": {"b": [10, {"c": "x"}], "d.e": 1, "f~g": 2,
            "h/i": 3, "0": "zero", "\u{e9}": 4, "~1": 5}});
        let a = value.get("a");
        let b = a.and_then(|a| a.get("b"));
        let cases: [(&str, Option<&serde_json::Value>); 21] = [
            ("", Some(&value)),
            ("a.b.0", b.and_then(|b| b.get(0))),
            ("a.b.1.c", Some(&serde_json::json!("x"))),
            ("a..b.0", Some(&serde_json::json!(10))),
            (".a.b.0", Some(&serde_json::json!(10))),
            ("a.b.", b),
            ("a.0", Some(&serde_json::json!("zero"))),
            ("a.b.01", None),
            ("a.b.+1", None),
            ("a.\"d.e\"", Some(&serde_json::json!(1))),
            ("a['d.e']", Some(&serde_json::json!(1))),
            ("a[\"d.e\"]", Some(&serde_json::json!(1))),
            ("a.f~0g", Some(&serde_json::json!(2))),
            ("a.h~1i", Some(&serde_json::json!(3))),
            ("a.\u{e9}", Some(&serde_json::json!(4))),
            ("a.~01", Some(&serde_json::json!(5))),
            ("a.x", None),
            ("a.b.5", None),
            ("a.b[1].c", None),
            ("x", None),
            ("a.b.1.c.d", None),
        ];
        for (path, expected) in cases {
            assert_eq!(tera::dotted_pointer(&value, path), expected, "{path:?}");
        }
        // Through a template: a path from the context's root (the patched root lookup), and
        // from a loop variable.
        let mut context = tera::Context::new();
        context.insert("m", &serde_json::json!({"t": "T", "l": [1, 2], "k.x": "K"}));
        let rendered = tera::Tera::one_off(
            "{{ m.t }}{{ m.l.1 }}{{ m['k.x'] }}{% for x in m.l %}{{ x }}{% endfor %}{{ m.u | default(value='-') }}",
            &context,
            false,
        );
        assert_eq!(rendered.ok().as_deref(), Some("T2K12-"));
    }

    #[test]
    fn default_theme_loads_with_all_page_templates() {
        let theme = Theme::new(BTreeMap::new(), None).unwrap_or_else(|d| panic!("{d:?}"));
        let names: Vec<&str> = theme.tera.get_template_names().collect();
        for t in [
            "base.html",
            "home.html",
            "module.html",
            "section.html",
            "print.html",
            "redirect.html",
        ] {
            assert!(names.contains(&t), "missing {t}");
        }
        assert!(theme.static_files().any(|(p, _)| p == "style.css"));
    }

    #[test]
    fn override_replaces_a_file_by_name() {
        let mut o = BTreeMap::new();
        o.insert("static/style.css".to_string(), b"body{}".to_vec());
        let theme = Theme::new(o, None).unwrap_or_else(|d| panic!("{d:?}"));
        let css = theme
            .static_files()
            .find(|(p, _)| *p == "style.css")
            .map(|(_, b)| b.to_vec());
        assert_eq!(css.as_deref(), Some(&b"body{}"[..]));
    }

    #[test]
    fn broken_override_template_is_a_diagnostic() {
        let mut o = BTreeMap::new();
        o.insert("templates/home.html".to_string(), b"{% if %}".to_vec());
        let err = Theme::new(o, Some(PathBuf::from("mytheme")))
            .err()
            .map(|d| d.code);
        assert_eq!(err, Some(Code::TemplateFailed));
    }
}
