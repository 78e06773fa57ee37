//! The broken modes of the validation area: faults the self-test's wrapper runtime adds
//! to a working one, each with the requirements whose tests must catch it (see
//! `crate::broken_mode`), and the MUSTs of the area no mode breaks.
//!
//! Modes that accept what the spec says is an error (config.md's MUSTs on the
//! shape of config.json): the wrapper repairs or drops the faulty value before the
//! real runtime sees it, as a runtime that does not validate would go on anyway.

use serde_json::{json, Value};

use crate::broken_mode::edit::{each, remove, retain};
use crate::broken_mode::{read_json, rewrite_config, Call, Ctx, Error, Flow, Mode, Unbroken};
use crate::req;

/// The modes that break this area's requirements.
pub(crate) static MODES: &[Mode] = &[
    Mode::command(
        "unknown-properties-refused",
        &[req::CONFIG_UNKNOWN_PROPERTIES_IGNORED],
        "create fails on a top-level property config.md does not define",
        &["create"],
        |c| {
            let config = read_json(&c.bundle().join("config.json"))?;
            let unknown = config
                .as_object()
                .and_then(|o| o.keys().find(|k| !SPEC_PROPERTIES.contains(&k.as_str())));
            if let Some(k) = unknown {
                eprintln!("broken-runtime: config.json: unknown property {k:?}");
                return Ok(Flow::Exit(1));
            }
            Ok(Flow::Forward(c))
        },
    ),
    Mode::config(
        "empty-annotations-dropped",
        &[req::CONFIG_UNKNOWN_ANNOTATIONS_IGNORED],
        "annotations with empty values are dropped (they never reach the state)",
        |c, _| {
            if let Some(a) = c.get_mut("annotations").and_then(Value::as_object_mut) {
                a.retain(|_, v| v != "");
            }
        },
    ),
    Mode::config(
        "oci-version-not-checked",
        &[
            req::CONFIG_OCI_VERSION_SEMVER,
            req::ROBUST_INVALID_CONFIG_FAILS,
        ],
        "an ociVersion that is not SemVer is replaced by 1.3.0",
        |c, _| {
            let v = c["ociVersion"].as_str().unwrap_or("");
            if !is_semver(v) {
                c["ociVersion"] = json!("1.3.0");
            }
        },
    ),
    Mode::config(
        "root-defaulted",
        &[req::CONFIG_ROOT_REQUIRED],
        "a config without root gets root.path rootfs",
        |c, _| {
            if c.get("root").is_none() {
                c["root"] = json!({"path": "rootfs"});
            }
        },
    ),
    Mode::config(
        "relative-cwd-accepted",
        &[req::CONFIG_CWD_ABSOLUTE],
        "a relative process.cwd is taken as relative to /",
        |c, _| {
            if let Some(cwd) = c.pointer_mut("/process/cwd") {
                let s = cwd.as_str().unwrap_or("/").to_string();
                if !s.starts_with('/') {
                    *cwd = json!(format!("/{s}"));
                }
            }
        },
    ),
    Mode::config(
        "empty-annotation-key-dropped",
        &[req::CONFIG_ANNOTATION_KEY_NONEMPTY],
        "an annotation with an empty key is dropped instead of refused",
        |c, _| remove(c, "/annotations", ""),
    ),
    Mode::config(
        "unknown-rlimits-dropped",
        &[req::PROCESS_RLIMITS_UNKNOWN_TYPE],
        "an rlimit type no platform defines is dropped instead of refused",
        |c, _| {
            retain(c, "/process/rlimits", |r| {
                r["type"]
                    .as_str()
                    .is_some_and(|t| KNOWN_RLIMITS.contains(&t))
            })
        },
    ),
    Mode::command(
        "unknown-capabilities-dropped",
        &[req::PROCESS_CAPABILITIES_UNKNOWN_WARNED],
        "a capability name the runtime does not know (its features' linux.capabilities) \
          is dropped silently instead of warned about",
        &["create"],
        drop_unknown_capabilities,
    ),
    Mode::config(
        "relative-hook-paths-dropped",
        &[req::HOOKS_PATH_ABSOLUTE],
        "a hook with a relative path is dropped instead of refused",
        |c, _| {
            if let Some(kinds) = c.get_mut("hooks").and_then(Value::as_object_mut) {
                for list in kinds.values_mut().filter_map(Value::as_array_mut) {
                    list.retain(|h| h["path"].as_str().is_some_and(|p| p.starts_with('/')));
                }
            }
        },
    ),
    Mode::config(
        "nonpositive-timeouts-dropped",
        &[req::HOOKS_TIMEOUT_POSITIVE],
        "a hook timeout of zero or less is dropped instead of refused",
        |c, _| {
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
    ),
    Mode::command(
        "relative-destination-refused",
        &[req::MOUNTS_RELATIVE_DESTINATION_LINUX],
        "create fails on a relative mount destination",
        &["create"],
        |c| {
            let config = read_json(&c.bundle().join("config.json"))?;
            let relative = config["mounts"].as_array().is_some_and(|l| {
                l.iter().any(|m| {
                    m["destination"]
                        .as_str()
                        .is_some_and(|d| !d.starts_with('/'))
                })
            });
            if relative {
                eprintln!("broken-runtime: a mount destination is relative");
                return Ok(Flow::Exit(1));
            }
            Ok(Flow::Forward(c))
        },
    ),
    Mode::config(
        "drop-must-mount-options",
        &[req::MOUNTS_LINUX_MUST_OPTIONS],
        "drops nosuid, nodev, noexec and noatime from every mount",
        |c, _| {
            each(c, "/mounts", |m| {
                retain(m, "/options", |o| {
                    !["nosuid", "nodev", "noexec", "noatime"]
                        .iter()
                        .any(|x| o == x)
                })
            })
        },
    ),
    Mode::config(
        "lone-idmap-dropped",
        &[req::MOUNTS_IDMAP_PAIRS],
        "a mount's uidMappings without gidMappings (or the reverse) is dropped, with \
              its idmap option",
        |c, _| {
            each(c, "/mounts", |m| {
                if m.get("uidMappings").is_some() != m.get("gidMappings").is_some() {
                    remove(m, "", "uidMappings");
                    remove(m, "", "gidMappings");
                    retain(m, "/options", |o| o != "idmap" && o != "ridmap");
                }
            })
        },
    ),
];

/// The MUSTs of this area no mode breaks, and why.
pub(crate) static UNBROKEN: &[Unbroken] = &[];

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

/// SemVer 2.0.0's shape: MAJOR.MINOR.PATCH numbers, then an optional -pre or +build.
fn is_semver(v: &str) -> bool {
    let core = v.split(['-', '+']).next().unwrap_or("");
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

fn drop_unknown_capabilities(c: Call) -> Result<Flow, Error> {
    let out = c.with_command(&["features"]).output()?;
    let features: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    let Some(known) = features["linux"]["capabilities"].as_array().cloned() else {
        // Without the list there is nothing to tell unknown names by.
        return Ok(Flow::Forward(c));
    };
    rewrite_config(&Ctx::of(&c), |config, _| {
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

/// Top-level properties of config.md.
const SPEC_PROPERTIES: &[&str] = &[
    "ociVersion",
    "process",
    "root",
    "hostname",
    "domainname",
    "mounts",
    "hooks",
    "annotations",
    "linux",
    "freebsd",
    "solaris",
    "windows",
    "vm",
    "zos",
];

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::broken_mode::testing::apply;

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
        assert_eq!(apply("oci-version-not-checked", &c)["ociVersion"], "1.3.0");
        assert_eq!(
            apply("relative-cwd-accepted", &c)["process"]["cwd"],
            "/work"
        );
        assert_eq!(apply("process-defaulted", &c)["process"]["args"][1], "exit");
        assert_eq!(
            apply("empty-annotation-key-dropped", &c)["annotations"],
            json!({"k": ""})
        );
        assert_eq!(
            apply("empty-annotations-dropped", &c)["annotations"],
            json!({"": "x"})
        );
        assert_eq!(
            apply("relative-hook-paths-dropped", &c)["hooks"]["prestart"]
                .as_array()
                .map(Vec::len),
            Some(1)
        );
        assert_eq!(
            apply("nonpositive-timeouts-dropped", &c)["hooks"]["prestart"][1],
            json!({"path": "/abs"})
        );
        assert_eq!(
            apply("lone-idmap-dropped", &c)["mounts"][0].get("uidMappings"),
            None
        );
        assert_eq!(
            apply("lone-idmap-dropped", &c)["mounts"][0]["options"],
            json!(["nosuid", "ro"])
        );
        assert_eq!(
            apply("drop-must-mount-options", &c)["mounts"][0]["options"],
            json!(["idmap", "ro"])
        );
        assert_eq!(
            apply("root-defaulted", &c)["root"],
            json!({"path": "rootfs"})
        );
    }
}
