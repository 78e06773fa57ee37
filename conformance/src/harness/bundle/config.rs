//! The base config.json the suite gives a runtime, per platform, and small edits.
//!
//! The base declares the run's spec version and holds only fields that release
//! already had: every field it writes is in [`DEFAULT_FIELDS`] with the release
//! that brought it, checked against the runtime-spec schema of each tag
//! (schema/config-schema.json, config-linux.json; config-freebsd.json came in
//! v1.3.0). A field newer than the run's version is written only by a test that
//! checks it, and such a test is not run (see `negotiation`).

use serde_json::{json, Value};

use integ_inside::request::Process;
use integ_inside::{Request, HELPER_PATH};

use crate::catalogue::version::{self, SpecVersion};
use crate::harness::sandbox::{helper_argv, helper_program, Program};

/// Every field the bundle builder writes by default (JSON pointer, as an object
/// path; array items are `[]`), with the spec release that introduced it.
pub const DEFAULT_FIELDS: &[(&str, SpecVersion)] = &[
    ("/ociVersion", version::V1_0_0),
    ("/process/terminal", version::V1_0_0),
    ("/process/user/uid", version::V1_0_0),
    ("/process/user/gid", version::V1_0_0),
    ("/process/args", version::V1_0_0),
    ("/process/env", version::V1_0_0),
    ("/process/cwd", version::V1_0_0),
    ("/root/path", version::V1_0_0),
    ("/root/readonly", version::V1_0_0),
    ("/hostname", version::V1_0_0),
    ("/mounts", version::V1_0_0),
    ("/mounts/[]/destination", version::V1_0_0),
    ("/mounts/[]/type", version::V1_0_0),
    ("/mounts/[]/source", version::V1_0_0),
    ("/linux/namespaces/[]/type", version::V1_0_0),
    // mounts::make_visible, on FreeBSD (config-freebsd.md#jail).
    ("/freebsd/jail/enforceStatfs", version::V1_3_0),
];

/// The release that introduced a default field, `None` when it is not one.
pub fn default_field_since(pointer: &str) -> Option<SpecVersion> {
    DEFAULT_FIELDS
        .iter()
        .find(|(p, _)| *p == pointer)
        .map(|(_, since)| *since)
}

/// The minimal configuration for the host platform, declaring `spec`: the helper
/// as the process, `rootfs` as the root, and only what the platform needs.
pub fn base(hostname: &str, spec: SpecVersion) -> Value {
    let mut config = json!({
        "ociVersion": spec.to_string(),
        "process": {
            "terminal": false,
            "user": { "uid": 0, "gid": 0 },
            "args": helper_argv(HELPER_PATH, &Process::default()),
            "env": ["PATH=/usr/bin:/bin", "JAILCHECK=1"],
            "cwd": "/",
        },
        "root": { "path": "rootfs", "readonly": false },
        "hostname": hostname,
        "mounts": [],
    });
    platform_section(&mut config);
    config
}

#[cfg(target_os = "linux")]
fn platform_section(config: &mut Value) {
    config["mounts"] = json!([
        { "destination": "/proc", "type": "proc", "source": "proc" }
    ]);
    config["linux"] = json!({
        "namespaces": [
            { "type": "pid" }, { "type": "mount" }, { "type": "ipc" }, { "type": "uts" }
        ]
    });
}

#[cfg(not(target_os = "linux"))]
fn platform_section(_config: &mut Value) {}

/// Sets `process.args` to the helper (in the container's root) making `request`;
/// returns the handle that reads its reply.
pub fn set_program<R: Request>(config: &mut Value, request: &R) -> Program<R> {
    let (argv, program) = helper_program(HELPER_PATH, request);
    config["process"]["args"] = json!(argv);
    program
}

/// Sets the `linux.namespaces` entry of type `kind` (added, or replacing the one
/// there), joining `path` when given.
pub fn set_namespace(config: &mut Value, kind: &str, path: Option<&str>) {
    remove_namespace(config, kind);
    let mut entry = json!({ "type": kind });
    if let Some(p) = path {
        entry["path"] = json!(p);
    }
    match config["linux"]["namespaces"].as_array_mut() {
        Some(list) => list.push(entry),
        None => config["linux"]["namespaces"] = json!([entry]),
    }
}

/// Removes the `linux.namespaces` entry of type `kind`, if any.
pub fn remove_namespace(config: &mut Value, kind: &str) {
    if let Some(list) = config["linux"]["namespaces"].as_array_mut() {
        list.retain(|ns| ns["type"] != kind);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::version::V1_0_0;

    /// The leaf fields of a config, as `DEFAULT_FIELDS` spells them.
    fn leaves(v: &Value, at: String, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => m
                .iter()
                .for_each(|(k, x)| leaves(x, format!("{at}/{k}"), out)),
            Value::Array(a) if a.is_empty() => out.push(at),
            Value::Array(a) if a.iter().all(Value::is_string) => out.push(at),
            Value::Array(a) => a.iter().for_each(|x| leaves(x, format!("{at}/[]"), out)),
            _ => out.push(at),
        }
    }

    #[test]
    fn the_process_is_the_helper_making_a_request() {
        let mut config = base("h", V1_0_0);
        assert_eq!(
            config["process"]["args"],
            json!(["/integ-inside", "process"])
        );
        set_program(&mut config, &integ_inside::request::Exit { code: 0 });
        assert_eq!(
            config["process"]["args"],
            json!(["/integ-inside", "exit", "0"])
        );
    }

    #[test]
    fn the_base_at_1_0_0_holds_only_fields_1_0_0_had() {
        let config = base("h", V1_0_0);
        assert_eq!(config["ociVersion"], "1.0.0");
        let mut fields = Vec::new();
        leaves(&config, String::new(), &mut fields);
        assert!(!fields.is_empty());
        for f in fields {
            let since = default_field_since(&f)
                .unwrap_or_else(|| panic!("{f}: a default field missing from DEFAULT_FIELDS"));
            assert!(since <= V1_0_0, "{f} came in {since}");
        }
    }
}
