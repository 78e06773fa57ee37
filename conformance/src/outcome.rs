//! Outcomes of tests after expectations are applied, and the run's exit status.

use std::time::Duration;

use serde::Serialize;

use crate::catalogue::{self, Level};

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
    /// The harness failed; nothing is known about the runtime.
    Error,
}

/// What happened in one test, for the reporters.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    pub name: String,
    pub requirements: Vec<String>,
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

/// Whether a failure of a test citing these requirements fails the run.
pub fn is_binding(requirements: &[&str]) -> bool {
    requirements
        .iter()
        .filter_map(|id| catalogue::find(id))
        .any(|r| r.level.is_binding())
}

/// The highest level among these requirements (for messages).
pub fn strongest(requirements: &[&str]) -> Option<Level> {
    requirements
        .iter()
        .filter_map(|id| catalogue::find(id))
        .map(|r| r.level)
        .min()
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
                Outcome::Error => t.error += 1,
            }
        }
        t
    }

    /// 0 when every applicable binding requirement passed, 1 when one failed, 2 on
    /// harness errors.
    pub fn exit_status(&self) -> u8 {
        if self.error > 0 {
            2
        } else if self.fail > 0 {
            1
        } else {
            0
        }
    }
}
