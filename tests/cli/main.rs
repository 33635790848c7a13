//! Integration tests: the real `syllabus` binary on fixture projects.

mod support;

mod build;
mod check;
mod front_matter;
mod i18n;
mod links;
mod new;
mod package;
mod quiz;
mod search;
mod serve;
mod versions;
