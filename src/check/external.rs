//! `check --external`: every http(s) link in the content is requested once (HEAD, then GET when
//! a server refuses HEAD). Off by default: build machines often have no internet.

use crate::content::model::{Course, LinkTarget};
use crate::diagnostics::{Code, Diagnostic};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::time::Duration;

/// Requests at once: the work is waiting on the network, not the CPU.
const PARALLEL: usize = 8;

pub fn check(course: &Course, timeout: Duration) -> Vec<Diagnostic> {
    let mut by_url: BTreeMap<&str, Vec<&crate::content::model::Link>> = BTreeMap::new();
    for m in &course.modules {
        for link in &m.links {
            let is_http =
                link.written.starts_with("http://") || link.written.starts_with("https://");
            if link.target == LinkTarget::External && is_http {
                by_url.entry(link.written.as_str()).or_default().push(link);
            }
        }
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .build()
        .into();
    let urls: Vec<&str> = by_url.keys().copied().collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(PARALLEL)
        .build();
    let run = || -> Vec<(&str, Result<(), String>)> {
        urls.par_iter()
            .map(|&url| (url, probe(&agent, url)))
            .collect()
    };
    let results = match pool {
        Ok(pool) => pool.install(run),
        Err(_) => run(),
    };
    let mut diags = Vec::new();
    for (url, result) in results {
        if let Err(why) = result {
            for link in by_url.get(url).into_iter().flatten() {
                diags.push(
                    Diagnostic::warning(Code::ExternalLink, format!("external link {url} failed: {why}"))
                        .at(link.span.clone())
                        .with_help("update or remove the link; if the site is only reachable from another network, set `check: {SY0307: off}`"),
                );
            }
        }
    }
    diags
}

fn probe(agent: &ureq::Agent, url: &str) -> Result<(), String> {
    let status = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| match r {
        Ok(resp) => Ok(resp.status().as_u16()),
        Err(ureq::Error::Timeout(_)) => Err("no answer within the --timeout".to_string()),
        Err(e) => Err(e.to_string()),
    };
    let mut code = status(agent.head(url).call())?;
    // Some servers refuse HEAD (405) or treat it as forbidden; ask properly before blaming the link.
    if code == 405 || code == 403 || code == 501 {
        code = status(agent.get(url).call())?;
    }
    if (200..400).contains(&code) {
        Ok(())
    } else {
        Err(format!("HTTP status {code}"))
    }
}
