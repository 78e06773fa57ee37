//! `--junit FILE`: JUnit XML for CI systems (quick-junit).

use quick_junit::{NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestSuite};

use super::Run;
use crate::outcome::Outcome;

/// Renders the run as JUnit XML, one test suite per area.
pub fn render(run: &Run) -> Result<String, quick_junit::SerializeError> {
    let mut report = Report::new("jailcheck");
    let mut suites: Vec<TestSuite> = Vec::new();
    for rec in &run.tests {
        let area = rec.name.split("::").next().unwrap_or("tests").to_string();
        let idx = match suites.iter().position(|s| s.name.as_str() == area) {
            Some(i) => i,
            None => {
                let mut suite = TestSuite::new(area.clone());
                suite.add_property(Property::new("spec-version", run.version_line()));
                suites.push(suite);
                suites.len() - 1
            }
        };
        let message = rec.message.clone().unwrap_or_default();
        let status = match rec.outcome {
            Outcome::Pass => TestCaseStatus::success(),
            // An unexpected pass is no failure of the runtime, but the expectations
            // file is wrong: CI must show it, not hide it among the skips.
            Outcome::Fail | Outcome::Warn | Outcome::UnexpectedPass => {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                s.set_message(message);
                s.set_type(kind_of(rec.outcome));
                s
            }
            Outcome::Error => {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Error);
                s.set_message(message);
                s
            }
            Outcome::Skip | Outcome::ExpectedFail | Outcome::Newer => {
                let mut s = TestCaseStatus::skipped();
                s.set_message(message);
                s
            }
        };
        let mut case = TestCase::new(rec.name.clone(), status);
        case.set_time(rec.duration);
        case.set_classname(format!("jailcheck.{area}"));
        case.set_system_err(rec.transcript.join("\n"));
        suites[idx].add_test_case(case);
    }
    report.add_test_suites(suites);
    report.to_string()
}

/// The failure type attribute: which kind of non-success this is.
fn kind_of(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Warn => "warning",
        Outcome::UnexpectedPass => "unexpected pass",
        _ => "failure",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{record, sample};

    #[test]
    fn an_unexpected_pass_is_a_failure_not_a_skip() {
        let run = sample(vec![record(
            "identity::domainname",
            Outcome::UnexpectedPass,
            "passed, but the expectations file says: x",
        )]);
        let xml = render(&run).expect("render");
        assert!(
            xml.contains("<failure") && xml.contains("unexpected pass"),
            "{xml}"
        );
        assert!(!xml.contains("<skipped"), "{xml}");
    }

    #[test]
    fn a_newer_requirement_is_skipped_with_its_reason() {
        let run = sample(vec![record(
            "identity::domainname",
            Outcome::Newer,
            "newer than the runtime's spec version: identity_domainname came in spec 1.1.0",
        )]);
        let xml = render(&run).expect("render");
        assert!(
            xml.contains("<skipped") && xml.contains("newer than the runtime"),
            "{xml}"
        );
    }
}
