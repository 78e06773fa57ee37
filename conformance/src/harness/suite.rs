//! What every test shares: the runtime under test, the helper, the work directory.

use std::path::PathBuf;
use std::time::Duration;

use super::cli_profile::CliProfile;
use super::driver::RuntimeCli;

/// Settings shared by all tests of one run.
#[derive(Debug, Clone)]
pub struct Suite {
    pub runtime: RuntimeCli,
    /// What the runtime's command line has (probed or named with `--cli`).
    pub cli: CliProfile,
    /// The static `integ-inside` binary copied into every root filesystem.
    pub helper: PathBuf,
    /// Parent of every test's sandbox directory.
    pub workdir: PathBuf,
    /// Keep sandboxes after the run (for debugging).
    pub keep: bool,
    /// Time allowed for one test, runtime calls included.
    pub test_timeout: Duration,
    /// Time allowed for an event inside a test (exit, ready signal).
    pub event_timeout: Duration,
}
