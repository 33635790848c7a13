//! Markdown bodies with the custom blocks, under a fixed valid front matter.
#![no_main]
use libfuzzer_sys::fuzz_target;
#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    if let Ok(body) = std::str::from_utf8(data) {
        common::parse_and_render(&format!(
            "---\ntitle: Fuzz\nkind: sop\nversion: 1.0.0\n---\n\n{body}"
        ));
    }
});
