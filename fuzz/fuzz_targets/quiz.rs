//! The YAML of quiz, case and acknowledge blocks, in a calibration module and an assessment.
#![no_main]
use libfuzzer_sys::fuzz_target;
#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(yaml) = std::str::from_utf8(data) else { return };
    for (kind, block) in [("calibration", "case"), ("sop", "quiz"), ("briefing", "acknowledge")] {
        common::parse_and_render(&format!(
            "---\ntitle: Fuzz\nkind: {kind}\nversion: 1.0.0\n---\n\n## Scope {{#scope}}\n\n```{block}\n{yaml}\n```\n"
        ));
    }
    common::parse_and_render(&format!(
        "---\ntitle: Fuzz\nkind: assessment\nversion: 1.0.0\npass_mark: 50\n---\n\n```quiz\n{yaml}\n```\n"
    ));
});
