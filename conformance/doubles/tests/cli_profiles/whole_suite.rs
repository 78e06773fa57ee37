//! The whole suite through the CLI-profile wrappers: jailrun's verdicts, convention
//! tests skipped with their reason, nothing left in the wrapper's state directory.

use std::path::{Path, PathBuf};

use crate::support::workspace;
use crate::{
    assert_empty, baseline, mtime, newer_at, outcomes, same_verdicts_but_convention_skips, suite,
    OCIJAIL_STYLE, RUNJ_STYLE, TERSE_CLI,
};

#[test]
fn runj_style_gets_jailrun_verdicts_with_convention_skips_and_leaves_nothing() {
    let state = tempfile::tempdir().expect("tempdir");
    let before = mtime(state.path());
    // Outside the fixed state directory, which must end up empty.
    let files = tempfile::tempdir().expect("tempdir");
    let expected = expectations_for("runj.txt", &RUNJ_CLI_DEVIATIONS, files.path());
    let Some(run) = suite(
        Path::new(RUNJ_STYLE),
        &[("JAILCHECK_RUNJ_STATE_DIR", state.path())],
        &[Path::new("--expectations"), &expected],
    ) else {
        return;
    };
    // The fixed directory was really used: containers came and went in it.
    assert!(
        mtime(state.path()) > before,
        "the wrapper never used {}",
        state.path().display()
    );
    let base = baseline().expect("baseline runs when the wrapper runs");
    let mut skipped = same_verdicts_but_convention_skips(&run, base, &RUNJ_CLI_DEVIATIONS);
    skipped.sort();
    assert_eq!(
        skipped,
        [
            "cli::delete_force_missing",
            "cli::exec_args",
            "cli::exec_bad_input_fails",
            "cli::exec_detach_pid_file",
            "cli::exec_env_cwd_user",
            "cli::exec_exit_status",
            "cli::exec_forwards_signals",
            "cli::exec_preserve_fds",
            "cli::exec_process_file",
            "cli::exec_stopped_fails",
            "cli::exec_tty_console_socket",
            "cli::log_json_errors",
            "cli::log_json_usage_errors",
            "cli::pause_resume",
            "cli::ps_json_lists_processes",
            "features::annotations_string_map",
            "features::listed_hooks_run",
            "features::mount_options_not_fs_specific",
            "features::mount_options_recognized",
            "features::no_undefined_properties",
            "features::null_is_not_empty",
            "features::oci_version_min_max_accepted",
            "features::oci_versions_ordered",
            "features::same_for_every_invocation",
            "hooks::poststop_after_process_gone",
            "lifecycle::delete_force_created",
            "lifecycle::delete_force_running",
            "lifecycle::root_isolates_containers",
            // They need exec, a --root of their own or delete --force, which runj lacks.
            "robustness::commands_never_reach_outside_root",
            "robustness::exec_process_in_own_session",
            "robustness::full_root_leaves_no_partial_state",
            "robustness::parallel_kill_and_delete",
            "robustness::read_only_root_fails_cleanly",
            "robustness::runtime_killed_in_create_container_hook",
            "robustness::runtime_killed_in_create_runtime_hook",
            "robustness::runtime_killed_in_prestart_hook",
            "robustness::runtime_killed_in_start_container_hook",
        ],
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("lacks global --root"), "{}", run.stdout);
    assert_empty(state.path());
}

/// Tests the real runj's command line fails too, so its wrapper does: cobra prints
/// the usage after a flag error such as `kill ID -5` (cmd/runj/main.go).
const RUNJ_CLI_DEVIATIONS: [&str; 1] = ["robustness::kill_signal_negative"];

/// What ocijail's own command line does that the wrapper reproduces: a usage
/// error goes to stderr only, never to --log (ocijail/main.cpp:37-38), and
/// --version has no `spec:` line (main.cpp:158-160).
const OCIJAIL_CLI_DEVIATIONS: [&str; 2] = ["cli::log_json_usage_errors", "cli::version_form"];

