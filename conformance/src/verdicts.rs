//! The run's two verdicts, counted by requirement: conformance to the spec (MUST,
//! with SHOULD and MAY as warnings) and compatibility with the runc command line
//! engines rely on (CONVENTION). The exit status follows the spec verdict, and
//! the conventions verdict too when the user makes conventions binding.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalogue::{self, Level};
use crate::outcome::{Outcome, Record};

/// Requirement counts for one verdict.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Met in every test that judged them.
    pub passed: usize,
    /// Binding (MUST, or CONVENTION for the conventions verdict) and not met.
    pub failed: usize,
    /// SHOULD or MAY, not met.
    pub warned: usize,
    /// Not met, as the expectations file says.
    pub expected: usize,
    /// Not met, but newer than the spec version the run judged against.
    pub newer: usize,
    /// Not judged: every test of theirs was skipped, stopped before reaching
    /// them, or could not be run.
    pub unjudged: usize,
}

/// Both verdicts.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct Verdicts {
    pub spec: Tally,
    pub conventions: Tally,
    /// Tests the harness could not judge (harness errors, failed positive controls).
    pub errors: usize,
    /// Whether CONVENTION failures decide the exit status too.
    pub conventions_binding: bool,
}

impl Verdicts {
    /// Counts each requirement once, by the worst of its outcomes in the run.
    pub fn of(records: &[Record], conventions_binding: bool) -> Verdicts {
        let mut worst: BTreeMap<&str, Outcome> = BTreeMap::new();
        for check in records.iter().flat_map(|r| &r.checks) {
            let o = worst
                .entry(check.requirement.as_str())
                .or_insert(check.outcome);
            if rank(check.outcome) > rank(*o) {
                *o = check.outcome;
            }
        }
        let mut v = Verdicts {
            errors: records
                .iter()
                .filter(|r| r.outcome == Outcome::Error)
                .count(),
            conventions_binding,
            ..Verdicts::default()
        };
        for (id, outcome) in worst {
            let level = catalogue::find(id).map_or(Level::Must, |r| r.level);
            let tally = if level == Level::Convention {
                &mut v.conventions
            } else {
                &mut v.spec
            };
            match outcome {
                Outcome::Pass | Outcome::UnexpectedPass => tally.passed += 1,
                Outcome::Fail if level.is_binding() => tally.failed += 1,
                Outcome::Fail | Outcome::Warn => tally.warned += 1,
                Outcome::ExpectedFail => tally.expected += 1,
                Outcome::Newer => tally.newer += 1,
                Outcome::Skip | Outcome::Error => tally.unjudged += 1,
            }
        }
        v
    }

    /// 1 when a MUST failed (or a CONVENTION, when binding); else 2 when a test
    /// could not be judged; else 0.
    pub fn exit_status(&self) -> u8 {
        if self.spec.failed > 0 || (self.conventions_binding && self.conventions.failed > 0) {
            1
        } else if self.errors > 0 {
            2
        } else {
            0
        }
    }

    /// The spec verdict in a few words.
    pub fn spec_word(&self) -> &'static str {
        match (self.spec.failed, self.errors) {
            (0, 0) => "conformant for every requirement judged",
            (0, _) => "inconclusive (harness errors or failed positive controls)",
            _ => "NOT conformant",
        }
    }

    /// The conventions verdict in a few words.
    pub fn conventions_word(&self) -> &'static str {
        match (self.conventions.failed, self.conventions_binding) {
            (0, _) => "compatible with every runc convention judged",
            (_, true) => "NOT compatible (binding: --conventions-binding)",
            (_, false) => "NOT compatible (not binding: the exit status follows the spec)",
        }
    }
}

impl Tally {
    /// The counts in one phrase.
    pub fn line(&self) -> String {
        format!(
            "{} requirements met, {} not met, {} warnings, {} expected failures, {} newer \
             than the runtime's spec version, {} not judged",
            self.passed, self.failed, self.warned, self.expected, self.newer, self.unjudged
        )
    }
}

/// How bad an outcome is for the requirement, worst highest.
fn rank(o: Outcome) -> u8 {
    match o {
        Outcome::Skip => 0,
        Outcome::Error => 1,
        Outcome::Pass | Outcome::UnexpectedPass => 2,
        Outcome::Newer => 3,
        Outcome::ExpectedFail => 4,
        Outcome::Warn => 5,
        Outcome::Fail => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::Check;
    use crate::req;

    fn record(outcome: Outcome, checks: &[(crate::catalogue::ReqId, Outcome)]) -> Record {
        Record {
            name: "area::t".into(),
            requirements: checks.iter().map(|(id, _)| id.to_string()).collect(),
            broke: None,
            outcome,
            checks: checks
                .iter()
                .map(|(id, o)| Check {
                    requirement: id.to_string(),
                    outcome: *o,
                })
                .collect(),
            message: None,
            duration: std::time::Duration::ZERO,
            transcript: vec![],
        }
    }

    #[test]
    fn a_convention_failure_inside_a_must_test_fails_only_the_conventions() {
        // robust_error_names_problem is a CONVENTION; robust_invalid_id_fails a MUST.
        let records = [record(
            Outcome::Fail,
            &[
                (req::ROBUST_ERROR_NAMES_PROBLEM, Outcome::Fail),
                (req::ROBUST_INVALID_ID_FAILS, Outcome::Pass),
            ],
        )];
        let v = Verdicts::of(&records, false);
        assert_eq!((v.spec.passed, v.spec.failed), (1, 0));
        assert_eq!(v.conventions.failed, 1);
        assert_eq!(v.exit_status(), 0, "conventions are not binding by default");
        assert_eq!(Verdicts::of(&records, true).exit_status(), 1);
    }

    #[test]
    fn requirements_are_counted_once_by_their_worst_outcome() {
        let records = [
            record(Outcome::Pass, &[(req::PROCESS_ENV, Outcome::Pass)]),
            record(Outcome::Fail, &[(req::PROCESS_ENV, Outcome::Fail)]),
            record(Outcome::Warn, &[(req::PROCESS_ENV_EXACT, Outcome::Warn)]),
            record(Outcome::Skip, &[(req::PROCESS_CWD, Outcome::Skip)]),
        ];
        let v = Verdicts::of(&records, false);
        assert_eq!(
            v.spec,
            Tally {
                passed: 0,
                failed: 1,
                warned: 1,
                unjudged: 1,
                ..Tally::default()
            }
        );
        assert_eq!(v.exit_status(), 1);
        assert_eq!(v.spec_word(), "NOT conformant");
    }

    #[test]
    fn errors_without_failures_exit_2_and_a_clean_run_0() {
        let errored = [record(
            Outcome::Error,
            &[(req::PROCESS_ENV, Outcome::Error)],
        )];
        assert_eq!(Verdicts::of(&errored, true).exit_status(), 2);
        let clean = [record(Outcome::Pass, &[(req::PROCESS_ENV, Outcome::Pass)])];
        assert_eq!(Verdicts::of(&clean, true).exit_status(), 0);
        let newer = [record(
            Outcome::Newer,
            &[(req::IDENTITY_DOMAINNAME, Outcome::Newer)],
        )];
        assert_eq!(Verdicts::of(&newer, false).exit_status(), 0);
    }
}
