//! Command-line types (clap derive). No logic here.

use crate::content::model::Kind;
use crate::diagnostics::render::Format;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "syllabus",
    version,
    about = "Compile Markdown training content into a static site and SCORM packages"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (default `public/`).
    Build(BuildArgs),
    /// Build SCORM packages (zips for an LMS): every `packages:` definition, or one module.
    Package(PackageArgs),
    /// Open a SCORM package in a local LMS-like page that shows every API call and CMI value.
    Preview(PreviewArgs),
    /// Run every check of a build without writing anything (for CI and editors).
    Check(CheckArgs),
    /// Build the site in memory, serve it on 127.0.0.1 and rebuild on every change.
    Serve(ServeArgs),
    /// Show which modules are translated (current or stale) and which regions have notes.
    Coverage(CoverageArgs),
    /// Freeze a module (and its translations) as an immutable release under versions/.
    Release(ReleaseArgs),
    /// Write a short "what changed" refresher module between two versions of a module.
    Refresher(RefresherArgs),
    /// Scaffold a new module with valid front matter.
    New(NewArgs),
    /// Training reports: the content inventory, and results from LMS exports.
    Report(ReportArgs),
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(subcommand)]
    pub report: ReportCommand,
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Every module with its kind, version, owner, questions, clause coverage and translation
    /// state; totals per policy area, language and region; what needs review.
    Content(ReportContentArgs),
    /// Item analysis, pass rates and calibration agreement from LMS results exports.
    Results(ReportResultsArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Html,
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct ReportContentArgs {
    /// html (one self-contained page), csv (one row per module) or json.
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    pub format: ReportFormat,
    /// Write to this file instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The day review flags are computed for (YYYY-MM-DD; default: today).
    #[arg(long, value_parser = parse_date)]
    pub date: Option<chrono::NaiveDate>,
    /// Language of the HTML page (a locale of syllabus.yaml; default: the default locale).
    #[arg(long)]
    pub locale: Option<String>,
    /// Project folder (the one holding syllabus.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Args)]
pub struct ReportResultsArgs {
    /// Results files: long CSV, Moodle SCORM interactions report, or xAPI statements (JSON).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Folder for index.html and results.json (replaced as a whole).
    #[arg(long, default_value = "results-report")]
    pub out: PathBuf,
    /// Replace learner ids by keyed pseudonyms (HMAC-SHA256 with --salt).
    #[arg(long, requires = "salt")]
    pub pseudonymise: bool,
    /// The secret key of --pseudonymise; the same salt gives the same pseudonyms.
    #[arg(long, requires = "pseudonymise")]
    pub salt: Option<String>,
    /// Module and version of files that do not name them (Moodle), e.g. hs-assessment@2.0.0.
    #[arg(long, value_name = "ID@VERSION")]
    pub module: Option<String>,
    /// Language of the HTML report (a locale of syllabus.yaml; default: the default locale).
    #[arg(long)]
    pub locale: Option<String>,
    /// Project folder (the one holding syllabus.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Args)]
pub struct RefresherArgs {
    /// The module whose change the refresher explains.
    pub id: String,
    /// The released version the trainees were certified on.
    #[arg(long)]
    pub from: semver::Version,
    /// The newer released version (default: the module's current text).
    #[arg(long)]
    pub to: Option<semver::Version>,
    /// Overwrite an existing refresher file.
    #[arg(long)]
    pub force: bool,
    /// Project folder (the one holding syllabus.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Bump {
    Patch,
    Minor,
    Major,
}

#[derive(Debug, Args)]
pub struct ReleaseArgs {
    /// The module to release.
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    pub id: Option<String>,
    /// Release every module whose content differs from its last release (or was never released).
    #[arg(long)]
    pub all: bool,
    /// Raise the version first (with --all: for modules still at their released version; default patch).
    #[arg(long, value_enum)]
    pub bump: Option<Bump>,
    /// What changed in this version (also written to the module's `changes`).
    #[arg(long)]
    pub changes: Option<String>,
    /// Project folder (the one holding syllabus.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Args)]
pub struct CoverageArgs {
    /// Project folder (the one holding syllabus.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Print JSON (module x locale status, module x region notes, totals per locale).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// Also request every http(s) link (needs network access).
    #[arg(long)]
    pub external: bool,
    /// Seconds to wait for each external link (at least 1).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: u64,
    /// Print only the diagnostics, not the summary line.
    #[arg(long, short)]
    pub quiet: bool,
    /// Also summarise translation coverage (current, stale, missing per locale) and the SOP
    /// clauses no question covers.
    #[arg(long)]
    pub coverage: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Project folder (the one holding syllabus.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Port to listen on; without it, 1111 or the next free port.
    #[arg(long)]
    pub port: Option<u16>,
    /// Address to listen on. Anything but loopback exposes the drafts to the network.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, Args)]
pub struct CommonArgs {
    /// Project folder (the one holding syllabus.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Output folder (overrides `output` in syllabus.yaml; relative to the current folder).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print nothing but diagnostics.
    #[arg(long, short)]
    pub quiet: bool,
    /// Also publish `<locale>/as-of/<DATE>/`: the version of each module in force on DATE
    /// (YYYY-MM-DD; repeatable).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Vec<chrono::NaiveDate>,
    /// trainee (no answer keys, no trainer notes) or trainer; default: `edition` in
    /// syllabus.yaml, else trainee. The trainer edition goes to `<output>-trainer` by default.
    #[arg(long, value_enum)]
    pub edition: Option<crate::config::Edition>,
}

#[derive(Debug, Args)]
pub struct PackageArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Folder for the zips (created if missing; other files in it are left alone).
    #[arg(long, default_value = "dist")]
    pub out: PathBuf,
    /// Package one module ad hoc instead of the definitions in syllabus.yaml.
    #[arg(long, value_name = "ID")]
    pub module: Option<String>,
    /// Standard for `--module` (default: the LMS profile's, scorm12 for generic).
    #[arg(long, value_enum)]
    pub standard: Option<crate::package::definition::Standard>,
    /// LMS profile for `--module`.
    #[arg(long, value_enum, default_value = "generic")]
    pub lms: crate::package::definition::Lms,
    /// Locale for `--module` (default: the default locale).
    #[arg(long)]
    pub locale: Option<String>,
    /// Build only the definitions with these names (repeatable).
    #[arg(long, value_name = "NAME")]
    pub only: Vec<String>,
    /// Print nothing but diagnostics.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct PreviewArgs {
    /// The package (.zip) to open.
    pub package: PathBuf,
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8090)]
    pub port: u16,
    /// Open the preview in the default browser.
    #[arg(long)]
    pub open: bool,
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date; write YYYY-MM-DD"))
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum NewKind {
    Sop,
    Briefing,
    RegionalNote,
    Assessment,
    Calibration,
}

impl From<NewKind> for Kind {
    fn from(k: NewKind) -> Kind {
        match k {
            NewKind::Sop => Kind::Sop,
            NewKind::Briefing => Kind::Briefing,
            NewKind::RegionalNote => Kind::RegionalNote,
            NewKind::Assessment => Kind::Assessment,
            NewKind::Calibration => Kind::Calibration,
        }
    }
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// What the module is.
    #[arg(value_enum)]
    pub kind: NewKind,
    /// Module id: lowercase letters, digits and hyphens (also the file name).
    pub id: String,
    /// Project folder (the one holding syllabus.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Folder under content/ to create the module in (a course section).
    #[arg(long)]
    pub section: Option<String>,
    /// Title of the module (default: made from the id).
    #[arg(long)]
    pub title: Option<String>,
    /// For a regional note: the id of the module it adds local context to.
    #[arg(long)]
    pub applies_to: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
