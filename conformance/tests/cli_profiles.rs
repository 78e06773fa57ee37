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

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;

use jailcheck::harness::runtime::cli_profile::{CliProfile, KnownCli};

const RUNJ_STYLE: &str = env!("CARGO_BIN_EXE_jailcheck-runj-style");
const OCIJAIL_STYLE: &str = env!("CARGO_BIN_EXE_jailcheck-ocijail-style");
const TERSE_CLI: &str = env!("CARGO_BIN_EXE_jailcheck-terse-cli");

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// jailrun next to this build's jailcheck, else the release build.
fn jailrun() -> PathBuf {
    if let Some(p) = std::env::var_os("JAILCHECK_SELFTEST_JAILRUN") {
        return PathBuf::from(p);
    }
    let sibling = Path::new(env!("CARGO_BIN_EXE_jailcheck")).with_file_name("jailrun");
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
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jailcheck"));
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

/// Tests that compare the container process with the runtime binary: through a
/// wrapper they see the wrapper's path, not jailrun's, so their verdict may differ.
const WRAPPER_BLIND: [&str; 1] = ["robustness::container_process_is_not_runtime_binary"];

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

/// What jailcheck's probe finds in a wrapper's help texts (a run that selects
/// no test: the probe runs, nothing is created). In a process of its own, since
/// the suite's reaper would take the exits of this test binary's children.
fn probed(runtime: &str) -> Vec<String> {
    let dir = tempfile::tempdir().expect("tempdir");
    let report = dir.path().join("report.json");
    let out = Command::new(env!("CARGO_BIN_EXE_jailcheck"))
        .arg("--runtime")
        .arg(runtime)
        .arg("--helper")
        .arg(workspace().join("target/integ-inside"))
        .arg("--report")
        .arg(&report)
        .arg("--exact")
        .arg("no::such::test")
        .output()
        .expect("run jailcheck");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&report).expect("report");
    let doc: Value = serde_json::from_str(&text).expect("report JSON");
    doc["command_line"]["missing"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|m| m["feature"].as_str().unwrap_or("").to_string())
        .collect()
}

