//! jailcheck as a judge: each test runs the suite against a throwaway wrapper around
//! a real runtime that misbehaves in one way the suite once let through, and checks
//! the verdict (exit status, what is reported).
//!
//! Needs root, the static helper (`make integ-inside`) and a real runtime:
//! `$JAILCHECK_SELFTEST_RUNTIME`, else target/release/jailrun, else `runc` in PATH.
//! Without them each test says why on stderr and returns.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn in_path(name: &str) -> Option<PathBuf> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// Root and the helper, or why these tests cannot run here.
fn preconditions() -> Result<PathBuf, String> {
    if !nix::unistd::geteuid().is_root() {
        return Err("needs root: containers are created for real".into());
    }
    let helper = workspace().join("target/integ-inside");
    if !helper.is_file() {
        return Err(format!(
            "no helper {}: run `make integ-inside`",
            helper.display()
        ));
    }
    Ok(helper)
}

/// The runtime the wrappers call.
fn real_runtime() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("JAILCHECK_SELFTEST_RUNTIME") {
        return Some(PathBuf::from(p));
    }
    let jailrun = workspace().join("target/release/jailrun");
    if jailrun.is_file() {
        return Some(jailrun);
    }
    in_path("runc")
}

/// A shell-script runtime in `dir`: `body` runs with `$real` set to the real runtime.
fn wrapper(dir: &Path, name: &str, real: &Path, body: &str) -> PathBuf {
    let path = dir.join(name);
    let text = format!("#!/bin/sh\nreal='{}'\n{body}\n", real.display());
    fs::write(&path, text).expect("write wrapper");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).expect("chmod wrapper");
    path
}

struct Run {
    code: Option<i32>,
    stdout: String,
    report: Value,
    elapsed: Duration,
}

/// Runs jailcheck on `runtime` with `args` (filters, flags), with a JSON report.
fn jailcheck(helper: &Path, runtime: &Path, dir: &Path, args: &[&str]) -> Run {
    let report = dir.join("report.json");
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_jailcheck"))
        .arg("--runtime")
        .arg(runtime)
        .arg("--helper")
        .arg(helper)
        .arg("--report")
        .arg(&report)
        .args(args)
        .output()
        .expect("run jailcheck");
    let text = fs::read_to_string(&report).unwrap_or_default();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        report: serde_json::from_str(&text).unwrap_or(Value::Null),
        elapsed: started.elapsed(),
    }
}

