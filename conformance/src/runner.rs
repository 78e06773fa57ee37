//! Turns cases into libtest-mimic trials, runs each in its sandbox with a timeout,
//! judges the result and records outcomes for the reporters.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use libtest_mimic::{Completion, Failed, Trial};

use crate::areas::Case;
use crate::catalogue::{self, ReqId};
use crate::expectations::Expectations;
use crate::harness::runtime::cancel::{self, Cancel};
use crate::harness::{Sandbox, Suite, Verdict};
use crate::judgement::{judge, Evidence, Judged};
use crate::outcome::{Check, Outcome, Record};

/// Where trials put their records.
pub type Records = Arc<Mutex<Vec<Record>>>;

/// What every trial shares besides the suite (whose `spec` is the version the run
/// judges against).
#[derive(Default)]
pub struct Judging {
    pub expectations: Expectations,
}

/// One trial per case.
pub fn trials(
    suite: Arc<Suite>,
    cases: Vec<(String, &'static Case)>,
    judging: Arc<Judging>,
    records: Records,
) -> Vec<Trial> {
    cases
        .into_iter()
        .map(|(name, case)| {
            let (suite, judging, recs) = (suite.clone(), judging.clone(), records.clone());
            let trial_name = name.clone();
            Trial::ignorable_test(trial_name, move || {
                let started = Instant::now();
                let (judged, transcript) = run_one(&suite, &judging, &name, case);
                let record = Record {
                    name: name.clone(),
                    requirements: case.requirements.iter().map(|s| s.to_string()).collect(),
                    broke: judged.broke.map(|id| id.to_string()),
                    outcome: judged.outcome,
                    checks: judged
                        .checks
                        .iter()
                        .map(|(id, outcome)| Check {
                            requirement: id.to_string(),
                            outcome: *outcome,
                        })
                        .collect(),
                    message: judged.message,
                    duration: started.elapsed(),
                    transcript,
                };
                let result = console_result(&record);
                recs.lock().unwrap_or_else(|p| p.into_inner()).push(record);
                result
            })
        })
        .collect()
}

/// Runs and judges one case, unless the run's spec version is older than every
/// requirement it checks (then it is not run at all). A case for another
/// platform says so first.
fn run_one(
    suite: &Arc<Suite>,
    judging: &Judging,
    name: &str,
    case: &'static Case,
) -> (Judged, Vec<String>) {
    let newer_reason = match elsewhere(case) {
        Some(_) => None,
        None => suite.spec.newer_reason(case.requirements),
    };
    if let Some(why) = newer_reason {
        return (newer(why, case.requirements), Vec::new());
    }
    let ran = execute(suite, name, case);
    let evidence = Evidence {
        requirements: case.requirements,
        verdict: ran.verdict,
        leaks: ran.leaks,
        expected: judging.expectations.reason(name),
    };
    (judge(evidence, &suite.spec), ran.transcript)
}

/// A test not run: its requirements are newer than the run's spec version.
fn newer(why: String, requirements: &'static [ReqId]) -> Judged {
    Judged {
        outcome: Outcome::Newer,
        message: Some(why),
        broke: None,
        checks: requirements.iter().map(|r| (*r, Outcome::Newer)).collect(),
    }
}

/// What running one case produced, before judging.
struct Ran {
    verdict: Result<(), Verdict>,
    leaks: Vec<String>,
    transcript: Vec<String>,
}

impl Ran {
    fn alone(verdict: Verdict) -> Ran {
        Ran {
            verdict: Err(verdict),
            leaks: Vec::new(),
            transcript: Vec::new(),
        }
    }
}

/// Runs one case: applicability, sandbox, body (on its own thread, with the test
/// timeout), guard and leak check. A test past its time has its runtime calls
/// killed; its guard still runs, within a grace period.
fn execute(suite: &Arc<Suite>, name: &str, case: &'static Case) -> Ran {
    if let Some(reason) = not_applicable(case) {
        return Ran::alone(Verdict::Skip(reason));
    }
    // Before anything is made: a test that cannot run for want of a convention
    // is skipped, never stopped half-way with state it cannot remove.
    if let Some(v) = case.needs.iter().find_map(|f| suite.cli.require(*f).err()) {
        return Ran::alone(v);
    }
    let (tx, rx) = mpsc::channel();
    let (suite2, name2) = (suite.clone(), name.to_string());
    let cancel = Arc::new(Cancel::default());
    let cancel2 = cancel.clone();
    let spawned = std::thread::Builder::new()
        .name(name.to_string())
        .spawn(move || {
            Cancel::install(cancel2);
            let mut sandbox = match Sandbox::new(suite2, &name2) {
                Ok(mut s) => {
                    s.declare(case.needs);
                    s
                }
                Err(v) => {
                    let _ = tx.send(Ran::alone(v));
                    return;
                }
            };
            let body = catch_unwind(AssertUnwindSafe(|| (case.body)(&mut sandbox)));
            cancel::cleanup_phase();
            let leaks = sandbox.teardown();
            let verdict = match body {
                Ok(v) => v,
                Err(panic) => Err(Verdict::Error(format!(
                    "test panicked: {}",
                    panic_text(&panic)
                ))),
            };
            let _ = tx.send(Ran {
                verdict,
                leaks,
                transcript: sandbox.transcript.clone(),
            });
        });
    if let Err(e) = spawned {
        return Ran::alone(Verdict::Error(format!("cannot start test thread: {e}")));
    }
    if let Ok(ran) = rx.recv_timeout(suite.test_timeout) {
        return ran;
    }
    let killed = cancel.cancel();
    let late = format!(
        "test did not finish within {:?} (cancelled: {killed} runtime call(s) killed)",
        suite.test_timeout
    );
    match rx.recv_timeout(grace(suite)) {
        Ok(ran) => Ran {
            verdict: Err(Verdict::Fail(match ran.verdict {
                Err(v) => format!("{late}; then: {v}"),
                Ok(()) => late,
            })),
            ..ran
        },
        Err(_) => Ran {
            verdict: Err(Verdict::Fail(late)),
            leaks: vec![format!(
                "the guard did not finish within {:?} after the cancel, so nothing \
                 about cleanup is known",
                grace(suite)
            )],
            transcript: Vec::new(),
        },
    }
}

/// Time the guard of a cancelled test has to kill, delete and check for leaks.
fn grace(suite: &Suite) -> Duration {
    suite.runtime.timeout * 6 + suite.event_timeout
}

/// Why a case does not apply on this host, if it does not.
fn not_applicable(case: &Case) -> Option<String> {
    if let Some(why) = elsewhere(case) {
        return Some(why);
    }
    if !nix::unistd::geteuid().is_root() {
        return Some("needs root (containers are created for real)".to_string());
    }
    None
}

/// Why a case is for another platform, if it is.
fn elsewhere(case: &Case) -> Option<String> {
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
    None
}

/// Checks that every case names at least one requirement and only known ones: a
/// typo would otherwise turn a MUST failure into nothing at all.
pub fn check_requirement_ids(cases: &[(String, &'static Case)]) -> Result<(), String> {
    let mut problems = Vec::new();
    for (name, case) in cases {
        if case.requirements.is_empty() {
            problems.push(format!("{name} names no requirement"));
        }
        for id in case.requirements {
            if catalogue::find(id).is_none() {
                problems.push(format!(
                    "{name} names unknown requirement {:?}",
                    id.as_str()
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("the suite is broken: {}", problems.join("; ")))
    }
}

/// How the console (libtest-mimic) shows a record. libtest knows only ok, FAILED and
/// ignored; a SHOULD that is not met does not fail the run, so it is shown as ignored
/// with a `WARNING` reason, and libtest's closing line agrees with the exit status.
fn console_result(r: &Record) -> Result<Completion, Failed> {
    let msg = r.message.clone().unwrap_or_default();
    let reqs = shown_requirements(r);
    match r.outcome {
        Outcome::Pass => Ok(Completion::Completed),
        Outcome::UnexpectedPass => Ok(Completion::ignored_with(format!("UNEXPECTED PASS: {msg}"))),
        Outcome::ExpectedFail | Outcome::Skip | Outcome::Newer => Ok(Completion::ignored_with(msg)),
        Outcome::Fail => Err(Failed::from(format!("[{reqs}] {msg}"))),
        Outcome::Warn => Ok(Completion::ignored_with(format!("WARNING [{reqs}] {msg}"))),
        Outcome::Error => Err(Failed::from(format!("harness error: {msg}"))),
    }
}

/// The requirement a failure belongs to, when the test failed one; else the
/// test's requirements.
pub fn shown_requirements(r: &Record) -> String {
    match &r.broke {
        Some(id) => id.clone(),
        None => r.requirements.join(", "),
    }
}

fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "unknown panic".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::req;

    #[test]
    fn every_case_names_only_known_requirements() {
        check_requirement_ids(&crate::areas::all()).unwrap_or_else(|e| panic!("{e}"));
    }

    #[test]
    fn an_unknown_requirement_id_is_caught() {
        static TYPO: Case = Case {
            name: "typo",
            requirements: &[ReqId::declare("process_evn")],
            needs: &[],
            body: |_| Ok(()),
        };
        let err = check_requirement_ids(&[("area::typo".into(), &TYPO)]).unwrap_err();
        assert!(
            err.contains("area::typo names unknown requirement \"process_evn\""),
            "{err}"
        );
    }

    /// The run context decides: a case newer than the run's version is reported as
    /// newer and its body never runs; at the target it runs.
    #[test]
    fn a_case_newer_than_the_run_s_version_is_not_run() {
        static NEWER: Case = Case {
            name: "domainname",
            requirements: &[req::IDENTITY_DOMAINNAME],
            needs: &[],
            body: |_| panic!("a newer case must not run"),
        };
        let at = |version| {
            let mut suite = crate::harness::Suite::placeholder();
            suite.spec = crate::negotiation::JudgedVersion {
                version,
                ..crate::negotiation::JudgedVersion::target()
            };
            let suite = Arc::new(suite);
            run_one(&suite, &Judging::default(), "identity::domainname", &NEWER).0
        };
        let j = at(crate::catalogue::version::V1_0_2);
        assert_eq!(j.outcome, Outcome::Newer);
        let m = j.message.unwrap_or_default();
        assert!(
            m.contains("came in spec 1.1.0, the run speaks 1.0.2"),
            "{m}"
        );
        // At 1.1.0 it is run: its body (a panic here) decides, not the version.
        let j = at(crate::catalogue::version::V1_1_0);
        assert_ne!(j.outcome, Outcome::Newer, "{:?}", j.message);
    }

    fn record(outcome: Outcome) -> Record {
        Record {
            name: "process::env_exact".into(),
            requirements: vec![req::PROCESS_ENV_EXACT.into()],
            broke: None,
            outcome,
            checks: vec![],
            message: Some("HOME added".into()),
            duration: std::time::Duration::ZERO,
            transcript: Vec::new(),
        }
    }

    #[test]
    fn only_failures_and_errors_fail_on_the_console() {
        assert!(console_result(&record(Outcome::Warn)).is_ok());
        assert!(console_result(&record(Outcome::Pass)).is_ok());
        assert!(console_result(&record(Outcome::Fail)).is_err());
        assert!(console_result(&record(Outcome::Error)).is_err());
    }
}
