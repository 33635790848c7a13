//! Shared by the fuzz targets: parse a module as `content/m.md` and render its body the way a
//! module page does (quiz, case and acknowledge blocks included), from the events the parse
//! recorded; those must be the events a fresh parse gives.
use std::sync::Arc;
use syllabus::content::discover::{FileRole, SourceFile};
use syllabus::content::model::LinkTarget;
use syllabus::diagnostics::SourceText;
use syllabus::render::body::{self, BodyOptions, QuizBlocks, Resolve};

struct Links;

impl Resolve for Links {
    fn href(&self, target: &LinkTarget) -> Option<String> {
        match target {
            LinkTarget::Module { id: Some(id), .. } => Some(format!("../{id}/index.html")),
            _ => None,
        }
    }
}

pub fn parse_and_render(text: &str) {
    let file = SourceFile {
        role: FileRole::Module,
        content_path: "m.md".to_string(),
        source: Arc::new(SourceText {
            path: "content/m.md".into(),
            text: text.to_string(),
        }),
    };
    let (module, _diagnostics) = syllabus::content::parse::parse_module(&file);
    let Some(m) = module else { return };
    let table = syllabus::i18n::Table::new();
    let decisions = vec!["leave-up".to_string(), "remove".to_string()];
    let opts = BodyOptions {
        quiz: Some(QuizBlocks {
            blocks: &m.blocks,
            module: m.id.as_str(),
            version: &m.version,
            decisions: &decisions,
            inline_questions: m.assessment.is_none(),
        }),
        ..BodyOptions::new(&table)
    };
    let replayed: Vec<_> = body::BodyEvents::of(m.body(), &m.events).collect();
    let parsed: Vec<_> = body::parser(m.body()).collect();
    assert!(replayed == parsed, "recorded events differ from a fresh parse");
    let _ = body::render_events(
        replayed.into_iter(),
        m.body().len(),
        &m.content_path,
        &m.headings,
        &Links,
        &opts,
    );
}