fn tests_with(run: &Run, outcome: &str) -> Vec<String> {
    run.report["tests"]
        .as_array()
        .map(|tests| {
            tests
                .iter()
                .filter(|t| t["outcome"] == outcome)
                .filter_map(|t| t["name"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Sets up a scratch directory, or says why the test cannot run.
fn setup() -> Option<(PathBuf, PathBuf, tempfile::TempDir)> {
    let helper = match preconditions() {
        Ok(h) => h,
        Err(why) => {
            eprintln!("judge self-test skipped: {why}");
            return None;
        }
    };
    let Some(real) = real_runtime() else {
        eprintln!("judge self-test skipped: no runtime to wrap (build jailrun or install runc)");
        return None;
    };
    let dir = tempfile::Builder::new()
        .prefix("jc-judge.")
        .tempdir()
        .expect("tempdir");
    Some((helper, real, dir))
}

/// A wrapper body: the state's pid is 1, not the container process.
const BOGUS_PID: &str = r#"case " $* " in
  *" state "*) out=$("$real" "$@") || exit $?
               printf '%s\n' "$out" | sed -E 's/"pid": *[0-9]+/"pid": 1/'; exit 0 ;;
esac
exec "$real" "$@""#;

/// Bug: a runtime whose state pid was not the container process turned most tests
/// into skips and the run could exit 0. Now it fails state_pid and exits 1.
#[test]
fn a_bogus_state_pid_fails_state_pid_and_exits_1() {
    let Some((helper, real, dir)) = setup() else {
        return;
    };
    let runtime = wrapper(dir.path(), "bogus-pid", &real, BOGUS_PID);
    let run = jailcheck(&helper, &runtime, dir.path(), &["lifecycle::"]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    let failed = run
        .stdout
        .split("FAILED (MUST: the spec):")
        .nth(1)
        .unwrap_or("");
    assert!(
        failed.contains("state_pid"),
        "state_pid not failed:\n{}",
        run.stdout
    );
    let skipped = tests_with(&run, "skip");
    assert!(
        skipped.is_empty(),
        "tests skipped instead of failing: {skipped:?}"
    );
}

/// Two runtimes in one invocation: each gets its reports in --report-dir, the
/// matrix shows where they differ, and the exit status is the worse runtime's (the
/// failing one goes first, so the last one's status would not do).
#[test]
fn several_runtimes_give_reports_a_matrix_and_the_worst_status() {
    let Some((helper, real, dir)) = setup() else {
        return;
    };
    let bogus = wrapper(dir.path(), "bogus-pid", &real, BOGUS_PID);
    let reports = dir.path().join("reports");
    let out = Command::new(env!("CARGO_BIN_EXE_jailcheck"))
        .arg("--runtime")
        .arg(&bogus)
        .arg("--runtime")
        .arg(&real)
        .arg("--helper")
        .arg(&helper)
        .arg("--report-dir")
        .arg(&reports)
        .arg("lifecycle::")
        .output()
        .expect("run jailcheck");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let real_name = real.file_name().map(|n| n.to_string_lossy().into_owned());
    for name in [real_name.unwrap_or_default(), "bogus-pid".into()] {
        for ext in ["json", "xml", "md"] {
            let path = reports.join(format!("{name}.{ext}"));
            assert!(path.is_file(), "{} missing", path.display());
        }
    }
    let matrix = fs::read_to_string(reports.join("matrix.md")).unwrap_or_default();
    let differing: Vec<&str> = matrix.lines().filter(|l| l.starts_with("| ≠ ")).collect();
    assert!(
        differing.iter().any(|l| l.contains("`state_pid`")),
        "state_pid is not a differing row:\n{matrix}"
    );
    assert!(reports.join("matrix.html").is_file());
}

/// Bug: negative tests ("create must fail when …") passed for a runtime whose every
/// create fails. Now each shows its positive control failing (an error), and the
/// MUST failures of everything else make the run exit 1.
#[test]
fn a_runtime_failing_every_create_passes_nothing_and_exits_1() {
    let Some((helper, real, dir)) = setup() else {
        return;
    };
    let runtime = wrapper(
        dir.path(),
        "no-create",
        &real,
        r#"case " $* " in
  *" create "*) echo "no-create: refusing every create" >&2; exit 1 ;;
esac
exec "$real" "$@""#,
    );
    let run = jailcheck(&helper, &runtime, dir.path(), &[]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    // A test that never asks for a create (the features document, operations
    // without an ID, --version) may pass; one that tried a create must not.
    let passed_after_create: Vec<String> = run.report["tests"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|t| t["outcome"] == "pass")
        .filter(|t| {
            t["transcript"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|c| c.as_str())
                .any(|c| c.contains(" create "))
        })
        .filter_map(|t| t["name"].as_str().map(str::to_string))
        .collect();
    assert!(
        passed_after_create.is_empty(),
        "passed although nothing can be created: {passed_after_create:?}"
    );
    assert!(
        !tests_with(&run, "pass").is_empty() || !tests_with(&run, "fail").is_empty(),
        "the run judged nothing"
    );
    let errors = tests_with(&run, "error");
    for negative in [
        "lifecycle::state_unknown_id_fails",
        "lifecycle::create_bad_root_leaves_nothing",
        "process::rlimits_duplicate_fails",
        "hooks::create_runtime_failure_fails_create",
    ] {
        assert!(
            errors.iter().any(|e| e == negative),
            "{negative} is not an error (positive control failed): {errors:?}"
        );
    }
}

/// Bug: a runtime passing process.args wrongly got 61 MUST failures and a harness
/// error (a file the program should have written was missing), so the verdict was
/// "inconclusive", exit 2. Missing observations are now the runtime's failures, a
/// MUST failure exits 1 whatever else happened, and the only errors left are the
/// negative tests whose positive control failed.
#[test]
fn a_runtime_mangling_args_exits_1_and_errs_only_on_controls() {
    let Some((helper, real, dir)) = setup() else {
        return;
    };
    let runtime = wrapper(
        dir.path(),
        "bad-args",
        &real,
        r#"bundle= prev=
for a in "$@"; do [ "$prev" = --bundle ] && bundle=$a; prev=$a; done
if [ -n "$bundle" ] && [ -f "$bundle/config.json" ]; then
  sed -i 's|"/integ-inside",|"/integ-inside", "no-such-subcommand",|' "$bundle/config.json"
fi
exec "$real" "$@""#,
    );
    let run = jailcheck(&helper, &runtime, dir.path(), &[]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    for test in run.report["tests"].as_array().into_iter().flatten() {
        if test["outcome"] == "error" {
            let why = test["message"].as_str().unwrap_or("");
            assert!(
                why.starts_with("positive control failed"),
                "{}: {why}",
                test["name"]
            );
        }
    }
}

/// Bug: the runtime was invoked by its resolved path, so a runtime that dispatches
/// on argv[0] (reached through a symlink named for what it does) broke.
#[test]
fn a_runtime_reached_through_a_symlink_is_invoked_by_that_name() {
    let Some((helper, real, dir)) = setup() else {
        return;
    };
    wrapper(
        dir.path(),
        "multicall",
        &real,
        r#"case "$(basename "$0")" in
  oci-runtime) exec "$real" "$@" ;;
  *) echo "multicall: invoked as $0, not as oci-runtime" >&2; exit 97 ;;
esac"#,
    );
    let link = dir.path().join("oci-runtime");
    std::os::unix::fs::symlink("multicall", &link).expect("symlink");
    let run = jailcheck(
        &helper,
        &link,
        dir.path(),
        &["lifecycle::create_gives_created"],
    );
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    assert_eq!(
        tests_with(&run, "pass"),
        ["lifecycle::create_gives_created"]
    );
}

/// Bug: a test that timed out went on running in its thread, its runtime call alive,
/// and nothing was cleaned up or checked. Now the call is killed, the guard runs.
#[test]
fn a_timed_out_test_has_its_runtime_calls_killed() {
    let Some((helper, real, dir)) = setup() else {
        return;
    };
    const MARK: &str = "987654";
    let runtime = wrapper(
        dir.path(),
        "hang-start",
        &real,
        &format!(
            r#"case " $* " in
  *" start "*) exec sleep {MARK} ;;
esac
exec "$real" "$@""#
        ),
    );
    let args = [
        "--test-timeout",
        "3",
        "--call-timeout",
        "60",
        "lifecycle::start_runs_program",
    ];
    let run = jailcheck(&helper, &runtime, dir.path(), &args);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(
        run.elapsed < Duration::from_secs(45),
        "the hung call was not cancelled: {:?}",
        run.elapsed
    );
    assert!(
        run.stdout.contains("cancelled: 1 runtime call(s) killed"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("guard did not finish"),
        "{}",
        run.stdout
    );
    let survivors = processes_with(MARK);
    assert!(
        survivors.is_empty(),
        "the hung runtime call survived the run: {survivors:?}"
    );
}

/// The processes (`PID command…`) whose command line contains `mark`, from
/// ps(1), on Linux and on FreeBSD, where /proc is not mounted by default:
/// `-a` and `-x` for every process with or without a terminal, `-ww` for
/// the whole command line, the `pid` and `command` keywords (freebsd-src
/// bin/ps/ps.1, bin/ps/keyword.c; procps takes the same). Fails unless the
/// listing holds this very process, so an empty listing cannot pass.
fn processes_with(mark: &str) -> Vec<String> {
    let out = Command::new("ps")
        .args(["-axww", "-o", "pid=", "-o", "command="])
        .output()
        .expect("run ps");
    assert!(
        out.status.success(),
        "ps -axww failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listing = String::from_utf8_lossy(&out.stdout);
    let me = std::process::id().to_string();
    assert!(
        listing
            .lines()
            .any(|l| l.split_whitespace().next() == Some(me.as_str())),
        "ps -axww does not list this process ({me}):\n{listing}"
    );
    lines_with(&listing, mark)
}

/// The lines of a `ps -o pid= -o command=` listing whose command contains `mark`.
fn lines_with(listing: &str, mark: &str) -> Vec<String> {
    listing
        .lines()
        .filter(|l| {
            l.trim_start()
                .split_once(char::is_whitespace)
                .is_some_and(|(_, command)| command.contains(mark))
        })
        .map(|l| l.trim().to_string())
        .collect()
}

#[test]
fn the_survivor_check_sees_processes_through_ps() {
    let listing = "  1 /sbin/init\n 42 sleep 987654\n 987654 sh -c true\n";
    assert_eq!(lines_with(listing, "987654"), ["42 sleep 987654"]);
    // A process of this very test is listed, with its own command line.
    let child = Command::new("sleep")
        .arg("86399")
        .spawn()
        .expect("spawn sleep");
    let seen = processes_with("sleep 86399");
    let mut child = child;
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(seen, [format!("{} sleep 86399", child.id())]);
}

/// Done when: Debian's runc with its expectations file passes (exit 0).
#[test]
fn runc_with_its_expectations_exits_0() {
    let helper = match preconditions() {
        Ok(h) => h,
        Err(why) => return eprintln!("judge self-test skipped: {why}"),
    };
    let Some(runc) = in_path("runc") else {
        return eprintln!("judge self-test skipped: runc is not installed");
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let exp = workspace().join("fixtures/expectations/runc.txt");
    let exp = exp.display().to_string();
    let run = jailcheck(&helper, &runc, dir.path(), &["--expectations", &exp]);
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("judged against runtime-spec 1.0.2 (source: features; ociVersionMin 1.0.0"),
        "runc's declared version is not the one judged against:\n{}",
        run.stdout
    );
}

/// `--spec-version` that is not a version: one line, exit 2.
#[test]
fn a_bad_spec_version_is_a_usage_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_jailcheck"))
        .args(["--runtime", "/bin/true", "--spec-version", "one.three"])
        .output()
        .expect("run jailcheck");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err.trim(),
        "jailcheck: --spec-version one.three: not a version (want MAJOR.MINOR.PATCH, e.g. 1.3.0)"
    );
}
