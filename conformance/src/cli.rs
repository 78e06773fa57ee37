//! The command line: jailcheck's own options, then libtest's.

use std::path::PathBuf;

use clap::Parser;

use crate::harness::runtime::cli_profile::KnownCli;

/// Spec-driven conformance suite for OCI runtimes (runtime-spec v1.3.0), FreeBSD
/// jails first. Two verdicts: the spec (MUST) and the runc command line
/// (CONVENTION). `jailcheck compare REPORT.json…` puts runs side by side (see
/// `jailcheck compare --help`). Exit status: 0 every MUST judged was met (and every CONVENTION,
/// with --conventions-binding), 1 one was not, 2 usage or harness error.
#[derive(Debug, Parser)]
#[command(name = "jailcheck", version)]
pub struct Cli {
    /// The runtime under test: a path, or a name looked up in PATH. Repeat it to
    /// test several runtimes one after the other (with --report-dir).
    #[arg(long = "runtime", value_name = "PATH")]
    pub runtimes: Vec<String>,
    /// The static integ-inside helper (default: target/integ-inside from `make integ-inside`).
    #[arg(long, value_name = "PATH")]
    pub helper: Option<PathBuf>,
    /// The runtime's command line, instead of reading it from its `--help`: runc
    /// (every convention), runj (no global flags, no delete --force, list,
    /// features, exec, ps, pause or resume) or ocijail (exec by --process only, no
    /// ps, pause or resume).
    #[arg(long, value_enum, value_name = "NAME")]
    pub cli: Option<KnownCli>,
    /// Write the whole run as JSON.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Write JUnit XML.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Write the requirements × outcome matrix as Markdown.
    #[arg(long, value_name = "FILE")]
    pub markdown: Option<PathBuf>,
    /// Known deviations of this runtime (`TEST-NAME: reason` per line). With
    /// several --runtime: one per runtime, in order, or none, and then
    /// fixtures/expectations/NAME.txt (NAME the runtime's file name) when it exists.
    #[arg(long, value_name = "FILE")]
    pub expectations: Vec<PathBuf>,
    /// Write DIR/NAME.json, .xml and .md per runtime (NAME its file name), and the
    /// matrix of all of them, DIR/matrix.md and DIR/matrix.html.
    #[arg(long, value_name = "DIR")]
    pub report_dir: Option<PathBuf>,
    /// Run only the tests that check this requirement ID (repeatable).
    #[arg(long = "requirement", value_name = "ID")]
    pub requirements: Vec<String>,
    /// Speak and judge this runtime-spec version (1.0.0 to 1.3.0) instead of the
    /// one the runtime declares (features ociVersionMax, the spec: line of
    /// --version) or a probe of its create finds: bundles declare it, and only
    /// tests of newer requirements are reported as newer and not run.
    #[arg(long, value_name = "VERSION")]
    pub spec_version: Option<String>,
    /// Make the conventions verdict (runc's command line, which engines rely on
    /// but the spec does not define) decide the exit status too, as the spec
    /// verdict does.
    #[arg(long)]
    pub conventions_binding: bool,
    /// Print the requirement catalogue and exit.
    #[arg(long)]
    pub list_requirements: bool,
    /// Directory for sandboxes (default: a new one under the system temp dir).
    #[arg(long, value_name = "DIR")]
    pub workdir: Option<PathBuf>,
    /// Keep sandboxes (bundles, call transcripts) after the run.
    #[arg(long)]
    pub keep: bool,
    /// Seconds allowed for one runtime command.
    #[arg(long, default_value_t = 10, value_name = "SECS")]
    pub call_timeout: u64,
    /// Seconds allowed for one test.
    #[arg(long, default_value_t = 60, value_name = "SECS")]
    pub test_timeout: u64,
    #[command(flatten)]
    pub libtest: libtest_mimic::Arguments,
}
