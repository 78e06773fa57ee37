//! The closing lines on the console, after libtest's own.

use std::fmt::Write;

use super::Run;
use crate::catalogue::{self, Level};
use crate::outcome::{Outcome, Record};

/// What a reader of the console needs: failed MUSTs and CONVENTIONs apart,
/// warnings, unexpected passes, and the two verdicts.
pub fn render(run: &Run) -> String {
    let mut out = String::new();
    let list = |out: &mut String, title: &str, pick: &dyn Fn(&Record) -> bool| {
        let items: Vec<_> = run.tests.iter().filter(|r| pick(r)).collect();
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
    let failed = |convention: bool| {
        move |r: &Record| r.outcome == Outcome::Fail && is_convention(r) == convention
    };
    let is = |which: Outcome| move |r: &Record| r.outcome == which;
    list(&mut out, "FAILED (MUST: the spec)", &failed(false));
    list(
        &mut out,
        "FAILED (CONVENTION: runc's command line)",
        &failed(true),
    );
    list(&mut out, "WARNINGS (SHOULD not met)", &is(Outcome::Warn));
    list(
        &mut out,
        "UNEXPECTED PASSES (remove from the expectations file)",
        &is(Outcome::UnexpectedPass),
    );
    list(
        &mut out,
        "NEWER THAN THE RUNTIME'S SPEC VERSION (not counted as failures)",
        &is(Outcome::Newer),
    );
    list(&mut out, "HARNESS ERRORS", &is(Outcome::Error));
    let v = &run.verdicts;
    let _ = writeln!(out, "jailcheck: {}", run.version_line());
    let _ = writeln!(
        out,
        "jailcheck: {}: spec: {}: {}",
        run.runtime,
        v.spec_word(),
        v.spec.line()
    );
    let _ = writeln!(
        out,
        "jailcheck: {}: conventions: {}: {}",
        run.runtime,
        v.conventions_word(),
        v.conventions.line()
    );
    let _ = writeln!(out, "jailcheck: tests: {}", run.totals_line());
    out
}

/// Whether the requirement a failed test's failure belongs to is a CONVENTION.
fn is_convention(r: &Record) -> bool {
    r.broke
        .as_deref()
        .or(r.requirements.first().map(String::as_str))
        .and_then(catalogue::find)
        .is_some_and(|req| req.level == Level::Convention)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_convention_failure_is_listed_and_judged_apart_from_the_spec() {
        let mut named = record("cli::version_form", Outcome::Fail, "no spec: line");
        named.requirements = vec![req::CLI_VERSION_FORM.to_string()];
        named.broke = Some(req::CLI_VERSION_FORM.to_string());
        named.checks = vec![crate::outcome::Check {
            requirement: req::CLI_VERSION_FORM.to_string(),
            outcome: Outcome::Fail,
        }];
        let text = render(&sample(vec![named]));
        assert!(
            text.contains("FAILED (CONVENTION: runc's command line):\n  cli::version_form"),
            "{text}"
        );
        assert!(!text.contains("FAILED (MUST"), "{text}");
        assert!(
            text.contains("spec: conformant for every requirement judged"),
            "{text}"
        );
        assert!(
            text.contains("conventions: NOT compatible (not binding"),
            "{text}"
        );
    }

    use super::*;
    use crate::report::{record, sample};
    use crate::req;

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
            text.contains("spec: conformant for every requirement judged"),
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
        assert!(text.contains(": spec: NOT conformant:"), "{text}");
        assert!(text.contains("FAILED (MUST: the spec):\n  a::x"), "{text}");
    }
}
