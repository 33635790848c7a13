//! The `syllabus` binary: parse the command line, run the command, exit with its outcome.

use clap::Parser;
use std::process::ExitCode;
use syllabus::cli::Cli;
use syllabus::commands;

fn main() -> ExitCode {
    let cli = Cli::parse();
    ExitCode::from(commands::run(cli).exit_code())
}
