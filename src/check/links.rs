//! Links and images in module bodies (and their translations) point at modules, headings and
//! files that exist, inside the content folder; images are local (the site makes no request to
//! another host).

use crate::content::model::{Course, Heading, Link, LinkTarget, Module};
use crate::diagnostics::{suggest, Code, Diagnostic, Span};

pub fn check(course: &Course) -> Vec<Diagnostic> {
    course
        .modules
        .iter()
        .flat_map(|m| check_module(course, m))
        .collect()
}

/// Links of one module and of its translations. Reads the modules they point at (their
/// headings, and their translations' headings), which ids and assets exist.
pub fn check_module(course: &Course, m: &Module) -> Vec<Diagnostic> {
    let mut diags = check_links(course, &m.links, &m.headings, &m.id.0, None);
    for t in course
        .translations
        .get(&m.id)
        .into_iter()
        .flat_map(|t| t.values())
    {
        diags.extend(check_links(
            course,
            &t.links,
            &t.headings,
            m.id.as_str(),
            Some(&t.locale),
        ));
    }
    diags
}

/// Headings a link into `target` can use from a page in `locale`: the translation's when there
/// is one (its page shows the translated headings), else the source's.
fn target_headings<'a>(
    course: &'a Course,
    target: &'a Module,
    locale: Option<&str>,
) -> &'a [Heading] {
    locale
        .and_then(|l| course.translation(&target.id, l))
        .map_or(&target.headings, |t| &t.headings)
}

fn check_links(
    course: &Course,
    links: &[Link],
    own: &[Heading],
    own_id: &str,
    locale: Option<&str>,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for link in links {
        let err = |code, msg: String| Diagnostic::error(code, msg).at(link.span.clone());
        match &link.target {
            LinkTarget::Module { id, path, anchor } => match course.resolve(id, path) {
                None if course.unparsed.contains(id, path) => {}
                None => {
                    let help = match id {
                        Some(id) => {
                            let ids: Vec<&str> = course.modules.iter().map(|m| m.id.as_str()).collect();
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
                            format!("link to `{}`, which is not a module", link.written),
                        )
                        .with_help(help),
                    );
                }
                Some(target) => {
                    if let Some(anchor) = anchor {
                        let headings = target_headings(course, target, locale);
                        if !headings.iter().any(|h| &h.anchor == anchor) {
                            diags.push(anchor_diag(
                                link.span.clone(),
                                target.id.as_str(),
                                headings,
                                anchor,
                                locale,
                            ));
                        }
                    }
                }
            },
            LinkTarget::Anchor(anchor) => {
                if !anchor.is_empty() && !own.iter().any(|h| &h.anchor == anchor) {
                    diags.push(anchor_diag(link.span.clone(), own_id, own, anchor, None));
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
                    err(Code::OutsideRoot, format!("`{dest}` points outside the content folder")).with_help(
                        "only files under content/ are published; copy the file there and link to it relatively",
                    ),
                );
            }
            LinkTarget::External if !crate::render::sanitize::is_safe_url(&link.written) => {
                diags.push(
                    err(Code::UnsafeLink, format!("`{}` uses a scheme that could run code in the reader's browser", link.written))
                        .with_help("link to an http(s) page, a module or a file in content/; `javascript:`, `data:` and `vbscript:` are never published"),
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

fn anchor_diag(
    span: Span,
    target: &str,
    headings: &[Heading],
    anchor: &str,
    locale: Option<&str>,
) -> Diagnostic {
    let anchors: Vec<&str> = headings.iter().map(|h| h.anchor.as_str()).collect();
    let mut help = suggest::did_you_mean(anchor, &anchors);
    if locale.is_some() {
        help.push_str("; headings differ between languages, so link to a clause id (`## Heading {#clause-id}`) that every translation keeps");
    }
    let whose = match locale {
        Some(l) => format!("module `{target}` in `{l}`"),
        None => format!("module `{target}`"),
    };
    Diagnostic::error(
        Code::BrokenAnchor,
        format!("`#{anchor}` is not a heading of {whose}"),
    )
    .at(span)
    .with_help(help)
}
