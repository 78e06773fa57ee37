//! Self-test of command-line profiles: the whole suite against wrappers of jailrun
//! that have runj's and ocijail's command lines must run without harness errors,
//! exit 0, give every test the verdict jailrun itself gets except convention
//! tests skipped with their reason (and, for ocijail, the deviations its command
//! line itself has, which the wrapper reproduces: expected failures, each
//! predicted in fixtures/expectations/ocijail.txt), and leave nothing in the
//! wrapper's fixed state directory.
//!
//! The full runs need root (containers are created for real), the static helper
//! (`make integ-inside`) and a built jailrun (`cargo build --release -p jailrun`,
//! or `$JAILCHECK_SELFTEST_JAILRUN`); without root they say so and return. The
//! probe and error-style tests need neither.

//!
//! One test binary, by concern: `whole_suite` (the suite through each wrapper),
//! `probes` (what the probe and the wrappers' parsers do, without containers) and
//! `old_spec` (runtimes that speak an older spec version).

mod old_spec;
mod probes;
#[path = "../support/mod.rs"]
mod support;
mod whole_suite;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;

use support::workspace;

const RUNJ_STYLE: &str = env!("CARGO_BIN_EXE_jailcheck-runj-style");
const OCIJAIL_STYLE: &str = env!("CARGO_BIN_EXE_jailcheck-ocijail-style");
const TERSE_CLI: &str = env!("CARGO_BIN_EXE_jailcheck-terse-cli");
const OLD_SPEC: &str = env!("CARGO_BIN_EXE_jailcheck-old-spec");

/// The suite's binary; panics with one line when it is not built.
fn jailcheck() -> PathBuf {
    support::jailcheck().unwrap_or_else(|e| panic!("{e}"))
}

/// jailrun next to this build's jailcheck, else the release build.
fn jailrun() -> PathBuf {
    if let Some(p) = std::env::var_os("JAILCHECK_SELFTEST_JAILRUN") {
        return PathBuf::from(p);
    }
    let sibling = jailcheck().with_file_name("jailrun");
    let release = workspace().join("target/release/jailrun");
    [sibling, release]
        .into_iter()
        .find(|p| p.is_file())
        .expect("jailrun is not built: run `cargo build --release -p jailrun` (or `make test`)")
}

/// One whole-suite run: exit status, the JSON report, the console.
struct Run {
    code: Option<i32>,
    report: Value,
    stdout: String,
}

/// Runs the whole suite against `runtime` with these environment variables and
/// extra arguments.
fn suite(runtime: &Path, env: &[(&str, &Path)], args: &[&Path]) -> Option<Run> {
    if !nix::unistd::geteuid().is_root() {
        eprintln!("self-test skipped: needs root (containers are created for real)");
        return None;
    }
    let helper = workspace().join("target/integ-inside");
    assert!(
        helper.is_file(),
        "the static helper {} is missing: run `make integ-inside` first",
        helper.display()
    );
    let out_dir = tempfile::tempdir().expect("tempdir");
    let report = out_dir.path().join("report.json");
    let mut cmd = Command::new(jailcheck());
    cmd.arg("--runtime")
        .arg(runtime)
        .arg("--helper")
        .arg(&helper)
        .arg("--report")
        .arg(&report)
        .args(args)
        .env("JAILCHECK_REAL_RUNTIME", jailrun());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run jailcheck");
    let text = std::fs::read_to_string(&report).unwrap_or_default();
    Some(Run {
        code: out.status.code(),
        report: serde_json::from_str(&text).unwrap_or(Value::Null),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
    })
}

/// jailrun's own run, shared by the tests that compare against it.
fn baseline() -> Option<&'static Run> {
    static BASELINE: OnceLock<Option<Run>> = OnceLock::new();
    BASELINE
        .get_or_init(|| suite(&jailrun(), &[], &[]))
        .as_ref()
}

