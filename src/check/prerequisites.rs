//! Prerequisites name existing modules and form no cycle.

use crate::content::model::{Course, Module, ModuleId};
use crate::diagnostics::{suggest, Code, Diagnostic};

pub fn check(course: &Course) -> Vec<Diagnostic> {
    let mut diags: Vec<Diagnostic> = course
        .modules
        .iter()
        .flat_map(|m| check_module(course, m))
        .collect();
    diags.extend(cycles(course));
    diags
}

/// The prerequisites of one module name modules, other than itself. Reads only which ids exist.
pub fn check_module(course: &Course, m: &Module) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for (p, span) in &m.prerequisites {
        if course.module(p).is_none() && !course.unparsed.ids.contains(p) {
            // Only a broken name needs the list of ids (building it per module would make the
            // whole-course check quadratic).
            let ids: Vec<&str> = course.modules.iter().map(|m| m.id.as_str()).collect();
            diags.push(
                Diagnostic::error(
                    Code::UnknownPrerequisite,
                    format!("prerequisite `{p}` is not a module"),
                )
                .at(span.clone())
                .with_help(suggest::did_you_mean(p.as_str(), &ids)),
            );
        } else if p == &m.id {
            diags.push(
                Diagnostic::error(
                    Code::PrerequisiteCycle,
                    format!("`{p}` lists itself as a prerequisite"),
                )
                .at(span.clone())
                .with_help("remove it from `prerequisites`"),
            );
        }
    }
    diags
}

/// Depth-first search with colours; each cycle is reported once, at its smallest module id.
pub fn cycles(course: &Course) -> Vec<Diagnostic> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let n = course.modules.len();
    let index = |id: &ModuleId| course.modules.binary_search_by(|m| m.id.cmp(id)).ok();
    let mut mark = vec![Mark::New; n];
    let mut diags = Vec::new();
    for root in 0..n {
        if mark[root] != Mark::New {
            continue;
        }
        // Iterative DFS: (module, next prerequisite to visit), and the path for reporting.
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        mark[root] = Mark::Open;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let prereqs = &course.modules[node].prerequisites;
            if *next >= prereqs.len() {
                mark[node] = Mark::Done;
                stack.pop();
                continue;
            }
            let (pid, _) = &prereqs[*next];
            *next += 1;
            let Some(child) = index(pid) else { continue };
            if child == node {
                continue;
            }
            match mark[child] {
                Mark::New => {
                    mark[child] = Mark::Open;
                    stack.push((child, 0));
                }
                Mark::Open => {
                    let start = stack.iter().position(|&(n, _)| n == child).unwrap_or(0);
                    let cycle: Vec<usize> = stack[start..].iter().map(|&(n, _)| n).collect();
                    diags.push(cycle_diag(course, &cycle));
                }
                Mark::Done => {}
            }
        }
    }
    diags
}

fn cycle_diag(course: &Course, cycle: &[usize]) -> Diagnostic {
    // Start the printed cycle at its smallest id so the message is stable.
    let min = cycle
        .iter()
        .enumerate()
        .min_by_key(|(_, &m)| &course.modules[m].id)
        .map_or(0, |(i, _)| i);
    let mut names: Vec<&str> = cycle[min..]
        .iter()
        .chain(&cycle[..min])
        .map(|&i| course.modules[i].id.as_str())
        .collect();
    let first = &course.modules[cycle[min]];
    names.push(first.id.as_str());
    let span = first
        .prerequisites
        .first()
        .map_or_else(|| first.id_span.clone(), |(_, s)| s.clone());
    Diagnostic::error(
        Code::PrerequisiteCycle,
        format!("prerequisites form a cycle: {}", names.join(" -> ")),
    )
    .at(span)
    .with_help("a module cannot (directly or indirectly) require itself; remove one prerequisite in the cycle")
}
