//! The UI strings each template reads, so that a page's data carries those and not the whole
//! table: every page's context used to hold a copy of all ~260 strings of its locale at
//! `chrome.t`, converted, searched and dropped once per page, while a module page reads ~40.
//!
//! A template reads a string as `t.<key>` or `chrome.t.<key>` (`{% set t = chrome.t %}` is the
//! themes' shorthand). Anything else that could reach the table — `t[name]`, a loop over `t`,
//! `t` passed to a macro or set under another name, the whole `chrome` or `__tera_context` —
//! makes the template get the whole table, as before. What a template reads includes what its
//! parents, its includes and its macro files read.

use std::collections::{BTreeSet, HashMap};
use std::sync::RwLock;
use tera::ast::{Expr, ExprVal, Node};

/// What a template reads of the UI strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Needs {
    /// It may read any string.
    Whole,
    /// Only these keys.
    Keys(BTreeSet<String>),
}

/// What every template of `tera` reads, by template name.
pub fn by_template(tera: &tera::Tera) -> HashMap<String, Needs> {
    let own: HashMap<&str, Own> = tera
        .templates
        .iter()
        .map(|(name, t)| (name.as_str(), Own::of(t)))
        .collect();
    own.keys()
        .map(|name| (name.to_string(), family_needs(name, &own)))
        .collect()
}

/// What one template reads itself, and the templates whose reads it takes on.
#[derive(Default)]
struct Own<'a> {
    whole: bool,
    keys: BTreeSet<String>,
    uses: Vec<&'a str>,
}

impl<'a> Own<'a> {
    fn of(t: &'a tera::Template) -> Own<'a> {
        let mut own = Own::default();
        own.uses.extend(t.parents.iter().map(String::as_str));
        own.uses
            .extend(t.imported_macro_files.iter().map(|(file, _)| file.as_str()));
        own.nodes(&t.ast);
        for m in t.macros.values() {
            for default in m.args.values().flatten() {
                own.expr(default);
            }
            own.nodes(&m.body);
        }
        own
    }

    fn nodes(&mut self, nodes: &'a [Node]) {
        for node in nodes {
            self.node(node);
        }
    }

    fn node(&mut self, node: &'a Node) {
        match node {
            Node::VariableBlock(_, e) => self.expr(e),
            Node::MacroDefinition(_, m, _) => {
                for default in m.args.values().flatten() {
                    self.expr(default);
                }
                self.nodes(&m.body);
            }
            Node::Include(_, names, _) => self.uses.extend(names.iter().map(String::as_str)),
            Node::Set(_, set) => {
                // `{% set t = chrome.t %}` is the shorthand: `t.<key>` then reads as before.
                let alias = set.key == "t"
                    && set.value.filters.is_empty()
                    && matches!(&set.value.val, ExprVal::Ident(i) if i == "chrome.t" || i == "t");
                if !alias {
                    self.expr(&set.value);
                }
            }
            Node::FilterSection(_, section, _) => {
                self.call_args(&section.filter.args);
                self.nodes(&section.body);
            }
            Node::Block(_, block, _) => self.nodes(&block.body),
            Node::Forloop(_, f, _) => {
                self.expr(&f.container);
                self.nodes(&f.body);
                if let Some(empty) = &f.empty_body {
                    self.nodes(empty);
                }
            }
            Node::If(i, _) => {
                for (_, cond, body) in &i.conditions {
                    self.expr(cond);
                    self.nodes(body);
                }
                if let Some((_, body)) = &i.otherwise {
                    self.nodes(body);
                }
            }
            Node::Super
            | Node::Text(_)
            | Node::Extends(..)
            | Node::ImportMacro(..)
            | Node::Raw(..)
            | Node::Break(_)
            | Node::Continue(_)
            | Node::Comment(..) => {}
        }
    }

    fn expr(&mut self, e: &'a Expr) {
        self.val(&e.val);
        for f in &e.filters {
            self.call_args(&f.args);
        }
    }

    fn call_args(&mut self, args: &'a HashMap<String, Expr>) {
        for a in args.values() {
            self.expr(a);
        }
    }

    fn val(&mut self, v: &'a ExprVal) {
        match v {
            ExprVal::Ident(i) => self.ident(i),
            ExprVal::Math(m) => {
                self.expr(&m.lhs);
                self.expr(&m.rhs);
            }
            ExprVal::Logic(l) => {
                self.expr(&l.lhs);
                self.expr(&l.rhs);
            }
            ExprVal::In(i) => {
                self.expr(&i.lhs);
                self.expr(&i.rhs);
            }
            ExprVal::Test(t) => {
                self.ident(&t.ident);
                for a in &t.args {
                    self.expr(a);
                }
            }
            ExprVal::MacroCall(m) => self.call_args(&m.args),
            ExprVal::FunctionCall(f) => self.call_args(&f.args),
            ExprVal::Array(items) => {
                for item in items {
                    self.expr(item);
                }
            }
            ExprVal::StringConcat(c) => {
                for v in &c.values {
                    self.val(v);
                }
            }
            ExprVal::String(_) | ExprVal::Int(_) | ExprVal::Float(_) | ExprVal::Bool(_) => {}
        }
    }

    /// A variable path such as `chrome.t.contents`, `t.contents`, `toc[i].text`: each dotted
    /// piece between square brackets is a path of its own.
    fn ident(&mut self, ident: &str) {
        for path in ident.split(['[', ']']) {
            match read_of(path.trim()) {
                Read::Key(k) => {
                    self.keys.insert(k.to_string());
                }
                Read::Whole => self.whole = true,
                Read::Other => {}
            }
        }
    }
}

enum Read<'a> {
    Key(&'a str),
    Whole,
    Other,
}

fn read_of(path: &str) -> Read<'_> {
    if matches!(path, "t" | "chrome" | "chrome.t" | "__tera_context") {
        return Read::Whole;
    }
    let rest = path
        .strip_prefix("chrome.t.")
        .or_else(|| path.strip_prefix("t."));
    match rest {
        Some(rest) => Read::Key(rest.split('.').next().unwrap_or(rest)),
        None => Read::Other,
    }
}

