//! The driver against stand-in runtimes (shell scripts): the runtime never sees
//! the caller's environment, and a runtime that prints without end is kept in
//! part, in bounded memory, with a note saying so. A test binary of its own: the
//! driver makes its process a subreaper.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use jailcheck::harness::runtime::driver::{CallIo, RuntimeCli, KEPT_OUTPUT};

/// A runtime that is this shell script.
fn script(dir: &Path, body: &str) -> RuntimeCli {
    let path = dir.join("runtime");
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("write script");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    RuntimeCli {
        path,
        timeout: Duration::from_secs(30),
    }
}

fn run(cli: &RuntimeCli, dir: &Path) -> jailcheck::harness::Invocation {
    let prefix: PathBuf = dir.join("call");
    cli.run_raw(
        &[],
        &CallIo {
            prefix: &prefix,
            cwd: None,
        },
    )
    .expect("runtime runs")
}

/// Peak resident set size of this process, in KiB.
fn max_rss_kib() -> i64 {
    nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_SELF)
        .map(|u| u.max_rss())
        .unwrap_or(0)
}

#[test]
fn the_callers_environment_never_reaches_the_runtime() {
    // The shell jailcheck was started from, as a user's may be.
    std::env::set_var("RUST_BACKTRACE", "1");
    std::env::set_var("JAILCHECK_SELFTEST_MARK", "kept");
    let dir = tempfile::tempdir().expect("tempdir");
    let inv = run(&script(dir.path(), "env"), dir.path());
    let mut names: Vec<&str> = inv
        .stdout
        .lines()
        .filter_map(|l| l.split('=').next())
        .filter(|n| !n.is_empty() && *n != "PWD" && *n != "SHLVL" && *n != "_")
        .collect();
    names.sort();
    assert_eq!(names, ["JAILCHECK_SELFTEST_MARK", "PATH"], "{}", inv.stdout);
}

#[test]
fn a_runtime_printing_64_mib_is_kept_to_a_bound() {
    let dir = tempfile::tempdir().expect("tempdir");
    let before = max_rss_kib();
    let cli = script(
        dir.path(),
        "head -c 67108864 /dev/zero | tr '\\0' x\n\
         echo 'runtime: error: state c1: gone' >&2\nexit 1",
    );
    let inv = run(&cli, dir.path());
    assert!(!inv.ok());
    assert!(
        inv.stdout.len() < KEPT_OUTPUT as usize + 200,
        "{}",
        inv.stdout.len()
    );
    assert!(
        inv.stdout
            .ends_with("output truncated: kept the first 1048576 of 67108864 bytes]\n"),
        "{}",
        &inv.stdout[inv.stdout.len() - 120..]
    );
    assert_eq!(inv.first_error_line(), "runtime: error: state c1: gone");
    let grown_mib = (max_rss_kib() - before) / 1024;
    assert!(grown_mib < 32, "the suite grew by {grown_mib} MiB");
}
