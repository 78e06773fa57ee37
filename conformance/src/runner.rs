//! Turns cases into libtest-mimic trials, runs each in its sandbox with a timeout,
//! applies expectations, and records outcomes for the reporters.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use libtest_mimic::{Completion, Failed, Trial};

use crate::cases::Case;
use crate::catalogue;
use crate::expectations::Expectations;
use crate::harness::{Sandbox, Suite, Verdict};
use crate::outcome::{is_binding, Outcome, Record};

/// Where trials put their records.
pub type Records = Arc<Mutex<Vec<Record>>>;

/// One trial per case.
pub fn trials(
    suite: Arc<Suite>,
    cases: Vec<(String, &'static Case)>,
    expectations: Arc<Expectations>,
    records: Records,
) -> Vec<Trial> {
    cases
        .into_iter()
        .map(|(name, case)| {
            let (suite, exp, recs) = (suite.clone(), expectations.clone(), records.clone());
            let trial_name = name.clone();
            Trial::ignorable_test(trial_name, move || {
                let started = Instant::now();
                let (verdict, transcript) = execute(&suite, &name, case);
                let record = judge(&name, case, verdict, transcript, &exp, started);
                let result = console_result(&record);
                recs.lock().unwrap_or_else(|p| p.into_inner()).push(record);
                result
            })
        })
        .collect()
}

/// Runs one case: applicability, sandbox, body (on its own thread, with the test
/// timeout), guard and leak check.
fn execute(
    suite: &Arc<Suite>,
    name: &str,
    case: &'static Case,
) -> (Result<(), Verdict>, Vec<String>) {
    if let Some(reason) = not_applicable(case) {
        return (Err(Verdict::Skip(reason)), Vec::new());
    }
    let (tx, rx) = mpsc::channel();
    let (suite2, name2) = (suite.clone(), name.to_string());
    let spawned = std::thread::Builder::new()
        .name(name.to_string())
        .spawn(move || {
            let mut sandbox = match Sandbox::new(suite2, &name2) {
                Ok(s) => s,
                Err(v) => {
                    let _ = tx.send((Err(v), Vec::new()));
                    return;
                }
            };
            let body = catch_unwind(AssertUnwindSafe(|| (case.body)(&mut sandbox)));
            let leaks = sandbox.teardown();
            let mut verdict = match body {
                Ok(v) => v,
                Err(panic) => Err(Verdict::Error(format!(
                    "test panicked: {}",
                    panic_text(&panic)
                ))),
            };
            if !leaks.is_empty() && !matches!(verdict, Err(Verdict::Fail(_))) {
                verdict = Err(Verdict::Fail(format!(
                    "leak after delete (runtime.md#delete): {}",
                    leaks.join("; ")
                )));
            }
            let _ = tx.send((verdict, sandbox.transcript.clone()));
        });
    if let Err(e) = spawned {
        return (
            Err(Verdict::Error(format!("cannot start test thread: {e}"))),
            Vec::new(),
        );
    }
    match rx.recv_timeout(suite.test_timeout) {
        Ok(done) => done,
        Err(_) => (
            Err(Verdict::Fail(format!(
                "test did not finish within {:?}",
                suite.test_timeout
            ))),
            Vec::new(),
        ),
    }
}

/// Why a case does not apply on this host, if it does not.
fn not_applicable(case: &Case) -> Option<String> {
    let reqs: Vec<_> = case
        .requirements
        .iter()
        .filter_map(|id| catalogue::find(id))
        .collect();
    if !reqs.is_empty() && !reqs.iter().any(|r| r.platforms.includes_host()) {
        let mut platforms: Vec<String> = reqs.iter().map(|r| r.platforms.to_string()).collect();
        platforms.dedup();
        return Some(format!(
            "applies to {} only; this host is {}",
            platforms.join(", "),
            std::env::consts::OS
        ));
    }
    if !nix::unistd::geteuid().is_root() {
        return Some("needs root (containers are created for real)".to_string());
    }
    None
}

fn judge(
    name: &str,
    case: &Case,
    verdict: Result<(), Verdict>,
    transcript: Vec<String>,
    exp: &Expectations,
    started: Instant,
) -> Record {
    let expected = exp.reason(name);
    let (outcome, message) = match (verdict, expected) {
        (Ok(()), None) => (Outcome::Pass, None),
        (Ok(()), Some(why)) => (
            Outcome::UnexpectedPass,
            Some(format!("passed, but the expectations file says: {why}")),
        ),
        (Err(Verdict::Fail(m)), Some(why)) => (
            Outcome::ExpectedFail,
            Some(format!("expected failure ({why}): {m}")),
        ),
        (Err(Verdict::Fail(m)), None) if is_binding(case.requirements) => (Outcome::Fail, Some(m)),
        (Err(Verdict::Fail(m)), None) => (Outcome::Warn, Some(m)),
        (Err(Verdict::Skip(m)), _) => (Outcome::Skip, Some(m)),
        (Err(Verdict::Error(m)), _) => (Outcome::Error, Some(m)),
    };
    Record {
        name: name.to_string(),
        requirements: case.requirements.iter().map(|s| s.to_string()).collect(),
        outcome,
        message,
        duration: started.elapsed(),
        transcript,
    }
}

/// How the console (libtest-mimic) shows a record.
fn console_result(r: &Record) -> Result<Completion, Failed> {
    let msg = r.message.clone().unwrap_or_default();
    let reqs = r.requirements.join(", ");
    match r.outcome {
        Outcome::Pass => Ok(Completion::Completed),
        Outcome::UnexpectedPass => Ok(Completion::ignored_with(format!("UNEXPECTED PASS: {msg}"))),
        Outcome::ExpectedFail => Ok(Completion::ignored_with(msg)),
        Outcome::Skip => Ok(Completion::ignored_with(msg)),
        Outcome::Fail => Err(Failed::from(format!("[{reqs}] {msg}"))),
        Outcome::Warn => Err(Failed::from(format!(
            "WARNING, SHOULD not met [{reqs}] {msg}"
        ))),
        Outcome::Error => Err(Failed::from(format!("harness error: {msg}"))),
    }
}

fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "unknown panic".to_string())
}
