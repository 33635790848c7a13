//! Human-readable diagnostics: the offending line, a caret under the problem and the fix.
//!
//! Drawing is delegated to codespan-reporting (the renderer used by several Rust compilers and
//! linters) so the layout of source snippets, carets and notes is the well-tested one.

use super::super::{Diagnostic, Severity};
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor};

pub fn write_all(
    out: &mut dyn std::io::Write,
    diagnostics: &[Diagnostic],
    color: bool,
) -> std::io::Result<()> {
    let config = term::Config::default();
    let mut buffer = if color {
        termcolor::Buffer::ansi()
    } else {
        termcolor::Buffer::no_color()
    };
    for d in diagnostics {
        write_one(&mut buffer, &config, d)?;
    }
    out.write_all(buffer.as_slice())
}

fn write_one(
    buffer: &mut termcolor::Buffer,
    config: &term::Config,
    d: &Diagnostic,
) -> std::io::Result<()> {
    let base = match d.severity {
        Severity::Error => CsDiagnostic::error(),
        Severity::Warning => CsDiagnostic::warning(),
    }
    .with_code(d.code.as_str());
    let notes: Vec<String> = d.help.iter().map(|h| format!("help: {h}")).collect();
    match &d.span {
        Some(span) => {
            let path = span.file.path.to_string_lossy().replace('\\', "/");
            // codespan would count a UTF-8 byte-order mark as a column; show the text without it.
            let text = span.file.text.as_str();
            let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
            let file = SimpleFile::new(path, &text[bom..]);
            let range = span.start.saturating_sub(bom)..span.end.saturating_sub(bom);
            let diagnostic = base
                .with_message(&d.message)
                .with_labels(vec![Label::primary((), range)])
                .with_notes(notes);
            term::emit(buffer, config, &file, &diagnostic).map_err(std::io::Error::other)
        }
        None => {
            let message = match &d.path {
                Some(p) => format!("{}: {}", p.to_string_lossy().replace('\\', "/"), d.message),
                None => d.message.clone(),
            };
            let file = SimpleFile::new(String::new(), "");
            let diagnostic = base.with_message(message).with_notes(notes);
            term::emit(buffer, config, &file, &diagnostic).map_err(std::io::Error::other)
        }
    }
}
