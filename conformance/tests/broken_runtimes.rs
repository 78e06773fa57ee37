//! Self-test: jailcheck must catch runtimes that break one behaviour each, and must
//! pass the same tests for the runtime they wrap.
//!
//! Needs root (containers are created for real), the static helper
//! (`make integ-inside`) and a working runtime to wrap: `$JAILCHECK_SELFTEST_RUNTIME`,
//! else `runc` from PATH. Without root the tests say so and return.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The wrapped runtime, or why the self-test cannot run here.
fn real_runtime() -> Result<PathBuf, String> {
    if !nix::unistd::geteuid().is_root() {
        return Err("needs root: containers are created for real".into());
    }
    if let Some(p) = std::env::var_os("JAILCHECK_SELFTEST_RUNTIME") {
        return Ok(PathBuf::from(p));
    }
    let paths = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&paths)
        .map(|d| d.join("runc"))
        .find(|p| p.is_file())
        .ok_or_else(|| "no runtime to wrap: install runc or set JAILCHECK_SELFTEST_RUNTIME".into())
}

struct Outcome {
    code: Option<i32>,
    stdout: String,
}

/// Runs jailcheck on the broken runtime in `mode`, for the tests of `requirement`.
fn jailcheck(mode: &str, requirements: &[&str]) -> Option<Outcome> {
    let real = match real_runtime() {
        Ok(r) => r,
        Err(why) => {
            eprintln!("self-test skipped: {why}");
            return None;
        }
    };
    let helper = workspace().join("target/integ-inside");
    assert!(
        helper.is_file(),
        "the static helper {} is missing: run `make integ-inside` first",
        helper.display()
    );
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jailcheck"));
    cmd.arg("--runtime")
        .arg(env!("CARGO_BIN_EXE_jailcheck-broken-runtime"))
        .arg("--helper")
        .arg(&helper)
        .env("JAILCHECK_REAL_RUNTIME", &real)
        .env("JAILCHECK_BROKEN_MODE", mode);
    for r in requirements {
        cmd.arg("--requirement").arg(r);
    }
    let name = real.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let exp = workspace().join(format!("fixtures/expectations/{name}.txt"));
    if exp.is_file() {
        cmd.arg("--expectations").arg(exp);
    }
    let out = cmd.output().expect("run jailcheck");
    Some(Outcome {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
    })
}

/// The broken mode must make the run fail and name the requirement it breaks.
fn assert_caught(mode: &str, requirement: &str) {
    let Some(out) = jailcheck(mode, &[requirement]) else {
        return;
    };
    assert_eq!(
        out.code,
        Some(1),
        "mode {mode}: jailcheck should exit 1\n{}",
        out.stdout
    );
    let failed = out
        .stdout
        .split("FAILED (MUST/CONVENTION):")
        .nth(1)
        .unwrap_or("");
    assert!(
        failed.contains(requirement),
        "mode {mode}: the failure list does not name {requirement}\n{}",
        out.stdout
    );
}

/// Requirement broken by each mode.
const MODES: &[(&str, &str)] = &[
    ("drop-env", "process_env"),
    ("ignore-hostname", "identity_hostname"),
    ("lie-state", "lifecycle_status_transitions"),
    ("no-kill-all", "kill_all_cli"),
    ("wrong-signal", "kill_sends_signal"),
    ("start-on-create", "lifecycle_create_not_run_program"),
    ("force-delete", "delete_not_stopped_fails"),
    ("ignore-uid", "process_user_uid_gid"),
    ("ignore-rlimits", "process_rlimits"),
    ("skip-poststop", "hooks_poststop_timing"),
    ("reverse-hooks", "hooks_order_within_kind"),
    ("drop-hook-env", "hooks_path_args_env"),
    ("ignore-readonly-mounts", "mounts_ro"),
    ("reverse-mounts", "mounts_order"),
    ("ignore-root-readonly", "root_readonly"),
    ("ignore-terminal", "terminal_pty"),
    ("ignore-console-size", "terminal_console_size"),
    ("drop-netns", "linux_netns_new"),
];

#[test]
fn unbroken_runtime_passes_the_same_tests() {
    let reqs: Vec<&str> = MODES.iter().map(|(_, r)| *r).collect();
    let Some(out) = jailcheck("none", &reqs) else {
        return;
    };
    assert_eq!(
        out.code,
        Some(0),
        "the unbroken runtime must pass\n{}",
        out.stdout
    );
}

#[test]
fn drop_env_is_caught() {
    assert_caught("drop-env", "process_env");
}

#[test]
fn ignore_hostname_is_caught() {
    assert_caught("ignore-hostname", "identity_hostname");
}

#[test]
fn lie_state_is_caught() {
    assert_caught("lie-state", "lifecycle_status_transitions");
}

#[test]
fn no_kill_all_is_caught() {
    assert_caught("no-kill-all", "kill_all_cli");
}

#[test]
fn wrong_signal_is_caught() {
    assert_caught("wrong-signal", "kill_sends_signal");
}

#[test]
fn start_on_create_is_caught() {
    assert_caught("start-on-create", "lifecycle_create_not_run_program");
}

#[test]
fn force_delete_is_caught() {
    assert_caught("force-delete", "delete_not_stopped_fails");
}

#[test]
fn ignore_uid_is_caught() {
    assert_caught("ignore-uid", "process_user_uid_gid");
}

#[test]
fn ignore_rlimits_is_caught() {
    assert_caught("ignore-rlimits", "process_rlimits");
}

#[test]
fn skip_poststop_is_caught() {
    assert_caught("skip-poststop", "hooks_poststop_timing");
}

#[test]
fn reverse_hooks_is_caught() {
    assert_caught("reverse-hooks", "hooks_order_within_kind");
}

#[test]
fn drop_hook_env_is_caught() {
    assert_caught("drop-hook-env", "hooks_path_args_env");
}

#[test]
fn ignore_readonly_mounts_is_caught() {
    assert_caught("ignore-readonly-mounts", "mounts_ro");
}

#[test]
fn reverse_mounts_is_caught() {
    assert_caught("reverse-mounts", "mounts_order");
}

#[test]
fn ignore_root_readonly_is_caught() {
    assert_caught("ignore-root-readonly", "root_readonly");
}

#[test]
fn ignore_terminal_is_caught() {
    assert_caught("ignore-terminal", "terminal_pty");
}

#[test]
fn ignore_console_size_is_caught() {
    assert_caught("ignore-console-size", "terminal_console_size");
}

#[test]
fn drop_netns_is_caught() {
    assert_caught("drop-netns", "linux_netns_new");
}
