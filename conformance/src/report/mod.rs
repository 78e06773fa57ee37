//! Reporters: they format records; they never decide outcomes.

pub mod json;
pub mod junit;
pub mod markdown;
pub mod requirements;
pub mod summary;

use serde::Serialize;

use crate::harness::CliProfile;
use crate::negotiation::JudgedVersion;
use crate::outcome::{Record, Totals};
use crate::verdicts::Verdicts;

/// Everything the reporters need about one run.
#[derive(Debug, Clone, Serialize)]
pub struct Run {
    /// Path of the runtime under test.
    pub runtime: String,
    /// `runtime --version` output, first line, when it answers.
    pub runtime_version: Option<String>,
    /// What the runtime's command line has, and what the suite did without the rest.
    pub command_line: CliProfile,
    pub host: Host,
    /// The spec version the run judged against: a failed requirement newer than it
    /// is reported as newer, not as a failure.
    pub spec_version: JudgedVersion,
    pub totals: Totals,
    /// The spec and conventions verdicts, counted by requirement.
    pub verdicts: Verdicts,
    pub tests: Vec<Record>,
}

impl Run {
    /// The counts in one sentence, for the console and the Markdown report.
    pub fn totals_line(&self) -> String {
        let t = &self.totals;
        format!(
            "{} passed, {} failed, {} warnings, {} expected failures, {} unexpected passes, \
             {} skipped, {} newer than the runtime's spec version, {} errors",
            t.pass, t.fail, t.warn, t.expected_fail, t.unexpected_pass, t.skip, t.newer, t.error
        )
    }

    /// Which spec version the verdicts follow, and why.
    pub fn version_line(&self) -> String {
        version_sentence(&self.spec_version)
    }
}

/// Which spec version a run speaks and judges against, and why, in one sentence.
pub fn version_sentence(spec: &JudgedVersion) -> String {
    format!(
        "judged against runtime-spec {} (source: {}; {}): bundles declare it, and tests \
         of newer requirements are reported as \"newer than the runtime's spec version\" \
         and not run",
        spec.version, spec.source, spec.why
    )
}

/// The machine the suite ran on.
#[derive(Debug, Clone, Serialize)]
pub struct Host {
    pub os: String,
    pub release: String,
    pub arch: String,
    pub hostname: String,
}

impl Host {
    /// Reads uname(2).
    pub fn current() -> Host {
        let uts = nix::sys::utsname::uname().ok();
        let field = |f: fn(&nix::sys::utsname::UtsName) -> &std::ffi::OsStr| {
            uts.as_ref()
                .map(|u| f(u).to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        Host {
            os: field(|u| u.sysname()),
            release: field(|u| u.release()),
            arch: field(|u| u.machine()),
            hostname: field(|u| u.nodename()),
        }
    }
}

/// A run with these records, for the reporters' unit tests.
#[cfg(test)]
pub(crate) fn sample(records: Vec<Record>) -> Run {
    Run {
        runtime: "/usr/bin/rt".into(),
        runtime_version: None,
        command_line: CliProfile::runc(),
        host: Host::current(),
        spec_version: JudgedVersion {
            version: crate::catalogue::version::V1_0_2,
            source: crate::negotiation::VersionSource::Features,
            why: "ociVersionMin 1.0.0, ociVersionMax 1.0.2-dev".into(),
        },
        totals: Totals::of(&records),
        verdicts: Verdicts::of(&records, false),
        tests: records,
    }
}

/// One record, for the reporters' unit tests.
#[cfg(test)]
pub(crate) fn record(name: &str, outcome: crate::outcome::Outcome, message: &str) -> Record {
    Record {
        name: name.into(),
        requirements: vec!["identity_domainname".into()],
        broke: None,
        outcome,
        checks: vec![crate::outcome::Check {
            requirement: "identity_domainname".into(),
            outcome,
        }],
        message: Some(message.into()),
        duration: std::time::Duration::ZERO,
        transcript: vec![],
    }
}
