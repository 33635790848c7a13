//! SCORM packages: `packages:` definitions -> zips an LMS imports.
//!
//! ```text
//! plan::resolve ─> render each module as a SCO (render::module_page in SCO mode)
//!   ─> refs: the files each SCO uses ─> manifest12 / manifest2004 ─> zip::archive
//! ```
//! Pure like the site build: the same course gives the same bytes. `commands::package` reads
//! and writes.

pub mod definition;
pub mod manifest;
pub mod manifest12;
pub mod manifest2004;
pub mod plan;
pub mod profile;
pub mod refs;
pub mod suspend;
pub mod zip;

use crate::config::Settings;
use crate::content::model::{Course, Module};
use crate::diagnostics::{Code, Diagnostic};
use crate::i18n::Strings;
use crate::output::OutputFile;
use crate::render::sco::ScoMode;
use crate::render::theme::Theme;
use crate::render::{localize, module_page, urls, Site};
use definition::{Completion, Standard};
use manifest::{Manifest, Sco};
use plan::Plan;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

/// A built package, ready to write.
#[derive(Debug)]
pub struct Package {
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// The files inside, for reporting (manifest included).
    pub files: usize,
    pub scos: usize,
}

/// The shared inputs of every package of a run.
pub struct Inputs<'a> {
    pub settings: &'a Settings,
    pub course: &'a Course,
    pub theme: &'a Theme,
    pub strings: &'a Strings,
    /// Bytes of every asset the course references, by content path.
    pub asset_bytes: &'a BTreeMap<String, Vec<u8>>,
}

