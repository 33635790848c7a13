//! The two tabular formats (`csv` and `moodle`) read with the `csv` crate: quoting, embedded
//! delimiters and newlines, a BOM, cells trimmed, rows of any length. Each record comes with
//! where it starts in the file as given (the BOM counted); one that cannot be read comes as a
//! `Rejected` row at the same place.

use super::{Loc, Rejected};
use ::csv::{Position, ReaderBuilder, StringRecord, StringRecordsIntoIter};

/// The header, lowercased, and then the records. `Err` when the header itself cannot be read;
/// `unreadable` names a record that cannot be ("not a CSV row").
pub(super) fn read<'a>(
    file: &'a str,
    text: &'a str,
    delimiter: u8,
    unreadable: &'a str,
) -> Result<(Vec<String>, Records<'a>), String> {
    let body = text.trim_start_matches('\u{feff}');
    let mut reader = ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(::csv::Trim::All)
        .from_reader(body.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| format!("the header row cannot be read: {e}"))?
        .iter()
        .map(str::to_lowercase)
        .collect();
    let records = Records {
        file,
        bom: text.len() - body.len(),
        unreadable,
        inner: reader.into_records(),
    };
    Ok((header, records))
}

/// Each record with where it starts, or the row it could not be read as.
pub(super) struct Records<'a> {
    file: &'a str,
    /// Bytes of the BOM: the crate counts from where it started reading, after it.
    bom: usize,
    unreadable: &'a str,
    inner: StringRecordsIntoIter<&'a [u8]>,
}

impl Records<'_> {
    fn at(&self, p: Option<&Position>) -> Loc {
        Loc {
            file: self.file.to_string(),
            line: p.map_or(0, |p| p.line() as usize),
            offset: p.map_or(0, |p| p.byte() as usize + self.bom),
        }
    }
}

impl Iterator for Records<'_> {
    type Item = Result<(Loc, StringRecord), Rejected>;

    fn next(&mut self) -> Option<Self::Item> {
        Some(match self.inner.next()? {
            Ok(record) => Ok((self.at(record.position()), record)),
            Err(e) => Err(Rejected {
                at: self.at(e.position()),
                reason: format!("{}: {e}", self.unreadable),
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::read;

    #[test]
    fn records_are_placed_in_the_text_as_given_bom_included() {
        let text = "\u{feff}Record,Learner\nresponse,\"a\nb\"\nattempt,c\n";
        let (header, records) =
            read("r.csv", text, b',', "not a CSV row").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(header, ["record", "learner"]);
        let placed: Vec<(usize, &str, String)> = records
            .map(|r| r.unwrap_or_else(|r| panic!("{}", r.reason)))
            .map(|(at, record)| (at.line, &text[at.offset..], record.iter().collect()))
            .map(|(line, rest, cells)| (line, rest.lines().next().unwrap_or_default(), cells))
            .collect();
        assert_eq!(
            placed,
            [
                (2, "response,\"a", "responsea\nb".to_string()),
                (4, "attempt,c", "attemptc".to_string()),
            ]
        );
    }
}
