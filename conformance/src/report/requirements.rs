//! `--list-requirements`: the catalogue, with the tests covering each requirement.

use std::fmt::Write;

use crate::cases;
use crate::catalogue::{Level, CATALOGUE};

/// One line per requirement: ID, level, reference, platforms, summary, tests; then
/// the MUSTs that no test covers yet.
pub fn render() -> String {
    let all = cases::all();
    let mut out = String::new();
    let mut uncovered = Vec::new();
    for req in CATALOGUE.iter() {
        let tests: Vec<&str> = all
            .iter()
            .filter(|(_, c)| c.requirements.contains(&req.id))
            .map(|(n, _)| n.as_str())
            .collect();
        if tests.is_empty() && req.level == Level::Must {
            uncovered.push(req.id);
        }
        let _ = writeln!(
            out,
            "{:<36} {:<10} {:<34} {:<7} {}\n{:>48} tests: {}",
            req.id,
            req.level,
            req.reference,
            req.platforms,
            req.summary,
            "",
            if tests.is_empty() {
                "(none)".to_string()
            } else {
                tests.join(", ")
            }
        );
    }
    let _ = writeln!(
        out,
        "\n{} requirements; MUSTs without a test: {}",
        CATALOGUE.len(),
        if uncovered.is_empty() {
            "none".to_string()
        } else {
            uncovered.join(", ")
        }
    );
    out.push_str(&crate::spec_index::coverage_lines());
    out
}
