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
    /// The JSON report's schema number ([`json::SCHEMA`]); readers refuse others.
    pub schema: u32,
    /// When the run ended, UTC, as `YYYY-MM-DDTHH:MM:SSZ`.
    pub date: String,
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

/// The current time, UTC, as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn utc_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    utc_date(secs)
}

/// Seconds since the epoch as `YYYY-MM-DDTHH:MM:SSZ` (proleptic Gregorian calendar).
fn utc_date(secs: u64) -> String {
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Count from 0000-03-01 so that the leap day ends each 4-, 100- and 400-year cycle.
    let shifted = days + 719_468;
    let era = shifted / 146_097;
    let day_of_era = shifted % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let march_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * march_month + 2) / 5 + 1;
    let month = if march_month < 10 {
        march_month + 3
    } else {
        march_month - 9
    };
    let year = era * 400 + year_of_era + u64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
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
        schema: json::SCHEMA,
        date: "2026-01-02T03:04:05Z".into(),
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

#[cfg(test)]
mod tests {
    #[test]
    fn dates_are_utc_calendar_dates() {
        assert_eq!(super::utc_date(0), "1970-01-01T00:00:00Z");
        assert_eq!(super::utc_date(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(super::utc_date(1_796_656_205), "2026-12-07T15:10:05Z");
        assert_eq!(super::utc_date(4_107_542_399), "2100-02-28T23:59:59Z");
    }
}
