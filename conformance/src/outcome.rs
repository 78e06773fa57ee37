//! Outcomes of tests after expectations are applied, and the run's exit status.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The final outcome of one test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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

impl Outcome {
    /// From the outcome that matters most to the one that matters least.
    pub const BY_WEIGHT: [Outcome; 8] = [
        Outcome::Error,
        Outcome::Fail,
        Outcome::Warn,
        Outcome::UnexpectedPass,
        Outcome::ExpectedFail,
        Outcome::Newer,
        Outcome::Pass,
        Outcome::Skip,
    ];

    /// The outcome that matters most among several (of the tests of one
    /// requirement); `None` when there are none.
    pub fn worst(outcomes: impl Iterator<Item = Outcome>) -> Option<Outcome> {
        let all: Vec<Outcome> = outcomes.collect();
        Outcome::BY_WEIGHT.into_iter().find(|o| all.contains(o))
    }

    /// How the Markdown reports name the outcome.
    pub fn words(self) -> &'static str {
        match self {
            Outcome::Error => "error",
            Outcome::Fail => "**FAIL**",
            Outcome::Warn => "warning",
            Outcome::UnexpectedPass => "unexpected pass",
            Outcome::ExpectedFail => "expected failure",
            Outcome::Newer => "newer than the runtime's spec version",
            Outcome::Pass => "pass",
            Outcome::Skip => "skipped",
        }
    }
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
    /// Each requirement's outcome in this test (the verdicts count these).
    pub checks: Vec<Check>,
    /// Failure or skip reason, or the expectation's reason.
    pub message: Option<String>,
    #[serde(serialize_with = "as_secs")]
    pub duration: Duration,
    /// Every runtime call with its exit and stderr.
    pub transcript: Vec<String>,
}

/// One requirement's outcome in one test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub requirement: String,
    pub outcome: Outcome,
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
            checks: vec![],
            message: None,
            duration: Duration::ZERO,
            transcript: vec![],
        }
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