/// An expectations file with the entries of fixtures/expectations/`file` for
/// `tests`, each of which must be there.
fn expectations_for(file: &str, tests: &[&str], dir: &Path) -> PathBuf {
    let path = workspace().join("fixtures/expectations").join(file);
    let text = std::fs::read_to_string(&path).expect("expectations file");
    let lines: Vec<&str> = tests
        .iter()
        .map(|t| {
            text.lines()
                .find(|l| l.strip_prefix(t).is_some_and(|r| r.starts_with(": ")))
                .unwrap_or_else(|| panic!("{file} does not predict {t}"))
        })
        .collect();
    let out = dir.join(file);
    std::fs::write(&out, lines.join("\n") + "\n").expect("write expectations");
    out
}

#[test]
fn ocijail_style_gets_jailrun_verdicts_and_leaves_nothing() {
    let state = tempfile::tempdir().expect("tempdir");
    let expected = expectations_for("ocijail.txt", &OCIJAIL_CLI_DEVIATIONS, state.path());
    let runtime_state = state.path().join("state");
    let Some(run) = suite(
        Path::new(OCIJAIL_STYLE),
        &[("JAILCHECK_OCIJAIL_STATE_DIR", &runtime_state)],
        &[Path::new("--expectations"), &expected],
    ) else {
        return;
    };
    let base = baseline().expect("baseline runs when the wrapper runs");
    let mut skipped = same_verdicts_but_convention_skips(&run, base, &OCIJAIL_CLI_DEVIATIONS);
    skipped.sort();
    // ocijail declares 1.2.0 (features.cpp:74-75): the tests of 1.3.0 are not run.
    assert_eq!(run.report["spec_version"]["version"], "1.2.0");
    let mut newer: Vec<String> = outcomes(&run)
        .into_iter()
        .filter(|(_, o, _)| o == "newer")
        .map(|(n, _, _)| n)
        .collect();
    newer.sort();
    assert_eq!(newer, newer_at(jailcheck::catalogue::version::V1_2_0));
    assert_eq!(
        skipped,
        [
            "cli::exec_args",
            "cli::pause_resume",
            "cli::ps_json_lists_processes",
        ],
        "{}",
        run.stdout
    );
    assert_empty(&runtime_state);
}

/// A runtime whose help texts list no flag at all (a minimal parser's), run from
/// a shell with `RUST_BACKTRACE=1`: every test that needs a flag is skipped
/// before it acts (no harness error, no failure, no leak blamed on the runtime),
/// every other gets jailrun's verdict, and nothing is left in its fixed state
/// directory.
#[test]
fn terse_cli_gets_jailrun_verdicts_with_convention_skips_and_leaves_nothing() {
    let state = tempfile::tempdir().expect("tempdir");
    let Some(run) = suite(
        Path::new(TERSE_CLI),
        &[
            ("JAILCHECK_TERSE_STATE_DIR", state.path()),
            ("RUST_BACKTRACE", Path::new("1")),
        ],
        &[],
    ) else {
        return;
    };
    let base = baseline().expect("baseline runs when the wrapper runs");
    let skipped = same_verdicts_but_convention_skips(&run, base, &[]);
    // The tests that once failed or stopped half-way against such a runtime.
    for test in [
        "robustness::pid_file_in_missing_directory",
        "robustness::runtime_killed_in_prestart_hook",
        "terminal::terminal_without_console_socket_fails",
    ] {
        assert!(skipped.iter().any(|s| s == test), "{test}\n{}", run.stdout);
    }
    let raced = "robustness::parallel_distinct_lifecycles";
    assert!(!skipped.iter().any(|s| s == raced), "pids come from state");
    eprintln!("{}", verdict_lines(&run.stdout));
    assert_empty(state.path());
}

/// The console's closing verdict lines.
fn verdict_lines(stdout: &str) -> String {
    let lines: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("jailcheck: ") && l.contains(": "))
        .collect();
    lines.join("\n")
}
