//! Training reports (`syllabus report`): what leads and trainers show management.
//!
//! - `inventory`: the content inventory, from the course alone (a site page and CSV/JSON);
//! - `results`: LMS exports (long CSV, Moodle SCORM interactions, xAPI) read into plain rows,
//!   joined to the question bank, and analysed (`stats`, `calibration`) into `ResultsReport`.
//!
//! Pure: files arrive as text and leave as data; `commands::report` reads and writes, and
//! `render` turns the data into pages. "Today" is a parameter, never the clock.

pub mod analysis;
pub mod calibration;
pub mod inventory;
pub mod join;
pub mod pseudonym;
pub mod results;
pub mod stats;

#[cfg(test)]
mod testkit;
