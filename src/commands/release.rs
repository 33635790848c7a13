//! `syllabus release`: freeze a module (and its translations) as an immutable release under
//! `versions/<id>/<version>/`, bumping its version first when asked.
//!
//! The release folder is written next to its final name and renamed into place, so a failed
//! release leaves nothing half-written.

use super::{report, Outcome};
use crate::cli::{Bump, ReleaseArgs};
use crate::content::discover::VERSIONS_DIR;
use crate::content::frontmatter::set_key;
use crate::content::model::Module;
use crate::content::releases::{content_hash, ReleaseMeta, RELEASE_FILE};
use crate::diagnostics::{render::Format, Code, Diagnostic};
use crate::project::{self, Project};
use std::path::{Path, PathBuf};

pub fn run(args: &ReleaseArgs) -> Outcome {
    let (project, mut diags) = project::load(
        &args.root,
        false,
        project::RenderData::Skip,
        &project::no_progress,
    );
    // A changed-but-not-bumped module is what a release fixes; anything else must be fixed first.
    let errors: Vec<Diagnostic> = diags
        .iter()
        .filter(|d| d.is_error() && d.code != Code::ChangedWithoutBump)
        .cloned()
        .collect();
    let Some(project) = project.filter(|_| errors.is_empty()) else {
        eprintln!("Fix these errors before releasing:");
        report(&mut diags, Format::Human);
        return Outcome::ContentErrors;
    };
    let targets: Vec<&Module> = if args.all {
        project
            .course
            .modules
            .iter()
            .filter(|m| needs_release(&project, m))
            .collect()
    } else {
        let Some(id) = &args.id else {
            eprintln!("error: name a module id, or pass --all");
            return Outcome::Usage;
        };
        match project.course.modules.iter().find(|m| &m.id.0 == id) {
            Some(m) => vec![m],
            None => {
                eprintln!("error: there is no module `{id}`");
                return Outcome::Usage;
            }
        }
    };
    if targets.is_empty() {
        println!("Nothing to release: every module matches its last release.");
        return Outcome::Success;
    }
    let today = super::new::today();
    let mut failed = Vec::new();
    for m in targets {
        match release_one(&project, m, args, &today) {
            Ok(version) => println!(
                "Released {} {version} -> {VERSIONS_DIR}/{}/{version}/",
                m.id, m.id
            ),
            Err(d) => failed.push(d),
        }
    }
    if failed.is_empty() {
        Outcome::Success
    } else {
        report(&mut failed, Format::Human);
        Outcome::ContentErrors
    }
}

/// Never released, or changed since the last release.
fn needs_release(p: &Project, m: &Module) -> bool {
    match p.course.releases_of(&m.id).last() {
        None => true,
        Some(last) => m.version > last.version || content_hash(&m.source.text) != last.hash,
    }
}

