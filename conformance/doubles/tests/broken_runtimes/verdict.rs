//! What a mode's run must show: the broken requirement's tests fail (warn, for a
//! SHOULD), the run's exit status says so, and nothing else fails.

use jailcheck::catalogue::{self, Level};

use crate::run::{Record, Run};

/// Whether the unbroken runtime passes at least one test of `id` and fails none;
/// Err says why the mode cannot be judged here.
pub fn control_passes(control: &Run, id: &str) -> Result<(), String> {
    let passed = control.of(id).filter(|t| t.outcome == "pass").count();
    let bad: Vec<_> = control
        .of(id)
        .filter(|t| matches!(t.outcome.as_str(), "fail" | "warn" | "error"))
        .collect();
    if passed == 0 || !bad.is_empty() {
        return Err(format!(
            "the unbroken runtime does not pass the tests of {id}: {}",
            control
                .of(id)
                .map(|t| t.line())
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    Ok(())
}

/// Checks the run of `mode`, which breaks `id` (a failure may count against `or`
/// instead, see `jailcheck::broken_mode::Mode`). A failure that counts against neither fails
/// the check when `strict`; otherwise it is returned, as what the mode breaks
/// besides `id` (a whole-suite run, where a test of another requirement may depend
/// on the behaviour the mode breaks).
pub fn caught(
    mode: &str,
    id: &str,
    or: Option<&str>,
    run: &Run,
    strict: bool,
) -> Result<Vec<String>, String> {
    let ours = |t: &Record| t.counts_against(id) || or.is_some_and(|o| t.counts_against(o));
    let level = catalogue::find(id)
        .map(|r| r.level)
        .ok_or_else(|| format!("mode {mode}: {id} is not in the catalogue"))?;
    let (outcome, code) = if level.is_binding() {
        ("fail", 1)
    } else {
        ("warn", 0)
    };
    let context = || {
        format!(
            "mode {mode} ({level} {id}):\n{}{}",
            run.lines(|_| true),
            run.tail
        )
    };
    if !run.tests.iter().any(|t| t.outcome == outcome && ours(t)) {
        return Err(format!(
            "no test of {id} has outcome {outcome}\n{}",
            context()
        ));
    }
    // Over the whole suite an error elsewhere is what else the mode breaks.
    let errors = run.lines(|t| t.outcome == "error" && (strict || ours(t)));
    if !errors.is_empty() {
        return Err(format!("harness errors:\n{errors}{}", context()));
    }
    let others: Vec<_> = run
        .tests
        .iter()
        .filter(|t| (is_failure(&t.outcome) || t.outcome == "error") && !ours(t))
        .map(|t| t.line())
        .collect();
    if strict && !others.is_empty() {
        return Err(format!(
            "besides {id}: {}\n{}",
            others.join("; "),
            context()
        ));
    }
    if run.code != Some(code) {
        return Err(format!(
            "jailcheck exited {:?}, want {code}\n{}",
            run.code,
            context()
        ));
    }
    if level == Level::Should && run.tests.iter().any(|t| t.outcome == "fail") {
        return Err(format!("a SHOULD mode failed a MUST test\n{}", context()));
    }
    Ok(others)
}

fn is_failure(outcome: &str) -> bool {
    matches!(outcome, "fail" | "warn" | "unexpected_pass")
}

/// The judge itself, on made-up runs: each way a mode can fail to be caught is
/// refused, and a clean catch is accepted.
pub fn judges_synthetic_runs() -> Result<(), String> {
    let record = |name: &str, reqs: &[&str], outcome: &str| Record {
        name: name.into(),
        requirements: reqs.iter().map(|r| r.to_string()).collect(),
        broke: None,
        outcome: outcome.into(),
        message: None,
    };
    let run = |code, tests| Run {
        code: Some(code),
        tests,
        tail: String::new(),
    };
    let env = "process_env";
    let caught_run = run(1, vec![record("process::env_exact", &[env], "fail")]);
    let mut leaked = record("process::env_exact", &[env], "fail");
    leaked.broke = Some("delete_removes_resources".into());
    let mut broke_env = record("lifecycle::state_fields", &["state_id"], "fail");
    broke_env.broke = Some(env.into());
    let cases: [(&str, Run, bool); 8] = [
        ("a clean catch", caught_run, true),
        (
            "exit 0",
            run(0, vec![record("process::env_exact", &[env], "fail")]),
            false,
        ),
        (
            "no failure",
            run(1, vec![record("process::env_exact", &[env], "pass")]),
            false,
        ),
        (
            "another requirement failed",
            run(
                1,
                vec![
                    record("process::env_exact", &[env], "fail"),
                    record("process::cwd_root", &["process_cwd"], "fail"),
                ],
            ),
            false,
        ),
        (
            "a harness error",
            run(
                1,
                vec![
                    record("process::env_exact", &[env], "fail"),
                    record("process::env_without_home_or_path", &[env], "error"),
                ],
            ),
            false,
        ),
        (
            "a skip only",
            run(0, vec![record("process::env_exact", &[env], "skip")]),
            false,
        ),
        (
            "a failure of another requirement (broke)",
            run(1, vec![leaked]),
            false,
        ),
        (
            "a failure counted against it (broke)",
            run(1, vec![broke_env]),
            true,
        ),
    ];
    for (what, r, want) in cases {
        if caught("drop-env", env, None, &r, true).is_ok() != want {
            return Err(format!(
                "the judge gets {what:?} wrong (want accepted: {want})"
            ));
        }
    }
    let control = run(0, vec![record("process::env_exact", &[env], "skip")]);
    if control_passes(&control, env).is_ok() {
        return Err("a control that only skipped counts as passing".into());
    }
    Ok(())
}
