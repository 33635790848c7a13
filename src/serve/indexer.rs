//! The search index, rebuilt off the rebuild loop: a page edit is served (and reported) first,
//! and the index follows once the saves have settled.
//!
//! At 10,000 modules the index takes seconds of CPU, far more than the pages of an edit; built
//! inline, it would delay the next edit's pages too. Here it runs on its own thread and thread
//! pool, on a snapshot of the parse results (see `SearchJob`), while the loop goes on taking
//! edits; an index made for pages that have changed since is dropped (`install_search`).

use super::http::Shared;
use super::session::SearchJob;
use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::Duration;

/// How long saves must pause before the index is rebuilt: an index for a text that is being
/// saved again would be stale on arrival.
const SETTLE: Duration = Duration::from_millis(300);

/// Starts the indexing thread; send it jobs. It stops when the sender is dropped.
pub fn spawn(shared: Arc<Shared>) -> Sender<SearchJob> {
    let (tx, rx) = channel::<SearchJob>();
    // Leave a core to the rebuild loop and the server where there is more than one.
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get().saturating_sub(1))
        .max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("syllabus-search-{i}"))
        .build()
        .ok();
    std::thread::spawn(move || {
        while let Ok(mut job) = rx.recv() {
            // Only the newest job matters: wait until no newer one comes for a moment.
            loop {
                match rx.recv_timeout(SETTLE) {
                    Ok(newer) => job = newer,
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            let generation = job.generation;
            let result = match &pool {
                Some(pool) => pool.install(|| job.run()),
                None => job.run(),
            };
            match result {
                Ok(files) => {
                    let Ok(mut session) = shared.session.write() else {
                        return;
                    };
                    session.install_search(generation, files);
                }
                // Only the theme's results page template can fail, and a theme change rebuilds
                // everything (and reports it): say it and keep the old index.
                Err(d) => eprintln!("error: the search index was not rebuilt: {}", d.message),
            }
        }
    });
    tx
}
