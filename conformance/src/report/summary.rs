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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{record, sample};

    #[test]
    fn newer_requirements_and_the_judged_version_are_shown() {
        let run = sample(vec![
            record(
                "identity::domainname",
                Outcome::Newer,
                "newer than the runtime's spec version",
            ),
            record("process::env_exact", Outcome::Pass, ""),
        ]);
        let text = render(&run);
        assert!(
            text.contains("NEWER THAN THE RUNTIME'S SPEC VERSION"),
            "{text}"
        );
        assert!(
            text.contains("identity::domainname [identity_domainname]"),
            "{text}"
        );
        assert!(
            text.contains("judged against runtime-spec 1.0.2 (source: features; ociVersionMin 1.0.0, ociVersionMax 1.0.2-dev)"),
            "{text}"
        );
        assert!(
            text.contains("conformant for every test that ran"),
            "{text}"
        );
        assert!(
            text.contains("1 newer than the runtime's spec version"),
            "{text}"
        );
    }

    #[test]
    fn a_must_failure_is_not_conformant_even_with_errors() {
        let run = sample(vec![
            record("a::x", Outcome::Fail, "broken"),
            record("a::y", Outcome::Error, "control failed"),
        ]);
        let text = render(&run);
        assert!(text.contains(": NOT conformant:"), "{text}");
        assert!(text.contains("FAILED (MUST/CONVENTION):\n  a::x"), "{text}");
    }
}
