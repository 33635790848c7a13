//! syllabus compiles training content written in Markdown into a static site.
//!
//! ```text
//! config::load ─> content::discover ─> content::parse (parallel) ─> content::assemble
//!      ─> check::run ─> render::site (parallel) ─> output::commit
//! ```
//! Every stage between the reads (`config`, `discover`) and the write (`output`) is a pure
//! function over plain data; `commands` wires them together.

pub mod allocator;
pub mod check;
pub mod cli;
pub mod commands;
pub mod config;
pub mod content;
pub mod coverage;
pub mod diagnostics;
pub mod i18n;
pub mod output;
pub mod package;
pub mod project;
pub mod render;
pub mod report;
pub mod serve;
pub mod versions;
pub mod yaml;
