//! What the site emits is inert whatever authors type: every front-matter value reaching a
//! template is escaped, raw HTML in Markdown is cleaned unless `allow_raw_html: true`, and
//! `javascript:` links are refused.

use crate::support::{tree, Project};

/// An HTML/JS payload that is harmful if emitted unescaped anywhere in a page.
const PAYLOAD: &str = r#"X"'><script>alert(1)</script><img src=x onerror=alert(2)>"#;

/// Output files that would run the payload: it appears unescaped.
fn live_payloads(project: &Project) -> Vec<String> {
    tree(&project.path().join("public"))
        .into_iter()
        .filter(|(_, bytes)| {
            let text = String::from_utf8_lossy(bytes);
            text.contains("<script>alert(1)") || text.contains("<img src=x onerror")
        })
        .map(|(path, _)| path)
        .collect()
}

#[test]
fn every_front_matter_value_is_escaped() {
    let project = Project::empty();
    let p = PAYLOAD.replace('"', "\\\"");
    project
        .write(
            "syllabus.yaml",
            &format!("title: \"Site {p}\"\ndescription: \"About {p}\"\nregions:\n  - {{ code: MY, name: \"Malaysia {p}\" }}\nlocales:\n  - {{ code: en, name: \"English {p}\" }}\n  - {{ code: ms, name: \"Melayu {p}\" }}\n"),
        )
        .write(
            "content/_index.md",
            &format!("---\ntitle: \"Home {p}\"\n---\n\nWelcome.\n"),
        )
        .write(
            "content/sec/_index.md",
            &format!("---\ntitle: \"Section {p}\"\ndescription: \"Desc {p}\"\n---\n\nIntro.\n"),
        )
        .write(
            "content/sec/m.md",
            &format!(
                "---\ntitle: \"Title {p}\"\nkind: sop\nversion: 1.0.0\neffective: 2026-01-01\npolicy_area: hate-speech\nregions: [MY]\nowner: \"Owner {p}\"\nsummary: \"Summary {p}\"\ntags: [\"tag {p}\"]\ncontent_warnings: [\"warning {p}\"]\nchanges: \"Changes {p}\"\naudience: [refresher]\nduration: 5\n---\n\n## Scope {{#scope}}\n\nText.\n"
            ),
        )
        .write(
            "content/sec/m.ms.md",
            &format!("---\ntitle: \"Tajuk {p}\"\ntranslation_of: 1.0.0\nsummary: \"Ringkasan {p}\"\n---\n\n## Skop {{#scope}}\n\nTeks.\n"),
        );
    let run = project.run(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let html_files = tree(&project.path().join("public"))
        .keys()
        .filter(|p| p.ends_with(".html") || p.ends_with(".xml"))
        .count();
    assert!(html_files > 10, "the payload reached {html_files} pages");
    let page = project.read("public/en/m/index.html");
    assert!(
        page.contains("Title X&quot;&#39;&gt;&lt;script&gt;"),
        "escaped, not dropped: {page}"
    );
    assert_eq!(live_payloads(&project), Vec::<String>::new());
}

const RAW: &str = "---\ntitle: Raw\nkind: sop\nversion: 1.0.0\n---\n\n<div class=\"note\" onclick=\"steal()\">A <kbd>Ctrl</kbd> note<script>alert(1)</script></div>\n\nInline <span onmouseover=\"x()\">hover</span> and <img src=x onerror=alert(2)> and <kbd>K</kbd>.\n";

#[test]
fn raw_html_is_cleaned_by_default() {
    let project = Project::empty();
    project
        .write("syllabus.yaml", "title: T\n")
        .write("content/raw.md", RAW);
    project.run(&["build"]).code(0);
    let page = project.read("public/en/raw/index.html");
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(
        !page.contains("onclick") && !page.contains("onmouseover"),
        "{page}"
    );
    assert!(!page.contains("<img src=x"), "{page}");
    assert!(
        page.contains("<div class=\"note\">A <kbd>Ctrl</kbd> note</div>"),
        "{page}"
    );
    assert!(page.contains("Inline <span>hover</span>"), "{page}");
    assert!(
        page.contains("&lt;img src=x onerror=alert(2)&gt;"),
        "shown as text: {page}"
    );
    assert!(page.contains("<kbd>K</kbd>"), "{page}");
}

#[test]
fn trusted_repositories_keep_raw_html() {
    let project = Project::empty();
    project
        .write("syllabus.yaml", "title: T\nallow_raw_html: true\n")
        .write("content/raw.md", RAW);
    project.run(&["build"]).code(0);
    let page = project.read("public/en/raw/index.html");
    assert!(
        page.contains("<span onmouseover=\"x()\">hover</span>"),
        "{page}"
    );
    assert!(page.contains("onclick=\"steal()\""), "{page}");
}

#[test]
fn javascript_links_are_refused_at_their_line() {
    let project = Project::empty();
    project.write("syllabus.yaml", "title: T\n").write(
        "content/m.md",
        "---\ntitle: M\nkind: sop\nversion: 1.0.0\n---\n\nA [trap](javascript:alert(1)) link.\n",
    );
    let run = project.run(&["check", "--format", "json"]).code(1);
    let d = run.json();
    assert_eq!(d[0]["code"], "SY0308", "{}", run.stderr);
    assert_eq!(d[0]["line"], 7);
    assert_eq!(d[0]["column"], 3);
}
