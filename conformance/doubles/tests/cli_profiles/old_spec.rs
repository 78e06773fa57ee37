//! Runtimes that speak an older spec version than the suite's: judged at their own
//! version, or probed when they declare none.

use std::path::Path;

use crate::{
    assert_empty, baseline, hidden_by_old_spec, newer_at, outcomes, refused, suite, OCIJAIL_STYLE,
    OLD_SPEC, WRAPPER_BLIND,
};

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
