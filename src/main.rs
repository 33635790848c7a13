//! The `syllabus` binary: parse the command line, run the command, exit with its outcome.

use clap::Parser;
use std::process::ExitCode;
use syllabus::cli::Cli;
use syllabus::commands;

// mimalloc instead of glibc's malloc: rendering allocates many short-lived strings on every
// thread, and glibc's arenas spent about a tenth of a 10,000-module build in malloc/free and
// consolidation (measured with perf; see README "Performance").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Huge pages (transparent, 2 MiB) for mimalloc's memory: a build or check holds the whole
    // course, hundreds of MB touched once, and faulting it in 4 KiB at a time is slow, more so
    // in a virtual machine (README "Performance").
    // SAFETY: sets a mimalloc option (two integers, no pointers); mimalloc reads its options
    // when it next asks the OS for memory, and allows them to change at any time.
    unsafe {
        libmimalloc_sys::mi_option_set(libmimalloc_sys::mi_option_large_os_pages, 1);
    }
    let cli = Cli::parse();
    ExitCode::from(commands::run(cli).exit_code())
}
