//! `--markdown FILE`: the requirements × outcome matrix.

use std::fmt::Write;

use super::Run;
use crate::catalogue;
use crate::outcome::Outcome;

/// A Markdown table with one row per requirement: level, reference, the tests that
/// cover it and their outcomes; uncovered requirements say so.
pub fn render(run: &Run) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# jailcheck: {}\n", run.runtime);
    if let Some(v) = &run.runtime_version {
        let _ = writeln!(out, "Runtime version: `{v}`  ");
    }
    let _ = writeln!(
        out,
        "Host: {} {} {}\n",
        run.host.os, run.host.release, run.host.arch
    );
    let v = &run.verdicts;
    let _ = writeln!(
        out,
        "{}\n\nSpec: {}: {}.  \nConventions: {}: {}.  \nTests: {}\n",
        run.version_line(),
        v.spec_word(),
        v.spec.line(),
        v.conventions_word(),
        v.conventions.line(),
        run.totals_line()
    );
    let _ = writeln!(out, "{}\n", run.command_line.summary());
    out.push_str("| requirement | level | spec | since | outcome | tests |\n");
    out.push_str("|---|---|---|---|---|---|\n");
    for req in catalogue::all() {
        let tests = tests_of(run, &req.id);
        let outcome = outcome_of(&tests);
        let names: Vec<String> = tests.iter().map(|r| format!("`{}`", r.name)).collect();
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} |",
            req.id,
            req.level,
            req.reference,
            req.since,
            outcome,
            names.join("<br>")
        );
    }
    out.push_str(&crate::spec_index::markdown_section(|id| {
        outcome_of(&tests_of(run, id))
    }));
    out
}

/// The tests of this run that check requirement `id`.
fn tests_of<'r>(run: &'r Run, id: &str) -> Vec<&'r super::Record> {
    run.tests
        .iter()
        .filter(|r| r.requirements.iter().any(|t| t == id))
        .collect()
}

/// The combined outcome of a requirement's tests, "not tested" when none.
fn outcome_of(tests: &[&super::Record]) -> String {
    if tests.is_empty() {
        "not tested".to_string()
    } else {
        let worst = Outcome::worst(tests.iter().map(|r| r.outcome));
        worst.map_or("skipped", Outcome::words).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{record, sample};

    #[test]
    fn the_matrix_shows_versions_and_newer_outcomes() {
        let run = sample(vec![record("identity::domainname", Outcome::Newer, "x")]);
        let md = render(&run);
        assert!(md.contains("judged against runtime-spec 1.0.2"), "{md}");
        assert!(
            md.contains("| `identity_domainname` | MUST | config.md#domainname | 1.1.0 | newer than the runtime's spec version |"),
            "{md}"
        );
    }
}
