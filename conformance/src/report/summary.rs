//! The closing lines on the console, after libtest's own.

use std::fmt::Write;

use super::Run;
use crate::outcome::Outcome;

/// What a reader of the console needs: failed MUSTs, warnings, unexpected passes,
/// and the verdict.
pub fn render(run: &Run) -> String {
    let mut out = String::new();
    let list = |out: &mut String, title: &str, which: Outcome| {
        let items: Vec<_> = run.tests.iter().filter(|r| r.outcome == which).collect();
        if !items.is_empty() {
            let _ = writeln!(out, "{title}:");
            for r in items {
                let _ = writeln!(
                    out,
                    "  {} [{}]: {}",
                    r.name,
                    crate::runner::shown_requirements(r),
                    r.message.as_deref().unwrap_or("")
                );
            }
        }
    };
    list(&mut out, "FAILED (MUST/CONVENTION)", Outcome::Fail);
    list(&mut out, "WARNINGS (SHOULD not met)", Outcome::Warn);
    list(
        &mut out,
        "UNEXPECTED PASSES (remove from the expectations file)",
        Outcome::UnexpectedPass,
    );
    list(
        &mut out,
        "NEWER THAN THE RUNTIME'S SPEC VERSION (not counted as failures)",
        Outcome::Newer,
    );
    list(&mut out, "HARNESS ERRORS", Outcome::Error);
    let verdict = match run.totals.exit_status() {
        0 => "conformant for every test that ran",
        1 => "NOT conformant",
        _ => "inconclusive (harness errors or failed positive controls)",
    };
    let _ = writeln!(out, "jailcheck: {}", run.version_line());
    let _ = writeln!(
        out,
        "jailcheck: {}: {verdict}: {}",
        run.runtime,
        run.totals_line()
    );
    out
}
