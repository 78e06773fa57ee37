//! The broken modes of the network area: faults the self-test's wrapper runtime adds
//! to a working one, each with the requirements whose tests must catch it (see
//! `crate::broken_mode`), and the MUSTs of the area no mode breaks.
//!
//! Modes that get Linux network namespaces wrong (config-linux.md#namespaces,
//! #network-devices; runtime.md#create).

use std::path::Path;
use std::process::Command;

use serde_json::{json, Value};

use crate::broken_mode::edit::{each, pop, remove, retain};
use crate::broken_mode::{read_json, Call, Error, Flow, Mode, Unbroken};
use crate::req;

/// The modes that break this area's requirements.
pub(crate) static MODES: &[Mode] = &[
    Mode::config(
        "drop-netns",
        &[req::LINUX_NETNS_NEW],
        "removes a network entry without path from linux.namespaces (the container \
              stays on the host's network stack)",
        |c, _| {
            retain(c, "/linux/namespaces", |ns| {
                ns["type"] != "network" || ns.get("path").is_some()
            })
        },
    ),
    Mode::config(
        "add-netns",
        &[req::LINUX_NETNS_INHERIT],
        "gives the container a new network namespace when none is configured",
        |c, _| {
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
    ),
    Mode::config(
        "drop-netns-path",
        &[req::LINUX_NETNS_PATH],
        "ignores the path of the network entry (a new namespace instead of joining)",
        |c, _| {
            each(c, "/linux/namespaces", |ns| {
                if ns["type"] == "network" {
                    remove(ns, "", "path");
                }
            })
        },
    ),
    Mode::config(
        "bad-ns-path-ignored",
        &[req::LINUX_NAMESPACE_PATH_ERROR],
        "a namespace path that is missing or of another type gives a new namespace",
        |c, _| {
            each(c, "/linux/namespaces", |ns| {
                let bad = ns["path"]
                    .as_str()
                    .is_some_and(|p| !plausible_ns_path(p, ns["type"].as_str().unwrap_or("")));
                if bad {
                    remove(ns, "", "path");
                }
            })
        },
    ),
    Mode::command(
        "netns-reset-on-start",
        &[req::LINUX_NETNS_READY_AFTER_CREATE],
        "start moves the interfaces given to the container's namespace back to the host",
        &["start"],
        |c| {
            reset_netns(&c)?;
            Ok(Flow::Forward(c))
        },
    ),
    Mode::config(
        "drop-net-devices",
        &[req::LINUX_NET_DEVICES],
        "removes linux.netDevices",
        |c, _| remove(c, "/linux", "netDevices"),
    ),
    Mode::config(
        "ip4-inherit-disabled",
        &[req::FREEBSD_IP4_INHERIT],
        "turns freebsd.jail.ip4 inherit into disable",
        |c, _| {
            if let Some(ip4) = c
                .pointer_mut("/freebsd/jail/ip4")
                .filter(|v| *v == "inherit")
            {
                *ip4 = json!("disable");
            }
        },
    ),
    Mode::config(
        "drop-ip4-addr",
        &[req::FREEBSD_IP4_ADDR],
        "removes the last freebsd.jail.ip4Addr address",
        |c, _| pop(c, "/freebsd/jail/ip4Addr"),
    ),
    Mode::config(
        "drop-jail-interface",
        &[req::FREEBSD_INTERFACE_ALIAS],
        "removes freebsd.jail.interface (no aliases are made)",
        |c, _| remove(c, "/freebsd/jail", "interface"),
    ),
    Mode::config(
        "drop-vnet-interfaces",
        &[req::FREEBSD_VNET_INTERFACES],
        "removes freebsd.jail.vnetInterfaces",
        |c, _| remove(c, "/freebsd/jail", "vnetInterfaces"),
    ),
    Mode::command(
        "delete-destroys-vnet-interfaces",
        &[req::FREEBSD_VNET_INTERFACES_RETURNED],
        "delete destroys the vnetInterfaces instead of giving them back to the host",
        &["delete"],
        |c| {
            destroy_vnet_interfaces(&c)?;
            Ok(Flow::Forward(c))
        },
    ),
];

/// The MUSTs of this area no mode breaks, and why.
pub(crate) static UNBROKEN: &[Unbroken] = &[];

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

/// Destroys, inside the container's jail (named for its ID, as jailrun names it),
/// every interface its config.json lists in vnetInterfaces.
fn destroy_vnet_interfaces(c: &Call) -> Result<(), Error> {
    let Some(id) = c.id() else {
        return Ok(());
    };
    let Some(bundle) = c
        .state_of(id)?
        .and_then(|s| s["bundle"].as_str().map(str::to_string))
    else {
        return Ok(());
    };
    let config = read_json(&std::path::Path::new(&bundle).join("config.json"))?;
    for ifname in vnet_interfaces(&config) {
        let _ = Command::new("ifconfig")
            .args(["-j", id, &ifname, "destroy"])
            .status();
    }
    Ok(())
}

fn vnet_interfaces(config: &serde_json::Value) -> Vec<String> {
    config["freebsd"]["jail"]["vnetInterfaces"]
        .as_array()
        .map(|l| {
            l.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn finds_the_vnet_interfaces_to_destroy() {
        let c = json!({"freebsd": {"jail": {"vnet": "new", "vnetInterfaces": ["epair0b"]}}});
        assert_eq!(vnet_interfaces(&c), ["epair0b"]);
        assert!(vnet_interfaces(&json!({})).is_empty());
    }
    use crate::broken_mode::testing::apply;

    fn config(net: serde_json::Value) -> serde_json::Value {
        json!({"linux": {"namespaces": [{"type": "pid"}, net]}})
    }

    #[test]
    fn network_entry_dropped_added_or_unpathed() {
        let joined = config(json!({"type": "network", "path": "/run/netns/x"}));
        let none = json!({"linux": {"namespaces": [{"type": "pid"}]}});
        let own = config(json!({"type": "network"}));
        assert_eq!(apply("drop-netns", &own), none);
        assert_eq!(
            apply("drop-netns", &joined),
            joined,
            "a joined namespace stays"
        );
        assert_eq!(
            apply("drop-netns-path", &joined),
            config(json!({"type": "network"}))
        );
        assert_eq!(
            apply("add-netns", &none),
            config(json!({"type": "network"}))
        );
        assert_eq!(apply("add-netns", &joined), joined);
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
            apply("bad-ns-path-ignored", &wrong),
            config(json!({"type": "network"}))
        );
        let right = config(json!({"type": "network", "path": net}));
        assert_eq!(apply("bad-ns-path-ignored", &right), right);
    }

    #[test]
    fn reads_interface_names_from_ip_output() {
        let out = "1: lo: <LOOPBACK,UP> mtu 65536\n2: veth7@if8: <BROADCAST> mtu 1500\n";
        assert_eq!(interface_names(out), ["lo", "veth7"]);
    }
}
