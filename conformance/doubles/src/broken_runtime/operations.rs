//! Modes that accept operations the spec says are errors (runtime.md#operations:
//! missing or invalid IDs, a bundle without config.json, unknown properties), and
//! that get the results of valid ones wrong (a refused kill that still changes the
//! state, a delete that removes the bundle's config.json).

use serde_json::Value;

use crate::mode::{read_json, CommandMode, Flow};

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

/// The modes of this area.
pub const MODES: &[CommandMode] = &[
    CommandMode {
        name: "no-id-ok",
        doc: "state, create, start, kill and delete without a container ID exit 0",
        on: &["state", "create", "start", "kill", "delete"],
        run: |c| match c.id() {
            None => Ok(Flow::Exit(0)),
            Some(_) => Ok(Flow::Forward(c)),
        },
    },
    CommandMode {
        name: "missing-bundle-ok",
        doc: "create without a bundle (and no config.json where it runs) exits 0",
        on: &["create"],
        run: |c| {
            if c.flag_value("--bundle").is_none() && !c.bundle().join("config.json").exists() {
                return Ok(Flow::Exit(0));
            }
            Ok(Flow::Forward(c))
        },
    },
    CommandMode {
        name: "invalid-id-ok",
        doc: "create with an invalid ID (empty, a path, a dot-dot) exits 0 and makes nothing",
        on: &["create"],
        run: |c| {
            let id = c.args.last().map(String::as_str).unwrap_or("");
            if id.is_empty() || id.contains('/') || id == "." || id == ".." {
                return Ok(Flow::Exit(0));
            }
            Ok(Flow::Forward(c))
        },
    },
    CommandMode {
        name: "missing-config-ok",
        doc: "create of a bundle without config.json exits 0",
        on: &["create"],
        run: |c| {
            if c.bundle().join("config.json").exists() {
                return Ok(Flow::Forward(c));
            }
            Ok(Flow::Exit(0))
        },
    },
    CommandMode {
        name: "unknown-properties-refused",
        doc: "create fails on a top-level property config.md does not define",
        on: &["create"],
        run: |c| {
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
    },
    CommandMode {
        name: "relative-destination-refused",
        doc: "create fails on a relative mount destination",
        on: &["create"],
        run: |c| {
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
    },
    CommandMode {
        name: "refused-kill-deletes",
        doc: "a refused kill of a stopped container deletes it",
        on: &["kill"],
        run: |c| {
            let stopped = c.id().map(|id| c.status_of(id)).transpose()?.flatten();
            if let (Some("stopped"), Some(id)) = (stopped.as_deref(), c.id()) {
                let refused = !c.status()?;
                c.with_command(&["delete", "--force", id]).output()?;
                return Ok(Flow::Exit(if refused { 1 } else { 0 }));
            }
            Ok(Flow::Forward(c))
        },
    },
    CommandMode {
        name: "delete-removes-bundle-config",
        doc: "delete also removes the bundle's config.json, which it did not create",
        on: &["delete"],
        run: |c| {
            let bundle = c
                .id()
                .map(|id| c.state_of(id))
                .transpose()?
                .flatten()
                .and_then(|s| s["bundle"].as_str().map(std::path::PathBuf::from));
            let ok = c.status()?;
            if let (true, Some(b)) = (ok, bundle) {
                let _ = std::fs::remove_file(b.join("config.json"));
            }
            Ok(Flow::Exit(if ok { 0 } else { 1 }))
        },
    },
    CommandMode {
        name: "start-rereads-config",
        doc: "start re-creates the container from the bundle's config.json as it is now",
        on: &["start"],
        run: |c| {
            let Some(id) = c.id() else {
                return Ok(Flow::Forward(c));
            };
            let state = c.state_of(id)?;
            let created = state.as_ref().is_some_and(|s| s["status"] == "created");
            let bundle = state
                .as_ref()
                .and_then(|s| s["bundle"].as_str().map(str::to_string));
            if let (true, Some(b)) = (created, bundle) {
                c.with_command(&["delete", "--force", id]).output()?;
                c.with_command(&["create", "--bundle", &b, id]).status()?;
            }
            Ok(Flow::Forward(c))
        },
    },
    CommandMode {
        name: "oci-version-min-refused",
        doc: "create refuses a config whose ociVersion is the ociVersionMin features declares \
              (when it is not also the max)",
        on: &["create"],
        run: |c| {
            let config = read_json(&c.bundle().join("config.json"))?;
            let features: Value =
                serde_json::from_slice(&c.with_command(&["features"]).output()?.stdout)
                    .unwrap_or(Value::Null);
            let min = &features["ociVersionMin"];
            if config["ociVersion"] == *min && *min != features["ociVersionMax"] {
                eprintln!(
                    "broken-runtime: ociVersion {} is not supported",
                    config["ociVersion"]
                );
                return Ok(Flow::Exit(1));
            }
            Ok(Flow::Forward(c))
        },
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::Call;

    fn run(mode: &str, args: &[&str]) -> Flow {
        let m = MODES.iter().find(|m| m.name == mode).expect("mode");
        let call = Call {
            real: "real".into(),
            args: args.iter().map(|s| s.to_string()).collect(),
        };
        (m.run)(call).unwrap_or(Flow::Exit(2))
    }

    #[test]
    fn missing_and_invalid_ids_exit_0() {
        assert!(matches!(
            run("no-id-ok", &["--root", "/r", "start"]),
            Flow::Exit(0)
        ));
        assert!(matches!(
            run("no-id-ok", &["start", "c1"]),
            Flow::Forward(_)
        ));
        assert!(matches!(
            run("invalid-id-ok", &["create", "--bundle", "/b", "--", "../x"]),
            Flow::Exit(0)
        ));
        assert!(matches!(
            run("invalid-id-ok", &["create", "--bundle", "/b", "c1"]),
            Flow::Forward(_)
        ));
    }
}
