//! From what a test body returned to the test's outcome: expectations, requirement
//! levels, leaks and spec versions. Pure, so every rule is unit-tested.

use crate::catalogue::ReqId;
use crate::req;

use crate::catalogue::{self, Level, Requirement, SpecVersion};
use crate::harness::Verdict;
use crate::outcome::Outcome;

pub use crate::negotiation::JudgedVersion;

/// What one test came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judged {
    pub outcome: Outcome,
    pub message: Option<String>,
    /// The one requirement a failure belongs to: the one the failing check named
    /// (a bogus `state` pid, a leak, an error's wording), else the test's first.
    pub broke: Option<ReqId>,
    /// Each requirement's outcome in this test: the one a failure belongs to
    /// gets the test's outcome; the others passed (a leak found after the test
    /// passed) or were not reached (the test stopped at the failure).
    pub checks: Vec<(ReqId, Outcome)>,
}

/// Everything needed to judge one test.
pub struct Evidence<'a> {
    pub requirements: &'a [ReqId],
    pub verdict: Result<(), Verdict>,
    /// What the guard found left behind after the test.
    pub leaks: Vec<String>,
    /// The expectations file's reason, when it lists this test.
    pub expected: Option<&'a str>,
}

/// The requirement a leak breaks.
pub const LEAK_REQUIREMENT: ReqId = req::DELETE_REMOVES_RESOURCES;

/// Judges one test against `judged`.
pub fn judge(e: Evidence<'_>, judged: &JudgedVersion) -> Judged {
    let body_passed = e.verdict.is_ok();
    let (verdict, broke) = with_leaks(e.verdict, e.leaks);
    // A plain failure belongs to the test's first requirement.
    let primary = e.requirements.first().and_then(|id| catalogue::find(id));
    let broke = match &verdict {
        Err(Verdict::Fail(_)) => primary.map(|r| r.id),
        _ => broke,
    };
    let failing: Vec<&'static Requirement> = broke
        .and_then(|id| catalogue::find(&id))
        .into_iter()
        .collect();
    let judged_fail = |m: String| -> (Outcome, String) {
        if let Some(newest) = all_newer(&failing, judged.version) {
            return (
                Outcome::Newer,
                format!(
                    "newer than the runtime's spec version: {} came in spec {newest}, \
                     the run speaks {} ({}): {m}",
                    names(&failing),
                    judged.version,
                    judged.source
                ),
            );
        }
        // No known requirement (a typo the start-up check missed) must never turn
        // a failure into a warning.
        if failing.is_empty() || failing.iter().any(|r| r.level.is_binding()) {
            (Outcome::Fail, m)
        } else {
            let level = failing
                .iter()
                .map(|r| r.level)
                .min()
                .unwrap_or(Level::Should);
            (Outcome::Warn, format!("{level} not met: {m}"))
        }
    };
    let (outcome, message) = match (verdict, e.expected) {
        (Ok(()), None) => (Outcome::Pass, None),
        // A race the runtime loses only sometimes: passing is no news.
        (Ok(()), Some(why)) if crate::expectations::is_intermittent(why) => (
            Outcome::Pass,
            Some(format!(
                "passed this time; the expectations file says: {why}"
            )),
        ),
        (Ok(()), Some(why)) => (
            Outcome::UnexpectedPass,
            Some(format!("passed, but the expectations file says: {why}")),
        ),
        // A version gap is reported as one even when the expectations file lists
        // it; the entry matters when --spec-version insists on a newer release.
        (Err(Verdict::Fail(m) | Verdict::Broke { message: m, .. }), Some(why))
            if all_newer(&failing, judged.version).is_some() =>
        {
            let (o, m) = judged_fail(format!("{m} (expectations file: {why})"));
            (o, Some(m))
        }
        (Err(Verdict::Fail(m) | Verdict::Broke { message: m, .. }), Some(why)) => (
            Outcome::ExpectedFail,
            Some(format!("expected failure ({why}): {m}")),
        ),
        (Err(Verdict::Fail(m) | Verdict::Broke { message: m, .. }), None) => {
            let (o, m) = judged_fail(m);
            (o, Some(m))
        }
        (Err(Verdict::Skip(m)), _) => (Outcome::Skip, Some(m)),
        (Err(Verdict::Error(m)), _) => (Outcome::Error, Some(m)),
    };
    let checks = checks(e.requirements, broke, outcome, body_passed);
    Judged {
        outcome,
        message,
        broke: broke.filter(|_| checks.iter().any(|(_, o)| is_failing(*o))),
        checks,
    }
}

