//! Inline SVG charts for the results report: horizontal bars (pass rate per region), a
//! scatter of difficulty against discrimination, and stacked bars (decisions per case).
//!
//! Generated here, not by a script: the report opens anywhere and prints. Each chart is an
//! `<svg role="img">` titled by its heading, every mark has a `<title>` with its numbers, and
//! the page repeats all numbers in tables, so nothing depends on seeing colour.

use crate::render::highlight::escape;
use std::fmt::Write;

/// Colours that stay distinguishable for the common colour-vision deficiencies (Okabe–Ito).
const PALETTE: &[&str] = &[
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
];

pub struct Bar {
    pub label: String,
    /// 0 to 1.
    pub value: f64,
    pub text: String,
}

fn open(out: &mut String, id: &str, title: &str, width: u32, height: u32) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart-svg\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"{id}\"><title id=\"{id}\">{}</title>",
        escape(title)
    );
}

/// Horizontal bars from 0 to 100%.
pub fn bars(id: &str, title: &str, bars: &[Bar]) -> String {
    let (left, width, row) = (150.0, 540.0, 28.0);
    let height = 30.0 + row * bars.len() as f64;
    let mut out = String::new();
    open(&mut out, id, title, 760, height as u32);
    for (i, b) in bars.iter().enumerate() {
        let y = 10.0 + row * i as f64;
        let w = (b.value.clamp(0.0, 1.0) * width).max(1.0);
        let _ = write!(
            out,
            "<g><title>{label}: {text}</title><text x=\"{tx}\" y=\"{ty:.1}\" text-anchor=\"end\" font-size=\"13\" fill=\"currentColor\">{label}</text><rect x=\"{left}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"18\" fill=\"{fill}\"/><text x=\"{vx:.1}\" y=\"{ty:.1}\" font-size=\"12\" fill=\"currentColor\">{text}</text></g>",
            label = escape(&b.label),
            text = escape(&b.text),
            tx = left - 6.0,
            ty = y + 14.0,
            fill = PALETTE[0],
            vx = left + w + 6.0,
        );
    }
    let axis_y = 10.0 + row * bars.len() as f64 + 4.0;
    for tick in [0, 50, 100] {
        let x = left + width * f64::from(tick) / 100.0;
        let _ = write!(
            out,
            "<line x1=\"{x:.1}\" y1=\"6\" x2=\"{x:.1}\" y2=\"{axis_y:.1}\" stroke=\"currentColor\" stroke-opacity=\"0.25\"/><text x=\"{x:.1}\" y=\"{ly:.1}\" text-anchor=\"middle\" font-size=\"11\" fill=\"currentColor\">{tick}%</text>",
            ly = axis_y + 13.0
        );
    }
    out.push_str("</svg>");
    out
}

pub struct Point {
    pub label: String,
    /// Difficulty, 0 to 1.
    pub x: f64,
    /// Discrimination, −1 to 1.
    pub y: f64,
    pub flagged: bool,
}

/// Difficulty (x, 0 to 1) against discrimination (y, −1 to 1), with the too-hard and
/// too-easy limits and the zero line drawn.
pub fn scatter(
    id: &str,
    title: &str,
    x_label: &str,
    y_label: &str,
    points: &[Point],
    limits: (f64, f64),
) -> String {
    let (left, top, w, h) = (60.0, 12.0, 640.0, 300.0);
    let px = |x: f64| left + x.clamp(0.0, 1.0) * w;
    let py = |y: f64| top + (1.0 - y.clamp(-1.0, 1.0)) / 2.0 * h;
    let mut out = String::new();
    open(&mut out, id, title, 760, 370);
    let _ = write!(
        out,
        "<rect x=\"{left}\" y=\"{top}\" width=\"{w}\" height=\"{h}\" fill=\"none\" stroke=\"currentColor\" stroke-opacity=\"0.4\"/>"
    );
    for x in [limits.0, limits.1] {
        let _ = write!(
            out,
            "<line x1=\"{0:.1}\" y1=\"{top}\" x2=\"{0:.1}\" y2=\"{1:.1}\" stroke=\"currentColor\" stroke-opacity=\"0.4\" stroke-dasharray=\"4 4\"/>",
            px(x),
            top + h
        );
    }
    let _ = write!(
        out,
        "<line x1=\"{left}\" y1=\"{0:.1}\" x2=\"{1:.1}\" y2=\"{0:.1}\" stroke=\"currentColor\" stroke-opacity=\"0.6\"/>",
        py(0.0),
        left + w
    );
    for tick in [0.0, 0.25, 0.5, 0.75, 1.0] {
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"11\" fill=\"currentColor\">{:.0}%</text>",
            px(tick),
            top + h + 15.0,
            tick * 100.0
        );
    }
    for tick in [-1.0, -0.5, 0.0, 0.5, 1.0] {
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"11\" fill=\"currentColor\">{tick:.1}</text>",
            left - 6.0,
            py(tick) + 4.0
        );
    }
    let _ = write!(
        out,
        "<text x=\"{:.1}\" y=\"362\" text-anchor=\"middle\" font-size=\"12\" fill=\"currentColor\">{}</text><text x=\"14\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"12\" fill=\"currentColor\" transform=\"rotate(-90 14 {:.1})\">{}</text>",
        left + w / 2.0,
        escape(x_label),
        top + h / 2.0,
        top + h / 2.0,
        escape(y_label)
    );
    for p in points {
        let (cx, cy) = (px(p.x), py(p.y));
        let mark = if p.flagged {
            format!(
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"10\" height=\"10\" fill=\"{}\"/>",
                cx - 5.0,
                cy - 5.0,
                PALETTE[5]
            )
        } else {
            format!(
                "<circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"5\" fill=\"{}\"/>",
                PALETTE[0]
            )
        };
        let _ = write!(
            out,
            "<g><title>{label}: {x:.0}%, {y:.2}</title>{mark}<text x=\"{tx:.1}\" y=\"{ty:.1}\" font-size=\"10\" fill=\"currentColor\">{label}</text></g>",
            label = escape(&p.label),
            x = p.x * 100.0,
            y = p.y,
            tx = cx + 7.0,
            ty = cy - 6.0,
        );
    }
    out.push_str("</svg>");
    out
}

