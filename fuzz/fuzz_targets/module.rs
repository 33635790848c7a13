//! A whole module file (front matter, Markdown, custom blocks), parsed and rendered.
#![no_main]
use libfuzzer_sys::fuzz_target;
#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        common::parse_and_render(text);
    }
});
