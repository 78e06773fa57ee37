//! The spec version a run speaks and judges against, decided once before any test
//! and passed to every test in the [`crate::harness::Suite`]: bundles declare it,
//! and a test whose requirements all came in a later release is not run.
//!
//! Where the version comes from, in order: `--spec-version`; the runtime's
//! `features` (features.md#specification-version, ociVersionMin/Max); the `spec:`
//! line of its `--version` (runc's habit); a probe of the versions its `create`
//! accepts; else jailcheck's own target.

use std::fmt;

use serde::Serialize;

use crate::catalogue::{self, ReqId, Requirement, SpecVersion};

/// Where the run's spec version came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VersionSource {
    /// The user named it with `--spec-version`.
    SpecVersion,
    /// ociVersionMax of the runtime's `features`.
    Features,
    /// The `spec:` line of the runtime's `--version`.
    Version,
    /// The newest version the runtime's `create` accepted.
    Probe,
    /// Nothing declared or accepted: jailcheck's own target.
    Target,
}

impl fmt::Display for VersionSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            VersionSource::SpecVersion => "--spec-version",
            VersionSource::Features => "features",
            VersionSource::Version => "--version",
            VersionSource::Probe => "probe",
            VersionSource::Target => "jailcheck's target",
        })
    }
}

/// What a runtime declares (or was found to accept): the range of spec versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declared {
    pub source: VersionSource,
    /// The oldest version, when the source names one.
    pub min: Option<SpecVersion>,
    pub max: SpecVersion,
    /// How it was found, in words (`features ociVersionMin 1.0.0, ociVersionMax 1.2.0`).
    pub detail: String,
}

/// The spec version of one run: every bundle declares it, requirements newer than
/// it are not tested, failures are judged against it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JudgedVersion {
    pub version: SpecVersion,
    pub source: VersionSource,
    /// Why this version, in words, for the console and the reports.
    pub why: String,
}

impl JudgedVersion {
    /// jailcheck's own target, when nothing else is known (`--list`, unit tests).
    pub fn target() -> JudgedVersion {
        JudgedVersion {
            version: catalogue::version::TARGET,
            source: VersionSource::Target,
            why: "jailcheck's own version".into(),
        }
    }

    /// Why a test citing `requirements` is not run at this version: every one of
    /// them came in a later release. `None` when one is old enough (or unknown:
    /// the start-up check reports those).
    pub fn newer_reason(&self, requirements: &[ReqId]) -> Option<String> {
        let found: Vec<&Requirement> = requirements
            .iter()
            .filter_map(|id| catalogue::find(id))
            .collect();
        if found.is_empty() || found.len() != requirements.len() {
            return None;
        }
        if found.iter().any(|r| r.since <= self.version) {
            return None;
        }
        let newest = found.iter().map(|r| r.since).max()?;
        Some(format!(
            "newer than the runtime's spec version: {} came in spec {newest}, the run \
             speaks {} ({}: {}); not run (--spec-version {newest} runs it)",
            ReqId::list(found.iter().map(|r| r.id)),
            self.version,
            self.source,
            self.why
        ))
    }
}

/// Decides the run's version: what the user insists on, else what the runtime
/// declares (capped at jailcheck's target: bundles never declare more), else the
/// target.
pub fn decide(insisted: Option<SpecVersion>, declared: Option<Declared>) -> JudgedVersion {
    let target = catalogue::version::TARGET;
    if let Some(version) = insisted {
        let why = match &declared {
            Some(d) => format!(
                "named by the user; the runtime declares {} ({}: {})",
                d.max, d.source, d.detail
            ),
            None => "named by the user; the runtime declares no version".into(),
        };
        return JudgedVersion {
            version,
            source: VersionSource::SpecVersion,
            why,
        };
    }
    let Some(d) = declared else {
        return JudgedVersion::target();
    };
    if d.max > target {
        return JudgedVersion {
            version: target,
            source: d.source,
            why: format!("{}; bundles declare jailcheck's newest, {target}", d.detail),
        };
    }
    JudgedVersion {
        version: d.max,
        source: d.source,
        why: d.detail,
    }
}

