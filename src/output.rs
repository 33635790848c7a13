//! The only code that writes a site: stage beside the target, write, swap.
//!
//! A build writes into `.<out>.staging-<pid>` next to the target and swaps it into place only
//! when every file was written, so a failed or killed build leaves the previous site untouched;
//! the next build removes what a killed one left behind.
//! A folder is replaced only if syllabus wrote it (it holds the marker file), so `--out ~` can
//! never wipe a home directory.

use crate::diagnostics::{Code, Diagnostic};
use rayon::prelude::*;
use std::path::Path;

/// A file of the output, path `/`-separated and relative to the output root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Marks a folder as written by syllabus (and so safe to replace).
pub const MARKER: &str = ".syllabus-output";

/// Writes `files` as the new content of `target`, atomically replacing what was there.
pub fn commit(target: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    // The sink takes files by value (render hands them over); its one caller, `report
    // results`, writes two small files, so the copies cost nothing worth a second sink type.
    commit_streaming(target, |write| {
        files.par_iter().try_for_each(|f| write(f.clone()))
    })
    .and_then(std::convert::identity)
}

/// Writes into a staging folder as files come, then swaps it in. `produce` gets a
/// sink to hand each file to (from any thread); the files are never all in memory at once.
/// Whatever `produce` reports as failed, nothing replaces `target`.
pub fn commit_streaming<E>(
    target: &Path,
    produce: impl FnOnce(&(dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync)) -> Result<(), E>,
) -> Result<Result<(), E>, Diagnostic> {
    if target.exists() && !is_replaceable(target) {
        return Err(refuse(target));
    }
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| write_error(parent, &e))?;
    let name = target
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    recover(parent, target, &name);
    let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
    let result = start_tree(&staging).and_then(|()| {
        let sink = |f: OutputFile| write_one(&staging, &f);
        match produce(&sink) {
            Ok(()) => finish_tree(&staging)
                .and_then(|()| swap(&staging, target, parent, &name))
                .map(|()| Ok(())),
            Err(e) => Ok(Err(e)),
        }
    });
    if !matches!(result, Ok(Ok(()))) {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

fn refuse(target: &Path) -> Diagnostic {
    Diagnostic::error(
        Code::WriteFailed,
        "refusing to replace a folder that syllabus did not write",
    )
    .in_file(target)
    .with_help(format!(
        "choose another --out, or delete the folder (syllabus marks its output with a `{MARKER}` file)"
    ))
}

fn start_tree(staging: &Path) -> Result<(), Diagnostic> {
    if staging.exists() {
        std::fs::remove_dir_all(staging).map_err(|e| write_error(staging, &e))?;
    }
    std::fs::create_dir_all(staging).map_err(|e| write_error(staging, &e))
}

/// One file into the staging folder, creating its folders.
fn write_one(staging: &Path, f: &OutputFile) -> Result<(), Diagnostic> {
    let path = staging.join(&f.path);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| write_error(dir, &e))?;
    }
    std::fs::write(&path, &f.bytes).map_err(|e| write_error(&path, &e))
}

fn finish_tree(staging: &Path) -> Result<(), Diagnostic> {
    let marker = staging.join(MARKER);
    std::fs::write(
        &marker,
        "This folder was written by syllabus and is replaced by every build.\n",
    )
    .map_err(|e| write_error(&marker, &e))
}

fn is_replaceable(target: &Path) -> bool {
    target.join(MARKER).is_file() || std::fs::read_dir(target).is_ok_and(|mut d| d.next().is_none())
}

/// Cleans up after builds that were killed: restores an output moved aside by a swap that
/// never finished, and removes staging and old folders whose process is gone.
fn recover(parent: &Path, target: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let mut leftovers: Vec<(std::path::PathBuf, bool)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let file = e.file_name().to_string_lossy().into_owned();
            let rest = file.strip_prefix(&format!(".{name}."))?;
            let (kind, pid) = rest.split_once('-')?;
            let pid: u32 = pid.parse().ok()?;
            let is_old = match kind {
                "old" => true,
                "staging" => false,
                _ => return None,
            };
            (!is_running(pid)).then(|| (e.path(), is_old))
        })
        .collect();
    leftovers.sort();
    for (path, is_old) in leftovers {
        if is_old && !target.exists() && is_replaceable(&path) {
            let _ = std::fs::rename(&path, target);
        } else {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

/// Is process `pid` alive? Unknown (not Linux) counts as alive: its folders are left alone.
fn is_running(pid: u32) -> bool {
    pid == std::process::id()
        || !cfg!(target_os = "linux")
        || Path::new(&format!("/proc/{pid}")).exists()
}

/// Puts the new output in place of the old one. On Linux the two folders are exchanged in one
/// step (`renameat2` with `RENAME_EXCHANGE`), so the target never goes missing, even for a
/// moment; elsewhere the old one is moved aside first.
fn swap(staging: &Path, target: &Path, parent: &Path, name: &str) -> Result<(), Diagnostic> {
    if !target.exists() {
        return std::fs::rename(staging, target).map_err(|e| write_error(target, &e));
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        if renameat_with(CWD, staging, CWD, target, RenameFlags::EXCHANGE).is_ok() {
            // `staging` now holds the previous output.
            let _ = std::fs::remove_dir_all(staging);
            return Ok(());
        }
    }
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    std::fs::rename(target, &old).map_err(|e| write_error(target, &e))?;
    if let Err(e) = std::fs::rename(staging, target) {
        let _ = std::fs::rename(&old, target);
        return Err(write_error(target, &e));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

fn write_error(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(Code::WriteFailed, format!("cannot write: {e}")).in_file(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.to_string(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn writes_then_replaces_previous_output() -> Result<(), Box<dyn std::error::Error>> {
        let tmp = tempfile::tempdir()?;
        let out = tmp.path().join("public");
        commit(&out, &[file("a/index.html", "one"), file("old.html", "x")])
            .map_err(|d| d.message)?;
        commit(&out, &[file("a/index.html", "two")]).map_err(|d| d.message)?;
        assert_eq!(std::fs::read_to_string(out.join("a/index.html"))?, "two");
        assert!(!out.join("old.html").exists());
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path())?.collect();
        assert_eq!(leftovers.len(), 1, "staging or old folders left behind");
        Ok(())
    }

    #[test]
    fn refuses_to_replace_a_foreign_folder() -> Result<(), Box<dyn std::error::Error>> {
        let tmp = tempfile::tempdir()?;
        std::fs::write(tmp.path().join("precious.txt"), "keep")?;
        let err = commit(tmp.path(), &[file("index.html", "x")])
            .err()
            .map(|d| d.code);
        assert_eq!(err, Some(Code::WriteFailed));
        assert_eq!(
            std::fs::read_to_string(tmp.path().join("precious.txt"))?,
            "keep"
        );
        Ok(())
    }
}
