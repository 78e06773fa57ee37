//! What every test shares: the runtime under test, the helper, the work directory.

use std::path::PathBuf;
use std::time::Duration;

use crate::harness::runtime::cli_profile::CliProfile;
use crate::harness::runtime::driver::RuntimeCli;
use crate::negotiation::JudgedVersion;

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
    /// The spec version of the run, decided before any test: bundles declare it.
    pub spec: JudgedVersion,
}

impl Suite {
    /// Settings for a run that starts no runtime (`--list`, unit tests): no
    /// runtime or helper path, one-second timeouts, jailcheck's own spec version.
    pub fn placeholder() -> Suite {
        Suite {
            runtime: RuntimeCli {
                path: PathBuf::new(),
                timeout: Duration::from_secs(1),
            },
            cli: CliProfile::runc(),
            helper: PathBuf::new(),
            workdir: std::env::temp_dir(),
            keep: false,
            test_timeout: Duration::from_secs(1),
            event_timeout: Duration::from_secs(1),
            spec: JudgedVersion::target(),
        }
    }
}
