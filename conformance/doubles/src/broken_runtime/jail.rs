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
        name: "allow-flags-on-by-default",
        doc: "turns freebsd.jail.allow.rawSockets and chflags on where the config leaves \
              them out (the kernel's default for both is off)",
        edit: |c, _| {
            let Some(jail) = c
                .pointer_mut("/freebsd/jail")
                .and_then(|j| j.as_object_mut())
            else {
                return;
            };
            if let Some(allow) = jail
                .entry("allow")
                .or_insert_with(|| json!({}))
                .as_object_mut()
            {
                for key in ["rawSockets", "chflags"] {
                    allow.entry(key).or_insert(json!(true));
                }
            }
        },
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
    ConfigMode {
        name: "host-new-ignored",
        doc: "freebsd.jail.host new is dropped (the jail shares the host's names)",
        edit: |c, _| replace(c, "host", "new", None),
    },
    ConfigMode {
        name: "host-inherit-as-new",
        doc: "freebsd.jail.host inherit becomes new",
        edit: |c, _| replace(c, "host", "inherit", Some("new")),
    },
    ConfigMode {
        name: "ip4-disable-as-inherit",
        doc: "freebsd.jail.ip4 disable becomes inherit",
        edit: |c, _| replace(c, "ip4", "disable", Some("inherit")),
    },
    ConfigMode {
        name: "ip6-inherit-disabled",
        doc: "freebsd.jail.ip6 inherit becomes disable",
        edit: |c, _| replace(c, "ip6", "inherit", Some("disable")),
    },
    ConfigMode {
        name: "ip6-disable-as-inherit",
        doc: "freebsd.jail.ip6 disable becomes inherit",
        edit: |c, _| replace(c, "ip6", "disable", Some("inherit")),
    },
    ConfigMode {
        name: "drop-ip6-addr",
        doc: "removes the last freebsd.jail.ip6Addr address",
        edit: |c, _| pop(c, "/freebsd/jail/ip6Addr"),
    },
    ConfigMode {
        name: "vnet-inherit-as-new",
        doc: "freebsd.jail.vnet inherit becomes new",
        edit: |c, _| replace(c, "vnet", "inherit", Some("new")),
    },
    ConfigMode {
        name: "drop-jail-parent",
        doc: "removes freebsd.jail.parent (the jail is made at the top level)",
        edit: |c, _| remove(c, "/freebsd/jail", "parent"),
    },
    ConfigMode {
        name: "drop-sysv",
        doc: "removes freebsd.jail.sysvmsg, sysvsem and sysvshm",
        edit: |c, _| {
            for k in ["sysvmsg", "sysvsem", "sysvshm"] {
                remove(c, "/freebsd/jail", k);
            }
        },
    },
    ConfigMode {
        name: "drop-allow-flags",
        doc: "removes every freebsd.jail.allow key but mount (each gets its default)",
        edit: |c, _| {
            if let Some(allow) = c
                .pointer_mut("/freebsd/jail/allow")
                .and_then(serde_json::Value::as_object_mut)
            {
                allow.retain(|k, _| k == "mount");
            }
        },
    },
    ConfigMode {
        name: "drop-freebsd-devices",
        doc: "removes freebsd.devices (the devfs ruleset is left as it is)",
        edit: |c, _| remove(c, "/freebsd", "devices"),
    },
    ConfigMode {
        name: "drop-freebsd-device-modes",
        doc: "removes the mode of each freebsd.devices entry (the device keeps the \
              mode its driver gave it)",
        edit: |c, _| {
            if let Some(devices) = c
                .pointer_mut("/freebsd/devices")
                .and_then(serde_json::Value::as_array_mut)
            {
                for d in devices
                    .iter_mut()
                    .filter_map(serde_json::Value::as_object_mut)
                {
                    d.remove("mode");
                }
            }
        },
    },
    ConfigMode {
        name: "invalid-jail-values-dropped",
        doc: "jail values the spec does not allow (enforceStatfs 3, vnet disable, host \
              bogus, bad addresses) are dropped instead of refused",
        edit: |c, _| drop_invalid(c),
    },
];

