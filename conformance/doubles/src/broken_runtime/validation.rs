//! Modes that accept what the spec says is an error (config.md's MUSTs on the
//! shape of config.json): the wrapper repairs or drops the faulty value before the
//! real runtime sees it, as a runtime that does not validate would go on anyway.

use serde_json::{json, Value};

use crate::call::Call;
use crate::error::Error;
use crate::mode::{each, remove, retain, CommandMode, ConfigMode, Flow};

/// Every rlimit type some platform of the spec defines.
const KNOWN_RLIMITS: &[&str] = &[
    "RLIMIT_CPU",
    "RLIMIT_FSIZE",
    "RLIMIT_DATA",
    "RLIMIT_STACK",
    "RLIMIT_CORE",
    "RLIMIT_RSS",
    "RLIMIT_NPROC",
    "RLIMIT_NOFILE",
    "RLIMIT_MEMLOCK",
    "RLIMIT_AS",
    "RLIMIT_LOCKS",
    "RLIMIT_SIGPENDING",
    "RLIMIT_MSGQUEUE",
    "RLIMIT_NICE",
    "RLIMIT_RTPRIO",
    "RLIMIT_RTTIME",
    "RLIMIT_SBSIZE",
    "RLIMIT_SWAP",
    "RLIMIT_NPTS",
    "RLIMIT_KQUEUES",
    "RLIMIT_UMTXP",
];

/// The modes of this area.
pub const MODES: &[ConfigMode] = &[
    ConfigMode {
        name: "oci-version-not-checked",
        doc: "an ociVersion that is not SemVer is replaced by 1.3.0",
        edit: |c, _| {
            let v = c["ociVersion"].as_str().unwrap_or("");
            if !is_semver(v) {
                c["ociVersion"] = json!("1.3.0");
            }
        },
    },
    ConfigMode {
        name: "root-defaulted",
        doc: "a config without root gets root.path rootfs",
        edit: |c, _| {
            if c.get("root").is_none() {
                c["root"] = json!({"path": "rootfs"});
            }
        },
    },
    ConfigMode {
        name: "relative-cwd-accepted",
        doc: "a relative process.cwd is taken as relative to /",
        edit: |c, _| {
            if let Some(cwd) = c.pointer_mut("/process/cwd") {
                let s = cwd.as_str().unwrap_or("/").to_string();
                if !s.starts_with('/') {
                    *cwd = json!(format!("/{s}"));
                }
            }
        },
    },
    ConfigMode {
        name: "process-defaulted",
        doc: "an empty or missing process.args (or process) runs `integ-inside exit 0`",
        edit: |c, _| {
            let helper = json!([integ_inside::HELPER_PATH, "exit", "0"]);
            if c.get("process").is_none() {
                c["process"] = json!({"args": helper, "cwd": "/", "user": {"uid": 0, "gid": 0}});
            } else if c["process"]["args"].as_array().is_none_or(Vec::is_empty) {
                c["process"]["args"] = helper;
            }
        },
    },
    ConfigMode {
        name: "empty-annotation-key-dropped",
        doc: "an annotation with an empty key is dropped instead of refused",
        edit: |c, _| remove(c, "/annotations", ""),
    },
    ConfigMode {
        name: "empty-annotations-dropped",
        doc: "annotations with empty values are dropped (they never reach the state)",
        edit: |c, _| {
            if let Some(a) = c.get_mut("annotations").and_then(Value::as_object_mut) {
                a.retain(|_, v| v != "");
            }
        },
    },
    ConfigMode {
        name: "unknown-rlimits-dropped",
        doc: "an rlimit type no platform defines is dropped instead of refused",
        edit: |c, _| {
            retain(c, "/process/rlimits", |r| {
                r["type"]
                    .as_str()
                    .is_some_and(|t| KNOWN_RLIMITS.contains(&t))
            })
        },
    },
    ConfigMode {
        name: "relative-hook-paths-dropped",
        doc: "a hook with a relative path is dropped instead of refused",
        edit: |c, _| {
            if let Some(kinds) = c.get_mut("hooks").and_then(Value::as_object_mut) {
                for list in kinds.values_mut().filter_map(Value::as_array_mut) {
                    list.retain(|h| h["path"].as_str().is_some_and(|p| p.starts_with('/')));
                }
            }
        },
    },
    ConfigMode {
        name: "nonpositive-timeouts-dropped",
        doc: "a hook timeout of zero or less is dropped instead of refused",
        edit: |c, _| {
            if let Some(kinds) = c.get_mut("hooks").and_then(Value::as_object_mut) {
                for list in kinds.values_mut().filter_map(Value::as_array_mut) {
                    for h in list.iter_mut() {
                        if h["timeout"].as_i64().is_some_and(|t| t <= 0) {
                            remove(h, "", "timeout");
                        }
                    }
                }
            }
        },
    },
    ConfigMode {
        name: "lone-idmap-dropped",
        doc: "a mount's uidMappings without gidMappings (or the reverse) is dropped, with \
              its idmap option",
        edit: |c, _| {
            each(c, "/mounts", |m| {
                if m.get("uidMappings").is_some() != m.get("gidMappings").is_some() {
                    remove(m, "", "uidMappings");
                    remove(m, "", "gidMappings");
                    retain(m, "/options", |o| o != "idmap" && o != "ridmap");
                }
            })
        },
    },
    ConfigMode {
        name: "relative-destination-made-absolute",
        doc: "a relative mount destination is taken as relative to / instead of refused",
        edit: |c, _| {
            each(c, "/mounts", |m| {
                let d = m["destination"].as_str().unwrap_or("/").to_string();
                if !d.starts_with('/') {
                    m["destination"] = json!(format!("/{d}"));
                }
            })
        },
    },
    ConfigMode {
        name: "drop-must-mount-options",
        doc: "drops nosuid, nodev, noexec and noatime from every mount",
        edit: |c, _| {
            each(c, "/mounts", |m| {
                retain(m, "/options", |o| {
                    !["nosuid", "nodev", "noexec", "noatime"]
                        .iter()
                        .any(|x| o == x)
                })
            })
        },
    },
];