fn features(p: &CliProfile) -> Vec<String> {
    let doc = serde_json::to_value(p).expect("profile JSON");
    doc["missing"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|m| m["feature"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn probing_the_wrappers_finds_the_builtin_profiles() {
    assert_eq!(
        probed(RUNJ_STYLE),
        features(&CliProfile::known(KnownCli::Runj))
    );
    assert_eq!(
        probed(OCIJAIL_STYLE),
        features(&CliProfile::known(KnownCli::Ocijail))
    );
    assert!(!probed(RUNJ_STYLE).is_empty());
}

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

#[test]
fn runj_style_refuses_flags_as_cobra_does() {
    let (code, err) = refused(RUNJ_STYLE, &["--root", "/x", "state", "c1"]);
    assert_eq!(code, Some(1));
    assert!(
        err.starts_with("Error: unknown flag: --root\nUsage:\n  runj state"),
        "{err}"
    );
    let (code, err) = refused(RUNJ_STYLE, &["delete", "--force", "c1"]);
    assert_eq!(code, Some(1));
    assert!(err.starts_with("Error: unknown flag: --force"), "{err}");
    let (code, err) = refused(RUNJ_STYLE, &["list"]);
    assert_eq!(code, Some(1));
    assert!(
        err.starts_with("Error: unknown command \"list\" for \"runj\""),
        "{err}"
    );
    let (code, err) = refused(RUNJ_STYLE, &["create", "--bundle", "/b", "c1", "/b2"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("not both"), "{err}");
}

#[test]
fn ocijail_style_refuses_flags_as_cli11_does() {
    let (code, err) = refused(OCIJAIL_STYLE, &["--debug", "state", "c1"]);
    assert_eq!(code, Some(109));
    assert_eq!(
        err,
        "The following arguments were not expected: --debug\nRun with --help for more information.\n"
    );
    let (code, err) = refused(OCIJAIL_STYLE, &["state"]);
    assert_eq!(code, Some(106));
    assert!(err.starts_with("container-id is required"), "{err}");
    // exec takes the process from --process alone (ocijail/exec.cpp:25-30).
    let (code, err) = refused(OCIJAIL_STYLE, &["exec", "c1", "/bin/true"]);
    assert_eq!(code, Some(109), "{err}");
    assert!(err.starts_with("The following arguments were not expected: /bin/true"));
    let (code, err) = refused(OCIJAIL_STYLE, &["exec", "c1"]);
    assert_eq!(code, Some(106));
    assert!(err.starts_with("--process is required"), "{err}");
    let (code, err) = refused(OCIJAIL_STYLE, &["exec", "--process", "/nonexistent", "c1"]);
    assert_eq!(code, Some(105));
    assert!(err.starts_with("--process: Path does not exist"), "{err}");
}

/// A usage error never reaches ocijail's --log: CLI11 reports it on stderr
/// (ocijail/main.cpp:37-38), and the log file is not even opened.
#[test]
fn ocijail_style_keeps_usage_errors_out_of_the_log() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("log.json");
    let log = log.to_str().expect("utf-8 path");
    let args = [
        "--log",
        log,
        "--log-format",
        "json",
        "kill",
        "--no-such-flag",
        "c1",
    ];
    let (code, err) = refused(OCIJAIL_STYLE, &args);
    assert_eq!(code, Some(109));
    assert!(err.contains("--no-such-flag"), "{err}");
    assert!(!Path::new(log).exists(), "{log} was written");
}

/// The predicted expectations files load, and every entry says it is predicted,
/// names the spec section it concerns and the upstream source that shows it.
#[test]
fn predicted_expectations_name_section_and_source() {
    let names: Vec<String> = jailcheck::areas::all()
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    for (file, source) in [("runj.txt", ".go"), ("ocijail.txt", ".cpp")] {
        let path = workspace().join("fixtures/expectations").join(file);
        let exp = jailcheck::expectations::Expectations::load(&path, &names).expect("loads");
        assert!(!exp.entries.is_empty(), "{file} is empty");
        for (test, reason) in &exp.entries {
            let (tag, rest) = reason.split_once(' ').unwrap_or(("", ""));
            assert_eq!(tag, "[predicted]", "{file}: {test}");
            let section = rest.split(": ").next().unwrap_or("");
            assert!(
                section.contains('#'),
                "{file}: {test}: no spec section in {rest:?}"
            );
            assert!(
                rest.contains(source),
                "{file}: {test}: no source location in {rest:?}"
            );
        }
    }
}

const OLD_SPEC: &str = env!("CARGO_BIN_EXE_jailcheck-old-spec");

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

/// Nothing is left under a work directory once the run is over.
fn assert_nothing_under(dir: &Path) {
    assert_empty(dir);
}

/// A runtime that declares spec 1.0.0 and refuses newer bundles gets jailrun's
/// verdicts, except the tests of newer requirements, which are reported as newer
/// and not run: no failure, no harness error, nothing left behind.
#[test]
fn old_spec_runtime_is_judged_at_its_own_version() {
    let work = tempfile::tempdir().expect("tempdir");
    let Some(run) = suite(
        Path::new(OLD_SPEC),
        &[],
        &[Path::new("--workdir"), work.path()],
    ) else {
        return;
    };
    let base = baseline().expect("baseline runs when the wrapper runs");
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    assert_eq!(run.report["totals"]["error"], 0, "{}", run.stdout);
    assert_eq!(run.report["spec_version"]["version"], "1.0.0");
    assert_eq!(run.report["spec_version"]["source"], "features");
    let expected_newer = newer_at(jailcheck::catalogue::version::V1_0_0);
    assert!(!expected_newer.is_empty());
    let mut newer = Vec::new();
    for ((name, outcome, message), (bname, boutcome, _)) in
        outcomes(&run).iter().zip(&outcomes(base))
    {
        assert_eq!(name, bname, "both runs cover the whole suite");
        if outcome == "newer" {
            assert!(
                message.starts_with("newer than the runtime's spec version")
                    && message.contains("the run speaks 1.0.0"),
                "{name}: {message}"
            );
            newer.push(name.clone());
        } else if !WRAPPER_BLIND.contains(&name.as_str()) && !hidden_by_old_spec(outcome, message) {
            assert_eq!(outcome, boutcome, "{name}: {message}");
        }
    }
    newer.sort();
    assert_eq!(newer, expected_newer, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("judged against runtime-spec 1.0.0 (source: features;"),
        "{}",
        run.stdout
    );
    assert_nothing_under(work.path());
}

/// A runtime that declares nothing is probed: the versions its create accepts
/// decide, and the probe's containers are gone before the tests start.
#[test]
fn a_silent_runtime_is_probed() {
    let work = tempfile::tempdir().expect("tempdir");
    let silent = Path::new("1");
    let Some(run) = suite(
        Path::new(OLD_SPEC),
        &[("JAILCHECK_OLD_SPEC_SILENT", silent)],
        &[
            Path::new("--workdir"),
            work.path(),
            Path::new("lifecycle::"),
        ],
    ) else {
        return;
    };
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    assert_eq!(run.report["spec_version"]["version"], "1.0.0");
    assert_eq!(run.report["spec_version"]["source"], "probe");
    let why = run.report["spec_version"]["why"].as_str().unwrap_or("");
    assert!(
        why.starts_with("create accepted ociVersion 1.0.0 to 1.0.0; refused 1.0.1: ")
            && why.contains("unknown version specified"),
        "{why}"
    );
    assert_eq!(run.report["totals"]["fail"], 0, "{}", run.stdout);
    assert_nothing_under(work.path());
}

/// The version wrappers refuse a bundle newer than they speak before anything
/// reaches jailrun (the real runtime here does not exist), and let one they
/// speak through.
#[test]
fn version_wrappers_refuse_newer_bundles_before_acting() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bundle = dir.path().to_str().expect("utf-8 path");
    let with_version = |v: &str| {
        let config = serde_json::json!({ "ociVersion": v });
        std::fs::write(dir.path().join("config.json"), config.to_string()).expect("write");
    };
    let create = ["create", "--bundle", bundle, "c1"];
    with_version("1.3.0");
    let (code, err) = refused(OCIJAIL_STYLE, &create);
    assert_eq!(code, Some(1));
    assert_eq!(err, "create: unsupported OCI version 1.3.0\n");
    let (code, err) = refused(OLD_SPEC, &create);
    assert_eq!(code, Some(1));
    assert!(err.contains("unknown version specified: 1.3.0"), "{err}");
    with_version("1.0.1");
    let (_, err) = refused(OLD_SPEC, &create);
    assert!(err.contains("unknown version specified: 1.0.1"), "{err}");
    // Versions they speak go on to the runtime underneath (missing here).
    with_version("1.2.0");
    let (_, err) = refused(OCIJAIL_STYLE, &create);
    assert!(err.contains("/nonexistent/jailrun"), "{err}");
    with_version("1.0.0");
    let (_, err) = refused(OLD_SPEC, &create);
    assert!(err.contains("/nonexistent/jailrun"), "{err}");
}
