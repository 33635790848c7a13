//! Regions named by modules are declared in syllabus.yaml (or are `global`).

use crate::config::Settings;
use crate::content::model::{Course, Module};
use crate::diagnostics::{suggest, Code, Diagnostic};

pub fn check(settings: &Settings, course: &Course) -> Vec<Diagnostic> {
    course
        .modules
        .iter()
        .flat_map(|m| check_module(settings, m))
        .collect()
}

/// The regions of one module. Reads only the module and the settings.
pub fn check_module(settings: &Settings, m: &Module) -> Vec<Diagnostic> {
    let mut codes: Vec<&str> = settings.regions.iter().map(|r| r.code.as_str()).collect();
    codes.push("global");
    let mut diags = Vec::new();
    for (region, span) in m.regions.iter().zip(&m.region_spans) {
        if !codes.contains(&region.as_str()) {
            diags.push(
                Diagnostic::error(Code::UnknownRegion, format!("region `{region}` is not declared in syllabus.yaml"))
                    .at(span.clone())
                    .with_help(format!(
                        "{} (or add `- {{ code: {region}, name: ... }}` under `regions:` in syllabus.yaml)",
                        suggest::did_you_mean(region, &codes)
                    )),
            );
        }
    }
    diags
}