/// A template's reads with those of every template it extends, includes or imports.
fn family_needs(name: &str, own: &HashMap<&str, Own>) -> Needs {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut todo = vec![name];
    let mut keys = BTreeSet::new();
    while let Some(n) = todo.pop() {
        if !seen.insert(n) {
            continue;
        }
        // An include Tera cannot find (`ignore missing`) reads nothing.
        let Some(o) = own.get(n) else { continue };
        if o.whole {
            return Needs::Whole;
        }
        keys.extend(o.keys.iter().cloned());
        todo.extend(o.uses.iter().copied());
    }
    Needs::Keys(keys)
}

/// The strings of each (template, locale) as a template value, made on first use.
#[derive(Default)]
pub struct Values {
    made: RwLock<HashMap<String, HashMap<String, serde_json::Value>>>,
}

impl Values {
    /// The strings `template` reads, from the table of `locale` (`whole` is that table as a
    /// value).
    pub fn get(
        &self,
        template: &str,
        locale: &str,
        needs: Option<&Needs>,
        table: &crate::i18n::Table,
        whole: &serde_json::Value,
    ) -> serde_json::Value {
        let keys = match needs {
            Some(Needs::Keys(keys)) => keys,
            Some(Needs::Whole) | None => return whole.clone(),
        };
        if let Ok(made) = self.made.read() {
            if let Some(v) = made.get(template).and_then(|m| m.get(locale)) {
                return v.clone();
            }
        }
        let value = serde_json::Value::Object(
            keys.iter()
                .filter_map(|k| {
                    table
                        .get(k)
                        .map(|s| (k.clone(), serde_json::Value::String(s.clone())))
                })
                .collect(),
        );
        if let Ok(mut made) = self.made.write() {
            made.entry(template.to_string())
                .or_default()
                .insert(locale.to_string(), value.clone());
        }
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn needs(templates: &[(&str, &str)], name: &str) -> Needs {
        let mut tera = tera::Tera::default();
        tera.add_raw_templates(templates.to_vec()).unwrap();
        by_template(&tera).remove(name).unwrap()
    }

    fn keys(list: &[&str]) -> Needs {
        Needs::Keys(list.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn keys_read_directly_through_the_shorthand_and_in_expressions() {
        let page = r#"{% set t = chrome.t %}{{ chrome.t.a }}{{ t.b }}
{% if t.c %}{{ x | replace(from="{v}", to=t.d) }}{% endif %}
{% for h in toc %}{{ t.e ~ h.text }}{% endfor %}{{ t.f.inner }}{{ items[t.g] }}
{% if t.h is defined %}{% endif %}"#;
        assert_eq!(
            needs(&[("p.html", page)], "p.html"),
            keys(&["a", "b", "c", "d", "e", "f", "g", "h"])
        );
    }

    #[test]
    fn parents_includes_and_macro_files_add_their_keys() {
        let base = "{{ chrome.t.skip }}{% block main %}{% endblock %}";
        let part = "{{ t.part }}";
        let macros = "{% macro m(x) %}{{ x }}{% endmacro %}";
        let page = r#"{% extends "base.html" %}{% import "macros.html" as mac %}
{% block main %}{% include "part.html" %}{{ t.own }}{% endblock %}"#;
        let all = [
            ("base.html", base),
            ("part.html", part),
            ("macros.html", macros),
            ("page.html", page),
        ];
        assert_eq!(needs(&all, "page.html"), keys(&["own", "part", "skip"]));
        assert_eq!(needs(&all, "base.html"), keys(&["skip"]));
    }

    #[test]
    fn any_other_use_of_the_table_reads_all_of_it() {
        for page in [
            "{{ t[key] }}",
            "{{ chrome.t[key] }}",
            "{% for k, v in t %}{{ v }}{% endfor %}",
            "{% set strings = chrome.t %}{{ strings.a }}",
            "{% set c = chrome %}{{ c.t.a }}",
            "{{ __tera_context }}",
            "{{ t | json_encode() }}",
            r#"{% import "m.html" as m %}{{ m::show(strings=t) }}"#,
        ] {
            let all = [
                ("p.html", page),
                ("m.html", "{% macro show(strings) %}{% endmacro %}"),
            ];
            assert_eq!(needs(&all, "p.html"), Needs::Whole, "{page}");
        }
        // A part read whole makes every page that includes it read whole.
        let all = [
            ("p.html", r#"{% include "q.html" %}"#),
            ("q.html", "{{ t }}"),
        ];
        assert_eq!(needs(&all, "p.html"), Needs::Whole);
    }

    #[test]
    fn values_hold_the_keys_the_table_has() {
        let mut table = crate::i18n::Table::new();
        table.insert("a".into(), "A".into());
        table.insert("b".into(), "B".into());
        let whole = serde_json::to_value(&table).unwrap();
        let values = Values::default();
        let want = serde_json::json!({"a": "A"});
        let only_a = keys(&["a", "missing"]);
        for _ in 0..2 {
            assert_eq!(values.get("p", "en", Some(&only_a), &table, &whole), want);
        }
        assert_eq!(
            values.get("p", "en", Some(&Needs::Whole), &table, &whole),
            whole
        );
        assert_eq!(values.get("p", "en", None, &table, &whole), whole);
    }
}
