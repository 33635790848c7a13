//! Integration tests: the real `syllabus` binary on fixture projects.

mod support;

mod bad_input;
mod build;
mod check;
mod faults;
mod front_matter;
mod i18n;
mod links;
mod new;
mod package;
mod quiz;
mod report;
mod search;
mod security;
mod serve;
mod versions;