/// Whether an outcome says a requirement was not met.
fn is_failing(o: Outcome) -> bool {
    matches!(
        o,
        Outcome::Fail | Outcome::Warn | Outcome::ExpectedFail | Outcome::Newer
    )
}

/// Each requirement's outcome, given the test's and the one its failure belongs to.
fn checks(
    requirements: &[ReqId],
    broke: Option<ReqId>,
    outcome: Outcome,
    body_passed: bool,
) -> Vec<(ReqId, Outcome)> {
    let mut ids: Vec<ReqId> = broke.into_iter().collect();
    ids.extend(
        requirements
            .iter()
            .filter_map(|id| catalogue::find(id))
            .map(|r| r.id)
            .filter(|id| Some(*id) != broke),
    );
    ids.into_iter()
        .map(|id| {
            let o = match outcome {
                _ if Some(id) == broke && is_failing(outcome) => outcome,
                // A leak found after the body passed: the test's own passed.
                _ if body_passed && is_failing(outcome) => Outcome::Pass,
                o if is_failing(o) => Outcome::Skip,
                o => o,
            };
            (id, o)
        })
        .collect()
}

/// Folds the guard's leak report into the verdict: a leak fails
/// `delete_removes_resources`, and is kept in the message when the test had already
/// failed for another reason.
fn with_leaks(
    verdict: Result<(), Verdict>,
    leaks: Vec<String>,
) -> (Result<(), Verdict>, Option<ReqId>) {
    let broke = match &verdict {
        Err(Verdict::Broke { requirement, .. }) => Some(*requirement),
        _ => None,
    };
    if leaks.is_empty() {
        return (verdict, broke);
    }
    let leak = format!(
        "leak after delete (runtime.md#delete): {}",
        leaks.join("; ")
    );
    match verdict {
        Ok(()) => (
            Err(Verdict::Broke {
                requirement: LEAK_REQUIREMENT,
                message: leak,
            }),
            Some(LEAK_REQUIREMENT),
        ),
        Err(Verdict::Fail(m)) => (Err(Verdict::Fail(format!("{m}; also {leak}"))), None),
        Err(Verdict::Broke {
            requirement,
            message,
        }) => (
            Err(Verdict::Broke {
                requirement,
                message: format!("{message}; also {leak}"),
            }),
            broke,
        ),
        // Skips and harness errors already say nothing about the runtime; a leak
        // does: it is the runtime's failure, with the earlier reason kept.
        Err(Verdict::Skip(m) | Verdict::Error(m)) => (
            Err(Verdict::Broke {
                requirement: LEAK_REQUIREMENT,
                message: format!("{leak} (the test itself did not finish: {m})"),
            }),
            Some(LEAK_REQUIREMENT),
        ),
    }
}

/// The newest `since` when every requirement is newer than `version`.
fn all_newer(reqs: &[&Requirement], version: SpecVersion) -> Option<SpecVersion> {
    if reqs.is_empty() || reqs.iter().any(|r| r.since <= version) {
        return None;
    }
    reqs.iter().map(|r| r.since).max()
}

