//! Parsing the `freebsd` section from config.json's JSON, field by field.
//!
//! oci-spec drops the `freebsd` key, so this reads the raw document. Each value
//! is checked against schema/config-freebsd.json (types, enums, address syntax,
//! the 0..=2 range of `enforceStatfs`); rules that relate several fields are in
//! `check`.

use super::error::{ConfigError, CONFIG_JSON};
use super::json::Obj;
use super::model::{Allow, Device, FreeBsd, Jail, Sharing};
use serde_json::Value;
use std::net::{Ipv4Addr, Ipv6Addr};

/// Reads `freebsd` from the whole config.json document (absent: all unset).
pub fn freebsd_section(config: &Value) -> Result<FreeBsd, ConfigError> {
    let top = Obj::new(config, "", CONFIG_JSON)?;
    let Some(fb) = top.child("freebsd")? else {
        return Ok(FreeBsd::default());
    };
    let devices = match fb.raw("devices") {
        None => Vec::new(),
        Some(v) => devices(v, &fb.field("devices"))?,
    };
    let jail = match fb.child("jail")? {
        None => Jail::default(),
        Some(j) => jail(&j)?,
    };
    Ok(FreeBsd { devices, jail })
}

fn devices(v: &Value, path: &str) -> Result<Vec<Device>, ConfigError> {
    let Value::Array(items) = v else {
        return Err(ConfigError::config(path, "expected an array"));
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let d = Obj::new(item, &format!("{path}[{i}]"), CONFIG_JSON)?;
        let Some(dev_path) = d.get::<String>("path")? else {
            return Err(d.err("path", "is required"));
        };
        out.push(Device {
            path: dev_path,
            mode: d.get::<u32>("mode")?,
        });
    }
    Ok(out)
}

fn jail(j: &Obj) -> Result<Jail, ConfigError> {
    Ok(Jail {
        parent: j.get("parent")?,
        host: sharing(j, "host", false)?,
        ip4: sharing(j, "ip4", true)?,
        ip4_addr: addrs::<Ipv4Addr>(j, "ip4Addr", "IPv4")?,
        ip6: sharing(j, "ip6", true)?,
        ip6_addr: addrs::<Ipv6Addr>(j, "ip6Addr", "IPv6")?,
        vnet: sharing(j, "vnet", false)?,
        interface: j.get("interface")?,
        vnet_interfaces: j.strings("vnetInterfaces")?,
        sysvmsg: sharing(j, "sysvmsg", true)?,
        sysvsem: sharing(j, "sysvsem", true)?,
        sysvshm: sharing(j, "sysvshm", true)?,
        enforce_statfs: enforce_statfs(j)?,
        allow: match j.child("allow")? {
            None => Allow::default(),
            Some(a) => allow(&a)?,
        },
    })
}

/// A `SharingMode` (or, without `disable`, a `SharingModeNoDisable`).
pub(super) fn sharing(o: &Obj, key: &str, disable: bool) -> Result<Option<Sharing>, ConfigError> {
    let Some(s) = o.get::<String>(key)? else {
        return Ok(None);
    };
    match Sharing::parse(&s) {
        Some(Sharing::Disable) if !disable => Err(o.err(
            key,
            format!("{s:?} is not allowed (\"new\" or \"inherit\")"),
        )),
        Some(m) => Ok(Some(m)),
        None if disable => Err(o.err(
            key,
            format!("{s:?} is not one of \"new\", \"inherit\", \"disable\""),
        )),
        None => Err(o.err(key, format!("{s:?} is not one of \"new\", \"inherit\""))),
    }
}

/// Numeric addresses, one error per bad entry.
pub(super) fn addrs<A: std::str::FromStr>(
    o: &Obj,
    key: &str,
    family: &str,
) -> Result<Vec<A>, ConfigError> {
    o.strings(key)?
        .iter()
        .enumerate()
        .map(|(i, s)| {
            s.parse::<A>().map_err(|_| {
                o.err(
                    &format!("{key}[{i}]"),
                    format!("{s:?} is not an {family} address"),
                )
            })
        })
        .collect()
}

fn enforce_statfs(j: &Obj) -> Result<Option<u8>, ConfigError> {
    let key = "enforceStatfs";
    let Some(v) = j.raw(key) else {
        return Ok(None);
    };
    let Some(n) = v.as_i64() else {
        return Err(j.err(key, format!("{v} is not an integer")));
    };
    match u8::try_from(n) {
        Ok(n) if n <= 2 => Ok(Some(n)),
        _ => Err(j.err(key, format!("{n} is out of range 0..=2"))),
    }
}

