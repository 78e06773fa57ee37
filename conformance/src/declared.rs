//! The spec versions a runtime declares: `features` ociVersionMin/Max
//! (features.md#specification-version), else the `spec:` line of `--version`
//! (runc's habit), else what a probe finds its `create` accepts.

use std::path::Path;
use std::sync::Arc;

use crate::catalogue::version::{self, SpecVersion};
use crate::harness::{host::command, Sandbox, Suite};
use crate::negotiation::{Declared, VersionSource};

/// Every release jailcheck can write into a bundle, oldest first.
pub const RELEASES: [SpecVersion; 7] = [
    version::V1_0_0,
    version::V1_0_1,
    version::V1_0_2,
    version::V1_1_0,
    version::V1_2_0,
    version::V1_2_1,
    version::V1_3_0,
];

/// ociVersionMin/Max of a `features` document; `None` without a valid Max.
pub fn from_features(json: &str) -> Option<Declared> {
    let doc: serde_json::Value = serde_json::from_str(json).ok()?;
    let text = |key: &str| doc.get(key)?.as_str().map(str::to_string);
    let max_text = text("ociVersionMax")?;
    let max = SpecVersion::parse(&max_text)?;
    let min_text = text("ociVersionMin");
    let min = min_text.as_deref().and_then(SpecVersion::parse);
    Some(Declared {
        source: VersionSource::Features,
        min,
        max,
        detail: format!(
            "ociVersionMin {}, ociVersionMax {max_text}",
            min_text.as_deref().unwrap_or("(none)")
        ),
    })
}

/// The version on a `spec: X` line of `--version` output.
pub fn from_version_output(text: &str) -> Option<Declared> {
    let line = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("spec:"))?
        .trim();
    Some(Declared {
        source: VersionSource::Version,
        min: None,
        max: SpecVersion::parse(line)?,
        detail: format!("spec: {line}"),
    })
}

/// Asks the runtime's `features`, then its `--version`; `None` when neither
/// declares a version.
pub fn ask(runtime: &Path) -> Option<Declared> {
    let path = runtime.to_str()?;
    if let Some(d) = command::runtime_output(path, &["features"])
        .ok()
        .and_then(|out| from_features(&out))
    {
        return Some(d);
    }
    from_version_output(&command::runtime_output(path, &["--version"]).ok()?)
}

/// What a probe of `create` found: the versions it accepted, and what the probe
/// left behind (it must be nothing).
#[derive(Debug, Default)]
pub struct Probed {
    pub accepted: Vec<SpecVersion>,
    pub refused: Vec<(SpecVersion, String)>,
    pub leaks: Vec<String>,
}

impl Probed {
    /// The range found, when the runtime accepted any version, with the refusal
    /// of the next release above it.
    pub fn declared(&self) -> Option<Declared> {
        let (min, max) = (*self.accepted.first()?, *self.accepted.last()?);
        let next = self
            .refused
            .iter()
            .filter(|(v, _)| *v > max)
            .min_by_key(|(v, _)| *v);
        let refused = match next {
            Some((v, why)) => format!("; refused {v}: {why}"),
            None => String::new(),
        };
        Some(Declared {
            source: VersionSource::Probe,
            min: Some(min),
            max,
            detail: format!("create accepted ociVersion {min} to {max}{refused}"),
        })
    }
}

/// Finds the newest and the oldest release the runtime's `create` accepts, with
/// the suite's base bundle (the helper, waiting to be started; never started) in
/// a sandbox of its own whose guard removes every container it made. Stops at the
/// newest accepted going down and the oldest going up, so a runtime that accepts
/// everything costs two creates.
pub fn probe(suite: Arc<Suite>) -> Result<Probed, String> {
    let mut sb =
        Sandbox::new(suite, "negotiation::probe").map_err(|v| format!("version probe: {v}"))?;
    let mut probed = Probed::default();
    let mut try_version = |sb: &mut Sandbox, v: SpecVersion| -> Result<bool, String> {
        sb.config["ociVersion"] = v.to_string().into();
        let id = sb.other_id(&format!("v{}{}{}", v.major, v.minor, v.patch));
        let inv = sb
            .container(&id)
            .try_create(&[])
            .map_err(|e| format!("version probe: create with ociVersion {v}: {e}"))?;
        if inv.ok() {
            probed.accepted.push(v);
        } else {
            let why = inv.stderr.lines().find(|l| !l.trim().is_empty());
            probed
                .refused
                .push((v, why.unwrap_or("(no message)").trim().to_string()));
        }
        Ok(inv.ok())
    };
    let mut newest = None;
    for v in RELEASES.iter().rev() {
        if try_version(&mut sb, *v)? {
            newest = Some(*v);
            break;
        }
    }
    if let Some(max) = newest {
        for v in RELEASES.iter().take_while(|v| **v < max) {
            if try_version(&mut sb, *v)? {
                break;
            }
        }
    }
    probed.accepted.sort();
    probed.leaks = sb.teardown();
    Ok(probed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::version::{V1_0_0, V1_0_2, V1_2_0, V1_2_1, V1_3_0};

    #[test]
    fn reads_oci_version_min_and_max_from_features() {
        let runc = r#"{"ociVersionMin": "1.0.0", "ociVersionMax": "1.0.2-dev", "hooks": []}"#;
        let d = from_features(runc).expect("declared");
        assert_eq!((d.min, d.max), (Some(V1_0_0), V1_0_2));
        assert_eq!(d.detail, "ociVersionMin 1.0.0, ociVersionMax 1.0.2-dev");
        let only_max = from_features(r#"{"ociVersionMax": "1.3.0"}"#).expect("declared");
        assert_eq!((only_max.min, only_max.max), (None, V1_3_0));
        assert_eq!(from_features(r#"{"hooks": []}"#), None);
        assert_eq!(from_features("not json"), None);
    }

    #[test]
    fn reads_the_spec_line_of_version_output() {
        let runc = "runc version 1.1.5+ds1\ncommit: 1.1.5\nspec: 1.0.2-dev\ngo: go1.19.8\n";
        let d = from_version_output(runc).expect("declared");
        assert_eq!((d.source, d.max), (VersionSource::Version, V1_0_2));
        assert_eq!(d.detail, "spec: 1.0.2-dev");
        assert_eq!(from_version_output("jailrun 0.1.0\n"), None);
    }

    #[test]
    fn a_probe_reports_the_range_and_the_next_refusal_above_it() {
        let probed = Probed {
            accepted: vec![V1_0_0, V1_2_0],
            refused: vec![
                (V1_3_0, "create: unsupported OCI version 1.3.0".into()),
                (V1_2_1, "create: unsupported OCI version 1.2.1".into()),
            ],
            leaks: vec![],
        };
        let d = probed.declared().expect("declared");
        assert_eq!((d.min, d.max), (Some(V1_0_0), V1_2_0));
        assert_eq!(
            d.detail,
            "create accepted ociVersion 1.0.0 to 1.2.0; refused 1.2.1: \
             create: unsupported OCI version 1.2.1"
        );
        assert_eq!(Probed::default().declared(), None);
    }

    #[test]
    fn the_releases_are_in_order_and_end_at_the_target() {
        assert!(RELEASES.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(RELEASES.last(), Some(&version::TARGET));
    }
}
