//! The base config.json the suite gives a runtime, per platform, and small edits.

use serde_json::{json, Value};

use integ_inside::HELPER_PATH;

/// The minimal configuration for the host platform: the helper as the process,
/// `rootfs` as the root, and only what the platform needs.
pub fn base(hostname: &str) -> Value {
    let mut config = json!({
        "ociVersion": "1.3.0",
        "process": {
            "terminal": false,
            "user": { "uid": 0, "gid": 0 },
            "args": [HELPER_PATH, "process"],
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

/// Sets `process.args` to the helper followed by `args`.
pub fn set_helper_args(config: &mut Value, args: &[&str]) {
    let mut all = vec![Value::from(HELPER_PATH)];
    all.extend(args.iter().map(|a| Value::from(*a)));
    config["process"]["args"] = Value::Array(all);
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