/// (outcome, message) of every test in a report.
fn outcomes(run: &Run) -> Vec<(String, String, String)> {
    let tests = run.report["tests"].as_array().cloned().unwrap_or_default();
    tests
        .iter()
        .map(|t| {
            let s = |k: &str| t[k].as_str().unwrap_or("").to_string();
            (s("name"), s("outcome"), s("message"))
        })
        .collect()
}

/// Checks a wrapper's run against jailrun's and returns the tests it skipped for
/// want of a command-line convention. `deviations` are the tests the wrapper
/// fails as the runtime it mimics does: they must be expected failures.
fn same_verdicts_but_convention_skips(run: &Run, base: &Run, deviations: &[&str]) -> Vec<String> {
    assert_eq!(
        run.code,
        Some(0),
        "the wrapper run must exit 0\n{}",
        run.stdout
    );
    assert_eq!(
        run.report["totals"]["error"], 0,
        "harness errors\n{}",
        run.stdout
    );
    let base: Vec<_> = outcomes(base);
    let mine = outcomes(run);
    assert_eq!(mine.len(), base.len(), "both runs cover the whole suite");
    let mut skipped = Vec::new();
    for ((name, outcome, message), (bname, boutcome, _)) in mine.iter().zip(&base) {
        assert_eq!(name, bname);
        if deviations.contains(&name.as_str()) {
            assert_eq!(
                (outcome.as_str(), boutcome.as_str()),
                ("expected_fail", "pass"),
                "{name}: the wrapper reproduces a deviation of the runtime it mimics ({message})"
            );
            continue;
        }
        if outcome == boutcome || WRAPPER_BLIND.contains(&name.as_str()) {
            continue;
        }
        // Checked by the caller against the catalogue (`newer_at`).
        if outcome == "newer" && message.starts_with("newer than the runtime's spec version") {
            continue;
        }
        if hidden_by_old_spec(outcome, message) {
            continue;
        }
        assert!(
            outcome == "skip"
                && message.starts_with("needs ")
                && message.contains("(CONVENTION, runc-cli#"),
            "{name}: {outcome} ({message}) where jailrun gets {boutcome}"
        );
        skipped.push(name.clone());
    }
    skipped
}

/// When a directory's entries last changed.
fn mtime(dir: &Path) -> std::time::SystemTime {
    std::fs::metadata(dir)
        .and_then(|m| m.modified())
        .expect("state directory mtime")
}

/// Nothing is left in a state directory (it may not exist at all).
fn assert_empty(dir: &Path) {
    let left: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "left in {}: {left:?}", dir.display());
}

/// Tests that compare the container process with the runtime binary: through a
/// wrapper they see the wrapper's path, not jailrun's, so their verdict may differ.
const WRAPPER_BLIND: [&str; 1] = ["robustness::container_process_is_not_runtime_binary"];

/// Exit status and stderr of a wrapper call that never reaches jailrun.
fn refused(wrapper: &str, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(wrapper)
        .args(args)
        .env("JAILCHECK_REAL_RUNTIME", "/nonexistent/jailrun")
        .output()
        .expect("run wrapper");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The tests a run at spec `version` must report as newer on this host: every
/// requirement they check came later.
fn newer_at(version: jailcheck::catalogue::SpecVersion) -> Vec<String> {
    let spec = jailcheck::negotiation::JudgedVersion {
        version,
        ..jailcheck::negotiation::JudgedVersion::target()
    };
    jailcheck::areas::all()
        .into_iter()
        .filter(|(_, c)| {
            c.requirements.iter().any(|id| {
                jailcheck::catalogue::find(id).is_some_and(|r| r.platforms.includes_host())
            })
        })
        .filter(|(_, c)| spec.newer_reason(c.requirements).is_some())
        .map(|(n, _)| n)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// On FreeBSD a run older than 1.3.0 cannot make a jail's mounts visible
/// (freebsd.jail.enforceStatfs); jailrun keeps enforce_statfs 2 then, so the tests
/// that list mounts are skipped saying so.
fn hidden_by_old_spec(outcome: &str, message: &str) -> bool {
    cfg!(target_os = "freebsd")
        && outcome == "skip"
        && message.starts_with("the jail sees its root mount alone")
}