/// Builds the zip of one plan.
pub fn build(plan: &Plan, inputs: &Inputs) -> Result<Package, Vec<Diagnostic>> {
    let mut settings = inputs.settings.clone();
    settings.edition = plan.edition;
    let filtered;
    let course = match &plan.region {
        Some(region) => {
            filtered = with_notes_of(inputs.course, region);
            &filtered
        }
        None => inputs.course,
    };
    let (mut site, asset_files) = Site::new(
        &settings,
        course,
        inputs.theme,
        inputs.strings,
        inputs.asset_bytes,
    );
    site.sco = Some(ScoMode {
        site_url: plan.site_url.clone(),
        runtime: runtime_settings(plan),
        mastery: plan.mastery,
        correct_responses: plan.correct_responses,
    });
    let modules: Vec<&Module> = plan
        .modules
        .iter()
        .filter_map(|id| course.module(id))
        .collect();
    check_suspend_data(plan, &site, &modules)?;

    let mut pages = Vec::new();
    let mut diags = Vec::new();
    for m in &modules {
        match module_page::render(&site, m, &plan.locale) {
            Ok(page) => pages.push(page),
            Err(d) => diags.push(d),
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    // Everything a page may use; only what is used goes in.
    let mut available: BTreeMap<String, Vec<u8>> = asset_files
        .into_iter()
        .chain(site.theme_files())
        .map(|f| (f.path, f.bytes))
        .collect();
    let mut files: Vec<OutputFile> = Vec::new();
    let mut scos = Vec::new();
    let mut used_by: BTreeMap<String, usize> = BTreeMap::new();
    let mut own_files: Vec<BTreeSet<String>> = Vec::new();
    for (m, page) in modules.iter().zip(pages) {
        let uses = closure(&page, &available);
        for f in &uses {
            *used_by.entry(f.clone()).or_default() += 1;
        }
        own_files.push(uses);
        let launch = if plan.profile.frame {
            let wrapper = frame_page(&page.path, &m.title, &plan.locale);
            let href = wrapper.path.clone();
            files.push(wrapper);
            href
        } else {
            page.path.clone()
        };
        scos.push(Sco {
            module: m.id.0.clone(),
            version: m.version.clone(),
            title: localize::module(&settings, course, m, &plan.locale)
                .title
                .to_string(),
            files: if launch == page.path {
                vec![page.path.clone()]
            } else {
                vec![launch.clone(), page.path.clone()]
            },
            href: launch,
            mastery: m
                .assessment
                .as_ref()
                .map(|a| plan.mastery.unwrap_or(a.pass_mark)),
        });
        files.push(page);
    }
    // Theme files and whatever several SCOs use are shared; the rest belongs to its SCO.
    let mut shared = BTreeSet::new();
    for (sco, uses) in scos.iter_mut().zip(&own_files) {
        for f in uses {
            if f.starts_with("theme/") || used_by.get(f).copied().unwrap_or(0) > 1 {
                shared.insert(f.clone());
            } else {
                sco.files.push(f.clone());
            }
        }
    }
    let used: BTreeSet<&String> = own_files.iter().flatten().collect();
    for path in used {
        if let Some(bytes) = available.remove(path.as_str()) {
            files.push(OutputFile {
                path: path.clone(),
                bytes,
            });
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let manifest = Manifest {
        plan,
        scos,
        shared: shared.into_iter().collect(),
        keywords: keywords(&modules),
        content_hash: content_hash(&files),
    };
    let xml = match plan.standard {
        Standard::Scorm12 => manifest12::write(&manifest),
        Standard::Scorm2004 => manifest2004::write(&manifest),
    };
    files.push(OutputFile {
        path: "imsmanifest.xml".to_string(),
        bytes: xml.into_bytes(),
    });
    let bytes = zip::archive(&files).map_err(|e| {
        vec![Diagnostic::error(
            Code::WriteFailed,
            format!("package `{}` could not be zipped: {}", plan.name, e.0),
        )]
    })?;
    Ok(Package {
        file_name: plan.file_name(),
        bytes,
        files: files.len(),
        scos: manifest.scos.len(),
    })
}

/// The course with only `region`'s regional notes (and those for every region).
fn with_notes_of(course: &Course, region: &str) -> Course {
    let mut c = course.clone();
    for notes in c.notes_for.values_mut() {
        notes.retain(|id| {
            course
                .module(id)
                .is_some_and(|n| n.regions.iter().any(|r| r == region || r == "global"))
        });
    }
    c
}

/// The files a page uses, following stylesheets to what they use.
fn closure(page: &OutputFile, available: &BTreeMap<String, Vec<u8>>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut todo: Vec<(String, String)> = vec![(
        page.path.clone(),
        String::from_utf8_lossy(&page.bytes).into_owned(),
    )];
    while let Some((from, text)) = todo.pop() {
        for r in refs::references(&from, &text) {
            if r == page.path || !available.contains_key(&r) || !found.insert(r.clone()) {
                continue;
            }
            if r.ends_with(".css") {
                if let Some(bytes) = available.get(&r) {
                    todo.push((r.clone(), String::from_utf8_lossy(bytes).into_owned()));
                }
            }
        }
    }
    found
}

/// The package-wide settings of the runtime script.
fn runtime_settings(plan: &Plan) -> serde_json::Map<String, serde_json::Value> {
    use serde_json::json;
    let mut map = serde_json::Map::new();
    map.insert(
        "standard".into(),
        json!(match plan.standard {
            Standard::Scorm12 => "1.2",
            Standard::Scorm2004 => "2004",
        }),
    );
    map.insert(
        "completion".into(),
        json!(match plan.completion {
            Completion::End => "end",
            Completion::Sections => "sections",
        }),
    );
    map.insert("package".into(), json!(plan.name));
    map.insert(
        "description_limit".into(),
        json!(plan.profile.description_limit),
    );
    map.insert("response_limit".into(), json!(plan.profile.response_limit));
    map.insert(
        "commit_each_answer".into(),
        json!(plan.profile.commit_each_answer),
    );
    map.insert(
        "exit_when_done".into(),
        json!(if plan.profile.suspend_when_done {
            "suspend"
        } else {
            "normal"
        }),
    );
    map.insert(
        "suspend_limit".into(),
        json!(plan.standard.suspend_data_limit()),
    );
    map
}

/// Fails the package when a SCO's saved state could outgrow `cmi.suspend_data`.
fn check_suspend_data(
    plan: &Plan,
    site: &Site,
    modules: &[&Module],
) -> Result<(), Vec<Diagnostic>> {
    let limit = plan.standard.suspend_data_limit();
    let diags: Vec<Diagnostic> = modules
        .iter()
        .filter_map(|m| {
            let l = localize::module(site.settings, site.course, m, &plan.locale);
            let worst = suspend::worst_case(
                l.headings,
                m.assessment.as_ref().and_then(|a| a.max_attempts),
            );
            (worst > limit).then(|| {
                let standard = match plan.standard {
                    Standard::Scorm12 => "SCORM 1.2",
                    Standard::Scorm2004 => "SCORM 2004",
                };
                Diagnostic::error(
                    Code::SuspendDataLimit,
                    format!(
                        "the saved state of {} can reach {worst} characters; {standard} allows {limit} (package `{}`)",
                        m.id, plan.name
                    ),
                )
                .at(m.id_span.clone())
                .with_help("use `standard: scorm2004`, or split the module: its number of sections and the length of its heading ids drive the size")
            })
        })
        .collect();
    if diags.is_empty() {
        Ok(())
    } else {
        Err(diags)
    }
}

/// A page that holds the SCO in a frame: links inside the module then never unload the
/// document that found the LMS's API (the SCO finds it through `window.parent`).
fn frame_page(sco_path: &str, title: &str, locale: &str) -> OutputFile {
    let path = sco_path.replace("index.html", "launch.html");
    let src = urls::relative(&path, sco_path);
    let title = crate::render::highlight::escape(title);
    let css = urls::relative(&path, &urls::theme_asset("style.css"));
    let html = format!(
        "<!doctype html>\n<html lang=\"{locale}\" class=\"sco-frame\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<link rel=\"stylesheet\" href=\"{css}\">\n</head>\n<body class=\"sco-frame\">\n<iframe src=\"{src}\" title=\"{title}\"></iframe>\n</body>\n</html>\n"
    );
    OutputFile {
        path,
        bytes: html.into_bytes(),
    }
}

/// Policy areas and tags of the modules, for the LOM keywords.
fn keywords(modules: &[&Module]) -> Vec<String> {
    let set: BTreeSet<String> = modules
        .iter()
        .flat_map(|m| m.policy_area.iter().chain(&m.tags))
        .cloned()
        .collect();
    set.into_iter().collect()
}

/// sha256 over every file's path and bytes, in path order.
fn content_hash(files: &[OutputFile]) -> String {
    let mut h = Sha256::new();
    for f in files {
        h.update(f.path.as_bytes());
        h.update([0]);
        h.update((f.bytes.len() as u64).to_le_bytes());
        h.update(&f.bytes);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}
