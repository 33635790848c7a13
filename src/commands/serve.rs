//! `syllabus serve`: the authoring loop (see `crate::serve`).

use super::Outcome;
use crate::cli::ServeArgs;
use crate::serve::{self, Options, ServeError};

pub fn run(args: &ServeArgs) -> Outcome {
    let opts = Options {
        root: args.root.clone(),
        bind: args.bind,
        port: args.port,
        open: args.open,
    };
    match serve::run(&opts) {
        Ok(()) => Outcome::Success,
        Err(ServeError::Bind(msg)) => {
            eprintln!("error: {msg}\n  = help: pass another --port, or stop the program using it");
            Outcome::Usage
        }
        Err(ServeError::Watch(msg)) => {
            eprintln!("error: cannot watch the project for changes: {msg}");
            Outcome::ContentErrors
        }
    }
}
