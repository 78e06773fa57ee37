//! The features structure (features.md), as `features` prints it: the document
//! rules, and that what it claims is accepted. Skipped when the runtime has no
//! `features` command (offering it is a MAY).

use crate::req;

use serde_json::{Map, Value};

use crate::areas::support::control::{self, Upto};
use crate::areas::support::hooks::{lifecycle_with_running_program, one_of_each};
use crate::harness::bundle::hooks::{HookKind, HookLog};
use crate::harness::CliFeature;
use crate::harness::{bundle::mounts, CaseResult, Sandbox, Verdict};
use crate::{check, check_eq};

cases! {
    oci_versions_ordered: &[req::FEATURES_OCI_VERSIONS], needs &[CliFeature::Features];
    oci_version_min_max_accepted: &[req::FEATURES_OCI_VERSION_ACCEPTED], needs &[CliFeature::Features];
    null_is_not_empty: &[req::FEATURES_NULL_NOT_EMPTY], needs &[CliFeature::Features];
    no_undefined_properties: &[req::FEATURES_NO_UNDEFINED_PROPERTIES], needs &[CliFeature::Features];
    listed_hooks_run: &[req::FEATURES_HOOKS_SUPPORTED], needs &[CliFeature::Features];
    mount_options_recognized: &[req::FEATURES_MOUNT_OPTIONS_RECOGNIZED], needs &[CliFeature::Features];
    mount_options_not_fs_specific: &[req::FEATURES_MOUNT_OPTIONS_NO_FS_SPECIFIC], needs &[CliFeature::Features];
    annotations_string_map: &[req::FEATURES_ANNOTATIONS_MAP], needs &[CliFeature::Features];
    same_for_every_invocation: &[req::FEATURES_COMPILE_TIME], needs &[CliFeature::Features, CliFeature::Root];
}

/// The top-level properties features.md (v1.3.0) defines.
const DEFINED: &[&str] = &[
    "ociVersionMin",
    "ociVersionMax",
    "hooks",
    "mountOptions",
    "linux",
    "annotations",
    "potentiallyUnsafeConfigAnnotations",
];

/// The MUST options of config.md#linux-mount-options.
pub const LINUX_MUST_OPTIONS: &[&str] = &[
    "async",
    "atime",
    "bind",
    "defaults",
    "dev",
    "diratime",
    "dirsync",
    "exec",
    "iversion",
    "lazytime",
    "loud",
    "noatime",
    "nodev",
    "nodiratime",
    "noexec",
    "noiversion",
    "nolazytime",
    "norelatime",
    "nostrictatime",
    "nosuid",
    "private",
    "rbind",
    "relatime",
    "remount",
    "ro",
    "rprivate",
    "rshared",
    "rslave",
    "runbindable",
    "rw",
    "shared",
    "silent",
    "slave",
    "strictatime",
    "suid",
    "sync",
    "unbindable",
];

/// The runtime's features document, or a skip when it has none. A positive
/// control first: the claims of a runtime that accepts no bundle prove nothing.
fn features(sb: &mut Sandbox) -> Result<Map<String, Value>, Verdict> {
    control::accepted(sb, Upto::Create, &[])?;
    let inv = sb.call(&["features"])?;
    if !inv.ok() {
        return Err(Verdict::Skip(format!(
            "the runtime offers no features structure (features.md: MAY): {}",
            inv.first_error_line()
        )));
    }
    match serde_json::from_str(&inv.stdout) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(Verdict::Fail(format!(
            "features is not a JSON object: {other:.200}"
        ))),
        Err(e) => Err(Verdict::Fail(format!(
            "features is not JSON ({e}): {:.200}",
            inv.stdout
        ))),
    }
}

/// A string list property: absent, null, or an array of strings.
fn string_list<'a>(f: &'a Map<String, Value>, key: &str) -> Result<Vec<&'a str>, Verdict> {
    match f.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .ok_or_else(|| Verdict::Fail(format!("{key} holds a non-string {v}")))
            })
            .collect(),
        Some(other) => Err(Verdict::Fail(format!(
            "{key} is neither null nor an array: {other}"
        ))),
    }
}

/// Parses `MAJOR.MINOR.PATCH[-pre][+build]` into its numeric core.
pub fn semver_core(v: &str) -> Option<(u64, u64, u64)> {
    let core = v.split(['-', '+']).next()?;
    let mut parts = core.split('.').map(|p| {
        (!p.is_empty() && (p == "0" || !p.starts_with('0')))
            .then(|| p.parse().ok())
            .flatten()
    });
    let triple = (parts.next()??, parts.next()??, parts.next()??);
    parts.next().is_none().then_some(triple)
}

fn versions(f: &Map<String, Value>) -> Result<(String, String), Verdict> {
    let get = |key: &str| {
        f.get(key)
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| Verdict::Fail(format!("features has no string {key} (REQUIRED)")))
    };
    Ok((get("ociVersionMin")?, get("ociVersionMax")?))
}

fn oci_versions_ordered(sb: &mut Sandbox) -> CaseResult {
    let f = features(sb)?;
    let (min, max) = versions(&f)?;
    let lo = semver_core(&min)
        .ok_or_else(|| Verdict::Fail(format!("ociVersionMin {min:?} is not SemVer")))?;
    let hi = semver_core(&max)
        .ok_or_else(|| Verdict::Fail(format!("ociVersionMax {max:?} is not SemVer")))?;
    check!(
        lo <= hi,
        "ociVersionMax {max} is less than ociVersionMin {min}"
    );
    Ok(())
}

