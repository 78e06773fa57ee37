//! The one error type of the helper binary: what failed, why, and the exit code.

use std::fmt;

/// Exit code for a bad command line.
pub const EXIT_USAGE: i32 = 2;
/// Exit code for a failure while doing what was asked.
pub const EXIT_RUNTIME: i32 = 3;

/// A failure that ends the helper with one line on stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What failed (a subcommand, an option, a path).
    pub what: String,
    /// Why it failed.
    pub why: String,
    /// The exit status to end with.
    pub code: i32,
}

impl Failure {
    /// A command-line error (exit 2).
    pub fn usage(what: impl Into<String>, why: impl fmt::Display) -> Self {
        Failure {
            what: what.into(),
            why: why.to_string(),
            code: EXIT_USAGE,
        }
    }

    /// A failure while carrying out the subcommand (exit 3).
    pub fn runtime(what: impl Into<String>, why: impl fmt::Display) -> Self {
        Failure {
            what: what.into(),
            why: why.to_string(),
            code: EXIT_RUNTIME,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.what, self.why)
    }
}