pub struct Stack {
    pub label: String,
    /// Count per decision, in the legend's order.
    pub counts: Vec<usize>,
    pub expected: Option<usize>,
}

/// One 100% stacked bar per case; the expected decision's segment is outlined.
pub fn stacks(id: &str, title: &str, legend: &[String], stacks: &[Stack]) -> String {
    let (left, width, row) = (110.0, 600.0, 28.0);
    let legend_rows = legend.len().div_ceil(4) as f64;
    let height = 20.0 + row * stacks.len() as f64 + 22.0 * legend_rows;
    let mut out = String::new();
    open(&mut out, id, title, 760, height as u32);
    for (i, s) in stacks.iter().enumerate() {
        let y = 8.0 + row * i as f64;
        let total: usize = s.counts.iter().sum();
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"13\" fill=\"currentColor\">{}</text>",
            left - 6.0,
            y + 14.0,
            escape(&s.label)
        );
        let mut x = left;
        for (j, count) in s.counts.iter().enumerate() {
            if *count == 0 || total == 0 {
                continue;
            }
            let w = width * *count as f64 / total as f64;
            let outline = if s.expected == Some(j) {
                " stroke=\"currentColor\" stroke-width=\"2\""
            } else {
                ""
            };
            let _ = write!(
                out,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"18\" fill=\"{}\"{outline}><title>{}: {} {count} / {total}</title></rect>",
                PALETTE[j % PALETTE.len()],
                escape(&s.label),
                escape(legend.get(j).map_or("", String::as_str)),
            );
            x += w;
        }
    }
    let ly = 14.0 + row * stacks.len() as f64;
    for (j, name) in legend.iter().enumerate() {
        let x = left + 150.0 * (j % 4) as f64;
        let y = ly + 22.0 * (j / 4) as f64;
        let _ = write!(
            out,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" fill=\"currentColor\">{}</text>",
            PALETTE[j % PALETTE.len()],
            x + 16.0,
            y + 11.0,
            escape(name)
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_carry_their_numbers_and_escape_labels() {
        let svg = bars(
            "c1",
            "Pass rate <MY>",
            &[Bar {
                label: "R&D".into(),
                value: 0.5,
                text: "50%".into(),
            }],
        );
        assert!(svg.starts_with("<svg "), "{svg}");
        assert!(svg.contains("<title id=\"c1\">Pass rate &lt;MY&gt;</title>"));
        assert!(svg.contains("<title>R&amp;D: 50%</title>"));
        // 50% of the 540-unit axis.
        assert!(svg.contains("width=\"270.0\""), "{svg}");
        assert!(svg.ends_with("</svg>"));
        assert!(!svg.contains("<script"));
    }

    #[test]
    fn stacked_bars_outline_the_expected_decision() {
        let svg = stacks(
            "c2",
            "Decisions",
            &["leave-up".into(), "remove".into()],
            &[Stack {
                label: "c1".into(),
                counts: vec![1, 3],
                expected: Some(0),
            }],
        );
        assert!(
            svg.contains("width=\"150.0\" height=\"18\" fill=\"#0072B2\" stroke=\"currentColor\""),
            "{svg}"
        );
        assert!(svg.contains("<title>c1: remove 3 / 4</title>"));
    }
}
