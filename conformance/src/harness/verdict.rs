//! What a test body returns when it does not pass.

use crate::catalogue::ReqId;
use std::fmt;

/// Why a test did not pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The runtime did not do what the requirement says.
    Fail(String),
    /// The test does not apply here (platform, host feature, runtime claim).
    Skip(String),
    /// The harness itself failed; the runtime's conformance is unknown.
    Error(String),
    /// The runtime broke a requirement other than the ones the test checks, in a way
    /// that stops the test (a `state` pid that is not the container process): the
    /// failure counts against that requirement.
    Broke { requirement: ReqId, message: String },
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::Fail(m) => write!(f, "{m}"),
            Verdict::Skip(m) => write!(f, "skipped: {m}"),
            Verdict::Error(m) => write!(f, "harness error: {m}"),
            Verdict::Broke {
                requirement,
                message,
            } => write!(f, "[{requirement}] {message}"),
        }
    }
}

impl Verdict {
    /// The failure of a check that belongs to `requirement` (not to the test's
    /// first requirement, which a plain failure is charged to); other verdicts
    /// are kept as they are.
    pub fn charged_to(self, requirement: ReqId) -> Verdict {
        match self {
            Verdict::Fail(message) => Verdict::Broke {
                requirement,
                message,
            },
            other => other,
        }
    }
}

/// The result of a test body.
pub type CaseResult = Result<(), Verdict>;

impl From<std::io::Error> for Verdict {
    fn from(e: std::io::Error) -> Self {
        Verdict::Error(e.to_string())
    }
}

impl From<serde_json::Error> for Verdict {
    fn from(e: serde_json::Error) -> Self {
        Verdict::Error(format!("json: {e}"))
    }
}

/// Adds context to harness errors: `fs::read(p).ctx("reading report")?`.
pub trait Context<T> {
    fn ctx(self, what: impl fmt::Display) -> Result<T, Verdict>;
}

impl<T, E: fmt::Display> Context<T> for Result<T, E> {
    fn ctx(self, what: impl fmt::Display) -> Result<T, Verdict> {
        self.map_err(|e| Verdict::Error(format!("{what}: {e}")))
    }
}

/// Fails the test with a formatted message unless the condition holds.
#[macro_export]
macro_rules! check {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err($crate::harness::Verdict::Fail(format!($($msg)+)));
        }
    };
}

/// As [`check!`], for a check that belongs to `requirement` rather than to the
/// test's first one.
#[macro_export]
macro_rules! check_for {
    ($requirement:expr, $cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err($crate::harness::Verdict::Broke {
                requirement: $requirement,
                message: format!($($msg)+),
            });
        }
    };
}

/// Fails the test unless the two values are equal, showing both.
#[macro_export]
macro_rules! check_eq {
    ($got:expr, $want:expr, $($msg:tt)+) => {{
        let (got, want) = (&$got, &$want);
        if got != want {
            return Err($crate::harness::Verdict::Fail(format!(
                "{}: got {:?}, want {:?}", format!($($msg)+), got, want
            )));
        }
    }};
}
