//! File watching for `serve`: notify events, debounced so an editor's save storm (temp file,
//! rename, chmod) becomes one rebuild. Access events are dropped: the rebuild itself opens and
//! reads files, and reacting to that would rebuild forever. Hidden, backup and swap files are
//! ignored.

use crate::content::discover::is_ignored;
use notify::{Event, EventKind, RecursiveMode, Watcher as _};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// Long enough to coalesce a save, short enough to feel instant.
const DEBOUNCE: Duration = Duration::from_millis(30);

pub type Watcher = notify::RecommendedWatcher;

/// Paths changed together, and when they settled: a rebuild's time counts from there, so time
/// the batch waits for the rebuild loop counts too.
pub struct Batch {
    pub at: Instant,
    pub paths: Vec<PathBuf>,
}

/// Watches `paths` (folders recursively, files alone) and sends batches of changed paths.
pub fn watch(
    paths: &[PathBuf],
    ignore_under: Vec<PathBuf>,
    tx: Sender<Batch>,
) -> notify::Result<Watcher> {
    let (raw_tx, raw_rx) = channel::<Vec<PathBuf>>();
    let mut watcher = notify::recommended_watcher(move |result: notify::Result<Event>| {
        if let Ok(event) = result {
            if is_change(&event.kind) {
                let _ = raw_tx.send(event.paths);
            }
        }
    })?;
    for path in paths {
        let mode = if path.is_dir() {
            RecursiveMode::Recursive
        } else {
            RecursiveMode::NonRecursive
        };
        if path.exists() {
            watcher.watch(path, mode)?;
        }
    }
    std::thread::spawn(move || {
        while let Ok(first) = raw_rx.recv() {
            let mut batch = first;
            loop {
                match raw_rx.recv_timeout(DEBOUNCE) {
                    Ok(more) => batch.extend(more),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            batch.retain(|p| is_relevant(p, &ignore_under));
            batch.sort();
            batch.dedup();
            let batch = Batch {
                at: Instant::now(),
                paths: batch,
            };
            if !batch.paths.is_empty() && tx.send(batch).is_err() {
                return;
            }
        }
    });
    Ok(watcher)
}

fn is_change(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any
    )
}

fn is_relevant(path: &Path, ignore_under: &[PathBuf]) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    !is_ignored(&name) && !ignore_under.iter().any(|i| path.starts_with(i))
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind};

    #[test]
    fn reads_are_not_changes() {
        assert!(!is_change(&EventKind::Access(AccessKind::Any)));
        assert!(is_change(&EventKind::Create(CreateKind::File)));
    }

    #[test]
    fn swap_files_and_output_are_ignored() {
        let out = vec![PathBuf::from("/p/public")];
        assert!(!is_relevant(Path::new("/p/content/.a.md.swp"), &out));
        assert!(!is_relevant(Path::new("/p/public/en/index.html"), &out));
        assert!(is_relevant(Path::new("/p/content/a.md"), &out));
    }
}
