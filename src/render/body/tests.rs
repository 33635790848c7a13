use super::*;
use crate::content::markdown::scan;
use crate::diagnostics::SourceText;
use crate::i18n::Table;
use std::sync::Arc;

struct Fixed;

impl Resolve for Fixed {
    fn href(&self, target: &LinkTarget) -> Option<String> {
        match target {
            LinkTarget::Module {
                id: Some(id),
                anchor,
                ..
            } => Some(format!(
                "../{id}/index.html{}",
                anchor.as_ref().map(|a| format!("#{a}")).unwrap_or_default()
            )),
            LinkTarget::Module { path: Some(p), .. } => Some(format!("../by-path/{p}")),
            LinkTarget::Asset { path, .. } => Some(format!("../../assets/{path}")),
            _ => None,
        }
    }
}

fn html(md: &str) -> String {
    let source = Arc::new(SourceText {
        path: "x.md".into(),
        text: md.to_string(),
    });
    let found = scan(&source, 0, "a/x.md");
    render(
        md,
        "a/x.md",
        &found.headings,
        &Fixed,
        &BodyOptions::new(&Table::new()),
    )
}

#[test]
fn headings_carry_scanned_anchors() {
    assert_eq!(
        html("## Scope\n\n## Tiers {#hs-tiers}\n"),
        "<h2 id=\"scope\">Scope</h2>\n<h2 id=\"hs-tiers\">Tiers</h2>\n"
    );
}

#[test]
fn module_links_and_images_are_rewritten() {
    assert_eq!(
        html("[a](module:b#x) ![flow](img.png) [c](https://e.org)\n"),
        "<p><a href=\"../b/index.html#x\">a</a> <img src=\"../../assets/a/img.png\" alt=\"flow\" /> <a href=\"https://e.org\">c</a></p>\n"
    );
}

#[test]
fn sensitive_block_is_details_with_rendered_markdown() {
    assert_eq!(
        html("```sensitive Coded slur\n**Why:** [example: a post]\n```\n"),
        "<details class=\"sensitive\"><summary><span class=\"sensitive-tag\">Sensitive</span> <span class=\"sensitive-label\">Coded slur</span> <span class=\"sensitive-hint\">(select to reveal)</span></summary>\n<div class=\"sensitive-body\">\n<p><strong>Why:</strong> [example: a post]</p>\n</div></details>\n"
    );
}

#[test]
fn alerts_become_labelled_notes() {
    assert_eq!(
        html("> [!WARNING]\n> Check the age.\n"),
        "<div class=\"alert alert-warning\" role=\"note\"><p class=\"alert-title\">Warning</p>\n<p>Check the age.</p>\n</div>\n"
    );
}

#[test]
fn tables_scroll_in_a_wrapper() {
    let out = html("| a | b |\n| - | - |\n| 1 | 2 |\n");
    assert!(
        out.starts_with("<div class=\"table-wrap\" tabindex=\"0\"><table>"),
        "{out}"
    );
    assert!(out.ends_with("</table>\n</div>\n"), "{out}");
}

#[test]
fn code_is_highlighted_and_escaped() {
    let out = html("```rust\nlet x = \"<b>\";\n```\n");
    assert!(out.contains("data-lang=\"rust\""), "{out}");
    assert!(out.contains("&lt;b&gt;"), "{out}");
    assert!(!out.contains("<b>"), "{out}");
}

#[test]
fn heading_shift_nests_headings() {
    let source = Arc::new(SourceText {
        path: "x.md".into(),
        text: "## A\n".into(),
    });
    let found = scan(&source, 0, "x.md");
    let t = Table::new();
    let opts = BodyOptions {
        heading_shift: 1,
        sensitive_open: true,
        ..BodyOptions::new(&t)
    };
    let out = render("## A\n", "x.md", &found.headings, &Fixed, &opts);
    assert_eq!(out, "<h3 id=\"a\">A</h3>\n");
}

