//! The one error type that reaches the user.
//!
//! Every stage returns `Diagnostic`s instead of bailing out; the driver merges, sorts and prints
//! them with one of the renderers in `render/`. Positions are byte offsets into the whole source
//! file (`Span`); `LineIndex` turns them into 1-based line:column only when printing.

pub mod codes;
pub mod line_index;
pub mod render;
pub mod suggest;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use codes::Code;
pub use line_index::LineIndex;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A source file as read from disk: its path (relative to the project root for display) and text.
#[derive(Debug)]
pub struct SourceText {
    pub path: PathBuf,
    pub text: String,
}

/// A byte range in one source file. The file is shared so a diagnostic can print its line.
#[derive(Debug, Clone)]
pub struct Span {
    pub file: Arc<SourceText>,
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(file: &Arc<SourceText>, start: usize, end: usize) -> Span {
        let len = file.text.len();
        let start = start.min(len);
        Span {
            file: Arc::clone(file),
            start,
            end: end.clamp(start, len),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// Where in a source file, when the problem has a position.
    pub span: Option<Span>,
    /// The file concerned when there is no span (unreadable file, write failure).
    pub path: Option<PathBuf>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            span: None,
            path: None,
            help: None,
        }
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn at(mut self, span: Span) -> Diagnostic {
        self.span = Some(span);
        self
    }

    pub fn in_file(mut self, path: impl AsRef<Path>) -> Diagnostic {
        self.path = Some(path.as_ref().to_path_buf());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The file this diagnostic is about, if any.
    pub fn file_path(&self) -> Option<&Path> {
        match &self.span {
            Some(span) => Some(&span.file.path),
            None => self.path.as_deref(),
        }
    }

    /// 1-based (line, column) of the span start, columns counted in characters.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        self.span
            .as_ref()
            .map(|s| LineIndex::new(&s.file.text).line_col(&s.file.text, s.start))
    }

    fn sort_key(&self) -> (Option<&Path>, usize, usize, Code) {
        let (line, col) = self.line_col().unwrap_or((0, 0));
        (self.file_path(), line, col, self.code)
    }
}

/// What `check:` in syllabus.yaml sets a code to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Off,
}

/// Applies per-code levels from the configuration, then `--strict` (warnings become errors).
pub fn adjust(
    diagnostics: Vec<Diagnostic>,
    levels: &std::collections::BTreeMap<Code, Level>,
    strict: bool,
) -> Vec<Diagnostic> {
    diagnostics
        .into_iter()
        .filter_map(|mut d| {
            match levels.get(&d.code) {
                Some(Level::Off) => return None,
                Some(Level::Error) => d.severity = Severity::Error,
                Some(Level::Warning) => d.severity = Severity::Warning,
                None => {}
            }
            if strict {
                d.severity = Severity::Error;
            }
            Some(d)
        })
        .collect()
}

/// Sorts diagnostics by (path, line, column, code) so output is stable whatever order the
/// parallel stages produced them in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        a.sort_key()
            .cmp(&b.sort_key())
            .then_with(|| a.message.cmp(&b.message))
    });
}

pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}