/// SemVer 2.0.0's shape: MAJOR.MINOR.PATCH numbers, then an optional -pre or +build.
fn is_semver(v: &str) -> bool {
    let core = v.split(['-', '+']).next().unwrap_or("");
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// The modes that ask the real runtime first.
pub const COMMAND_MODES: &[CommandMode] = &[CommandMode {
    name: "unknown-capabilities-dropped",
    doc: "a capability name the runtime does not know (its features' linux.capabilities) \
          is dropped silently instead of warned about",
    on: &["create"],
    run: drop_unknown_capabilities,
}];

fn drop_unknown_capabilities(c: Call) -> Result<Flow, Error> {
    let out = c.with_command(&["features"]).output()?;
    let features: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    let Some(known) = features["linux"]["capabilities"].as_array().cloned() else {
        // Without the list there is nothing to tell unknown names by.
        return Ok(Flow::Forward(c));
    };
    crate::mode::rewrite_config(&crate::ctx_for(&c), |config, _| {
        for set in [
            "bounding",
            "effective",
            "inheritable",
            "permitted",
            "ambient",
        ] {
            retain(config, &format!("/process/capabilities/{set}"), |n| {
                known.contains(n)
            })
        }
    })?;
    Ok(Flow::Forward(c))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::mode::testing::apply;

    #[test]
    fn semver_shape() {
        assert!(is_semver("1.3.0"));
        assert!(is_semver("1.0.0-rc.1+b"));
        assert!(!is_semver("1.3"));
        assert!(!is_semver("v1.3.0"));
    }

    #[test]
    fn faulty_values_are_repaired_or_dropped() {
        let c = json!({"ociVersion": "one", "process": {"cwd": "work", "args": []},
            "annotations": {"": "x", "k": ""},
            "hooks": {"prestart": [{"path": "rel"}, {"path": "/abs", "timeout": 0}]},
            "mounts": [{"destination": "/m", "uidMappings": [], "options": ["nosuid", "idmap", "ro"]}]});
        assert_eq!(
            apply(MODES, "oci-version-not-checked", &c)["ociVersion"],
            "1.3.0"
        );
        assert_eq!(
            apply(MODES, "relative-cwd-accepted", &c)["process"]["cwd"],
            "/work"
        );
        assert_eq!(
            apply(MODES, "process-defaulted", &c)["process"]["args"][1],
            "exit"
        );
        assert_eq!(
            apply(MODES, "empty-annotation-key-dropped", &c)["annotations"],
            json!({"k": ""})
        );
        assert_eq!(
            apply(MODES, "empty-annotations-dropped", &c)["annotations"],
            json!({"": "x"})
        );
        assert_eq!(
            apply(MODES, "relative-hook-paths-dropped", &c)["hooks"]["prestart"]
                .as_array()
                .map(Vec::len),
            Some(1)
        );
        assert_eq!(
            apply(MODES, "nonpositive-timeouts-dropped", &c)["hooks"]["prestart"][1],
            json!({"path": "/abs"})
        );
        assert_eq!(
            apply(MODES, "lone-idmap-dropped", &c)["mounts"][0].get("uidMappings"),
            None
        );
        assert_eq!(
            apply(MODES, "lone-idmap-dropped", &c)["mounts"][0]["options"],
            json!(["nosuid", "ro"])
        );
        assert_eq!(
            apply(MODES, "drop-must-mount-options", &c)["mounts"][0]["options"],
            json!(["idmap", "ro"])
        );
        assert_eq!(
            apply(MODES, "root-defaulted", &c)["root"],
            json!({"path": "rootfs"})
        );
    }
}
