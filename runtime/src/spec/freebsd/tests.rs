//! The `freebsd` section read with config.json: every field, and errors that
//! name the field.

use super::{section, ConfigError, FreeBsd, Sharing};
use crate::spec::config::Config;
use serde_json::{json, Value};
use std::net::Ipv6Addr;

/// `config` (a whole config.json document, `ociVersion` added when missing)
/// read as jailrun reads config.json.
pub(crate) fn config_of(config: &Value) -> Config {
    let mut config = config.clone();
    if let Some(top) = config.as_object_mut() {
        top.entry("ociVersion").or_insert_with(|| json!("1.3.0"));
    }
    crate::spec::schema::parse(config.to_string().as_bytes()).expect("a config.json")
}

/// The typed `freebsd` section of `config`, as `load` takes it.
pub(crate) fn section_of(config: &Value) -> Result<FreeBsd, ConfigError> {
    section(&config_of(config))
}

fn err(v: Value) -> String {
    match section_of(&v) {
        Ok(f) => panic!("{v}: accepted: {f:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn absent_section_is_all_unset() {
    assert_eq!(section_of(&json!({})), Ok(FreeBsd::default()));
    assert_eq!(
        section_of(&json!({"freebsd": null})),
        Ok(FreeBsd::default())
    );
    let nulls = json!({"freebsd": {"devices": null, "jail": {"allow": null, "ip4": null}}});
    assert_eq!(section_of(&nulls), Ok(FreeBsd::default()));
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
    let f = section_of(&v).expect("valid");
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
        (
            json!({"freebsd": {"jail": {"enforceStatfs": 3}}}),
            "config.json: freebsd.jail.enforceStatfs: 3 is out of range 0..=2",
        ),
        (
            json!({"freebsd": {"jail": {"enforceStatfs": -1}}}),
            "config.json: freebsd.jail.enforceStatfs: -1 is out of range 0..=2",
        ),
        (
            json!({"freebsd": {"jail": {"enforceStatfs": "2"}}}),
            "config.json: freebsd.jail.enforceStatfs: \"2\" is not an integer",
        ),
        (
            json!({"freebsd": {"jail": {"host": "disable"}}}),
            "config.json: freebsd.jail.host: \"disable\" is not allowed (\"new\" or \"inherit\")",
        ),
        (
            json!({"freebsd": {"jail": {"vnet": "shared"}}}),
            "config.json: freebsd.jail.vnet: \"shared\" is not one of \"new\", \"inherit\"",
        ),
        (
            json!({"freebsd": {"jail": {"ip4": "on"}}}),
            "config.json: freebsd.jail.ip4: \"on\" is not one of \"new\", \"inherit\", \"disable\"",
        ),
        (
            json!({"freebsd": {"jail": {"ip4Addr": ["10.0.0.1", "10.0.0.300"]}}}),
            "config.json: freebsd.jail.ip4Addr[1]: \"10.0.0.300\" is not an IPv4 address",
        ),
        (
            json!({"freebsd": {"jail": {"ip6Addr": ["10.0.0.1"]}}}),
            "config.json: freebsd.jail.ip6Addr[0]: \"10.0.0.1\" is not an IPv6 address",
        ),
        (
            json!({"freebsd": {"devices": [{"mode": 1}]}}),
            "config.json: freebsd.devices[0]: missing field `path`",
        ),
        (
            json!({"freebsd": {"jail": []}}),
            "config.json: freebsd.jail: invalid type: sequence, expected an object",
        ),
        (
            json!({"freebsd": 7}),
            "config.json: freebsd: invalid type: integer `7`, expected an object",
        ),
    ];
    for (v, want) in cases {
        assert_eq!(err(v), want);
    }
    assert!(
        err(json!({"freebsd": {"jail": {"allow": {"mlock": "yes"}}}}))
            .starts_with("config.json: freebsd.jail.allow.mlock: invalid type: string \"yes\"")
    );
}

/// config.md#extensibility: another platform's section is not refused, so a
/// bad `freebsd` section does not stop config.json from being read; only the
/// jail backend, which reads the section, refuses it.
#[test]
fn a_bad_section_is_kept_for_the_platform_that_reads_it() {
    let config = config_of(&json!({"ociVersion": "1.3.0", "freebsd": {"jail": {"ip4": "on"}}}));
    assert_eq!(config.oci_version, "1.3.0");
    assert!(section(&config).is_err());
}
