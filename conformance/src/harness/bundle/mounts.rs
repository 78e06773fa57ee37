//! Mount entries for config.json, spelled for the host platform: a bind mount is
//! `bind` on Linux and `nullfs` on FreeBSD; tmpfs has the same name on both.

use std::path::Path;

use serde_json::{json, Value};

/// A bind mount of `source` (a host path, or relative to the bundle) at `destination`.
pub fn bind(source: &Path, destination: &str, options: &[&str]) -> Value {
    if cfg!(target_os = "freebsd") {
        json!({
            "destination": destination,
            "type": "nullfs",
            "source": source.display().to_string(),
            "options": options,
        })
    } else {
        let mut all = vec!["bind"];
        all.extend_from_slice(options);
        json!({
            "destination": destination,
            "type": "none",
            "source": source.display().to_string(),
            "options": all,
        })
    }
}

/// A tmpfs at `destination` with these options.
pub fn tmpfs(destination: &str, options: &[&str]) -> Value {
    json!({
        "destination": destination,
        "type": "tmpfs",
        "source": "tmpfs",
        "options": options,
    })
}

/// Appends `mount` to the configuration's `mounts`.
pub fn add(config: &mut Value, mount: Value) {
    match config["mounts"].as_array_mut() {
        Some(list) => list.push(mount),
        None => config["mounts"] = Value::Array(vec![mount]),
    }
}

/// On FreeBSD, lets the jail see the mounts below its root (enforce_statfs 1), so
/// the helper can report them; elsewhere nothing. Written only when the run speaks
/// a release with the freebsd section (1.3.0): an older runtime picks its own
/// enforce_statfs (ocijail sets 1 itself, ocijail/create.cpp `jconf.set("enforce_statfs", 1u)`).
pub fn make_visible(config: &mut Value, spec: crate::catalogue::SpecVersion) {
    let field = "/freebsd/jail/enforceStatfs";
    let known = crate::harness::bundle::config::default_field_since(field)
        .is_some_and(|since| since <= spec);
    if cfg!(target_os = "freebsd") && known {
        config["freebsd"]["jail"]["enforceStatfs"] = json!(1);
    }
}
