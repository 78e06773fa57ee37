//! What jailcheck's probe finds in the wrappers' help texts, and how the wrappers'
//! parsers refuse what the command lines they mimic refuse; no container is made.

use std::path::Path;
use std::process::Command;

use jailcheck::harness::runtime::cli_profile::{CliProfile, KnownCli};
use serde_json::Value;

use crate::support::workspace;
use crate::{jailcheck, refused, OCIJAIL_STYLE, RUNJ_STYLE};

/// What jailcheck's probe finds in a wrapper's help texts (a run that selects
/// no test: the probe runs, nothing is created). In a process of its own, since
/// the suite's reaper would take the exits of this test binary's children.
fn probed(runtime: &str) -> Vec<String> {
    let dir = tempfile::tempdir().expect("tempdir");
    let report = dir.path().join("report.json");
    let out = Command::new(jailcheck())
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