/// Sets (or with None, removes) freebsd.jail.KEY when it is `from`.
fn replace(c: &mut serde_json::Value, key: &str, from: &str, to: Option<&str>) {
    let at = format!("/freebsd/jail/{key}");
    if c.pointer(&at).is_some_and(|v| v == from) {
        match to {
            Some(v) => c["freebsd"]["jail"][key] = json!(v),
            None => remove(c, "/freebsd/jail", key),
        }
    }
}

/// Removes the jail parameters whose values config-freebsd.md does not allow.
fn drop_invalid(c: &mut serde_json::Value) {
    let Some(jail) = c
        .pointer_mut("/freebsd/jail")
        .and_then(serde_json::Value::as_object_mut)
    else {
        return;
    };
    let sharing = ["new", "inherit", "disable"];
    jail.retain(|k, v| match k.as_str() {
        "enforceStatfs" => v.as_i64().is_some_and(|n| (0..=2).contains(&n)),
        "vnet" => v.as_str().is_some_and(|s| s == "new" || s == "inherit"),
        "host" => v.as_str().is_some_and(|s| s == "new" || s == "inherit"),
        "ip4" | "ip6" | "sysvmsg" | "sysvsem" | "sysvshm" => {
            v.as_str().is_some_and(|s| sharing.contains(&s))
        }
        _ => true,
    });
    for (key, v4) in [("ip4Addr", true), ("ip6Addr", false)] {
        if let Some(list) = jail.get_mut(key).and_then(serde_json::Value::as_array_mut) {
            list.retain(|a| {
                a.as_str()
                    .and_then(|s| s.parse::<std::net::IpAddr>().ok())
                    .is_some_and(|ip| ip.is_ipv4() == v4)
            });
        }
    }
}

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
    fn allow_flags_left_out_are_turned_on_and_given_ones_kept() {
        let c = json!({"freebsd": {"jail": {"host": "new", "allow": {"chflags": false}}}});
        assert_eq!(
            apply(MODES, "allow-flags-on-by-default", &c),
            json!({"freebsd": {"jail": {"host": "new",
                "allow": {"chflags": false, "rawSockets": true}}}})
        );
        let none = json!({"process": {}});
        assert_eq!(apply(MODES, "allow-flags-on-by-default", &none), none);
    }

    #[test]
    fn device_modes_are_dropped_and_paths_kept() {
        let c = json!({"freebsd": {"devices": [{"path": "pf", "mode": 0o640}, {"path": "bpf"}]}});
        assert_eq!(
            apply(MODES, "drop-freebsd-device-modes", &c),
            json!({"freebsd": {"devices": [{"path": "pf"}, {"path": "bpf"}]}})
        );
    }

    #[test]
    fn finds_the_vnet_interfaces_to_destroy() {
        assert_eq!(super::vnet_interfaces(&jail()), ["epair0b"]);
        assert!(super::vnet_interfaces(&json!({})).is_empty());
    }

    #[test]
    fn invalid_values_are_dropped_and_valid_ones_kept() {
        let c = json!({"freebsd": {"jail": {"enforceStatfs": 3, "vnet": "disable", "host": "new",
            "ip4": "bogus", "ip4Addr": ["10.0.0.300", "10.0.0.1", "::1"], "ip6Addr": ["1.2.3.4"]}}});
        assert_eq!(
            apply(MODES, "invalid-jail-values-dropped", &c),
            json!({"freebsd": {"jail": {"host": "new", "ip4Addr": ["10.0.0.1"], "ip6Addr": []}}})
        );
        let h = json!({"freebsd": {"jail": {"host": "inherit", "allow": {"suser": false, "mount": ["tmpfs"]}}}});
        assert_eq!(
            apply(MODES, "host-inherit-as-new", &h)["freebsd"]["jail"]["host"],
            "new"
        );
        assert_eq!(apply(MODES, "host-new-ignored", &h), h);
        assert_eq!(
            apply(MODES, "drop-allow-flags", &h)["freebsd"]["jail"]["allow"],
            json!({"mount": ["tmpfs"]})
        );
    }

    #[test]
    fn ip4_new_is_left_alone() {
        let mut c = jail();
        c["freebsd"]["jail"]["ip4"] = json!("new");
        assert_eq!(apply(MODES, "ip4-inherit-disabled", &c), c);
    }
}