fn oci_version_min_max_accepted(sb: &mut Sandbox) -> CaseResult {
    let f = features(sb)?;
    let (min, max) = versions(&f)?;
    sb.helper_args(&["exit", "0"]);
    for (label, version) in [("min", min), ("max", max)] {
        sb.config["ociVersion"] = Value::from(version.clone());
        let id = sb.other_id(label);
        let inv = sb.container(&id).try_create(&[])?;
        check!(
            inv.ok(),
            "create with ociVersion {version} (ociVersion{label}) failed: {}",
            inv.first_error_line()
        );
        // One container at a time: each starts from the test's root filesystem.
        sb.container(&id).remove();
    }
    Ok(())
}

fn null_is_not_empty(sb: &mut Sandbox) -> CaseResult {
    let f = features(sb)?;
    for key in [
        "hooks",
        "mountOptions",
        "potentiallyUnsafeConfigAnnotations",
    ] {
        string_list(&f, key)?;
    }
    for key in ["linux", "annotations"] {
        match f.get(key) {
            None | Some(Value::Null) | Some(Value::Object(_)) => {}
            Some(other) => {
                return Err(Verdict::Fail(format!(
                    "{key} is neither null nor an object: {other}"
                )))
            }
        }
    }
    Ok(())
}

fn no_undefined_properties(sb: &mut Sandbox) -> CaseResult {
    let f = features(sb)?;
    let extra: Vec<&String> = f
        .keys()
        .filter(|k| !DEFINED.contains(&k.as_str()))
        .collect();
    check!(
        extra.is_empty(),
        "features holds properties features.md does not define: {extra:?}"
    );
    Ok(())
}

fn listed_hooks_run(sb: &mut Sandbox) -> CaseResult {
    let f = features(sb)?;
    let listed = string_list(&f, "hooks")?;
    let kinds: Vec<HookKind> = HookKind::ALL
        .into_iter()
        .filter(|k| listed.contains(&k.key()))
        .collect();
    let unknown: Vec<&&str> = listed
        .iter()
        .filter(|l| !HookKind::ALL.iter().any(|k| k.key() == **l))
        .collect();
    check!(
        unknown.is_empty(),
        "features lists hooks config.md does not define: {unknown:?}"
    );
    if kinds.is_empty() {
        return Err(Verdict::Skip("features lists no hooks".into()));
    }
    let log = HookLog::new(sb)?;
    one_of_each(sb, &log, &kinds);
    lifecycle_with_running_program(sb)?;
    let labels = log.labels()?;
    for kind in kinds {
        check!(
            labels.iter().any(|l| l == kind.key()),
            "features lists {} but the hook never ran (log: {labels:?})",
            kind.key()
        );
    }
    Ok(())
}

fn mount_options_recognized(sb: &mut Sandbox) -> CaseResult {
    let f = features(sb)?;
    let listed = string_list(&f, "mountOptions")?;
    let missing: Vec<&&str> = LINUX_MUST_OPTIONS
        .iter()
        .filter(|o| !listed.contains(o))
        .collect();
    check!(
        missing.is_empty(),
        "mountOptions lacks MUST options of config.md#linux-mount-options: {missing:?}"
    );
    let usable: Vec<&str> = ["nosuid", "nodev", "noexec", "noatime", "rw"]
        .into_iter()
        .filter(|o| listed.contains(o))
        .collect();
    mounts::add(&mut sb.config, mounts::tmpfs("/scratch", &usable));
    sb.helper_args(&["exit", "0"]);
    let exit = sb.own().run_to_exit()?;
    check!(exit.success(), "program ended with {exit}");
    Ok(())
}

fn mount_options_not_fs_specific(sb: &mut Sandbox) -> CaseResult {
    let f = features(sb)?;
    let data: Vec<&str> = string_list(&f, "mountOptions")?
        .into_iter()
        .filter(|o| o.contains('='))
        .collect();
    check!(
        data.is_empty(),
        "mountOptions lists filesystem-specific data options: {data:?}"
    );
    Ok(())
}

fn annotations_string_map(sb: &mut Sandbox) -> CaseResult {
    let f = features(sb)?;
    let Some(Value::Object(map)) = f.get("annotations") else {
        return Err(Verdict::Skip("features has no annotations".into()));
    };
    for (k, v) in map {
        check!(!k.is_empty(), "features annotations has an empty key");
        check!(
            v.is_string(),
            "features annotation {k} is not a string: {v}"
        );
    }
    Ok(())
}

fn same_for_every_invocation(sb: &mut Sandbox) -> CaseResult {
    let first = features(sb)?;
    let other_root = sb.dir.join("other-root");
    std::fs::create_dir_all(&other_root).map_err(|e| Verdict::Error(format!("mkdir: {e}")))?;
    let inv = sb.call_in_root(&other_root, &["features"])?.expect_ok()?;
    let second: Map<String, Value> = serde_json::from_str(&inv.stdout)?;
    check_eq!(second, first, "features with another --root");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::semver_core;

    #[test]
    fn semver_core_parses_and_rejects() {
        assert_eq!(semver_core("1.3.0"), Some((1, 3, 0)));
        assert_eq!(semver_core("1.0.2-dev+x"), Some((1, 0, 2)));
        for bad in ["1.3", "v1.3.0", "1.03.0", "1.3.0.1", ""] {
            assert_eq!(semver_core(bad), None, "{bad}");
        }
    }
}
