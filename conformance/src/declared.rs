//! The spec version a runtime declares: `features` ociVersionMax, else the `spec:`
//! line of `--version` (runc's habit). The ociVersion of its `state` is the last
//! resort, read during the run (see `judgement::VersionPolicy`).

use std::path::Path;

use crate::catalogue::SpecVersion;
use crate::harness::host;
use crate::judgement::JudgedVersion;

/// ociVersionMax of a `features` document (runtime-spec features.md).
pub fn from_features(json: &str) -> Option<SpecVersion> {
    let doc: serde_json::Value = serde_json::from_str(json).ok()?;
    SpecVersion::parse(doc.get("ociVersionMax")?.as_str()?)
}

/// The version on a `spec: X` line of `--version` output.
pub fn from_version_output(text: &str) -> Option<SpecVersion> {
    text.lines()
        .find_map(|l| l.trim().strip_prefix("spec:"))
        .and_then(SpecVersion::parse)
}

/// Asks the runtime; `None` when it declares nothing either way.
pub fn ask(runtime: &Path) -> Option<JudgedVersion> {
    let path = runtime.to_str()?;
    if let Some(version) = host::output(path, &["features"])
        .ok()
        .and_then(|out| from_features(&out))
    {
        return Some(JudgedVersion {
            version,
            source: "features ociVersionMax".into(),
        });
    }
    let version = from_version_output(&host::output(path, &["--version"]).ok()?)?;
    Some(JudgedVersion {
        version,
        source: "the spec: line of --version".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::version::{V1_0_2, V1_3_0};

    #[test]
    fn reads_oci_version_max_from_features() {
        let runc = r#"{"ociVersionMin": "1.0.0", "ociVersionMax": "1.0.2-dev", "hooks": []}"#;
        assert_eq!(from_features(runc), Some(V1_0_2));
        assert_eq!(from_features(r#"{"ociVersionMax": "1.3.0"}"#), Some(V1_3_0));
        assert_eq!(from_features(r#"{"hooks": []}"#), None);
        assert_eq!(from_features("not json"), None);
    }

    #[test]
    fn reads_the_spec_line_of_version_output() {
        let runc = "runc version 1.1.5+ds1\ncommit: 1.1.5\nspec: 1.0.2-dev\ngo: go1.19.8\n";
        assert_eq!(from_version_output(runc), Some(V1_0_2));
        assert_eq!(from_version_output("jailrun 0.1.0\n"), None);
    }
}