/// Checks a `--spec-version` value: a version jailcheck knows how to write.
pub fn insisted(text: &str) -> Result<SpecVersion, String> {
    let v = SpecVersion::parse(text).ok_or_else(|| {
        format!("--spec-version {text}: not a version (want MAJOR.MINOR.PATCH, e.g. 1.3.0)")
    })?;
    let target = catalogue::version::TARGET;
    if v > target || v < catalogue::version::V1_0_0 {
        return Err(format!(
            "--spec-version {text}: jailcheck speaks runtime-spec 1.0.0 to {target}"
        ));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::version::{V1_0_0, V1_2_0, V1_3_0};
    use crate::req;

    fn declared(source: VersionSource, max: SpecVersion) -> Declared {
        Declared {
            source,
            min: Some(V1_0_0),
            max,
            detail: format!("declares up to {max}"),
        }
    }

    #[test]
    fn the_user_wins_then_the_runtime_then_the_target() {
        let d = declared(VersionSource::Features, V1_2_0);
        let j = decide(Some(V1_3_0), Some(d.clone()));
        assert_eq!((j.version, j.source), (V1_3_0, VersionSource::SpecVersion));
        assert_eq!(
            j.why,
            "named by the user; the runtime declares 1.2.0 (features: declares up to 1.2.0)"
        );
        let j = decide(None, Some(d));
        assert_eq!((j.version, j.source), (V1_2_0, VersionSource::Features));
        assert_eq!(j.why, "declares up to 1.2.0");
        let j = decide(None, None);
        assert_eq!((j.version, j.source), (V1_3_0, VersionSource::Target));
    }

    #[test]
    fn a_runtime_newer_than_jailcheck_gets_jailcheck_s_version() {
        let j = decide(
            None,
            Some(declared(VersionSource::Version, SpecVersion::new(1, 4, 0))),
        );
        assert_eq!(j.version, V1_3_0);
        assert!(
            j.why.contains("bundles declare jailcheck's newest, 1.3.0"),
            "{}",
            j.why
        );
    }

    #[test]
    fn a_test_is_newer_only_when_all_its_requirements_are() {
        let at = decide(None, Some(declared(VersionSource::Probe, V1_0_0)));
        let why = at
            .newer_reason(&[req::IDENTITY_DOMAINNAME])
            .unwrap_or_default();
        assert!(
            why.starts_with("newer than the runtime's spec version"),
            "{why}"
        );
        assert!(
            why.contains("came in spec 1.1.0") && why.contains("(probe: "),
            "{why}"
        );
        assert_eq!(
            at.newer_reason(&[req::IDENTITY_HOSTNAME, req::IDENTITY_DOMAINNAME]),
            None
        );
        assert_eq!(
            at.newer_reason(&[ReqId::declare("no_such_requirement")]),
            None
        );
        assert_eq!(
            JudgedVersion::target().newer_reason(&[req::IDENTITY_DOMAINNAME]),
            None
        );
        // The freebsd section came in 1.3.0: all of it is newer than 1.2.0.
        let ocijail = decide(None, Some(declared(VersionSource::Features, V1_2_0)));
        assert!(ocijail.newer_reason(&[req::FREEBSD_JAIL_CREATED]).is_some());
    }

    #[test]
    fn spec_version_must_be_one_jailcheck_can_write() {
        assert_eq!(insisted("1.2.0"), Ok(V1_2_0));
        assert!(insisted("1.4.0").unwrap_err().contains("1.0.0 to 1.3.0"));
        assert!(insisted("0.9.0").is_err());
        assert!(insisted("banana").unwrap_err().contains("not a version"));
    }
}
