//! What both manifests describe: the package, its SCOs and their files. `manifest12` and
//! `manifest2004` write it in each standard's XML.

use super::plan::Plan;
use std::fmt::Write;

/// One SCO: a module's page and the files only it uses.
#[derive(Debug, Clone)]
pub struct Sco {
    pub module: String,
    pub version: semver::Version,
    pub title: String,
    /// The page the LMS launches (the module page, or its frame wrapper).
    pub href: String,
    /// Every file of this SCO, the launch page first.
    pub files: Vec<String>,
    /// Pass mark in percent, for an assessment.
    pub mastery: Option<u32>,
}

/// Everything a manifest says.
#[derive(Debug, Clone)]
pub struct Manifest<'a> {
    pub plan: &'a Plan,
    pub scos: Vec<Sco>,
    /// Files used by more than one SCO (theme, shared images): one `asset` resource.
    pub shared: Vec<String>,
    pub keywords: Vec<String>,
    /// sha256 over every other file of the package (paths and bytes), so CI can prove which
    /// content a package carries.
    pub content_hash: String,
}

impl Manifest<'_> {
    /// Stable across versions of the same package, so an LMS sees a new build as an update:
    /// derived from the package name, locale and region only.
    pub fn identifier(&self) -> String {
        let p = self.plan;
        let region = p
            .region
            .as_ref()
            .map(|r| format!(".{}", r.to_lowercase()))
            .unwrap_or_default();
        ncname(&format!("syllabus.{}.{}{region}", p.name, p.locale))
    }

    pub fn organization_id(&self) -> String {
        ncname(&format!("org.{}", self.plan.name))
    }
}

impl Sco {
    pub fn item_id(&self) -> String {
        ncname(&format!("item.{}", self.module))
    }

    /// Changes with the module's version: a new release is a new resource.
    pub fn resource_id(&self) -> String {
        ncname(&format!("res.{}.v{}", self.module, self.version))
    }
}

const SHARED_ID: &str = "res.shared";

/// An `xs:ID`: a letter or `_` first, then letters, digits, `.`, `-`, `_`.
pub fn ncname(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        out.insert(0, '_');
    }
    out
}

/// Text and attribute values in XML: the escaping of the pages (`render::highlight::escape`)
/// less the control characters XML 1.0 forbids, with `&apos;` where pages write `&#39;`. An
/// XML parser reads both as `'`; `&apos;` keeps manifests byte for byte what they were.
pub fn escape(s: &str) -> String {
    // Control characters are not allowed in XML 1.0 at all.
    let allowed: String = s
        .chars()
        .filter(|c| (*c as u32) >= 0x20 || matches!(c, '\t' | '\n' | '\r'))
        .collect();
    // Every `&` of the input comes out as `&amp;`, so `&#39;` can only stand for a `'`.
    crate::render::highlight::escape(&allowed).replace("&#39;", "&apos;")
}

/// File hrefs in a manifest are URLs: spaces and reserved characters percent-encoded.
pub fn href(path: &str) -> String {
    escape(&crate::render::urls::encode_path(path))
}

/// The `<resources>` section: a `sco` resource per SCO, each depending on the one `asset`
/// resource of the shared files when there are any. The standards differ only in the case of
/// the kind attribute: `adlcp:scormtype` in SCORM 1.2, `adlcp:scormType` in 2004.
pub fn write_resources(x: &mut String, m: &Manifest, scorm_type: &str) {
    x.push_str("  <resources>\n");
    for sco in &m.scos {
        let _ = writeln!(
            x,
            "    <resource identifier=\"{}\" type=\"webcontent\" {scorm_type}=\"sco\" href=\"{}\">",
            sco.resource_id(),
            href(&sco.href)
        );
        write_files(x, &sco.files);
        if !m.shared.is_empty() {
            let _ = writeln!(x, "      <dependency identifierref=\"{SHARED_ID}\"/>");
        }
        x.push_str("    </resource>\n");
    }
    if !m.shared.is_empty() {
        let _ = writeln!(
            x,
            "    <resource identifier=\"{SHARED_ID}\" type=\"webcontent\" {scorm_type}=\"asset\">"
        );
        write_files(x, &m.shared);
        x.push_str("    </resource>\n");
    }
    x.push_str("  </resources>\n");
}

fn write_files(x: &mut String, files: &[String]) {
    for f in files {
        let _ = writeln!(x, "      <file href=\"{}\"/>", href(f));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_xml_ids() {
        assert_eq!(ncname("item.9-lives"), "item.9-lives");
        assert_eq!(ncname("9 lives"), "_9_lives");
        assert_eq!(ncname("res.x.v1.2.0+b"), "res.x.v1.2.0_b");
    }

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            escape("a<b & \"c\"\u{1}\t'd' &#39;"),
            "a&lt;b &amp; &quot;c&quot;\t&apos;d&apos; &amp;#39;"
        );
    }
}
