//! Diagnostic renderers, one per `--format`.

pub mod github;
pub mod human;
pub mod json;

use super::Diagnostic;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
}

/// Writes all diagnostics to `out` in the chosen format.
pub fn write_all(
    out: &mut dyn std::io::Write,
    diagnostics: &[Diagnostic],
    format: Format,
    color: bool,
) -> std::io::Result<()> {
    match format {
        Format::Human => human::write_all(out, diagnostics, color),
        Format::Json => json::write_all(out, diagnostics),
        Format::Github => github::write_all(out, diagnostics),
    }
}
