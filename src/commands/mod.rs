//! One file per subcommand. Each returns the process outcome; `main` only maps it to an exit code.

pub mod build;
pub mod check;
pub mod coverage;
pub mod new;
pub mod package;
pub mod preview;
pub mod refresher;
pub mod release;
pub mod report;
pub mod serve;

use crate::cli::{Cli, Command};
use crate::diagnostics::render::{self, Format};
use crate::diagnostics::Diagnostic;
use std::io::IsTerminal;

/// How a command ended, mapped to the exit code by `main`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// 0
    Success,
    /// 1: content errors (or the output could not be written).
    ContentErrors,
    /// 2: the command line was wrong.
    Usage,
}

impl Outcome {
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Success => 0,
            Outcome::ContentErrors => 1,
            Outcome::Usage => 2,
        }
    }
}

pub fn run(cli: Cli) -> Outcome {
    match cli.command {
        Command::Build(args) => build::run(&args),
        Command::Package(args) => package::run(&args),
        Command::Preview(args) => preview::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Coverage(args) => coverage::run(&args),
        Command::Release(args) => release::run(&args),
        Command::Refresher(args) => refresher::run(&args),
        Command::New(args) => new::run(&args),
        Command::Report(args) => report::run(&args),
    }
}

/// Sorts and prints diagnostics to stderr.
/// Lets the process exit without freeing `value` piece by piece: a course of 10,000 modules is
/// millions of small allocations, and freeing them took ~4% of a `check`. Only for what lives
/// until the command returns to `main`.
pub fn keep_until_exit<T>(value: T) {
    std::mem::forget(value);
}

pub fn report(diagnostics: &mut [Diagnostic], format: Format) {
    crate::diagnostics::sort(diagnostics);
    let stderr = std::io::stderr();
    let color =
        format == Format::Human && stderr.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut lock = stderr.lock();
    // A closed stderr leaves nothing to tell; the exit code still does.
    let _ = render::write_all(&mut lock, diagnostics, format, color);
}
