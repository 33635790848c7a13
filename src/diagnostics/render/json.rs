//! One JSON object per line per diagnostic, for CI and editors.

use super::super::Diagnostic;
use serde::Serialize;

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    severity: super::super::Severity,
    code: &'static str,
    message: &'a str,
    help: Option<&'a str>,
}

pub fn write_all(out: &mut dyn std::io::Write, diagnostics: &[Diagnostic]) -> std::io::Result<()> {
    for d in diagnostics {
        let (line, column) = d.line_col().unzip();
        let row = JsonDiagnostic {
            path: d
                .file_path()
                .map(|p| p.to_string_lossy().replace('\\', "/")),
            line,
            column,
            severity: d.severity,
            code: d.code.as_str(),
            message: &d.message,
            help: d.help.as_deref(),
        };
        serde_json::to_writer(&mut *out, &row)?;
        writeln!(out)?;
    }
    Ok(())
}
