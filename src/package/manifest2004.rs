//! `imsmanifest.xml` for SCORM 2004 4th Edition: IMS Content Packaging 1.1.4 with adlcp_v1p3,
//! IMS Simple Sequencing (imsss), adlseq and adlnav, and inline IEEE LOM metadata.
//!
//! Sequencing: the learner moves freely (`choice` and `flow`). Every SCO rolls its completion
//! up to the course; only SCOs with a pass mark roll up success, through a primary objective
//! satisfied by the SCO's scaled score against `minNormalizedMeasure`. Module prerequisites
//! are not turned into preconditions: the package keeps the author's order and blocking
//! enrolment is left to the LMS (see the README).

use super::manifest::{escape, write_resources, Manifest};
use std::fmt::Write;

pub fn write(m: &Manifest) -> String {
    let p = m.plan;
    let lang = escape(&p.locale);
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        x,
        "<manifest identifier=\"{}\" version=\"{}\" xmlns=\"http://www.imsglobal.org/xsd/imscp_v1p1\" xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_v1p3\" xmlns:adlseq=\"http://www.adlnet.org/xsd/adlseq_v1p3\" xmlns:adlnav=\"http://www.adlnet.org/xsd/adlnav_v1p3\" xmlns:imsss=\"http://www.imsglobal.org/xsd/imsss\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd\">",
        m.identifier(),
        p.version
    );
    x.push_str("  <metadata>\n    <schema>ADL SCORM</schema>\n    <schemaversion>2004 4th Edition</schemaversion>\n");
    x.push_str("    <lom xmlns=\"http://ltsc.ieee.org/xsd/LOM\">\n      <general>\n");
    let _ = writeln!(
        x,
        "        <identifier><catalog>sha256</catalog><entry>{}</entry></identifier>",
        m.content_hash
    );
    let _ = writeln!(
        x,
        "        <title><string language=\"{lang}\">{}</string></title>",
        escape(&p.title)
    );
    let _ = writeln!(x, "        <language>{lang}</language>");
    let _ = writeln!(
        x,
        "        <description><string language=\"{lang}\">{}</string></description>",
        escape(&p.description)
    );
    for k in &m.keywords {
        let _ = writeln!(
            x,
            "        <keyword><string language=\"{lang}\">{}</string></keyword>",
            escape(k)
        );
    }
    x.push_str("      </general>\n      <lifeCycle>\n");
    let _ = writeln!(
        x,
        "        <version><string language=\"x-none\">{}</string></version>",
        p.version
    );
    x.push_str("      </lifeCycle>\n    </lom>\n  </metadata>\n");
    let org = m.organization_id();
    let _ = writeln!(x, "  <organizations default=\"{org}\">");
    let _ = writeln!(
        x,
        "    <organization identifier=\"{org}\" adlseq:objectivesGlobalToSystem=\"false\">"
    );
    let _ = writeln!(x, "      <title>{}</title>", escape(&p.title));
    for sco in &m.scos {
        let _ = writeln!(
            x,
            "      <item identifier=\"{}\" identifierref=\"{}\">",
            sco.item_id(),
            sco.resource_id()
        );
        let _ = writeln!(x, "        <title>{}</title>", escape(&sco.title));
        x.push_str("        <imsss:sequencing>\n");
        match sco.mastery {
            Some(mastery) => {
                let _ = writeln!(
                    x,
                    "          <imsss:objectives>\n            <imsss:primaryObjective objectiveID=\"{}.mastery\" satisfiedByMeasure=\"true\">\n              <imsss:minNormalizedMeasure>{}</imsss:minNormalizedMeasure>\n            </imsss:primaryObjective>\n          </imsss:objectives>",
                    escape(&sco.module),
                    scaled(mastery)
                );
            }
            None => {
                // Reading a module completes it; it has nothing to pass.
                x.push_str("          <imsss:rollupRules rollupObjectiveSatisfied=\"false\"/>\n");
            }
        }
        x.push_str("          <imsss:deliveryControls completionSetByContent=\"true\" objectiveSetByContent=\"true\"/>\n");
        x.push_str("        </imsss:sequencing>\n      </item>\n");
    }
    x.push_str("      <imsss:sequencing>\n        <imsss:controlMode choice=\"true\" flow=\"true\"/>\n      </imsss:sequencing>\n");
    x.push_str("    </organization>\n  </organizations>\n");
    write_resources(&mut x, m, "adlcp:scormType");
    x.push_str("</manifest>\n");
    x
}

/// A pass mark in percent as a normalized measure: 80 -> `0.8`.
fn scaled(percent: u32) -> String {
    let s = format!("{:.2}", f64::from(percent.min(100)) / 100.0);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() {
        "0".to_string()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::scaled;

    #[test]
    fn pass_marks_become_measures() {
        assert_eq!(scaled(80), "0.8");
        assert_eq!(scaled(75), "0.75");
        assert_eq!(scaled(100), "1");
        assert_eq!(scaled(0), "0");
    }
}