fn release_one(
    p: &Project,
    m: &Module,
    args: &ReleaseArgs,
    today: &str,
) -> Result<semver::Version, Diagnostic> {
    let settings = &p.settings;
    let source_path = settings.content_dir.join(&m.content_path);
    let last = p
        .course
        .releases_of(&m.id)
        .last()
        .map(|r| r.version.clone());
    // With --all, a changed module still at its released version gets the requested bump
    // (patch by default); a module already bumped by hand is released as it says.
    let bump = if args.all {
        // `--all` bumps only the modules still at their released version (patch unless told);
        // a module never released, or bumped by hand, is released as it says.
        (last.as_ref() == Some(&m.version)).then(|| args.bump.unwrap_or(Bump::Patch))
    } else {
        args.bump
    };
    let version = match bump {
        Some(b) => bumped(&m.version, b),
        None => m.version.clone(),
    };
    if let Some(last) = &last {
        if &version <= last {
            return Err(Diagnostic::error(
                Code::ReleaseExists,
                format!(
                    "{} {version} is already released (the last release is {last})",
                    m.id
                ),
            )
            .at(m.version_span.clone())
            .with_help("bump the version: `--bump patch`, `--bump minor` or `--bump major`"));
        }
    }
    let folder = settings
        .root
        .join(VERSIONS_DIR)
        .join(&m.id.0)
        .join(version.to_string());
    if folder.exists() {
        return Err(Diagnostic::error(
            Code::ReleaseExists,
            format!("{} {version} is already released", m.id),
        )
        .in_file(&folder)
        .with_help("releases are immutable; bump the version to release a change"));
    }
    let mut text = m.source.text.clone();
    let edit = |text: &str, key: &str, value: &str| {
        set_key(text, key, value).ok_or_else(|| {
            Diagnostic::error(
                Code::WriteFailed,
                format!("cannot set `{key}` in the front matter"),
            )
            .in_file(&source_path)
        })
    };
    if version != m.version {
        text = edit(&text, "version", &version.to_string())?;
    }
    if let Some(changes) = &args.changes {
        text = edit(&text, "changes", changes)?;
    }
    let meta = ReleaseMeta {
        id: m.id.0.clone(),
        version: version.to_string(),
        path: m.content_path.clone(),
        date: today.to_string(),
        effective: m.effective.map(|d| d.format("%Y-%m-%d").to_string()),
        changes: args.changes.clone().or_else(|| m.changes.clone()),
        hash: content_hash(&text),
    };
    let file_name = m
        .content_path
        .rsplit('/')
        .next()
        .unwrap_or(&m.content_path)
        .to_string();
    let mut files: Vec<(String, String)> = vec![(file_name, text.clone())];
    if let Some(translations) = p.course.translations.get(&m.id) {
        for t in translations.values() {
            let name = t
                .content_path
                .rsplit('/')
                .next()
                .unwrap_or(&t.content_path)
                .to_string();
            files.push((name, t.source.text.clone()));
        }
    }
    let yaml = serde_yaml::to_string(&meta).map_err(|e| {
        Diagnostic::error(
            Code::WriteFailed,
            format!("cannot write {RELEASE_FILE}: {e}"),
        )
        .in_file(&folder)
    })?;
    files.push((RELEASE_FILE.to_string(), yaml));
    write_folder(&folder, &files)?;
    if text != m.source.text {
        std::fs::write(&source_path, &text).map_err(|e| {
            Diagnostic::error(Code::WriteFailed, format!("cannot write: {e}")).in_file(&source_path)
        })?;
    }
    Ok(version)
}

fn bumped(v: &semver::Version, bump: Bump) -> semver::Version {
    match bump {
        Bump::Patch => semver::Version::new(v.major, v.minor, v.patch + 1),
        Bump::Minor => semver::Version::new(v.major, v.minor + 1, 0),
        Bump::Major => semver::Version::new(v.major + 1, 0, 0),
    }
}

/// Writes files into a sibling temp folder, then renames it to `folder`.
fn write_folder(folder: &Path, files: &[(String, String)]) -> Result<(), Diagnostic> {
    let err = |p: &Path, e: std::io::Error| {
        Diagnostic::error(Code::WriteFailed, format!("cannot write: {e}")).in_file(p)
    };
    let parent = folder
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    std::fs::create_dir_all(&parent).map_err(|e| err(&parent, e))?;
    let name = folder
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
    let result = (|| {
        std::fs::create_dir_all(&staging).map_err(|e| err(&staging, e))?;
        for (file, text) in files {
            let path = staging.join(file);
            std::fs::write(&path, text).map_err(|e| err(&path, e))?;
        }
        std::fs::rename(&staging, folder).map_err(|e| err(folder, e))
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bumps_follow_semver() {
        let v = semver::Version::new(2, 1, 3);
        assert_eq!(bumped(&v, Bump::Patch).to_string(), "2.1.4");
        assert_eq!(bumped(&v, Bump::Minor).to_string(), "2.2.0");
        assert_eq!(bumped(&v, Bump::Major).to_string(), "3.0.0");
    }
}
