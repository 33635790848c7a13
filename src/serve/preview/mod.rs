//! `syllabus preview <zip>`: a package in a local LMS-like page. The page provides the SCORM
//! API the package asks for (1.2 or 2004), launches its SCOs in a frame, and shows every API
//! call and the CMI data live, so authors and LMS admins can test before uploading.
//!
//! The zip is read into memory once; only its entries are served (no disk paths), and the
//! learner's data lives in the browser's localStorage, so reloading tests resume.

mod manifest;

use super::http::{content_type, respond, site_path};
use crate::cli::PreviewArgs;
use crate::commands::Outcome;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use std::collections::BTreeMap;
use std::io::Read;
use std::sync::Arc;

const LMS_JS: &str = include_str!("lms.js");
const LMS_CSS: &str = include_str!("lms.css");
const PACKAGE_PREFIX: &str = "/package/";

struct Preview {
    files: BTreeMap<String, Vec<u8>>,
    page: String,
}

pub fn run(args: &PreviewArgs) -> Outcome {
    let files = match read_zip(&args.package) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {}: {e}", args.package.display());
            return Outcome::ContentErrors;
        }
    };
    let Some(info) = files
        .get("imsmanifest.xml")
        .map(|b| manifest::read(&String::from_utf8_lossy(b)))
    else {
        eprintln!(
            "error: {}: there is no imsmanifest.xml at the root of the zip",
            args.package.display()
        );
        return Outcome::ContentErrors;
    };
    let name = args
        .package
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let preview = Arc::new(Preview {
        page: lms_page(&name, &info),
        files,
    });
    let listener = match std::net::TcpListener::bind(("127.0.0.1", args.port))
        .and_then(|l| l.set_nonblocking(true).map(|()| l))
    {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{}: {e}", args.port);
            return Outcome::Usage;
        }
    };
    let addr = listener
        .local_addr()
        .map_or_else(|_| format!("127.0.0.1:{}", args.port), |a| a.to_string());
    println!(
        "Previewing {name} ({}, {} SCO{}) at http://{addr}/ (Ctrl+C to stop)",
        info.standard_label(),
        info.items.len(),
        if info.items.len() == 1 { "" } else { "s" }
    );
    if args.open {
        super::open_url(&format!("http://{addr}/"));
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the server: {e}");
            return Outcome::ContentErrors;
        }
    };
    let app = Router::new()
        .route(
            "/__preview/lms.js",
            get(|| async {
                respond(
                    StatusCode::OK,
                    "text/javascript; charset=utf-8",
                    LMS_JS.into(),
                )
            }),
        )
        .route(
            "/__preview/lms.css",
            get(|| async { respond(StatusCode::OK, "text/css; charset=utf-8", LMS_CSS.into()) }),
        )
        .fallback(get(serve))
        .with_state(preview);
    let result = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        axum::serve(listener, app).await
    });
    match result {
        Ok(()) => Outcome::Success,
        Err(e) => {
            eprintln!("error: the preview server stopped: {e}");
            Outcome::ContentErrors
        }
    }
}

async fn serve(State(preview): State<Arc<Preview>>, uri: Uri) -> Response {
    let path = uri.path();
    if path == "/" || path == "/index.html" {
        return respond(
            StatusCode::OK,
            "text/html; charset=utf-8",
            preview.page.clone().into_bytes(),
        );
    }
    let entry = path
        .strip_prefix(PACKAGE_PREFIX)
        .and_then(|p| site_path(&format!("/{p}")));
    match entry.and_then(|key| preview.files.get(&key).map(|b| (key, b))) {
        Some((key, bytes)) => respond(StatusCode::OK, content_type(&key), bytes.clone()),
        None => respond(
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            b"Not in the package".to_vec(),
        ),
    }
}

/// Every file entry of the zip by its name; refuses names that could escape a folder.
fn read_zip(path: &std::path::Path) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut archive = zip::ZipArchive::new(file).map_err(|e| format!("not a zip: {e}"))?;
    let mut files = BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| e.to_string())?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().to_string();
        if !crate::package::zip::is_safe_entry(&name) {
            return Err(format!("unsafe entry name `{name}`"));
        }
        let mut bytes = Vec::new();
        entry
            .read_to_end(&mut bytes)
            .map_err(|e| format!("{name}: {e}"))?;
        files.insert(name, bytes);
    }
    Ok(files)
}

/// The LMS page: the package's items and standard as JSON for lms.js.
fn lms_page(name: &str, info: &manifest::Info) -> String {
    let config = serde_json::json!({
        "package": name,
        "standard": if info.is2004 { "2004" } else { "1.2" },
        "title": info.title,
        "items": info.items.iter().map(|i| serde_json::json!({
            "id": i.id, "title": i.title, "href": format!("{PACKAGE_PREFIX}{}", i.href),
        })).collect::<Vec<_>>(),
    });
    let config = crate::render::sco::script_json(&config);
    let title = crate::render::highlight::escape(&info.title);
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Preview: {title}</title>\n<link rel=\"stylesheet\" href=\"/__preview/lms.css\">\n</head>\n<body>\n<header class=\"bar\"><h1>Preview: {title}</h1><p class=\"standard\"></p></header>\n<div class=\"layout\">\n<nav class=\"items\" aria-label=\"SCOs\"><ol id=\"items\"></ol>\n<p class=\"controls\"><button type=\"button\" id=\"relaunch\">Leave and relaunch</button> <button type=\"button\" id=\"reset\">Forget learner data</button> <label><input type=\"checkbox\" id=\"failing\"> Failing LMS</label></p></nav>\n<main class=\"player\"><iframe id=\"sco\" title=\"SCO\" src=\"about:blank\"></iframe></main>\n<aside class=\"inspect\"><h2>CMI data</h2><table id=\"cmi\"><thead><tr><th scope=\"col\">Element</th><th scope=\"col\">Value</th></tr></thead><tbody></tbody></table>\n<h2>API calls</h2><ol id=\"log\"></ol></aside>\n</div>\n<script type=\"application/json\" id=\"preview-config\">{config}</script>\n<script src=\"/__preview/lms.js\"></script>\n</body>\n</html>\n"
    )
}
