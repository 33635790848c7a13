//! Loading a project: configuration, content and every check, with severities adjusted by the
//! configuration; then what rendering it needs (theme, UI strings, asset bytes). Shared by
//! `build`, `check`, `package`, `report` and `serve`.

use crate::config::{self, Settings};
use crate::content::discover;
use crate::content::model::Course;
pub use crate::content::RenderData;
use crate::diagnostics::{self, Diagnostic};
use crate::i18n::Strings;
use crate::render::theme::Theme;
use crate::{check, content, render};
use std::collections::BTreeMap;
use std::path::Path;

pub struct Project {
    pub settings: Settings,
    pub course: Course,
    /// Module files read, whether or not they parsed.
    pub module_files: usize,
}

/// Reads and checks the project under `root`. `None` when the configuration itself is broken
/// (nothing else can be read then); otherwise the course, whatever its diagnostics.
pub fn load(
    root: &Path,
    strict: bool,
    text: RenderData,
    progress: &dyn Fn(usize) -> Box<dyn Fn() + Sync>,
) -> (Option<Project>, Vec<Diagnostic>) {
    let settings = match config::load(root) {
        Ok(s) => s,
        Err(d) => return (None, d),
    };
    let (course, diags, module_files) = read_and_check(&settings, text, progress);
    let (project, diags) = finish(settings, course, diags, module_files, strict);
    (Some(project), diags)
}

/// `load`, running `alongside` on the settings while the content is read and checked (in
/// parallel with it): work that needs the configuration but not the course, such as compiling
/// the theme's templates, costs no wall time then.
pub fn load_alongside<T: Send>(
    root: &Path,
    strict: bool,
    text: RenderData,
    progress: &dyn Fn(usize) -> Box<dyn Fn() + Sync>,
    alongside: impl FnOnce(&Settings) -> T + Send,
) -> (Option<(Project, T)>, Vec<Diagnostic>) {
    let settings = match config::load(root) {
        Ok(s) => s,
        Err(d) => return (None, d),
    };
    let (side, (course, diags, module_files)) = std::thread::scope(|scope| {
        let side = scope.spawn(|| alongside(&settings));
        let here = read_and_check(&settings, text, progress);
        // A panic in `alongside` is a bug; it goes on as a panic of this thread.
        let side = side.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
        (side, here)
    });
    let (project, diags) = finish(settings, course, diags, module_files, strict);
    (Some((project, side)), diags)
}

/// Reads, parses, assembles and checks the content: the course, what was found wrong, and how
/// many module files were read.
fn read_and_check(
    settings: &Settings,
    text: RenderData,
    progress: &dyn Fn(usize) -> Box<dyn Fn() + Sync>,
) -> (Course, Vec<Diagnostic>, usize) {
    let lap = stage_timer();
    let (listing, mut diags) = content::discover::list(settings);
    lap("list content");
    let module_files = listing
        .markdown
        .iter()
        .filter(|(path, _)| content::discover::is_module_path(settings, path))
        .count();
    let tick = progress(listing.markdown.len());
    let (course, d) = content::load_course(settings, listing, text, &*tick);
    lap("read, parse and assemble");
    diags.extend(d);
    diags.extend(check::run(settings, &course));
    lap("check");
    (course, diags, module_files)
}

/// The project, with the diagnostics' severities adjusted by the configuration.
fn finish(
    settings: Settings,
    course: Course,
    diags: Vec<Diagnostic>,
    module_files: usize,
    strict: bool,
) -> (Project, Vec<Diagnostic>) {
    let diags = diagnostics::adjust(diags, &settings.levels, strict);
    let project = Project {
        settings,
        course,
        module_files,
    };
    (project, diags)
}

/// What rendering a course needs besides the course and its settings.
pub struct RenderInputs {
    pub theme: Theme,
    pub strings: Strings,
    /// Bytes of every asset the course references, by content path.
    pub asset_bytes: BTreeMap<String, Vec<u8>>,
}

/// The theme and its UI strings: what rendering needs from the configuration alone (see
/// `load_alongside`), with what loading them found wrong.
pub struct ThemeLoad {
    loaded: Option<(Theme, Strings)>,
    diags: Vec<Diagnostic>,
}

/// Loads the theme and its UI strings.
pub fn load_theme_and_strings(settings: &Settings) -> ThemeLoad {
    let mut diags = Vec::new();
    let loaded = load_theme(settings, &mut diags).map(|theme| {
        let strings = load_strings(settings, &theme, &mut diags);
        (theme, strings)
    });
    ThemeLoad { loaded, diags }
}

/// What rendering needs: the theme and UI strings loaded by `load_theme_and_strings`, and the
/// bytes of the assets the course references, read now. `None` when `diags` holds an error
/// after either step (including one from before: nothing is rendered from a project with
/// errors, so its assets are not read).
pub fn render_inputs(
    theme: ThemeLoad,
    settings: &Settings,
    course: &Course,
    diags: &mut Vec<Diagnostic>,
) -> Option<RenderInputs> {
    diags.extend(theme.diags);
    let (theme, strings) = theme.loaded?;
    if diagnostics::has_errors(diags) {
        return None;
    }
    let referenced = render::referenced_assets(course);
    let (asset_bytes, d) = discover::read_assets(
        settings,
        referenced.iter().filter_map(|p| course.assets.get(*p)),
    );
    diags.extend(d);
    if diagnostics::has_errors(diags) {
        return None;
    }
    Some(RenderInputs {
        theme,
        strings,
        asset_bytes,
    })
}

/// With `SYLLABUS_TIMINGS=1` (see bench/), a function printing how long the stage that just
/// ended took; otherwise one that does nothing.
pub fn stage_timer() -> impl Fn(&str) {
    let on = std::env::var_os("SYLLABUS_TIMINGS").is_some();
    let start = std::cell::Cell::new(std::time::Instant::now());
    move |name: &str| {
        if on {
            eprintln!(
                "timing: {name} {:.0} ms",
                start.get().elapsed().as_secs_f64() * 1000.0
            );
            start.set(std::time::Instant::now());
        }
    }
}

/// The theme's UI strings for the configured locales; missing ones are warnings.
pub fn load_strings(settings: &Settings, theme: &Theme, diags: &mut Vec<Diagnostic>) -> Strings {
    let (strings, d) = Strings::from_theme(settings, theme.files());
    diags.extend(diagnostics::adjust(d, &settings.levels, false));
    strings
}

/// No progress reporting.
pub fn no_progress(_: usize) -> Box<dyn Fn() + Sync> {
    Box::new(|| {})
}

/// The default theme with the project's overrides (`theme:` in syllabus.yaml).
pub fn load_theme(settings: &Settings, diags: &mut Vec<Diagnostic>) -> Option<Theme> {
    let overrides = match &settings.theme_dir {
        Some(dir) => match discover::read_theme_dir(dir) {
            Ok(files) => files,
            Err(d) => {
                diags.push(d);
                return None;
            }
        },
        None => Default::default(),
    };
    match Theme::new(overrides, settings.theme_dir.clone()) {
        Ok(t) => Some(t),
        Err(d) => {
            diags.push(d);
            None
        }
    }
}
