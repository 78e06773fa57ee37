//! Outcomes of tests after expectations are applied, and the run's exit status.

use std::time::Duration;

use serde::Serialize;

/// The final outcome of one test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Pass,
    /// A MUST or CONVENTION requirement was not met.
    Fail,
    /// Only SHOULD/MAY requirements were not met.
    Warn,
    /// Failed, as the expectations file says it would.
    ExpectedFail,
    /// Passed although the expectations file says it fails.
    UnexpectedPass,
    Skip,
    /// Failed a requirement that came in a spec release newer than the one the
    /// runtime declares: reported, not counted as a failure.
    Newer,
    /// The harness failed, or a positive control did: nothing is known about the
    /// runtime from this test.
    Error,
}

/// What happened in one test, for the reporters.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    pub name: String,
    pub requirements: Vec<String>,
    /// A requirement the runtime broke besides the test's own, which decided the
    /// outcome (a bogus `state` pid, a leak).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub broke: Option<String>,
    pub outcome: Outcome,
    /// Failure or skip reason, or the expectation's reason.
    pub message: Option<String>,
    #[serde(serialize_with = "as_secs")]
    pub duration: Duration,
    /// Every runtime call with its exit and stderr.
    pub transcript: Vec<String>,
}

fn as_secs<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

/// Counts of each outcome.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Totals {
    pub pass: usize,
    pub fail: usize,
    pub warn: usize,
    pub expected_fail: usize,
    pub unexpected_pass: usize,
    pub skip: usize,
    pub newer: usize,
    pub error: usize,
}

impl Totals {
    /// Counts the records.
    pub fn of(records: &[Record]) -> Totals {
        let mut t = Totals::default();
        for r in records {
            match r.outcome {
                Outcome::Pass => t.pass += 1,
                Outcome::Fail => t.fail += 1,
                Outcome::Warn => t.warn += 1,
                Outcome::ExpectedFail => t.expected_fail += 1,
                Outcome::UnexpectedPass => t.unexpected_pass += 1,
                Outcome::Skip => t.skip += 1,
                Outcome::Newer => t.newer += 1,
                Outcome::Error => t.error += 1,
            }
        }
        t
    }

    /// 1 when a binding requirement failed, whatever else happened; else 2 when a
    /// test could not be judged (harness error, failed positive control); else 0.
    pub fn exit_status(&self) -> u8 {
        if self.fail > 0 {
            1
        } else if self.error > 0 {
            2
        } else {
            0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(outcome: Outcome) -> Record {
        Record {
            name: "area::t".into(),
            requirements: vec![],
            broke: None,
            outcome,
            message: None,
            duration: Duration::ZERO,
            transcript: vec![],
        }
    }

    fn status(outcomes: &[Outcome]) -> u8 {
        let records: Vec<Record> = outcomes.iter().map(|o| record(*o)).collect();
        Totals::of(&records).exit_status()
    }

    #[test]
    fn a_must_failure_exits_1_even_with_harness_errors() {
        assert_eq!(status(&[Outcome::Fail, Outcome::Error, Outcome::Pass]), 1);
        assert_eq!(status(&[Outcome::Error, Outcome::Fail]), 1);
    }

    #[test]
    fn errors_without_failures_exit_2() {
        assert_eq!(status(&[Outcome::Pass, Outcome::Error]), 2);
    }

    #[test]
    fn warnings_skips_expected_failures_and_newer_requirements_exit_0() {
        let others = [
            Outcome::Pass,
            Outcome::Warn,
            Outcome::ExpectedFail,
            Outcome::UnexpectedPass,
            Outcome::Skip,
            Outcome::Newer,
        ];
        assert_eq!(status(&others), 0);
        assert_eq!(status(&[]), 0);
    }

    #[test]
    fn totals_count_each_outcome() {
        let t = Totals::of(&[
            record(Outcome::Newer),
            record(Outcome::Newer),
            record(Outcome::Fail),
        ]);
        assert_eq!((t.newer, t.fail, t.pass), (2, 1, 0));
    }
}
