//! Link resolution for one page: where module links, in-page anchors and assets point from it.

use super::body::{Resolve, Rewrite};
use super::sco::ScoMode;
use super::urls;
use crate::content::model::{Course, LinkTarget, ModuleId};
use std::collections::{BTreeMap, HashSet};

/// When several modules share a page (a print view; regional notes inside a module page),
/// their anchors are prefixed with the module id so they stay unique, and links between the
/// modules on the page (`members`) stay on the page.
pub struct AnchorScope<'a> {
    pub current: &'a ModuleId,
    pub members: &'a HashSet<&'a ModuleId>,
}

pub struct PageLinks<'a> {
    pub course: &'a Course,
    pub locale: &'a str,
    /// The default locale: where a link goes when the page's language lacks its anchor.
    pub fallback_locale: &'a str,
    /// Site path of the page being rendered.
    pub page: &'a str,
    /// Content path of an asset -> its site path.
    pub assets: &'a BTreeMap<String, String>,
    pub scope: Option<AnchorScope<'a>>,
    /// Rendering a SCO for a package: links may not leave the page (see `link`).
    pub sco: Option<&'a ScoMode>,
}

pub fn scoped_anchor(module: &ModuleId, anchor: &str) -> String {
    format!("{module}--{anchor}")
}

/// `href`, then `#fragment` if there is one (every link of every page: no second string).
fn with_fragment(mut href: String, fragment: Option<&str>) -> String {
    if let Some(f) = fragment {
        href.reserve(1 + f.len());
        href.push('#');
        href.push_str(f);
    }
    href
}

impl Resolve for PageLinks<'_> {
    fn href(&self, target: &LinkTarget) -> Option<String> {
        match target {
            LinkTarget::Module { id, path, anchor } => {
                let m = self.course.resolve(id, path)?;
                // The page of `m` in this locale shows the translation's headings when there is
                // one; an anchor it lacks (a heading without a clause id, translated) is found
                // on the source page instead, so the link never lands nowhere.
                if let Some(a) = anchor {
                    let headings = self
                        .course
                        .translation(&m.id, self.locale)
                        .map_or(&m.headings, |t| &t.headings);
                    if !headings.iter().any(|h| &h.anchor == a) {
                        let href =
                            urls::relative(self.page, &urls::module(self.fallback_locale, &m.id));
                        return Some(with_fragment(href, Some(a)));
                    }
                }
                if let Some(scope) = &self.scope {
                    if scope.members.contains(&m.id) {
                        let a = anchor
                            .as_deref()
                            .map_or_else(|| m.id.0.clone(), |a| scoped_anchor(&m.id, a));
                        return Some(format!("#{a}"));
                    }
                }
                let href = urls::relative(self.page, &urls::module(self.locale, &m.id));
                Some(with_fragment(href, anchor.as_deref()))
            }
            LinkTarget::Anchor(a) => self
                .scope
                .as_ref()
                .map(|s| format!("#{}", scoped_anchor(s.current, a))),
            LinkTarget::Asset { path, fragment } => {
                let site = self.assets.get(path)?;
                let href = urls::encode_path(&urls::relative(self.page, site));
                Some(with_fragment(href, fragment.as_deref()))
            }
            LinkTarget::External | LinkTarget::Outside(_) => None,
        }
    }

    /// Inside a SCO, following a link would unload the page that talks to the LMS: links to
    /// other modules open the published site (`site_url`) in a new window, or keep only their
    /// text when there is no site to send the learner to; external links open in a new window.
    fn link(&self, target: &LinkTarget, written: &str) -> Rewrite {
        let Some(sco) = self.sco else {
            return self.href(target).map_or(Rewrite::Keep, Rewrite::To);
        };
        match target {
            LinkTarget::Module { id, path, anchor } => {
                let Some(m) = self.course.resolve(id, path) else {
                    return Rewrite::Keep;
                };
                if urls::module(self.locale, &m.id) == self.page {
                    return self.href(target).map_or(Rewrite::Keep, Rewrite::To);
                }
                match &sco.site_url {
                    Some(base) => {
                        let page = urls::module(self.locale, &m.id);
                        let href = format!("{}/{page}", base.trim_end_matches('/'));
                        Rewrite::NewWindow(match anchor {
                            Some(a) => format!("{href}#{a}"),
                            None => href,
                        })
                    }
                    None => Rewrite::Text,
                }
            }
            LinkTarget::External => Rewrite::NewWindow(written.to_string()),
            _ => self.href(target).map_or(Rewrite::Keep, Rewrite::To),
        }
    }

    fn anchor(&self, anchor: &str) -> String {
        match &self.scope {
            Some(s) => scoped_anchor(s.current, anchor),
            None => anchor.to_string(),
        }
    }
}