fn allow(a: &Obj) -> Result<Allow, ConfigError> {
    Ok(Allow {
        set_hostname: a.get("setHostname")?,
        raw_sockets: a.get("rawSockets")?,
        chflags: a.get("chflags")?,
        mount: a.strings("mount")?,
        quotas: a.get("quotas")?,
        socket_af: a.get("socketAf")?,
        mlock: a.get("mlock")?,
        reserved_ports: a.get("reservedPorts")?,
        suser: a.get("suser")?,
        sysvipc: a.get("sysvipc")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn err(v: Value) -> String {
        match freebsd_section(&v) {
            Ok(f) => panic!("accepted: {f:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn absent_section_is_all_unset() {
        assert_eq!(freebsd_section(&json!({})), Ok(FreeBsd::default()));
        assert_eq!(
            freebsd_section(&json!({"freebsd": null})),
            Ok(FreeBsd::default())
        );
    }

    #[test]
    fn reads_every_field() {
        let v = json!({"freebsd": {
            "devices": [{"path": "pf", "mode": 448}],
            "jail": {
                "parent": "p", "host": "new", "ip4": "new", "ip4Addr": ["10.0.0.1"],
                "ip6": "disable", "ip6Addr": ["fd00::1"], "vnet": "inherit",
                "interface": "lo1", "vnetInterfaces": ["epair0b"],
                "sysvmsg": "inherit", "sysvsem": "new", "sysvshm": "disable",
                "enforceStatfs": 1,
                "allow": {"setHostname": true, "rawSockets": false, "chflags": true,
                    "mount": ["tmpfs"], "quotas": true, "socketAf": true, "mlock": true,
                    "reservedPorts": false, "suser": false}
            }
        }});
        let f = freebsd_section(&v).expect("valid");
        assert_eq!(f.devices[0].mode, Some(0o700));
        assert_eq!(f.jail.ip6, Some(Sharing::Disable));
        assert_eq!(
            f.jail.ip6_addr,
            vec!["fd00::1".parse::<Ipv6Addr>().expect("addr")]
        );
        assert_eq!(f.jail.enforce_statfs, Some(1));
        assert_eq!(f.jail.allow.suser, Some(false));
        assert_eq!(f.jail.allow.mount, vec!["tmpfs".to_string()]);
    }

    #[test]
    fn errors_name_the_field() {
        let cases = [
            (json!({"freebsd": {"jail": {"enforceStatfs": 3}}}),
             "config.json: freebsd.jail.enforceStatfs: 3 is out of range 0..=2"),
            (json!({"freebsd": {"jail": {"enforceStatfs": -1}}}),
             "config.json: freebsd.jail.enforceStatfs: -1 is out of range 0..=2"),
            (json!({"freebsd": {"jail": {"enforceStatfs": "2"}}}),
             "config.json: freebsd.jail.enforceStatfs: \"2\" is not an integer"),
            (json!({"freebsd": {"jail": {"host": "disable"}}}),
             "config.json: freebsd.jail.host: \"disable\" is not allowed (\"new\" or \"inherit\")"),
            (json!({"freebsd": {"jail": {"vnet": "shared"}}}),
             "config.json: freebsd.jail.vnet: \"shared\" is not one of \"new\", \"inherit\""),
            (json!({"freebsd": {"jail": {"ip4": "on"}}}),
             "config.json: freebsd.jail.ip4: \"on\" is not one of \"new\", \"inherit\", \"disable\""),
            (json!({"freebsd": {"jail": {"ip4Addr": ["10.0.0.1", "10.0.0.300"]}}}),
             "config.json: freebsd.jail.ip4Addr[1]: \"10.0.0.300\" is not an IPv4 address"),
            (json!({"freebsd": {"jail": {"ip6Addr": ["10.0.0.1"]}}}),
             "config.json: freebsd.jail.ip6Addr[0]: \"10.0.0.1\" is not an IPv6 address"),
            (json!({"freebsd": {"devices": [{"mode": 1}]}}),
             "config.json: freebsd.devices[0].path: is required"),
            (json!({"freebsd": {"jail": []}}),
             "config.json: freebsd.jail: expected an object, found an array"),
        ];
        for (v, want) in cases {
            assert_eq!(err(v), want);
        }
        assert!(
            err(json!({"freebsd": {"jail": {"allow": {"mlock": "yes"}}}}))
                .starts_with("config.json: freebsd.jail.allow.mlock: invalid type: string \"yes\"")
        );
    }
}
