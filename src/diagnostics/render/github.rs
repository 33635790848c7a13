//! GitHub Actions workflow commands, so problems show inline in a pull request:
//! `::error file=content/a.md,line=3,col=1,title=SY0104::unknown front-matter key`.

use super::super::{Diagnostic, Severity};

pub fn write_all(out: &mut dyn std::io::Write, diagnostics: &[Diagnostic]) -> std::io::Result<()> {
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = Vec::new();
        if let Some(path) = d.file_path() {
            props.push(format!(
                "file={}",
                property(&path.to_string_lossy().replace('\\', "/"))
            ));
        }
        if let Some((line, col)) = d.line_col() {
            props.push(format!("line={line}"));
            props.push(format!("col={col}"));
        }
        props.push(format!("title={}", d.code));
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        writeln!(out, "::{level} {}::{}", props.join(","), data(&message))?;
    }
    Ok(())
}

/// Escaping of the message part, as the runner expects.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping of a property value: also `:` and `,`.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Code, SourceText, Span};
    use std::sync::Arc;

    #[test]
    fn annotation_has_location_title_and_escaped_message() {
        let file = Arc::new(SourceText {
            path: "content/a,b.md".into(),
            text: "x\nyz".into(),
        });
        let d = Diagnostic::error(Code::UnknownKey, "50% wrong")
            .at(Span::new(&file, 3, 4))
            .with_help("fix: it");
        let mut out = Vec::new();
        write_all(&mut out, &[d]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            String::from_utf8_lossy(&out),
            "::error file=content/a%2Cb.md,line=2,col=2,title=SY0104::50%25 wrong%0Ahelp: fix: it\n"
        );
    }
}
