//! Deterministic zip archives: entries sorted by path, one fixed timestamp, fixed permissions,
//! no directories, no absolute paths or `..`. The same files give the same bytes.

use crate::output::OutputFile;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Why an archive could not be made (the caller names the package).
#[derive(Debug)]
pub struct ZipError(pub String);

/// Zips `files` in memory.
pub fn archive(files: &[OutputFile]) -> Result<Vec<u8>, ZipError> {
    let mut sorted: Vec<&OutputFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    // 1980-01-01 00:00: the earliest time a zip can hold, and the same for every build.
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for f in sorted {
        if !is_safe_entry(&f.path) {
            return Err(ZipError(format!("unsafe entry name `{}`", f.path)));
        }
        zip.start_file(f.path.as_str(), options)
            .map_err(|e| ZipError(e.to_string()))?;
        zip.write_all(&f.bytes)
            .map_err(|e| ZipError(e.to_string()))?;
    }
    zip.finish()
        .map(Cursor::into_inner)
        .map_err(|e| ZipError(e.to_string()))
}

/// A relative, `/`-separated path with no empty, `.` or `..` part and no backslash.
pub fn is_safe_entry(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.contains(':')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, bytes: &[u8]) -> OutputFile {
        OutputFile {
            path: path.to_string(),
            bytes: bytes.to_vec(),
        }
    }

    #[test]
    fn same_files_in_any_order_give_the_same_bytes() {
        let a = archive(&[file("b.txt", b"2"), file("a/x.html", b"1")]);
        let b = archive(&[file("a/x.html", b"1"), file("b.txt", b"2")]);
        let (Ok(a), Ok(b)) = (a, b) else {
            panic!("archive failed")
        };
        assert_eq!(a, b);
        let mut read = zip::ZipArchive::new(Cursor::new(a)).unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<String> = read.file_names().map(str::to_string).collect();
        assert_eq!(read.len(), 2);
        assert!(names.contains(&"a/x.html".to_string()));
        let entry = read.by_index(0).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(entry.name(), "a/x.html", "entries are sorted");
        assert!(!entry.is_symlink());
    }

    #[test]
    fn refuses_paths_that_escape() {
        for bad in [
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a\\b",
            "C:/x",
            "a//b",
            "",
        ] {
            assert!(!is_safe_entry(bad), "{bad}");
            assert!(archive(&[file(bad, b"")]).is_err(), "{bad}");
        }
        assert!(is_safe_entry("en/hs-sop-triage/index.html"));
    }
}
