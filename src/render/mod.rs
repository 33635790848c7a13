//! Course -> the files of the site, in memory.
//!
//! 1. assets referenced by modules get fingerprinted names under `assets/`;
//! 2. every page kind is rendered by its own file (module pages in parallel);
//! 3. theme static files and the generated highlight stylesheet go under `theme/`.
//!
//! Pure: no clock, no disk; the same course gives the same bytes.

pub mod body;
pub mod highlight;
pub mod home;
pub mod links;
pub mod module_page;
pub mod print;
pub mod section;
pub mod theme;
pub mod urls;
pub mod views;

use crate::config::Settings;
use crate::content::model::{Course, LinkTarget};
use crate::diagnostics::{Code, Diagnostic};
use crate::output::OutputFile;
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use theme::Theme;

/// Everything a page renderer needs.
pub struct Site<'a> {
    pub settings: &'a Settings,
    pub course: &'a Course,
    pub theme: &'a Theme,
    /// Content path of an asset -> its site path.
    pub assets: BTreeMap<String, String>,
}

impl Site<'_> {
    pub fn locale(&self) -> &str {
        &self.settings.default_locale.code
    }

    /// Renders a template with a view; a failure names the template.
    pub fn page(
        &self,
        template: &str,
        path: String,
        view: &impl Serialize,
    ) -> Result<OutputFile, Diagnostic> {
        let context =
            tera::Context::from_serialize(view).map_err(|e| template_error(template, &e))?;
        let html = self
            .theme
            .tera
            .render(template, &context)
            .map_err(|e| template_error(template, &e))?;
        Ok(OutputFile {
            path,
            bytes: html.into_bytes(),
        })
    }
}

fn template_error(template: &str, e: &tera::Error) -> Diagnostic {
    Diagnostic::error(Code::TemplateFailed, theme::error_chain(e))
        .in_file(format!("templates/{template}"))
}

/// Content paths of the assets the course links to or shows.
pub fn referenced_assets(course: &Course) -> Vec<&str> {
    let mut paths: Vec<&str> = course
        .modules
        .iter()
        .flat_map(|m| &m.links)
        .filter_map(|l| match &l.target {
            LinkTarget::Asset { path, .. } => {
                course.assets.get(path).map(|a| a.content_path.as_str())
            }
            _ => None,
        })
        .collect();
    paths.sort_unstable();
    paths.dedup();
    paths
}

/// Renders the whole site. `asset_bytes` holds the bytes of every referenced asset.
pub fn site(
    settings: &Settings,
    course: &Course,
    theme: &Theme,
    asset_bytes: &BTreeMap<String, Vec<u8>>,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let mut files = Vec::new();
    let mut assets = BTreeMap::new();
    for (content_path, bytes) in asset_bytes {
        let site_path = fingerprinted(content_path, bytes);
        files.push(OutputFile {
            path: site_path.clone(),
            bytes: bytes.clone(),
        });
        assets.insert(content_path.clone(), site_path);
    }
    let site = Site {
        settings,
        course,
        theme,
        assets,
    };

    let mut diags = Vec::new();
    let pages: Vec<Result<OutputFile, Diagnostic>> = course
        .modules
        .par_iter()
        .map(|m| module_page::render(&site, m))
        .chain(
            course
                .sections
                .par_iter()
                .map(|s| section::render(&site, s)),
        )
        .chain(course.sections.par_iter().map(|s| print::render(&site, s)))
        .collect();
    for p in pages {
        match p {
            Ok(f) => files.push(f),
            Err(d) => diags.push(d),
        }
    }
    match home::render(&site) {
        Ok(f) => files.extend(f),
        Err(d) => diags.push(d),
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    for (path, bytes) in theme.static_files() {
        files.push(OutputFile {
            path: urls::theme_asset(path),
            bytes: bytes.to_vec(),
        });
    }
    files.push(OutputFile {
        path: urls::theme_asset("highlight.css"),
        bytes: highlight::stylesheet().into_bytes(),
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    Ok(files)
}

/// `hate-speech/flow chart.svg` -> `assets/flow-chart.1a2b3c4d.svg`: content-addressed, so a
/// changed image never hits a stale cache and equal files share one name.
fn fingerprinted(content_path: &str, bytes: &[u8]) -> String {
    let name = content_path.rsplit('/').next().unwrap_or(content_path);
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) => (s, format!(".{}", e.to_lowercase())),
        None => (name, String::new()),
    };
    let digest = Sha256::digest(bytes);
    let hash: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    let stem = crate::content::markdown::slugify(stem);
    format!("assets/{stem}.{hash}{ext}")
}

#[cfg(test)]
mod tests {
    use super::fingerprinted;

    #[test]
    fn asset_names_carry_a_content_hash() {
        let a = fingerprinted("x/Flow Chart.SVG", b"<svg/>");
        assert!(a.starts_with("assets/flow-chart."), "{a}");
        assert!(a.ends_with(".svg"), "{a}");
        assert_ne!(a, fingerprinted("x/Flow Chart.SVG", b"<svg />"));
    }
}
