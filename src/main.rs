//! The `syllabus` binary: parse the command line, run the command, exit with its outcome.

use clap::Parser;
use std::process::ExitCode;
use syllabus::cli::Cli;
use syllabus::{allocator, commands};

// mimalloc instead of glibc's malloc: rendering allocates many short-lived strings on every
// thread, and glibc's arenas spent about a tenth of a 10,000-module build in malloc/free and
// consolidation (measured with perf; see README "Performance").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    allocator::use_huge_pages();
    let cli = Cli::parse();
    ExitCode::from(commands::run(cli).exit_code())
}
