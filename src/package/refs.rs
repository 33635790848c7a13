//! Which files a page uses: the relative `href`/`src` of its HTML and the `url()` of its CSS,
//! resolved to package paths. A package carries exactly the files its SCOs use.

/// Package paths referenced from the file at `from` (HTML or CSS).
pub fn references(from: &str, text: &str) -> Vec<String> {
    let mut raw = Vec::new();
    if from.ends_with(".css") {
        let mut rest = text;
        while let Some(i) = rest.find("url(") {
            rest = &rest[i + 4..];
            let end = rest.find(')').unwrap_or(rest.len());
            raw.push(rest[..end].trim().trim_matches(['"', '\'']).to_string());
            rest = &rest[end..];
        }
    } else {
        for attr in ["href=\"", "src=\""] {
            let mut rest = text;
            while let Some(i) = rest.find(attr) {
                rest = &rest[i + attr.len()..];
                let end = rest.find('"').unwrap_or(rest.len());
                raw.push(rest[..end].replace("&amp;", "&"));
                rest = &rest[end..];
            }
        }
    }
    let mut out: Vec<String> = raw.iter().filter_map(|r| resolve(from, r)).collect();
    out.sort();
    out.dedup();
    out
}

/// `../../theme/style.css` from `en/x/index.html` -> `theme/style.css`; `None` for links that
/// are not files of the package (anchors, absolute URLs, `data:`).
pub fn resolve(from: &str, reference: &str) -> Option<String> {
    let path = reference.split(['#', '?']).next().unwrap_or_default();
    if path.is_empty() || path.starts_with('/') || path.contains("//") || path.contains(':') {
        return None;
    }
    let mut parts: Vec<String> = from.split('/').map(str::to_string).collect();
    parts.pop();
    for part in percent_decode(path).split('/') {
        match part {
            "." | "" => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p.to_string()),
        }
    }
    Some(parts.join("/"))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_references_of_html() {
        let html = r##"<link href="../../theme/style.css"><a href="#x">x</a><img src="../../assets/flow%20chart.1a.svg"><a href="https://example.org/">e</a><a href="index.html#top">t</a>"##;
        assert_eq!(
            references("en/m/index.html", html),
            vec![
                "assets/flow chart.1a.svg".to_string(),
                "en/m/index.html".to_string(),
                "theme/style.css".to_string()
            ]
        );
    }

    #[test]
    fn resolves_css_urls_and_refuses_escapes() {
        assert_eq!(
            references("theme/style.css", "a{background:url('img/a.png')}"),
            vec!["theme/img/a.png".to_string()]
        );
        assert_eq!(resolve("index.html", "../../etc/passwd"), None);
        assert_eq!(resolve("a/index.html", "data:image/png;base64,xx"), None);
    }
}
