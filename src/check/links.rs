//! Links and images in module bodies point at modules, headings and files that exist, inside
//! the content folder; images are local (the site makes no request to another host).

use crate::content::model::{Course, LinkTarget, Module};
use crate::diagnostics::{suggest, Code, Diagnostic};

pub fn check(course: &Course) -> Vec<Diagnostic> {
    course
        .modules
        .iter()
        .flat_map(|m| check_module(course, m))
        .collect()
}

fn check_module(course: &Course, m: &Module) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for link in &m.links {
        let err = |code, msg: String| Diagnostic::error(code, msg).at(link.span.clone());
        match &link.target {
            LinkTarget::Module { id, path, anchor } => match course.resolve(id, path) {
                None if course.unparsed.contains(id, path) => {}
                None => {
                    let written = &link.written;
                    let help = match id {
                        Some(id) => {
                            let ids: Vec<&str> =
                                course.modules.iter().map(|m| m.id.as_str()).collect();
                            suggest::did_you_mean(id.as_str(), &ids)
                        }
                        None => format!(
                            "the path is relative to this file and points at content/{}; check the folder and file name, or link with `module:<id>`",
                            path.as_deref().unwrap_or_default()
                        ),
                    };
                    diags.push(
                        err(
                            Code::BrokenModuleLink,
                            format!("link to `{written}`, which is not a module"),
                        )
                        .with_help(help),
                    );
                }
                Some(target) => {
                    if let Some(anchor) = anchor {
                        if !target.has_anchor(anchor) {
                            diags.push(anchor_diag(link.span.clone(), target, anchor));
                        }
                    }
                }
            },
            LinkTarget::Anchor(anchor) => {
                if !anchor.is_empty() && !m.has_anchor(anchor) {
                    diags.push(anchor_diag(link.span.clone(), m, anchor));
                }
            }
            LinkTarget::Asset { path, .. } => {
                if !course.assets.contains_key(path) {
                    let what = if link.is_image { "image" } else { "file" };
                    diags.push(
                        err(
                            Code::MissingAsset,
                            format!(
                                "{what} `{}` does not exist (looked for content/{path})",
                                link.written
                            ),
                        )
                        .with_help(
                            "put the file next to the Markdown and use a path relative to it",
                        ),
                    );
                }
            }
            LinkTarget::Outside(dest) => {
                diags.push(
                    err(Code::OutsideRoot, format!("`{dest}` points outside the content folder"))
                        .with_help("only files under content/ are published; copy the file there and link to it relatively"),
                );
            }
            LinkTarget::External => {
                if link.is_image {
                    diags.push(
                        err(Code::OutsideRoot, "images must be stored with the content, not loaded from another host".to_string())
                            .with_help("download the image into content/ and link to it relatively; pages must work offline and inside an LMS"),
                    );
                }
            }
        }
    }
    diags
}

fn anchor_diag(span: crate::diagnostics::Span, target: &Module, anchor: &str) -> Diagnostic {
    let anchors: Vec<&str> = target.headings.iter().map(|h| h.anchor.as_str()).collect();
    Diagnostic::error(
        Code::BrokenAnchor,
        format!("`#{anchor}` is not a heading of module `{}`", target.id),
    )
    .at(span)
    .with_help(suggest::did_you_mean(anchor, &anchors))
}
