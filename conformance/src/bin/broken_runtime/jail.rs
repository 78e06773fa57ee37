//! Modes that mishandle the FreeBSD jail (config-freebsd.md#jail). They are plain
//! config edits, so they are unit-tested here and run by the self-test on FreeBSD.

use std::process::Command;

use serde_json::json;

use crate::call::Call;
use crate::error::Error;
use crate::mode::{pop, read_json, remove, CommandMode, ConfigMode, Flow};

/// The modes of this area.
pub const MODES: &[ConfigMode] = &[
    ConfigMode {
        name: "drop-enforce-statfs",
        doc: "removes freebsd.jail.enforceStatfs (the jail gets the default)",
        edit: |c, _| remove(c, "/freebsd/jail", "enforceStatfs"),
    },
    ConfigMode {
        name: "drop-allow-raw-sockets",
        doc: "removes freebsd.jail.allow.rawSockets",
        edit: |c, _| remove(c, "/freebsd/jail/allow", "rawSockets"),
    },
    ConfigMode {
        name: "drop-allow-mount-type",
        doc: "removes the last filesystem type of freebsd.jail.allow.mount",
        edit: |c, _| pop(c, "/freebsd/jail/allow/mount"),
    },
    ConfigMode {
        name: "ip4-inherit-disabled",
        doc: "turns freebsd.jail.ip4 inherit into disable",
        edit: |c, _| {
            if let Some(ip4) = c
                .pointer_mut("/freebsd/jail/ip4")
                .filter(|v| *v == "inherit")
            {
                *ip4 = json!("disable");
            }
        },
    },
    ConfigMode {
        name: "drop-ip4-addr",
        doc: "removes the last freebsd.jail.ip4Addr address",
        edit: |c, _| pop(c, "/freebsd/jail/ip4Addr"),
    },
    ConfigMode {
        name: "drop-jail-interface",
        doc: "removes freebsd.jail.interface (no aliases are made)",
        edit: |c, _| remove(c, "/freebsd/jail", "interface"),
    },
    ConfigMode {
        name: "drop-vnet-interfaces",
        doc: "removes freebsd.jail.vnetInterfaces",
        edit: |c, _| remove(c, "/freebsd/jail", "vnetInterfaces"),
    },
];

/// The command modes of this area.
pub const COMMAND_MODES: &[CommandMode] = &[CommandMode {
    name: "delete-destroys-vnet-interfaces",
    doc: "delete destroys the vnetInterfaces instead of giving them back to the host",
    on: &["delete"],
    run: |c| {
        destroy_vnet_interfaces(&c)?;
        Ok(Flow::Forward(c))
    },
}];

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
    use serde_json::{json, Value};

    use super::MODES;
    use crate::mode::testing::apply;

    fn jail() -> Value {
        json!({"freebsd": {"jail": {
            "enforceStatfs": 1,
            "allow": {"setHostname": true, "rawSockets": true, "mount": ["tmpfs", "nullfs"]},
            "ip4": "inherit",
            "ip4Addr": ["127.0.0.2", "127.0.0.3"],
            "interface": "lo1",
            "vnet": "new",
            "vnetInterfaces": ["epair0b"],
        }}})
    }

    /// Each mode changes exactly one key of the jail, as documented.
    #[test]
    fn each_mode_changes_exactly_its_key() {
        let cases: &[(&str, &str, Option<Value>)] = &[
            ("drop-enforce-statfs", "enforceStatfs", None),
            (
                "drop-allow-raw-sockets",
                "allow",
                Some(json!({"setHostname": true, "mount": ["tmpfs", "nullfs"]})),
            ),
            (
                "drop-allow-mount-type",
                "allow",
                Some(json!({"setHostname": true, "rawSockets": true, "mount": ["tmpfs"]})),
            ),
            ("ip4-inherit-disabled", "ip4", Some(json!("disable"))),
            ("drop-ip4-addr", "ip4Addr", Some(json!(["127.0.0.2"]))),
            ("drop-jail-interface", "interface", None),
            ("drop-vnet-interfaces", "vnetInterfaces", None),
        ];
        for (mode, key, want) in cases {
            let got = apply(MODES, mode, &jail());
            let mut expected = jail();
            match want {
                Some(v) => expected["freebsd"]["jail"][*key] = v.clone(),
                None => {
                    if let Some(o) = expected["freebsd"]["jail"].as_object_mut() {
                        o.remove(*key);
                    }
                }
            }
            assert_eq!(got, expected, "mode {mode}");
        }
    }

    #[test]
    fn finds_the_vnet_interfaces_to_destroy() {
        assert_eq!(super::vnet_interfaces(&jail()), ["epair0b"]);
        assert!(super::vnet_interfaces(&json!({})).is_empty());
    }

    #[test]
    fn ip4_new_is_left_alone() {
        let mut c = jail();
        c["freebsd"]["jail"]["ip4"] = json!("new");
        assert_eq!(apply(MODES, "ip4-inherit-disabled", &c), c);
    }
}