fn names(reqs: &[&Requirement]) -> String {
    ReqId::list(reqs.iter().map(|r| r.id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::version::{V1_0_2, V1_2_0, V1_3_0};

    fn at(v: SpecVersion) -> JudgedVersion {
        JudgedVersion {
            version: v,
            ..JudgedVersion::target()
        }
    }

    fn run(reqs: &[ReqId], verdict: Result<(), Verdict>, leaks: &[&str]) -> Judged {
        judge(
            Evidence {
                requirements: reqs,
                verdict,
                leaks: leaks.iter().map(|s| s.to_string()).collect(),
                expected: None,
            },
            &at(V1_3_0),
        )
    }

    fn fail(m: &str) -> Result<(), Verdict> {
        Err(Verdict::Fail(m.into()))
    }

    #[test]
    fn a_must_failure_fails_and_a_should_failure_warns_saying_so() {
        assert_eq!(
            run(&[req::PROCESS_ENV], fail("x"), &[]).outcome,
            Outcome::Fail
        );
        let w = run(&[req::PROCESS_ENV_EXACT], fail("HOME added"), &[]);
        assert_eq!(w.outcome, Outcome::Warn);
        assert_eq!(w.message.as_deref(), Some("SHOULD not met: HOME added"));
        // A plain failure belongs to the test's first requirement, and only to it.
        let both = run(&[req::PROCESS_ENV, req::PROCESS_ENV_EXACT], fail("x"), &[]);
        assert_eq!(both.outcome, Outcome::Fail);
        assert_eq!(
            both.checks,
            [
                (req::PROCESS_ENV, Outcome::Fail),
                (req::PROCESS_ENV_EXACT, Outcome::Skip)
            ]
        );
        let exact = run(&[req::PROCESS_ENV_EXACT, req::PROCESS_ENV], fail("x"), &[]);
        assert_eq!(exact.outcome, Outcome::Warn);
    }

    #[test]
    fn a_check_that_names_its_requirement_is_judged_at_that_level() {
        // A CONVENTION check failing inside a test of a MUST: only it fails.
        let named = Verdict::Fail("the error does not name the ID".into())
            .charged_to(req::ROBUST_ERROR_NAMES_PROBLEM);
        let j = run(
            &[
                req::ROBUST_INVALID_ID_FAILS,
                req::ROBUST_ERROR_NAMES_PROBLEM,
            ],
            Err(named),
            &[],
        );
        assert_eq!(j.outcome, Outcome::Fail);
        assert_eq!(j.broke, Some(req::ROBUST_ERROR_NAMES_PROBLEM));
        assert_eq!(
            j.checks,
            [
                (req::ROBUST_ERROR_NAMES_PROBLEM, Outcome::Fail),
                (req::ROBUST_INVALID_ID_FAILS, Outcome::Skip)
            ]
        );
        // A leak after a passing body: the test's own requirements passed.
        let j = run(&[req::PROCESS_ENV], Ok(()), &["mounts left behind: /x"]);
        assert_eq!(
            j.checks,
            [
                (LEAK_REQUIREMENT, Outcome::Fail),
                (req::PROCESS_ENV, Outcome::Pass)
            ]
        );
        let j = run(&[req::PROCESS_ENV, req::PROCESS_ENV_EXACT], Ok(()), &[]);
        assert_eq!(j.broke, None);
        assert!(j.checks.iter().all(|(_, o)| *o == Outcome::Pass));
    }

    #[test]
    fn a_failure_citing_no_known_requirement_is_still_a_failure() {
        assert_eq!(
            run(&[ReqId::declare("process_evn")], fail("x"), &[]).outcome,
            Outcome::Fail
        );
        assert_eq!(run(&[], fail("x"), &[]).outcome, Outcome::Fail);
    }

    #[test]
    fn a_broken_other_requirement_decides_the_level() {
        let j = run(
            &[req::PROCESS_UMASK],
            Err(Verdict::Broke {
                requirement: req::STATE_PID,
                message: "pid 1 is not the container process".into(),
            }),
            &[],
        );
        assert_eq!(j.outcome, Outcome::Fail, "state_pid is a MUST");
        assert_eq!(j.broke, Some(req::STATE_PID));
    }

    #[test]
    fn leaks_fail_a_passing_test_and_stay_in_a_failing_ones_message() {
        let j = run(&[req::PROCESS_UMASK], Ok(()), &["mounts left behind: /x"]);
        assert_eq!(j.outcome, Outcome::Fail);
        assert_eq!(j.broke, Some(LEAK_REQUIREMENT));
        let j = run(
            &[req::PROCESS_ENV],
            fail("FOO missing"),
            &["state dir left"],
        );
        assert_eq!(j.outcome, Outcome::Fail);
        let m = j.message.unwrap_or_default();
        assert!(
            m.contains("FOO missing") && m.contains("state dir left"),
            "{m}"
        );
        let j = run(
            &[req::PROCESS_ENV],
            Err(Verdict::Error("io".into())),
            &["x"],
        );
        assert_eq!(j.outcome, Outcome::Fail, "a leak is the runtime's doing");
    }

    #[test]
    fn expectations_turn_failures_and_passes_around() {
        let e = |verdict| {
            judge(
                Evidence {
                    requirements: &[req::PROCESS_ENV],
                    verdict,
                    leaks: vec![],
                    expected: Some("known"),
                },
                &at(V1_3_0),
            )
            .outcome
        };
        assert_eq!(e(fail("x")), Outcome::ExpectedFail);
        assert_eq!(e(Ok(())), Outcome::UnexpectedPass);
        let intermittent = |verdict| {
            judge(
                Evidence {
                    requirements: &[req::LIFECYCLE_CREATE_DUPLICATE_ID],
                    verdict,
                    leaks: vec![],
                    expected: Some("intermittent: runtime.md#create: races on one ID"),
                },
                &at(V1_3_0),
            )
            .outcome
        };
        assert_eq!(intermittent(Ok(())), Outcome::Pass);
        assert_eq!(intermittent(fail("x")), Outcome::ExpectedFail);
        assert_eq!(e(Err(Verdict::Error("x".into()))), Outcome::Error);
    }

    #[test]
    fn a_requirement_newer_than_the_runtime_is_not_a_failure() {
        let newer = |reqs: &[ReqId], v| {
            judge(
                Evidence {
                    requirements: reqs,
                    verdict: fail("x"),
                    leaks: vec![],
                    expected: None,
                },
                &at(v),
            )
        };
        let j = newer(&[req::HOOKS_POSTSTART_FAILURE], V1_2_0);
        assert_eq!(j.outcome, Outcome::Newer);
        let m = j.message.unwrap_or_default();
        assert!(m.contains("newer than the runtime's spec version"), "{m}");
        assert!(m.contains("1.3.0") && m.contains("1.2.0"), "{m}");
        // Judged at its own version, the same failure counts.
        assert_eq!(
            newer(&[req::HOOKS_POSTSTART_FAILURE], V1_3_0).outcome,
            Outcome::Fail
        );
        // The failure belongs to the first requirement: its version decides.
        assert_eq!(
            newer(&[req::IDENTITY_HOSTNAME, req::IDENTITY_DOMAINNAME], V1_0_2).outcome,
            Outcome::Fail
        );
        assert_eq!(
            newer(&[req::IDENTITY_DOMAINNAME, req::IDENTITY_HOSTNAME], V1_0_2).outcome,
            Outcome::Newer
        );
        assert_eq!(
            newer(&[req::IDENTITY_DOMAINNAME], V1_0_2).outcome,
            Outcome::Newer
        );
    }

    #[test]
    fn a_version_gap_in_the_expectations_file_is_still_reported_as_newer() {
        let with = |v| {
            judge(
                Evidence {
                    requirements: &[req::IDENTITY_DOMAINNAME],
                    verdict: fail("(none)"),
                    leaks: vec![],
                    expected: Some("version gap: domainname came in 1.1.0"),
                },
                &at(v),
            )
            .outcome
        };
        assert_eq!(with(V1_0_2), Outcome::Newer);
        assert_eq!(with(V1_3_0), Outcome::ExpectedFail, "--spec-version 1.3.0");
    }

    #[test]
    fn skips_and_errors_pass_through() {
        let j = run(&[req::PROCESS_ENV], Err(Verdict::Skip("no".into())), &[]);
        assert_eq!(j.outcome, Outcome::Skip);
        let j = run(&[req::PROCESS_ENV], Err(Verdict::Error("io".into())), &[]);
        assert_eq!(j.outcome, Outcome::Error);
    }
}
