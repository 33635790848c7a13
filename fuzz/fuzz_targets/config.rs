//! syllabus.yaml: any text gives settings or diagnostics, never a panic or a hang.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use syllabus::diagnostics::SourceText;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let source = Arc::new(SourceText {
        path: PathBuf::from("syllabus.yaml"),
        text: text.to_string(),
    });
    let _ = syllabus::config::parse(Path::new("/p"), &source);
});
