//! `imsmanifest.xml` for SCORM 1.2: IMS Content Packaging 1.1.2 with the adlcp 1.2 extensions
//! and IMS Metadata 1.2.1 (LOM) for title, description, language, version and keywords.

use super::manifest::{escape, write_resources, Manifest};
use std::fmt::Write;

pub fn write(m: &Manifest) -> String {
    let p = m.plan;
    let lang = escape(&p.locale);
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        x,
        "<manifest identifier=\"{}\" version=\"{}\" xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\" xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\" xmlns:imsmd=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd\">",
        m.identifier(),
        p.version
    );
    x.push_str(
        "  <metadata>\n    <schema>ADL SCORM</schema>\n    <schemaversion>1.2</schemaversion>\n",
    );
    x.push_str("    <imsmd:lom>\n      <imsmd:general>\n");
    let _ = writeln!(
        x,
        "        <imsmd:identifier>sha256:{}</imsmd:identifier>",
        m.content_hash
    );
    let _ = writeln!(
        x,
        "        <imsmd:title><imsmd:langstring xml:lang=\"{lang}\">{}</imsmd:langstring></imsmd:title>",
        escape(&p.title)
    );
    let _ = writeln!(x, "        <imsmd:language>{lang}</imsmd:language>");
    let _ = writeln!(
        x,
        "        <imsmd:description><imsmd:langstring xml:lang=\"{lang}\">{}</imsmd:langstring></imsmd:description>",
        escape(&p.description)
    );
    for k in &m.keywords {
        let _ = writeln!(
            x,
            "        <imsmd:keyword><imsmd:langstring xml:lang=\"{lang}\">{}</imsmd:langstring></imsmd:keyword>",
            escape(k)
        );
    }
    x.push_str("      </imsmd:general>\n      <imsmd:lifecycle>\n");
    let _ = writeln!(
        x,
        "        <imsmd:version><imsmd:langstring xml:lang=\"x-none\">{}</imsmd:langstring></imsmd:version>",
        p.version
    );
    x.push_str("      </imsmd:lifecycle>\n    </imsmd:lom>\n  </metadata>\n");
    let org = m.organization_id();
    let _ = writeln!(x, "  <organizations default=\"{org}\">");
    let _ = writeln!(x, "    <organization identifier=\"{org}\">");
    let _ = writeln!(x, "      <title>{}</title>", escape(&p.title));
    for sco in &m.scos {
        let _ = writeln!(
            x,
            "      <item identifier=\"{}\" identifierref=\"{}\" isvisible=\"true\">",
            sco.item_id(),
            sco.resource_id()
        );
        let _ = writeln!(x, "        <title>{}</title>", escape(&sco.title));
        if let Some(mastery) = sco.mastery {
            let _ = writeln!(
                x,
                "        <adlcp:masteryscore>{mastery}</adlcp:masteryscore>"
            );
        }
        x.push_str("      </item>\n");
    }
    x.push_str("    </organization>\n  </organizations>\n");
    write_resources(&mut x, m, "adlcp:scormtype");
    x.push_str("</manifest>\n");
    x
}
