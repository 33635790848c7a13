//! HTTP for `serve`, on axum (the well-kept tokio HTTP stack; an earlier version on tiny_http
//! sometimes left a browser's request unanswered): static pages from memory, the live-reload
//! endpoints, and nothing else.
//!
//! Only the in-memory site is served, so a request can never reach the disk; paths with `..`
//! in any spelling are refused all the same.

use super::reload::{Event, Hub, LIVE_JS};
use super::session::Session;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::sse::{KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::convert::Infallible;
use std::sync::{Arc, RwLock};
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::StreamExt;

/// Sent with every response. The built site needs nothing more than its own files, so the same
/// policy can be used when hosting it (see the README).
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

const LIVE_PATH: &str = "/__syllabus/live.js";

pub struct Shared {
    pub session: RwLock<Session>,
    pub hub: Hub,
}

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/__syllabus/events", get(events))
        .route(
            LIVE_PATH,
            get(|| async {
                respond(
                    StatusCode::OK,
                    "text/javascript; charset=utf-8",
                    LIVE_JS.into(),
                )
            }),
        )
        .route("/__syllabus/status", get(status))
        .fallback(get(page))
        .with_state(shared)
}

async fn status(State(shared): State<Arc<Shared>>) -> Response {
    let errors = shared
        .session
        .read()
        .map(|s| errors_text(&s))
        .unwrap_or_default();
    let body = serde_json::json!({ "errors": errors }).to_string();
    respond(StatusCode::OK, "application/json", body.into_bytes())
}

async fn events(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    let stream = BroadcastStream::new(shared.hub.subscribe())
        .filter_map(|e| e.ok().map(|e| Ok::<_, Infallible>(sse_event(&e))));
    Sse::new(stream).keep_alive(KeepAlive::default())
}

fn sse_event(e: &Event) -> axum::response::sse::Event {
    match e {
        Event::Reload => axum::response::sse::Event::default()
            .event("reload")
            .data("{}"),
        Event::Errors(text) => axum::response::sse::Event::default()
            .event("errors")
            .data(serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())),
    }
}

/// The diagnostics of a broken build as plain text; empty when the build is good.
pub fn errors_text(session: &Session) -> String {
    if !session.has_errors() {
        return String::new();
    }
    let mut diags = session.diagnostics.clone();
    crate::diagnostics::sort(&mut diags);
    let mut out = Vec::new();
    let _ = crate::diagnostics::render::human::write_all(&mut out, &diags, false);
    String::from_utf8_lossy(&out).into_owned()
}

async fn page(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let path = uri.path();
    let key = match site_path(path) {
        Some(k) => k,
        None => {
            return respond(
                StatusCode::BAD_REQUEST,
                "text/plain; charset=utf-8",
                b"Bad request".to_vec(),
            )
        }
    };
    let Ok(session) = shared.session.read() else {
        return respond(
            StatusCode::INTERNAL_SERVER_ERROR,
            "text/plain",
            b"Server error".to_vec(),
        );
    };
    if let Some(bytes) = session.files.get(&key) {
        let ctype = content_type(&key);
        let body = if ctype.starts_with("text/html") {
            inject(bytes)
        } else {
            bytes.to_vec()
        };
        return respond(StatusCode::OK, ctype, body);
    }
    // `/en/module` without the slash: send the browser to the folder so relative links work.
    if !key.ends_with(".html") && session.files.contains_key(&format!("{key}/index.html")) {
        let mut r = respond(StatusCode::MOVED_PERMANENTLY, "text/plain", Vec::new());
        if let Ok(v) = HeaderValue::from_str(&format!("{path}/")) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        return r;
    }
    let (title, text) = if session.files.is_empty() {
        ("syllabus", "<h1>The site has not built yet</h1><p>Fix the errors shown below; this page reloads by itself.</p>")
    } else {
        (
            "Not found",
            "<h1>Not found</h1><p><a href=\"/\">Home</a></p>",
        )
    };
    let body = format!("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body><main>{text}</main><script src=\"{LIVE_PATH}\"></script></body></html>");
    respond(
        StatusCode::NOT_FOUND,
        "text/html; charset=utf-8",
        body.into_bytes(),
    )
}

pub(crate) fn respond(status: StatusCode, ctype: &'static str, body: Vec<u8>) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    r
}

/// URL path -> key of the in-memory site. Percent-decoded, then refused if any segment is `..`,
/// or it contains a backslash or NUL; folders map to their `index.html`.
pub fn site_path(url_path: &str) -> Option<String> {
    let decoded = percent_decode(url_path)?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let mut parts = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return None,
            s => parts.push(s),
        }
    }
    let mut key = parts.join("/");
    if decoded.ends_with('/') || key.is_empty() {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Some(key)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Adds the live-reload script before `</body>`.
pub fn inject(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{LIVE_PATH}\"></script>\n");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

pub(crate) fn content_type(path: &str) -> &'static str {
    match path
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
        .as_str()
    {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_map_to_index_pages() {
        assert_eq!(site_path("/"), Some("index.html".to_string()));
        assert_eq!(site_path("/en/"), Some("en/index.html".to_string()));
        assert_eq!(
            site_path("/en/a/index.html"),
            Some("en/a/index.html".to_string())
        );
        assert_eq!(
            site_path("/assets/flow%20chart.svg"),
            Some("assets/flow chart.svg".to_string())
        );
    }

    #[test]
    fn traversal_is_refused_in_any_spelling() {
        for bad in [
            "/../etc/passwd",
            "/en/../../x",
            "/%2e%2e/x",
            "/%2E%2E%2Fetc",
            "/a\\..\\b",
            "/a%5c..%5cb",
            "/a%00b",
            "/%zz",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn live_script_goes_before_body_end() {
        let out = inject(b"<html><body><p>x</p></body></html>");
        assert_eq!(
            String::from_utf8_lossy(&out),
            "<html><body><p>x</p><script src=\"/__syllabus/live.js\"></script>\n</body></html>"
        );
    }
}
