//! The broken modes of the freebsd area: faults the self-test's wrapper runtime adds
//! to a working one, each with the requirements whose tests must catch it (see
//! `crate::broken_mode`), and the MUSTs of the area no mode breaks.
//!
//! Modes that mishandle the FreeBSD jail (config-freebsd.md#jail). They are plain
//! config edits, so they are unit-tested here and run by the self-test on FreeBSD.

use serde_json::json;

use crate::broken_mode::edit::{each, pop, remove};
use crate::broken_mode::{Mode, Unbroken};
use crate::req;

/// The modes that break this area's requirements.
pub(crate) static MODES: &[Mode] = &[
    Mode::config(
        "drop-enforce-statfs",
        &[req::FREEBSD_ENFORCE_STATFS],
        "removes freebsd.jail.enforceStatfs (the jail gets the default)",
        |c, _| remove(c, "/freebsd/jail", "enforceStatfs"),
    ),
    Mode::config(
        "drop-allow-raw-sockets",
        &[req::FREEBSD_ALLOW, req::FREEBSD_ALLOW_RAW_SOCKETS],
        "removes freebsd.jail.allow.rawSockets",
        |c, _| remove(c, "/freebsd/jail/allow", "rawSockets"),
    ),
    // freebsd::allow_defaults_kept checks values equal to the kernel's defaults, so
    // only a runtime that turns flags on unasked can fail it: this one does.
    Mode::config(
        "allow-flags-on-by-default",
        &[req::FREEBSD_ALLOW],
        "turns freebsd.jail.allow.rawSockets and chflags on where the config leaves \
              them out (the kernel's default for both is off)",
        |c, _| {
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
    ),
    Mode::config(
        "drop-allow-mount-type",
        &[req::FREEBSD_ALLOW_MOUNT],
        "removes the last filesystem type of freebsd.jail.allow.mount",
        |c, _| pop(c, "/freebsd/jail/allow/mount"),
    ),
    Mode::config(
        "host-new-ignored",
        &[req::FREEBSD_HOST_NEW],
        "freebsd.jail.host new is dropped (the jail shares the host's names)",
        |c, _| replace(c, "host", "new", None),
    ),
    Mode::config(
        "host-inherit-as-new",
        &[req::FREEBSD_HOST_INHERIT],
        "freebsd.jail.host inherit becomes new",
        |c, _| replace(c, "host", "inherit", Some("new")),
    ),
    Mode::config(
        "ip4-disable-as-inherit",
        &[req::FREEBSD_IP4_DISABLE],
        "freebsd.jail.ip4 disable becomes inherit",
        |c, _| replace(c, "ip4", "disable", Some("inherit")),
    ),
    Mode::config(
        "ip6-inherit-disabled",
        &[req::FREEBSD_IP6_INHERIT],
        "freebsd.jail.ip6 inherit becomes disable",
        |c, _| replace(c, "ip6", "inherit", Some("disable")),
    ),
    Mode::config(
        "drop-ip6-addr",
        &[req::FREEBSD_IP6_ADDR],
        "removes the last freebsd.jail.ip6Addr address",
        |c, _| pop(c, "/freebsd/jail/ip6Addr"),
    ),
    Mode::config(
        "ip6-disable-as-inherit",
        &[req::FREEBSD_IP6_DISABLE],
        "freebsd.jail.ip6 disable becomes inherit",
        |c, _| replace(c, "ip6", "disable", Some("inherit")),
    ),
    Mode::config(
        "vnet-inherit-as-new",
        &[req::FREEBSD_VNET_INHERIT],
        "freebsd.jail.vnet inherit becomes new",
        |c, _| replace(c, "vnet", "inherit", Some("new")),
    ),
    Mode::config(
        "drop-jail-parent",
        &[req::FREEBSD_PARENT],
        "removes freebsd.jail.parent (the jail is made at the top level)",
        |c, _| remove(c, "/freebsd/jail", "parent"),
    ),
    Mode::config(
        "drop-sysv",
        &[
            req::FREEBSD_SYSVMSG,
            req::FREEBSD_SYSVSEM,
            req::FREEBSD_SYSVSHM,
        ],
        "removes freebsd.jail.sysvmsg, sysvsem and sysvshm",
        |c, _| {
            for k in ["sysvmsg", "sysvsem", "sysvshm"] {
                remove(c, "/freebsd/jail", k);
            }
        },
    ),
    Mode::config(
        "drop-allow-flags",
        &[
            req::FREEBSD_ALLOW_SET_HOSTNAME,
            req::FREEBSD_ALLOW_CHFLAGS,
            req::FREEBSD_ALLOW_QUOTAS,
            req::FREEBSD_ALLOW_SOCKET_AF,
            req::FREEBSD_ALLOW_MLOCK,
            req::FREEBSD_ALLOW_RESERVED_PORTS,
            req::FREEBSD_ALLOW_SUSER,
        ],
        "removes every freebsd.jail.allow key but mount (each gets its default)",
        |c, _| {
            if let Some(allow) = c
                .pointer_mut("/freebsd/jail/allow")
                .and_then(serde_json::Value::as_object_mut)
            {
                allow.retain(|k, _| k == "mount");
            }
        },
    ),
    Mode::config(
        "drop-freebsd-devices",
        &[req::FREEBSD_DEVICES],
        "removes freebsd.devices (the devfs ruleset is left as it is)",
        |c, _| remove(c, "/freebsd", "devices"),
    ),
    Mode::config(
        "drop-freebsd-device-modes",
        &[req::FREEBSD_DEVICES],
        "removes the mode of each freebsd.devices entry (the device keeps the \
              mode its driver gave it)",
        |c, _| {
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
    ),
    Mode::config(
        "invalid-jail-values-dropped",
        &[
            req::FREEBSD_INVALID_ENFORCE_STATFS,
            req::FREEBSD_INVALID_VNET,
            req::FREEBSD_INVALID_SHARING,
            req::FREEBSD_INVALID_ADDRESSES,
        ],
        "jail values the spec does not allow (enforceStatfs 3, vnet disable, host \
              bogus, bad addresses) are dropped instead of refused",
        |c, _| drop_invalid(c),
    ),
    Mode::config(
        "relative-destination-made-absolute",
        &[req::MOUNTS_DESTINATION_ABSOLUTE_FREEBSD],
        "a relative mount destination is taken as relative to / instead of refused",
        |c, _| {
            each(c, "/mounts", |m| {
                let d = m["destination"].as_str().unwrap_or("/").to_string();
                if !d.starts_with('/') {
                    m["destination"] = json!(format!("/{d}"));
                }
            })
        },
    ),
];

/// The MUSTs of this area no mode breaks, and why.
pub(crate) static UNBROKEN: &[Unbroken] = &[
    Unbroken {
        requirement: req::FREEBSD_JAIL_CREATED,
        why: "a wrapper cannot make the runtime it wraps run the process outside a jail",
    },
    Unbroken {
        requirement: req::FREEBSD_JAIL_REMOVED,
        why: "a wrapper that keeps the jail after delete would leave a jail on the host that \
         the test's guard cannot remove",
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

#[cfg(test)]
mod tests {
    use crate::broken_mode::testing::apply;
    use serde_json::{json, Value};

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
            let got = apply(mode, &jail());
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
            apply("allow-flags-on-by-default", &c),
            json!({"freebsd": {"jail": {"host": "new",
                "allow": {"chflags": false, "rawSockets": true}}}})
        );
        let none = json!({"process": {}});
        assert_eq!(apply("allow-flags-on-by-default", &none), none);
    }

    #[test]
    fn device_modes_are_dropped_and_paths_kept() {
        let c = json!({"freebsd": {"devices": [{"path": "pf", "mode": 0o640}, {"path": "bpf"}]}});
        assert_eq!(
            apply("drop-freebsd-device-modes", &c),
            json!({"freebsd": {"devices": [{"path": "pf"}, {"path": "bpf"}]}})
        );
    }

    #[test]
    fn invalid_values_are_dropped_and_valid_ones_kept() {
        let c = json!({"freebsd": {"jail": {"enforceStatfs": 3, "vnet": "disable", "host": "new",
            "ip4": "bogus", "ip4Addr": ["10.0.0.300", "10.0.0.1", "::1"], "ip6Addr": ["1.2.3.4"]}}});
        assert_eq!(
            apply("invalid-jail-values-dropped", &c),
            json!({"freebsd": {"jail": {"host": "new", "ip4Addr": ["10.0.0.1"], "ip6Addr": []}}})
        );
        let h = json!({"freebsd": {"jail": {"host": "inherit", "allow": {"suser": false, "mount": ["tmpfs"]}}}});
        assert_eq!(
            apply("host-inherit-as-new", &h)["freebsd"]["jail"]["host"],
            "new"
        );
        assert_eq!(apply("host-new-ignored", &h), h);
        assert_eq!(
            apply("drop-allow-flags", &h)["freebsd"]["jail"]["allow"],
            json!({"mount": ["tmpfs"]})
        );
    }

    #[test]
    fn ip4_new_is_left_alone() {
        let mut c = jail();
        c["freebsd"]["jail"]["ip4"] = json!("new");
        assert_eq!(apply("ip4-inherit-disabled", &c), c);
    }
}
