//! `syllabus serve`: answers HTTP, rebuilds on change, survives broken saves, injects the
//! live-reload script only when serving, refuses path traversal.

use crate::support::{free_port, Project};
use std::time::{Duration, Instant};

struct Http {
    base: String,
    agent: ureq::Agent,
}

impl Http {
    fn new(port: u16) -> Http {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(Duration::from_secs(5)))
            .build()
            .into();
        Http {
            base: format!("http://127.0.0.1:{port}"),
            agent,
        }
    }

    /// (status, body) of a GET; `None` while the server is not up.
    fn get(&self, path: &str) -> Option<(u16, String)> {
        let mut resp = self
            .agent
            .get(&format!("{}{path}", self.base))
            .call()
            .ok()?;
        let status = resp.status().as_u16();
        let body = resp.body_mut().read_to_string().ok()?;
        Some((status, body))
    }

    fn header(&self, path: &str, name: &str) -> Option<String> {
        let resp = self
            .agent
            .get(&format!("{}{path}", self.base))
            .call()
            .ok()?;
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }

    /// Polls until `ok` holds for the page, or fails after `limit`.
    fn wait_for(&self, path: &str, limit: Duration, ok: impl Fn(u16, &str) -> bool) -> String {
        let start = Instant::now();
        loop {
            if let Some((status, body)) = self.get(path) {
                if ok(status, &body) {
                    return body;
                }
            }
            assert!(
                start.elapsed() < limit,
                "{path} did not reach the expected state within {limit:?}: {:?}",
                self.get(path)
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

const UP: Duration = Duration::from_secs(20);
/// A rebuild is measured in milliseconds; the bound leaves room for a loaded CI machine.
const REBUILD: Duration = Duration::from_secs(5);

#[test]
fn serves_the_site_and_rebuilds_after_an_edit() {
    let project = Project::fixture("build/site");
    let port = free_port();
    let _server = project.spawn(&["serve", "--port", &port.to_string()]);
    let http = Http::new(port);
    let page = http.wait_for("/en/hs-sop/index.html", UP, |s, _| s == 200);
    assert!(page.contains("<h1>Hate speech: triage SOP</h1>"));
    assert!(
        page.contains("<script src=\"/__syllabus/live.js\"></script>\n</body>"),
        "reload script not injected"
    );
    // Folders serve their index page; the root redirect page is there too.
    assert_eq!(http.get("/en/").map(|r| r.0), Some(200));
    assert!(http
        .get("/")
        .is_some_and(|(s, b)| s == 200 && b.contains("en/index.html")));
    assert!(http
        .get("/__syllabus/live.js")
        .is_some_and(|(s, b)| s == 200 && b.contains("EventSource")));

    let path = "content/hate-speech/hs-sop.md";
    project.write(
        path,
        &project
            .read(path)
            .replace("Reports about attacks", "Reports (edited) about attacks"),
    );
    http.wait_for("/en/hs-sop/index.html", REBUILD, |_, b| {
        b.contains("Reports (edited) about attacks")
    });
    // The catalog shows the new title after a title change.
    project.write(
        path,
        &project.read(path).replace(
            "title: \"Hate speech: triage SOP\"",
            "title: \"Hate speech: triage SOP v2\"",
        ),
    );
    http.wait_for("/en/index.html", REBUILD, |_, b| {
        b.contains("Hate speech: triage SOP v2")
    });
    // A new module appears.
    project.write(
        "content/wellbeing/new-module.md",
        "---\ntitle: Brand new\nkind: briefing\nversion: 1.0.0\n---\n\n## Fresh\n",
    );
    http.wait_for("/en/new-module/index.html", REBUILD, |s, b| {
        s == 200 && b.contains("Brand new")
    });
}

/// The texts (what results show) of the index the locale's results page names, lower-cased.
fn search_texts(http: &Http, locale: &str) -> Option<String> {
    let (_, page) = http.get(&format!("/{locale}/search/index.html"))?;
    let at = page.find("data-index=\"../../search/")? + "data-index=\"../../search/".len();
    let meta = page.get(at..at + 16)?;
    let (_, meta) = http.get(&format!("/search/{meta}.js"))?;
    let json = meta.split_once(',')?.1.strip_suffix(");\n")?;
    let meta: serde_json::Value = serde_json::from_str(json).ok()?;
    let mut texts = String::new();
    for name in meta["texts"].as_array()? {
        let (status, text) = http.get(&format!("/search/{}.js", name.as_str()?))?;
        if status != 200 {
            return None;
        }
        texts.push_str(&text.to_lowercase());
    }
    Some(texts)
}

#[test]
fn an_edit_is_served_first_and_the_search_index_catches_up() {
    let project = Project::fixture("build/site");
    let port = free_port();
    let _server = project.spawn(&["serve", "--port", &port.to_string()]);
    let http = Http::new(port);
    http.wait_for("/en/hs-sop/index.html", UP, |s, _| s == 200);
    let before = search_texts(&http, "en").unwrap_or_else(|| panic!("no search index"));
    assert!(before.contains("attacks") && !before.contains("quokkaword"));
    let path = "content/hate-speech/hs-sop.md";
    project.write(
        path,
        &format!("{}\nA quokkaword paragraph.\n", project.read(path)),
    );
    http.wait_for("/en/hs-sop/index.html", REBUILD, |_, b| {
        b.contains("quokkaword")
    });
    // The index follows the pages (after the saves settle), whole: every file the results page
    // leads to is there.
    let start = Instant::now();
    while !search_texts(&http, "en").is_some_and(|t| t.contains("quokkaword")) {
        assert!(
            start.elapsed() < REBUILD,
            "the search index did not catch up within {REBUILD:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_broken_save_keeps_the_last_good_page_and_reports_until_fixed() {
    let project = Project::fixture("build/site");
    let port = free_port();
    let _server = project.spawn(&["serve", "--port", &port.to_string()]);
    let http = Http::new(port);
    http.wait_for("/en/wellbeing-basics/index.html", UP, |s, _| s == 200);
    let path = "content/wellbeing/wellbeing-basics.md";
    let good = project.read(path);
    project.write(path, "---\ntitle: Broken\nkind: sop\n---\n");
    let status = http.wait_for("/__syllabus/status", REBUILD, |_, b| b.contains("SY0105"));
    assert!(
        status.contains("content/wellbeing/wellbeing-basics.md:1:1"),
        "{status}"
    );
    // The last good page is still served.
    let (code, page) = http
        .get("/en/wellbeing-basics/index.html")
        .unwrap_or_else(|| panic!("server died"));
    assert_eq!(code, 200);
    assert!(page.contains("<h1>Wellbeing basics</h1>"));
    project.write(
        path,
        &good.replace("title: Wellbeing basics", "title: Wellbeing basics, fixed"),
    );
    http.wait_for("/__syllabus/status", REBUILD, |_, b| {
        b == "{\"errors\":\"\"}"
    });
    http.wait_for("/en/wellbeing-basics/index.html", REBUILD, |_, b| {
        b.contains("Wellbeing basics, fixed")
    });
}

#[test]
fn refuses_traversal_and_sends_a_content_security_policy() {
    let project = Project::fixture("build/site");
    std::fs::write(project.path().join("secret.txt"), "top secret")
        .unwrap_or_else(|e| panic!("{e}"));
    let port = free_port();
    let _server = project.spawn(&["serve", "--port", &port.to_string()]);
    let http = Http::new(port);
    http.wait_for("/en/index.html", UP, |s, _| s == 200);
    for bad in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/en/%2E%2E/%2e%2e/secret.txt",
        "/..%5csecret.txt",
    ] {
        let (status, body) = http
            .get(bad)
            .unwrap_or_else(|| panic!("no answer for {bad}"));
        assert!(status == 400 || status == 404, "{bad}: {status}");
        assert!(!body.contains("top secret"), "{bad} leaked a file");
    }
    assert_eq!(
        http.get("/secret.txt").map(|r| r.0),
        Some(404),
        "only the built site is served"
    );
    let csp = http
        .header("/en/index.html", "content-security-policy")
        .unwrap_or_default();
    assert!(
        csp.contains("default-src 'self'") && csp.contains("script-src 'self'"),
        "{csp}"
    );
}

#[test]
fn built_output_never_contains_the_reload_script() {
    let project = Project::fixture("build/site");
    project.run(&["build"]).code(0);
    for (path, bytes) in crate::support::tree(&project.path().join("public")) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__syllabus"),
            "{path} has serve-only code"
        );
    }
}

#[test]
fn a_busy_port_given_explicitly_is_a_usage_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
    let port = listener
        .local_addr()
        .unwrap_or_else(|e| panic!("{e}"))
        .port();
    let project = Project::fixture("build/site");
    let run = project.run(&["serve", "--port", &port.to_string()]).code(2);
    assert!(
        run.stderr.contains("cannot listen on 127.0.0.1"),
        "{}",
        run.stderr
    );
}
