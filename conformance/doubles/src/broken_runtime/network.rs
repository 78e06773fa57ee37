//! Modes that get Linux network namespaces wrong (config-linux.md#namespaces,
//! #network-devices; runtime.md#create).

use std::path::Path;
use std::process::Command;

use serde_json::{json, Value};

use crate::call::Call;
use crate::error::Error;
use crate::mode::{each, read_json, remove, retain, CommandMode, ConfigMode, Flow};

/// The config edits of this area.
pub const MODES: &[ConfigMode] = &[
    ConfigMode {
        name: "drop-netns",
        doc: "removes a network entry without path from linux.namespaces (the container \
              stays on the host's network stack)",
        edit: |c, _| {
            retain(c, "/linux/namespaces", |ns| {
                ns["type"] != "network" || ns.get("path").is_some()
            })
        },
    },
    ConfigMode {
        name: "add-netns",
        doc: "gives the container a new network namespace when none is configured",
        edit: |c, _| {
            let has = c["linux"]["namespaces"]
                .as_array()
                .is_some_and(|l| l.iter().any(|ns| ns["type"] == "network"));
            if let (false, Some(list)) = (
                has,
                c.pointer_mut("/linux/namespaces")
                    .and_then(Value::as_array_mut),
            ) {
                list.push(json!({"type": "network"}));
            }
        },
    },
    ConfigMode {
        name: "drop-netns-path",
        doc: "ignores the path of the network entry (a new namespace instead of joining)",
        edit: |c, _| {
            each(c, "/linux/namespaces", |ns| {
                if ns["type"] == "network" {
                    remove(ns, "", "path");
                }
            })
        },
    },
    ConfigMode {
        name: "bad-ns-path-ignored",
        doc: "a namespace path that is missing or of another type gives a new namespace",
        edit: |c, _| {
            each(c, "/linux/namespaces", |ns| {
                let bad = ns["path"]
                    .as_str()
                    .is_some_and(|p| !plausible_ns_path(p, ns["type"].as_str().unwrap_or("")));
                if bad {
                    remove(ns, "", "path");
                }
            })
        },
    },
    ConfigMode {
        name: "drop-net-devices",
        doc: "removes linux.netDevices",
        edit: |c, _| remove(c, "/linux", "netDevices"),
    },
];

/// The command modes of this area.
pub const COMMAND_MODES: &[CommandMode] = &[CommandMode {
    name: "netns-reset-on-start",
    doc: "start moves the interfaces given to the container's namespace back to the host",
    on: &["start"],
    run: |c| {
        reset_netns(&c)?;
        Ok(Flow::Forward(c))
    },
}];

/// How `/proc/PID/ns/NAME` names each namespace type of config-linux.md#namespaces.
fn proc_name(kind: &str) -> &str {
    match kind {
        "network" => "net",
        "mount" => "mnt",
        other => other,
    }
}

/// What a runtime that checks too little accepts: an existing file, and for
/// `/proc/*/ns/*` paths one named for the entry's type.
fn plausible_ns_path(path: &str, kind: &str) -> bool {
    let p = Path::new(path);
    if !p.exists() {
        return false;
    }
    let in_proc_ns = p.starts_with("/proc")
        && p.parent()
            .and_then(Path::file_name)
            .is_some_and(|n| n == "ns");
    !in_proc_ns || p.file_name().is_some_and(|n| n == proc_name(kind))
}

/// Moves every non-loopback interface of the network namespace the runtime made
/// for the container back to the host's (that of pid 1), with `ip` run inside it
/// by `nsenter`. A joined namespace, or the runtime's own, is left alone.
fn reset_netns(c: &Call) -> Result<(), Error> {
    let Some(state) = c.id().map(|id| c.state_of(id)).transpose()?.flatten() else {
        return Ok(());
    };
    let (Some(pid), Some(bundle)) = (state["pid"].as_i64(), state["bundle"].as_str()) else {
        return Ok(());
    };
    let config = read_json(&Path::new(bundle).join("config.json"))?;
    let joined = config["linux"]["namespaces"].as_array().is_some_and(|l| {
        l.iter()
            .any(|ns| ns["type"] == "network" && ns.get("path").is_some())
    });
    let ns = format!("/proc/{pid}/ns/net");
    if joined || same_file(&ns, "/proc/self/ns/net") {
        return Ok(());
    }
    let net = format!("--net={ns}");
    let out = run("nsenter", &[&net, "ip", "-o", "link", "show"])?;
    for name in interface_names(&out) {
        if name != "lo" {
            run(
                "nsenter",
                &[&net, "ip", "link", "set", "dev", &name, "netns", "1"],
            )?;
        }
    }
    Ok(())
}

/// Whether two paths are the same file (device and inode).
fn same_file(a: &str, b: &str) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => (x.dev(), x.ino()) == (y.dev(), y.ino()),
        _ => true,
    }
}

/// Interface names in `ip -o link show` output (`2: veth0@if3: <…>`).
fn interface_names(out: &str) -> Vec<String> {
    out.lines()
        .filter_map(|l| l.split(": ").nth(1))
        .map(|n| n.split('@').next().unwrap_or(n).to_string())
        .collect()
}

fn run(program: &str, args: &[&str]) -> Result<String, Error> {
    let out = Command::new(program)
        .args(args)
        .output()
        .map_err(|source| Error::Exec {
            program: program.to_string(),
            source,
        })?;
    if !out.status.success() {
        return Err(Error::Call(format!(
            "{program} {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::mode::testing::apply;

    fn config(net: serde_json::Value) -> serde_json::Value {
        json!({"linux": {"namespaces": [{"type": "pid"}, net]}})
    }

    #[test]
    fn network_entry_dropped_added_or_unpathed() {
        let joined = config(json!({"type": "network", "path": "/run/netns/x"}));
        let none = json!({"linux": {"namespaces": [{"type": "pid"}]}});
        let own = config(json!({"type": "network"}));
        assert_eq!(apply(MODES, "drop-netns", &own), none);
        assert_eq!(
            apply(MODES, "drop-netns", &joined),
            joined,
            "a joined namespace stays"
        );
        assert_eq!(
            apply(MODES, "drop-netns-path", &joined),
            config(json!({"type": "network"}))
        );
        assert_eq!(
            apply(MODES, "add-netns", &none),
            config(json!({"type": "network"}))
        );
        assert_eq!(apply(MODES, "add-netns", &joined), joined);
    }

    #[test]
    fn implausible_paths_are_dropped() {
        let uts = format!("/proc/{}/ns/uts", std::process::id());
        let net = format!("/proc/{}/ns/net", std::process::id());
        assert!(!plausible_ns_path(&uts, "network"));
        assert!(plausible_ns_path(&net, "network"));
        assert!(!plausible_ns_path("/no/such/netns", "network"));
        let wrong = config(json!({"type": "network", "path": uts}));
        assert_eq!(
            apply(MODES, "bad-ns-path-ignored", &wrong),
            config(json!({"type": "network"}))
        );
        let right = config(json!({"type": "network", "path": net}));
        assert_eq!(apply(MODES, "bad-ns-path-ignored", &right), right);
    }

    #[test]
    fn reads_interface_names_from_ip_output() {
        let out = "1: lo: <LOOPBACK,UP> mtu 65536\n2: veth7@if8: <BROADCAST> mtu 1500\n";
        assert_eq!(interface_names(out), ["lo", "veth7"]);
    }
}
