//! `syllabus serve`: build in memory, serve on loopback, rebuild what a change touches, and
//! tell open tabs to reload.
//!
//! http.rs answers requests, watch.rs turns file events into batches, session.rs rebuilds
//! (patch.rs patches the course in place, affected.rs picks the pages to render), indexer.rs
//! rebuilds the search index after the pages, reload.rs carries the news to the browser.

mod affected;
pub mod http;
mod indexer;
mod patch;
pub mod preview;
pub mod reload;
pub mod session;
pub mod watch;

use crate::config::CONFIG_FILE;
use reload::{Event, Hub};
use session::Session;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, RwLock};
use std::time::Instant;

/// First port tried when none is given, then the next ones.
pub const DEFAULT_PORT: u16 = 1111;
const PORTS_TO_TRY: u16 = 50;

pub struct Options {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: Option<u16>,
    pub open: bool,
}

#[derive(Debug)]
pub enum ServeError {
    /// The address could not be bound (a usage problem: another port or address is needed).
    Bind(String),
    Watch(String),
}

/// Runs until the process is stopped.
pub fn run(opts: &Options) -> Result<(), ServeError> {
    let started = Instant::now();
    // File events carry absolute paths; compare them with absolute project paths.
    let root = std::fs::canonicalize(&opts.root).map_err(|e| {
        ServeError::Bind(format!(
            "cannot open the project folder {}: {e}",
            opts.root.display()
        ))
    })?;
    let opts = &Options { root, ..*opts };
    let session = Session::new(&opts.root);
    report_build(&session, started, "initial build", true);
    let watched = watched_paths(&opts.root, &session);
    let ignore = session
        .settings()
        .map(|s| vec![s.output_dir.clone()])
        .unwrap_or_default();
    let shared = Arc::new(http::Shared {
        session: RwLock::new(session),
        hub: Hub::default(),
    });
    // Watch before serving: an edit made as soon as the first page loads must not be missed.
    let (tx, rx) = mpsc::channel();
    let _watcher =
        watch::watch(&watched, ignore, tx).map_err(|e| ServeError::Watch(e.to_string()))?;
    let (listener, addr) = bind(opts)?;
    println!(
        "Serving {} at http://{addr}/ (Ctrl+C to stop)",
        opts.root.display()
    );
    if !opts.bind.is_loopback() {
        println!(
            "warning: listening on {}: anyone on your network can read these drafts",
            opts.bind
        );
    }
    if opts.open {
        open_url(&format!("http://{addr}/"));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| ServeError::Bind(format!("cannot start the server: {e}")))?;
    let listener = {
        let _entered = runtime.enter();
        tokio::net::TcpListener::from_std(listener).map_err(|e| ServeError::Bind(e.to_string()))?
    };
    let app = http::router(Arc::clone(&shared));
    runtime.spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            eprintln!("error: the server stopped: {e}");
        }
    });

    let search = indexer::spawn(Arc::clone(&shared));
    for batch in rx {
        let Ok(mut session) = shared.session.write() else {
            break;
        };
        let result = session.rebuild(&batch.paths);
        // From the settled file event to the pages in memory; the search index comes after.
        let ms = batch.at.elapsed().as_secs_f64() * 1000.0;
        let label = describe(&batch.paths, &opts.root);
        if result.ok {
            let what = if result.full {
                "all pages".to_string()
            } else {
                format!("{} page(s)", result.pages)
            };
            println!("Rebuilt {what} in {ms:.1} ms ({label})");
            let job = session.search_job();
            drop(session);
            shared.hub.broadcast(&Event::Reload);
            if let Some(job) = job {
                // The thread ends only with the process; a failed send leaves the old index.
                let _ = search.send(job);
            }
        } else {
            report_build(&session, batch.at, &label, false);
            let text = http::errors_text(&session);
            drop(session);
            shared.hub.broadcast(&Event::Errors(text));
        }
    }
    Ok(())
}

fn report_build(session: &Session, started: Instant, label: &str, initial: bool) {
    let mut diags = session.diagnostics.clone();
    if !diags.is_empty() {
        crate::commands::report(&mut diags, crate::diagnostics::render::Format::Human);
    }
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if session.has_errors() {
        println!("Build failed ({label}, {ms:.1} ms): serving the last good build; the page shows the errors");
    } else if initial {
        let pages = session
            .files
            .keys()
            .filter(|p| p.ends_with(".html"))
            .count();
        println!("Built {pages} pages in {ms:.1} ms");
    }
}

fn watched_paths(root: &Path, session: &Session) -> Vec<PathBuf> {
    let mut paths = vec![
        root.join(CONFIG_FILE),
        root.join("content"),
        root.join(crate::content::discover::VERSIONS_DIR),
    ];
    if let Some(theme) = session.settings().and_then(|s| s.theme_dir.clone()) {
        paths.push(theme);
    }
    paths
}

/// Binds synchronously so a busy port can be skipped (or reported) before anything starts.
fn bind(opts: &Options) -> Result<(std::net::TcpListener, SocketAddr), ServeError> {
    let ports: Vec<u16> = match opts.port {
        Some(p) => vec![p],
        None => (DEFAULT_PORT..DEFAULT_PORT + PORTS_TO_TRY).collect(),
    };
    let mut last = String::new();
    for port in ports {
        let addr = SocketAddr::new(opts.bind, port);
        match std::net::TcpListener::bind(addr).and_then(|l| l.set_nonblocking(true).map(|()| l)) {
            Ok(listener) => return Ok((listener, addr)),
            Err(e) => last = format!("cannot listen on {addr}: {e}"),
        }
    }
    Err(ServeError::Bind(last))
}

fn describe(changed: &[PathBuf], root: &Path) -> String {
    let names: Vec<String> = changed
        .iter()
        .take(3)
        .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
        .collect();
    let more = changed.len().saturating_sub(3);
    if more > 0 {
        format!("{} and {more} more", names.join(", "))
    } else {
        names.join(", ")
    }
}

pub fn open_url(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(program)
        .arg(url)
        .spawn()
        .is_err()
    {
        println!("could not open a browser; visit {url}");
    }
}