#[test]
fn footnotes_get_prefixable_ids_and_back_links() {
    assert_eq!(
        html("A claim.[^src]\n\n[^src]: The source.\n"),
        "<p>A claim.<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\" aria-label=\"Footnote 1\">1</a></sup></p>\n<div class=\"footnote\" id=\"fn-1\"><span class=\"footnote-label\">1.</span>\n<p>The source.</p>\n<a class=\"footnote-back\" href=\"#fnref-1\" aria-label=\"Back to reference 1\">↩</a></div>\n"
    );
}

#[test]
fn inserts_go_at_the_end_of_their_section_or_the_body() {
    let md = "## A\n\na\n\n### A1\n\nx\n\n## B\n\nb\n";
    let source = Arc::new(SourceText {
        path: "x.md".into(),
        text: md.into(),
    });
    let found = scan(&source, 0, "x.md");
    let t = Table::new();
    let inserts = vec![
        (Some(0), "[after A]".to_string()),
        (Some(2), "[after B]".to_string()),
        (None, "[end]".to_string()),
    ];
    let opts = BodyOptions {
        inserts: &inserts,
        ..BodyOptions::new(&t)
    };
    let out = render(md, "x.md", &found.headings, &Fixed, &opts);
    assert_eq!(
        out,
        "<h2 id=\"a\">A</h2>\n<p>a</p>\n<h3 id=\"a1\">A1</h3>\n<p>x</p>\n[after A]<h2 id=\"b\">B</h2>\n<p>b</p>\n[after B][end]"
    );
}

#[test]
fn ui_strings_come_from_the_locale_table() {
    let mut t = Table::new();
    t.insert("alert_warning".into(), "Amaran".into());
    t.insert("sensitive_hint".into(), "(pilih untuk lihat)".into());
    let md = "> [!WARNING]\n> x\n\n```sensitive\ny\n```\n";
    let source = Arc::new(SourceText {
        path: "x.md".into(),
        text: md.into(),
    });
    let found = scan(&source, 0, "x.md");
    let out = render(md, "x.md", &found.headings, &Fixed, &BodyOptions::new(&t));
    assert!(out.contains("<p class=\"alert-title\">Amaran</p>"), "{out}");
    assert!(out.contains("(pilih untuk lihat)"), "{out}");
    assert!(
        out.contains("Sensitive example"),
        "fallback text when the table lacks a key: {out}"
    );
}

/// Found by fuzzing (`fuzz/corpus/markdown/acknowledge-fence-in-its-own-text`): an
/// acknowledgement whose text held an `acknowledge` fence rendered itself inside itself
/// without end, overflowing the stack.
#[test]
fn a_fence_in_a_blocks_text_is_not_the_modules_block() {
    use crate::content::discover::{FileRole, SourceFile};
    let body = "\nRead the policy.\n\n```acknowledge\nid: read-policy\ntext: \"I have read the policy, version {version}.\n\n```acknowledge\nid: read-policy\ntext: again, {version}.\"\n```\n";
    let file = SourceFile {
        role: FileRole::Module,
        content_path: "m.md".to_string(),
        source: Arc::new(SourceText {
            path: "content/m.md".into(),
            text: format!("---\ntitle: T\nkind: sop\nversion: 1.0.0\n---\n{body}"),
        }),
    };
    let (Some(m), _) = crate::content::parse::parse_module(&file) else {
        panic!("the module parses")
    };
    let ack = m.blocks.acknowledgement.as_ref().map(|a| a.text.as_str());
    assert!(
        ack.is_some_and(|t| t.contains("```acknowledge")),
        "the acknowledgement's text holds the fence: {ack:?}"
    );
    let table = Table::new();
    let opts = BodyOptions {
        quiz: Some(QuizBlocks {
            blocks: &m.blocks,
            module: m.id.as_str(),
            version: &m.version,
            decisions: &[],
            inline_questions: true,
        }),
        ..BodyOptions::new(&table)
    };
    let html = render(m.body(), &m.content_path, &m.headings, &Fixed, &opts);
    assert_eq!(
        html.matches("class=\"acknowledgement\"").count(),
        1,
        "{html}"
    );
}
