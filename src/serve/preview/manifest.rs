//! Just enough of an `imsmanifest.xml` to launch its SCOs: the standard, the title and each
//! item's title and launch file. Tolerant: a preview should open any package it can.

pub struct Info {
    pub is2004: bool,
    pub title: String,
    pub items: Vec<Item>,
}

pub struct Item {
    pub id: String,
    pub title: String,
    pub href: String,
}

impl Info {
    pub fn standard_label(&self) -> &'static str {
        if self.is2004 {
            "SCORM 2004"
        } else {
            "SCORM 1.2"
        }
    }
}

pub fn read(xml: &str) -> Info {
    let is2004 = element_text(xml, "schemaversion").is_some_and(|v| v.contains("2004"))
        || xml.contains("adlcp_v1p3");
    let org = xml.find("<organization ").map_or(xml, |i| &xml[i..]);
    let title = element_text(org, "title").unwrap_or_default();
    let mut items = Vec::new();
    let mut rest = org;
    while let Some(i) = rest.find("<item ") {
        rest = &rest[i..];
        let tag_end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..tag_end];
        let id = attribute(tag, "identifier").unwrap_or_default();
        if let Some(res) = attribute(tag, "identifierref") {
            if let Some(href) = resource_href(xml, &res) {
                items.push(Item {
                    title: element_text(&rest[tag_end..], "title").unwrap_or_else(|| id.clone()),
                    id,
                    href,
                });
            }
        }
        rest = &rest[tag_end..];
    }
    Info {
        is2004,
        title,
        items,
    }
}

fn resource_href(xml: &str, id: &str) -> Option<String> {
    let needle = format!("identifier=\"{id}\"");
    let mut rest = xml;
    while let Some(i) = rest.find("<resource ") {
        rest = &rest[i..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        if tag.contains(&needle) {
            return attribute(tag, "href").map(|h| unescape(&h));
        }
        rest = &rest[tag.len()..];
    }
    None
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_string())
}

fn element_text(xml: &str, name: &str) -> Option<String> {
    let open = format!("<{name}>");
    let start = xml.find(&open)? + open.len();
    let end = xml[start..].find(&format!("</{name}>"))? + start;
    Some(unescape(xml[start..end].trim()))
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_items_and_their_launch_files() {
        let xml = r#"<manifest><metadata><schemaversion>2004 4th Edition</schemaversion></metadata>
<organizations default="o"><organization identifier="o"><title>Course &amp; more</title>
<item identifier="i1" identifierref="r1"><title>One</title></item>
<item identifier="i2" identifierref="r2"><title>Two</title></item></organization></organizations>
<resources><resource identifier="r1" type="webcontent" href="en/a/index.html"/><resource identifier="r2" href="en/b/index.html"/></resources></manifest>"#;
        let info = read(xml);
        assert!(info.is2004);
        assert_eq!(info.title, "Course & more");
        let got: Vec<(&str, &str)> = info
            .items
            .iter()
            .map(|i| (i.title.as_str(), i.href.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![("One", "en/a/index.html"), ("Two", "en/b/index.html")]
        );
    }
}
