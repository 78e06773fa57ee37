//! From what a test body returned to the test's outcome: expectations, requirement
//! levels, leaks and spec versions. Pure, so every rule is unit-tested.

use crate::catalogue::{self, Level, Requirement, SpecVersion};
use crate::harness::Verdict;
use crate::outcome::Outcome;

pub use crate::negotiation::JudgedVersion;

/// What one test came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judged {
    pub outcome: Outcome,
    pub message: Option<String>,
    /// A requirement the runtime broke besides the test's own (it is reported too).
    pub broke: Option<&'static str>,
}

/// Everything needed to judge one test.
pub struct Evidence<'a> {
    pub requirements: &'a [&'a str],
    pub verdict: Result<(), Verdict>,
    /// What the guard found left behind after the test.
    pub leaks: Vec<String>,
    /// The expectations file's reason, when it lists this test.
    pub expected: Option<&'a str>,
}

/// The requirement a leak breaks.
pub const LEAK_REQUIREMENT: &str = "delete_removes_resources";

/// Judges one test against `judged`.
pub fn judge(e: Evidence<'_>, judged: &JudgedVersion) -> Judged {
    let (verdict, broke) = with_leaks(e.verdict, e.leaks);
    let failing: Vec<&'static Requirement> = match broke {
        Some(id) => catalogue::find(id).into_iter().collect(),
        None => e
            .requirements
            .iter()
            .filter_map(|id| catalogue::find(id))
            .collect(),
    };
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
    Judged {
        outcome,
        message,
        broke,
    }
}

/// Folds the guard's leak report into the verdict: a leak fails
/// `delete_removes_resources`, and is kept in the message when the test had already
/// failed for another reason.
fn with_leaks(
    verdict: Result<(), Verdict>,
    leaks: Vec<String>,
) -> (Result<(), Verdict>, Option<&'static str>) {
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
    reqs.iter().map(|r| r.id).collect::<Vec<_>>().join(", ")
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

    fn run(reqs: &[&str], verdict: Result<(), Verdict>, leaks: &[&str]) -> Judged {
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
        assert_eq!(run(&["process_env"], fail("x"), &[]).outcome, Outcome::Fail);
        let w = run(&["process_env_exact"], fail("HOME added"), &[]);
        assert_eq!(w.outcome, Outcome::Warn);
        assert_eq!(w.message.as_deref(), Some("SHOULD not met: HOME added"));
        // A test citing a MUST and a SHOULD fails as the MUST.
        let both = run(&["process_umask", "process_env"], fail("x"), &[]);
        assert_eq!(both.outcome, Outcome::Fail);
    }

    #[test]
    fn a_failure_citing_no_known_requirement_is_still_a_failure() {
        assert_eq!(run(&["process_evn"], fail("x"), &[]).outcome, Outcome::Fail);
        assert_eq!(run(&[], fail("x"), &[]).outcome, Outcome::Fail);
    }

    #[test]
    fn a_broken_other_requirement_decides_the_level() {
        let j = run(
            &["process_umask"],
            Err(Verdict::Broke {
                requirement: "state_pid",
                message: "pid 1 is not the container process".into(),
            }),
            &[],
        );
        assert_eq!(j.outcome, Outcome::Fail, "state_pid is a MUST");
        assert_eq!(j.broke, Some("state_pid"));
    }

    #[test]
    fn leaks_fail_a_passing_test_and_stay_in_a_failing_ones_message() {
        let j = run(&["process_umask"], Ok(()), &["mounts left behind: /x"]);
        assert_eq!(j.outcome, Outcome::Fail);
        assert_eq!(j.broke, Some(LEAK_REQUIREMENT));
        let j = run(&["process_env"], fail("FOO missing"), &["state dir left"]);
        assert_eq!(j.outcome, Outcome::Fail);
        let m = j.message.unwrap_or_default();
        assert!(
            m.contains("FOO missing") && m.contains("state dir left"),
            "{m}"
        );
        let j = run(&["process_env"], Err(Verdict::Error("io".into())), &["x"]);
        assert_eq!(j.outcome, Outcome::Fail, "a leak is the runtime's doing");
    }

    #[test]
    fn expectations_turn_failures_and_passes_around() {
        let e = |verdict| {
            judge(
                Evidence {
                    requirements: &["process_env"],
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
                    requirements: &["lifecycle_create_duplicate_id"],
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
        let newer = |reqs: &[&str], v| {
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
        let j = newer(&["hooks_poststart_failure"], V1_2_0);
        assert_eq!(j.outcome, Outcome::Newer);
        let m = j.message.unwrap_or_default();
        assert!(m.contains("newer than the runtime's spec version"), "{m}");
        assert!(m.contains("1.3.0") && m.contains("1.2.0"), "{m}");
        // Judged at its own version, the same failure counts.
        assert_eq!(
            newer(&["hooks_poststart_failure"], V1_3_0).outcome,
            Outcome::Fail
        );
        // One requirement old enough keeps the failure a failure.
        assert_eq!(
            newer(&["identity_domainname", "identity_hostname"], V1_0_2).outcome,
            Outcome::Fail
        );
        assert_eq!(
            newer(&["identity_domainname"], V1_0_2).outcome,
            Outcome::Newer
        );
    }

    #[test]
    fn a_version_gap_in_the_expectations_file_is_still_reported_as_newer() {
        let with = |v| {
            judge(
                Evidence {
                    requirements: &["identity_domainname"],
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
        let j = run(&["process_env"], Err(Verdict::Skip("no".into())), &[]);
        assert_eq!(j.outcome, Outcome::Skip);
        let j = run(&["process_env"], Err(Verdict::Error("io".into())), &[]);
        assert_eq!(j.outcome, Outcome::Error);
    }
}
