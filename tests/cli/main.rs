//! Integration tests: the real `syllabus` binary on fixture projects.

mod support;

mod build;
mod front_matter;
mod links;
mod new;
