//! The stable diagnostic codes. A code, once published, keeps its meaning; a retired code is never
//! reused. The README lists every code (a test keeps the two in step).

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    ConfigUnreadable,
    ConfigSyntax,
    ConfigUnknownKey,
    ConfigInvalid,
    FrontMatterMissing,
    FrontMatterUnterminated,
    FrontMatterSyntax,
    UnknownKey,
    MissingKey,
    InvalidValue,
    DuplicateId,
    InvalidId,
    UnknownRegion,
    SectionInvalid,
    UnknownPrerequisite,
    PrerequisiteCycle,
    BrokenModuleLink,
    BrokenAnchor,
    MissingAsset,
    OutsideRoot,
    DuplicateAnchor,
    BodyH1,
    ExternalLink,
    UnsafeLink,
    StaleTranslation,
    TranslationFixedKey,
    OrphanTranslation,
    MissingUiString,
    UnknownNoteTarget,
    PlacementNotFound,
    ChangedWithoutBump,
    VersionBehindRelease,
    ReleaseInvalid,
    ReleaseExists,
    QuestionInvalid,
    QuestionAnswer,
    DuplicateQuestion,
    CoversUnknown,
    CaseInvalid,
    UnknownQuestionRef,
    AssessmentInvalid,
    PackageInvalid,
    PackageStaleTranslation,
    SuspendDataLimit,
    ResultsFormat,
    ResultsRowInvalid,
    ResultsUnknown,
    ReadFailed,
    WriteFailed,
    TemplateFailed,
}

/// One row of the code table.
pub struct CodeInfo {
    pub code: Code,
    pub id: &'static str,
    pub name: &'static str,
    pub summary: &'static str,
}

macro_rules! table {
    ($($variant:ident $id:literal $name:literal $summary:literal;)*) => {
        /// Every code, in order.
        pub const ALL: &[CodeInfo] = &[
            $(CodeInfo { code: Code::$variant, id: $id, name: $name, summary: $summary },)*
        ];
        impl Code {
            pub fn info(self) -> &'static CodeInfo {
                match self {
                    $(Code::$variant => &ALL[Code::$variant as usize],)*
                }
            }
        }
    };
}

