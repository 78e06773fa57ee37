//! Self-test of command-line profiles: the whole suite against wrappers of jailrun
//! that have runj's and ocijail's command lines must run without harness errors,
//! exit 0, give every test the verdict jailrun itself gets except convention
//! tests skipped with their reason, and leave nothing in the wrapper's fixed
//! state directory.
//!
//! The full runs need root (containers are created for real), the static helper
//! (`make integ-inside`) and a built jailrun (`cargo build --release -p jailrun`,
//! or `$JAILCHECK_SELFTEST_JAILRUN`); without root they say so and return. The
//! probe and error-style tests need neither.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;

use jailcheck::harness::cli_profile::{CliProfile, KnownCli};

const RUNJ_STYLE: &str = env!("CARGO_BIN_EXE_jailcheck-runj-style");
const OCIJAIL_STYLE: &str = env!("CARGO_BIN_EXE_jailcheck-ocijail-style");

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

/// Convention tests the real runj's command line fails too, so its wrapper does:
/// passed to the wrapper's run as its expectations.
const RUNJ_DEVIATIONS: &[(&str, &str)] = &[(
    "cli::version_form",
    "runc-cli#global-options: runj --version is cobra's `runj version X`, no spec: line (cmd/runj/main.go)",
)];

/// The same for ocijail (exec.cpp: exec takes only --process, no ARGS, --env,
/// --cwd or --user; main.cpp: CLI11 parse errors go to stderr, not --log).
const OCIJAIL_DEVIATIONS: &[(&str, &str)] = &[
    (
        "cli::version_form",
        "runc-cli#global-options: ocijail --version prints no spec: line (main.cpp)",
    ),
    (
        "cli::log_json_errors",
        "runc-cli#global-options: usage errors are not logged (main.cpp app.exit)",
    ),
    (
        "cli::exec_args",
        "runc-cli#exec: exec has no ARGS form (exec.cpp)",
    ),
    (
        "cli::exec_bad_input_fails",
        "runc-cli#exec: exec has no ARGS form (exec.cpp)",
    ),
    (
        "cli::exec_detach_pid_file",
        "runc-cli#exec: exec has no ARGS form (exec.cpp)",
    ),
    (
        "cli::exec_env_cwd_user",
        "runc-cli#exec: exec has no --env, --cwd, --user (exec.cpp)",
    ),
    (
        "cli::exec_exit_status",
        "runc-cli#exec: exec has no ARGS form (exec.cpp)",
    ),
    (
        "cli::exec_preserve_fds",
        "runc-cli#exec: exec has no ARGS form (exec.cpp)",
    ),
    (
        "cli::exec_tty_console_socket",
        "runc-cli#exec: exec has no ARGS form (exec.cpp)",
    ),
];

/// Runs the whole suite against `runtime` with these environment variables and
/// known deviations.
fn suite(runtime: &Path, env: &[(&str, &Path)], deviations: &[(&str, &str)]) -> Option<Run> {
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
    let expectations = out_dir.path().join("expectations.txt");
    let lines: String = deviations
        .iter()
        .map(|(t, why)| format!("{t}: {why}\n"))
        .collect();
    std::fs::write(&expectations, lines).expect("write expectations");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jailcheck"));
    cmd.arg("--runtime")
        .arg(runtime)
        .arg("--helper")
        .arg(&helper)
        .arg("--report")
        .arg(&report)
        .arg("--expectations")
        .arg(&expectations)
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

/// Whether every requirement a test checks is a CONVENTION (the command line).
fn conventions_only(run: &Run, name: &str) -> bool {
    let tests = run.report["tests"].as_array().cloned().unwrap_or_default();
    let reqs = tests
        .iter()
        .find(|t| t["name"] == name)
        .and_then(|t| t["requirements"].as_array().cloned())
        .unwrap_or_default();
    !reqs.is_empty()
        && reqs.iter().all(|r| {
            jailcheck::catalogue::find(r.as_str().unwrap_or(""))
                .is_some_and(|r| r.level == jailcheck::catalogue::Level::Convention)
        })
}

/// Checks a wrapper's run against jailrun's and returns the tests it skipped for
/// want of a command-line convention. The only other differences allowed are the
/// wrapper's known deviations, failed as expected, on conventions alone.
fn same_verdicts_but_convention_skips(run: &Run, base: &Run) -> Vec<String> {
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
        if outcome == boutcome {
            continue;
        }
        if outcome == "expected_fail" && conventions_only(run, name) {
            continue;
        }
        let lacks = message.starts_with("needs ") && message.contains("(CONVENTION, runc-cli#");
        let no_command = message.starts_with("the runtime's --help lists no `");
        assert!(
            outcome == "skip" && (lacks || no_command),
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
    let Some(run) = suite(
        Path::new(RUNJ_STYLE),
        &[("JAILCHECK_RUNJ_STATE_DIR", state.path())],
        RUNJ_DEVIATIONS,
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
    let skipped = same_verdicts_but_convention_skips(&run, base);
    for want in [
        "lifecycle::delete_force_created",
        "lifecycle::delete_force_running",
        "lifecycle::root_isolates_containers",
        "cli::log_json_errors",
    ] {
        assert!(
            skipped.iter().any(|s| s == want),
            "{want} not skipped: {skipped:?}"
        );
    }
    assert!(run.stdout.contains("lacks global --root"), "{}", run.stdout);
    assert_empty(state.path());
}

#[test]
fn ocijail_style_gets_jailrun_verdicts_and_leaves_nothing() {
    let state = tempfile::tempdir().expect("tempdir");
    let Some(run) = suite(
        Path::new(OCIJAIL_STYLE),
        &[("JAILCHECK_OCIJAIL_STATE_DIR", state.path())],
        OCIJAIL_DEVIATIONS,
    ) else {
        return;
    };
    let base = baseline().expect("baseline runs when the wrapper runs");
    let skipped = same_verdicts_but_convention_skips(&run, base);
    // ocijail has every flag the profile knows; only commands it lacks (ps,
    // pause) are skipped.
    assert!(
        skipped
            .iter()
            .all(|s| s == "cli::ps_json_lists_processes" || s == "cli::pause_resume"),
        "ocijail has every convention the profile knows: {skipped:?}"
    );
    assert_empty(state.path());
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
}

/// The predicted expectations files load, and every entry says it is predicted,
/// names the spec section it concerns and the upstream source that shows it.
#[test]
fn predicted_expectations_name_section_and_source() {
    let names: Vec<String> = jailcheck::cases::all()
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
