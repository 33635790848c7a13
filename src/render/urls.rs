//! Every href of the site, as a path relative to the page it appears on, so the output works from
//! any sub-path, from `file://` and inside an LMS package. Links name `index.html` explicitly
//! because `file://` shows a folder listing, not its index.
//!
//! Site paths are `/`-separated, relative to the output root, and name files.

use crate::content::model::ModuleId;

pub fn home(locale: &str) -> String {
    format!("{locale}/index.html")
}

pub fn module(locale: &str, id: &ModuleId) -> String {
    format!("{locale}/{id}/index.html")
}

pub fn section(locale: &str, key: &str) -> String {
    if key.is_empty() {
        format!("{locale}/sections/index.html")
    } else {
        format!("{locale}/sections/{key}/index.html")
    }
}

pub fn section_print(locale: &str, key: &str) -> String {
    if key.is_empty() {
        format!("{locale}/sections/print/index.html")
    } else {
        format!("{locale}/sections/{key}/print/index.html")
    }
}

pub fn module_version(locale: &str, id: &ModuleId, version: &semver::Version) -> String {
    format!("{locale}/{id}/v{version}/index.html")
}

pub fn session_sheet(locale: &str, id: &ModuleId) -> String {
    format!("{locale}/{id}/session-sheet/index.html")
}

pub fn history(locale: &str, id: &ModuleId) -> String {
    format!("{locale}/{id}/history/index.html")
}

pub fn diff(locale: &str, id: &ModuleId, from: &semver::Version, to: &semver::Version) -> String {
    format!("{locale}/{id}/diff/{from}-to-{to}/index.html")
}

pub fn whats_new(locale: &str) -> String {
    format!("{locale}/whats-new/index.html")
}

pub fn feed(locale: &str) -> String {
    format!("{locale}/feed.xml")
}

pub fn as_of(locale: &str, date: &chrono::NaiveDate) -> String {
    format!("{locale}/as-of/{}/index.html", date.format("%Y-%m-%d"))
}

/// The results page of a locale's search.
pub fn search(locale: &str) -> String {
    format!("{locale}/search/index.html")
}

pub fn coverage(locale: &str) -> String {
    format!("{locale}/coverage/index.html")
}

pub fn inventory(locale: &str) -> String {
    format!("{locale}/inventory/index.html")
}

pub fn theme_asset(path: &str) -> String {
    format!("theme/{path}")
}

/// The path of `to` relative to the folder of the page `from`. (Called for every link of every
/// page: it walks the two paths' folders without collecting them.)
pub fn relative(from: &str, to: &str) -> String {
    let from_dir = from.rfind('/').map(|i| &from[..i]);
    let (to_dir, to_file) = match to.rfind('/') {
        Some(i) => (Some(&to[..i]), &to[i + 1..]),
        None => (None, to),
    };
    let from_dirs = || from_dir.into_iter().flat_map(|d| d.split('/'));
    let to_dirs = || to_dir.into_iter().flat_map(|d| d.split('/'));
    let common = from_dirs()
        .zip(to_dirs())
        .take_while(|(a, b)| a == b)
        .count();
    let ups = from_dirs().count() - common;
    let mut out = String::with_capacity(3 * ups + to.len());
    for _ in 0..ups {
        out.push_str("../");
    }
    for dir in to_dirs().skip(common) {
        out.push_str(dir);
        out.push('/');
    }
    out.push_str(to_file);
    out
}

/// Percent-encodes what cannot stand in an href path (spaces, quotes, non-ASCII stays as is:
/// browsers accept UTF-8 paths).
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '"' => out.push_str("%22"),
            '#' => out.push_str("%23"),
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3F"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_between_pages() {
        assert_eq!(
            relative("en/a/index.html", "en/b/index.html"),
            "../b/index.html"
        );
        assert_eq!(
            relative("en/a/index.html", "theme/style.css"),
            "../../theme/style.css"
        );
        assert_eq!(relative("index.html", "en/index.html"), "en/index.html");
        assert_eq!(relative("en/index.html", "en/a/index.html"), "a/index.html");
        assert_eq!(
            relative("en/sections/x/print/index.html", "assets/a.png"),
            "../../../../assets/a.png"
        );
        assert_eq!(relative("en/a/index.html", "en/a/index.html"), "index.html");
    }

    /// `relative` as it was written first, collecting both paths' parts.
    fn relative_by_parts(from: &str, to: &str) -> String {
        let from_dirs: Vec<&str> = from.split('/').collect();
        let from_dirs = &from_dirs[..from_dirs.len() - 1];
        let to_parts: Vec<&str> = to.split('/').collect();
        let (to_dirs, to_file) = to_parts.split_at(to_parts.len() - 1);
        let common = from_dirs
            .iter()
            .zip(to_dirs)
            .take_while(|(a, b)| a == b)
            .count();
        let mut out = String::new();
        for _ in common..from_dirs.len() {
            out.push_str("../");
        }
        for dir in &to_dirs[common..] {
            out.push_str(dir);
            out.push('/');
        }
        out.push_str(to_file[0]);
        out
    }

    #[test]
    fn relative_agrees_with_collecting_the_parts() {
        let paths = [
            "",
            "/",
            "//",
            "index.html",
            "/index.html",
            "en/index.html",
            "en/a/index.html",
            "en/a/b/index.html",
            "en/b/index.html",
            "fr/a/index.html",
            "en//x.html",
            "en/",
            "assets/x.1234.png",
            "en/a/",
            "a/b/c/d/e.html",
            "en/a/index.html/",
        ];
        for from in paths {
            for to in paths {
                assert_eq!(
                    relative(from, to),
                    relative_by_parts(from, to),
                    "{from:?} -> {to:?}"
                );
            }
        }
    }

    #[test]
    fn encodes_spaces_and_reserved_characters() {
        assert_eq!(
            encode_path("assets/flow chart#1.png"),
            "assets/flow%20chart%231.png"
        );
    }
}