table! {
    ConfigUnreadable "SY0001" "config-unreadable" "syllabus.yaml is missing or cannot be read";
    ConfigSyntax "SY0002" "config-syntax" "syllabus.yaml is not valid YAML";
    ConfigUnknownKey "SY0003" "config-unknown-key" "syllabus.yaml has a key syllabus does not know";
    ConfigInvalid "SY0004" "config-invalid" "a value in syllabus.yaml has the wrong type or form";
    FrontMatterMissing "SY0101" "front-matter-missing" "a module has no YAML front matter";
    FrontMatterUnterminated "SY0102" "front-matter-unterminated" "the front matter has no closing `---` line";
    FrontMatterSyntax "SY0103" "front-matter-syntax" "the front matter is not valid YAML";
    UnknownKey "SY0104" "unknown-key" "the front matter has a key syllabus does not know";
    MissingKey "SY0105" "missing-key" "a required front-matter key is missing";
    InvalidValue "SY0106" "invalid-value" "a front-matter value has the wrong type or form";
    DuplicateId "SY0107" "duplicate-id" "two modules have the same id";
    InvalidId "SY0108" "invalid-id" "an id is not a slug";
    UnknownRegion "SY0109" "unknown-region" "a module names a region not declared in syllabus.yaml";
    SectionInvalid "SY0110" "section-invalid" "a section's _index.md is invalid";
    UnknownPrerequisite "SY0201" "unknown-prerequisite" "a prerequisite names no module";
    PrerequisiteCycle "SY0202" "prerequisite-cycle" "prerequisites form a cycle";
    BrokenModuleLink "SY0301" "broken-module-link" "a link points at a module that does not exist";
    BrokenAnchor "SY0302" "broken-anchor" "a link points at a heading that does not exist";
    MissingAsset "SY0303" "missing-asset" "an image or file referenced by a module does not exist";
    OutsideRoot "SY0304" "outside-root" "a link or image points outside the content folder";
    DuplicateAnchor "SY0305" "duplicate-anchor" "two headings in a module carry the same explicit id";
    BodyH1 "SY0306" "body-h1" "a module body uses a level-1 heading; the title is the page's only h1";
    ExternalLink "SY0307" "external-link" "an external link did not answer with success (checked with `check --external`)";
    UnsafeLink "SY0308" "unsafe-link" "a link or image uses a scheme that could run code (javascript:, data:, vbscript:)";
    StaleTranslation "SY0401" "stale-translation" "a translation was made from an older version of its source";
    TranslationFixedKey "SY0402" "translation-fixed-key" "a translation sets a key that must be the same as its source's";
    OrphanTranslation "SY0403" "orphan-translation" "a translation has no source module next to it";
    MissingUiString "SY0404" "missing-ui-string" "a theme UI string is missing for a locale; the default locale's is used";
    UnknownNoteTarget "SY0405" "unknown-note-target" "a regional note applies to a module that does not exist";
    PlacementNotFound "SY0406" "placement-not-found" "a regional note's placement names a heading the module does not have";
    ChangedWithoutBump "SY0501" "changed-without-bump" "a released module changed but its version did not";
    VersionBehindRelease "SY0502" "version-behind-release" "a module's version is lower than its last release";
    ReleaseInvalid "SY0503" "release-invalid" "a stored release under versions/ cannot be read";
    ReleaseExists "SY0504" "release-exists" "that version of the module is already released";
    QuestionInvalid "SY0601" "question-invalid" "a quiz or acknowledge block is malformed";
    QuestionAnswer "SY0602" "question-answer" "a question's right answer is missing or ambiguous";
    DuplicateQuestion "SY0603" "duplicate-question" "two questions or cases in a module have the same id";
    CoversUnknown "SY0604" "covers-unknown" "a question covers a clause the module does not have";
    CaseInvalid "SY0605" "case-invalid" "a calibration case block is malformed";
    UnknownQuestionRef "SY0606" "unknown-question-ref" "an assessment pulls a question that does not exist";
    AssessmentInvalid "SY0607" "assessment-invalid" "assessment settings are invalid or set on a module that is not an assessment";
    PackageInvalid "SY0701" "package-invalid" "a package definition names a module, section or setting that does not exist";
    PackageStaleTranslation "SY0702" "package-stale-translation" "a package's locale blocks stale translations and one of its modules has one";
    SuspendDataLimit "SY0703" "suspend-data-limit" "a SCO's saved state could exceed the standard's suspend_data limit";
    ResultsFormat "SY0801" "results-format" "a results file is in no format syllabus reads, or lacks a column it needs";
    ResultsRowInvalid "SY0802" "results-row-invalid" "a row of a results file cannot be read or contradicts the content; it is skipped";
    ResultsUnknown "SY0803" "results-unknown" "results name a module, version, question or case the content does not have; they are skipped";
    ReadFailed "SY0901" "read-failed" "a file or folder could not be read";
    WriteFailed "SY0902" "write-failed" "the output could not be written";
    TemplateFailed "SY0903" "template-failed" "a theme template failed to render";
}

impl Code {
    pub fn as_str(self) -> &'static str {
        self.info().id
    }

    pub fn parse(id: &str) -> Option<Code> {
        ALL.iter().find(|c| c.id == id).map(|c| c.code)
    }

    /// Can `check:` in syllabus.yaml lower this code to a warning or turn it off? Only for
    /// problems after which the site can still be built correctly: a module that failed to parse
    /// cannot be rendered, whatever the configuration says.
    pub fn is_lowerable(self) -> bool {
        matches!(
            self,
            Code::BrokenModuleLink
                | Code::BrokenAnchor
                | Code::BodyH1
                | Code::ExternalLink
                | Code::UnknownRegion
                | Code::StaleTranslation
                | Code::MissingUiString
        )
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_rows_match_their_variants_and_ids_are_unique() {
        let mut ids = std::collections::BTreeSet::new();
        for (i, row) in ALL.iter().enumerate() {
            assert_eq!(row.code as usize, i, "{} is out of order", row.id);
            assert_eq!(row.code.info().id, row.id);
            assert!(ids.insert(row.id), "{} appears twice", row.id);
        }
    }
}

#[cfg(test)]
mod readme_tests {
    use super::ALL;

    /// The README is the user's reference: its table of codes lists every code, in order, with
    /// the same name and summary, and its table of examples and fixes covers every code too.
    #[test]
    fn readme_lists_every_code() {
        let readme = include_str!("../../README.md");
        let rows: Vec<&str> = readme.lines().filter(|l| l.starts_with("| SY")).collect();
        let (names, examples) = rows.split_at(ALL.len().min(rows.len()));
        let expected: Vec<String> = ALL
            .iter()
            .map(|c| format!("| {} | {} | {} |", c.id, c.name, c.summary))
            .collect();
        assert_eq!(names, expected);
        let example_codes: Vec<&str> = examples.iter().map(|r| &r[2..8]).collect();
        let all_codes: Vec<&str> = ALL.iter().map(|c| c.id).collect();
        assert_eq!(
            example_codes, all_codes,
            "the examples table must cover every code, in order"
        );
    }
}
