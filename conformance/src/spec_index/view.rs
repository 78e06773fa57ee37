//! The index as `--list-requirements` and the Markdown report show it.

use std::fmt::Write;

use super::{statements, Cover, DOCUMENTS};
use crate::catalogue::ReqId;

/// Totals per document and one line per statement: reference, keyword, what it
/// says, then the requirements covering it or why it is not testable.
pub fn coverage_lines() -> String {
    let mut out = String::from("\nSpec statement index (runtime-spec v1.3.0):\n");
    for doc in DOCUMENTS {
        let (tested, untestable) = totals(doc);
        let _ = writeln!(
            out,
            "  {doc:<18} {:>3} statements: {tested} covered by requirements, {untestable} not testable",
            tested + untestable
        );
    }
    for s in statements() {
        let _ = writeln!(out, "{:<40} {:<10} {}", s.reference, s.keyword, s.says);
        let _ = match s.cover {
            Cover::Requirements(ids) => {
                writeln!(out, "{:>51} {}", "->", ReqId::list(ids.iter().copied()))
            }
            Cover::NotTestable(why) => writeln!(out, "{:>51} not testable: {why}", "->"),
        };
    }
    let (tested, untestable) = DOCUMENTS.iter().fold((0, 0), |(t, u), d| {
        let (dt, du) = totals(d);
        (t + dt, u + du)
    });
    let _ = writeln!(
        out,
        "{} statements: {tested} covered by requirements, {untestable} not testable (with reasons), 0 without either",
        tested + untestable
    );
    out
}

/// A Markdown table of the statements; `outcome_of` gives the combined outcome of
/// the tests of one requirement in this run.
pub fn markdown_section(outcome_of: impl Fn(&str) -> String) -> String {
    let mut out = String::from("\n## Spec statements (runtime-spec v1.3.0)\n\n");
    out.push_str("| statement | keyword | what it asks | covered by |\n|---|---|---|---|\n");
    for s in statements() {
        let cover = match s.cover {
            Cover::Requirements(ids) => ids
                .iter()
                .map(|id| format!("`{id}`: {}", outcome_of(id)))
                .collect::<Vec<_>>()
                .join("<br>"),
            Cover::NotTestable(why) => format!("not testable: {why}"),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            s.reference, s.keyword, s.says, cover
        );
    }
    out
}

fn totals(doc: &str) -> (usize, usize) {
    statements()
        .filter(|s| s.document() == doc)
        .fold((0, 0), |(t, u), s| match s.cover {
            Cover::Requirements(_) => (t + 1, u),
            Cover::NotTestable(_) => (t, u + 1),
        })
}
