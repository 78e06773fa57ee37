//! Rules of config-freebsd.md that relate several fields, and the shape of
//! names (interfaces, devices, the parent jail) that end up on jail(8),
//! ifconfig(8) and devfs(8) command lines.

use super::error::ConfigError;
use super::model::{FreeBsd, Jail, Sharing, JAIL_MOUNTABLE};
use std::collections::BTreeSet;
use std::fmt;

/// Longest hostname, domainname or full jail name (MAXHOSTNAMELEN - 1).
pub const MAX_HOST_NAME: usize = 255;
/// Longest interface name (IFNAMSIZ - 1).
pub const MAX_IFNAME: usize = 15;

/// Checks `fb` together with config.json's `hostname` and `domainname`.
pub fn check(
    fb: &FreeBsd,
    hostname: Option<&str>,
    domainname: Option<&str>,
) -> Result<(), ConfigError> {
    host(&fb.jail, hostname, domainname)?;
    network(&fb.jail)?;
    sysv(&fb.jail)?;
    allow_mount(&fb.jail)?;
    if let Some(p) = &fb.jail.parent {
        parent(p)?;
    }
    for (i, d) in fb.devices.iter().enumerate() {
        device(i, &d.path, d.mode)?;
    }
    Ok(())
}

fn err(field: &str, problem: impl Into<String>) -> ConfigError {
    ConfigError::config(field, problem)
}

/// config-freebsd.md#configFreeBSDJail: with `host` "inherit" the jail uses the
/// host's names, so `hostname` and `domainname` cannot be set.
fn host(j: &Jail, hostname: Option<&str>, domainname: Option<&str>) -> Result<(), ConfigError> {
    for (field, value) in [("hostname", hostname), ("domainname", domainname)] {
        let Some(value) = value else { continue };
        if j.host == Some(Sharing::Inherit) {
            return Err(err(
                "freebsd.jail.host",
                format!("\"inherit\" conflicts with {field} {value:?}: a jail that inherits the host's names cannot set its own"),
            ));
        }
        if value.len() > MAX_HOST_NAME {
            return Err(err(field, format!("is longer than {MAX_HOST_NAME} bytes")));
        }
    }
    Ok(())
}

/// The network fields together. sys/kern/kern_jail.c (kern_jail_set) refuses
/// any `ip4`/`ip6` parameter or address list on a jail that has a new vnet
/// ("vnet jails cannot have IP address restrictions"), an address list with
/// 0.0.0.0, 255.255.255.255, `::` or a repeated address, and `vnet=disable`.
fn network(j: &Jail) -> Result<(), ConfigError> {
    let vnet_new = j.vnet == Some(Sharing::New);
    addr_list("ip4Addr", &j.ip4_addr, |a| {
        a.is_unspecified() || a.is_broadcast()
    })?;
    addr_list("ip6Addr", &j.ip6_addr, std::net::Ipv6Addr::is_unspecified)?;
    for (family, mode, count) in [
        ("ip4", j.ip4, j.ip4_addr.len()),
        ("ip6", j.ip6, j.ip6_addr.len()),
    ] {
        if let (Some(m), true) = (mode, vnet_new) {
            return Err(err(
                &format!("freebsd.jail.{family}"),
                format!("{:?} cannot be set with vnet \"new\": the kernel refuses IP restrictions on a vnet jail, which configures its own interfaces (leave {family} unset)", m.as_str()),
            ));
        }
        if count == 0 {
            continue;
        }
        let field = format!("freebsd.jail.{family}Addr");
        if vnet_new {
            return Err(err(
                &field,
                "cannot be set with vnet \"new\": a vnet jail configures addresses on its own interfaces",
            ));
        }
        if let Some(m @ (Sharing::Inherit | Sharing::Disable)) = mode {
            return Err(err(
                &field,
                format!("needs {family} \"new\" or unset, not {:?}", m.as_str()),
            ));
        }
    }
    if let Some(i) = &j.interface {
        if vnet_new {
            return Err(err(
                "freebsd.jail.interface",
                "cannot be used with vnet \"new\" (vnetInterfaces moves interfaces into the jail)",
            ));
        }
        ifname("freebsd.jail.interface", i)?;
    }
    if !j.vnet_interfaces.is_empty() && !vnet_new {
        return Err(err("freebsd.jail.vnetInterfaces", "needs vnet \"new\""));
    }
    let mut seen = BTreeSet::new();
    for (i, name) in j.vnet_interfaces.iter().enumerate() {
        let field = format!("freebsd.jail.vnetInterfaces[{i}]");
        ifname(&field, name)?;
        if !seen.insert(name) {
            return Err(err(&field, format!("{name:?} is listed twice")));
        }
    }
    Ok(())
}

/// An address list the kernel accepts: no address it calls invalid (`bad`), none twice.
fn addr_list<A: Ord + fmt::Display>(
    key: &str,
    addrs: &[A],
    bad: impl Fn(&A) -> bool,
) -> Result<(), ConfigError> {
    let mut seen = BTreeSet::new();
    for (i, a) in addrs.iter().enumerate() {
        let field = format!("freebsd.jail.{key}[{i}]");
        if bad(a) {
            return Err(err(
                &field,
                format!("{a} is not an address a jail can have (the kernel refuses it)"),
            ));
        }
        if !seen.insert(a) {
            return Err(err(&field, format!("{a} is listed twice")));
        }
    }
    Ok(())
}

/// An interface name as ifconfig(8) knows it: letters, digits and `._-`.
fn ifname(field: &str, name: &str) -> Result<(), ConfigError> {
    let ok_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    if name.is_empty() || name.len() > MAX_IFNAME || !name.chars().all(ok_char) {
        return Err(err(
            field,
            format!("{name:?} is not an interface name (1 to {MAX_IFNAME} of letters, digits, '.', '_', '-')"),
        ));
    }
    Ok(())
}

fn sysv(j: &Jail) -> Result<(), ConfigError> {
    let Some(sysvipc) = j.allow.sysvipc else {
        return Ok(());
    };
    let implied = j.sysv_default();
    for (name, mode) in [
        ("sysvmsg", j.sysvmsg),
        ("sysvsem", j.sysvsem),
        ("sysvshm", j.sysvshm),
    ] {
        if let Some(m) = mode.filter(|m| *m != implied) {
            return Err(err(
                "freebsd.jail.allow.sysvipc",
                format!(
                    "{sysvipc} means {name} {:?}, which conflicts with {name} {:?}",
                    implied.as_str(),
                    m.as_str()
                ),
            ));
        }
    }
    Ok(())
}

fn allow_mount(j: &Jail) -> Result<(), ConfigError> {
    let mut seen = BTreeSet::new();
    for (i, fs) in j.allow.mount.iter().enumerate() {
        let field = format!("freebsd.jail.allow.mount[{i}]");
        if !JAIL_MOUNTABLE.contains(&fs.as_str()) {
            return Err(err(
                &field,
                format!(
                    "{fs:?} has no allow.mount.{fs} jail(8) parameter (one of {})",
                    JAIL_MOUNTABLE.join(", ")
                ),
            ));
        }
        if !seen.insert(fs) {
            return Err(err(&field, format!("{fs:?} is listed twice")));
        }
    }
    Ok(())
}

/// A jail name, possibly hierarchical (`a.b`), with no empty component. The
/// parent is part of the name given to `jail -R` on delete, so a component
/// that is exactly `*` (a wildcard for usr.sbin/jail/config.c wild_jail_name,
/// matched against every running jail) and a leading `-` (an option for
/// jail(8)'s getopt) are refused.
fn parent(p: &str) -> Result<(), ConfigError> {
    let bad = p.is_empty()
        || p.split('.').any(str::is_empty)
        || p.chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '/');
    if bad {
        return Err(err(
            "freebsd.jail.parent",
            format!(
                "{p:?} is not a jail name (dot-separated, non-empty components, no spaces or '/')"
            ),
        ));
    }
    if p.split('.').any(|c| c == "*") {
        return Err(err(
            "freebsd.jail.parent",
            format!("{p:?} has a component \"*\", which jail(8) reads as a wildcard matching every jail"),
        ));
    }
    if p.starts_with('-') {
        return Err(err(
            "freebsd.jail.parent",
            format!("{p:?} starts with '-', which jail(8) would read as an option"),
        ));
    }
    Ok(())
}

/// config-freebsd.md#configFreeBSDDevices: a path relative to /dev; used as a
/// devfs(8) rule pattern, so glob characters are refused to keep it one path.
fn device(i: usize, path: &str, mode: Option<u32>) -> Result<(), ConfigError> {
    let field = format!("freebsd.devices[{i}].path");
    if path.starts_with('/') {
        return Err(err(
            &field,
            format!("{path:?} must be relative to /dev (e.g. \"pf\")"),
        ));
    }
    let bad_component = path
        .split('/')
        .any(|c| c.is_empty() || c == "." || c == "..");
    let bad_char = path.chars().any(|c| {
        c.is_whitespace()
            || c.is_control()
            || matches!(c, '*' | '?' | '[' | ']' | '\\' | '\'' | '"')
    });
    if bad_component || bad_char {
        return Err(err(
            &field,
            format!("{path:?} is not a plain device path (no empty, '.' or '..' components, no spaces, quotes or glob characters)"),
        ));
    }
    if let Some(m) = mode.filter(|m| *m > 0o7777) {
        return Err(err(
            &format!("freebsd.devices[{i}].mode"),
            format!("{m} (0{m:o}) has bits beyond 07777"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::freebsd::tests::section_of;
    use serde_json::{json, Value};

    fn check_json(fb: Value, hostname: Option<&str>) -> Result<(), String> {
        let fb = section_of(&json!({ "freebsd": fb })).map_err(|e| e.to_string())?;
        check(&fb, hostname, None).map_err(|e| e.to_string())
    }

    #[test]
    fn accepts_the_spec_example() {
        let example = json!({"jail": {"host": "new", "vnet": "new", "enforceStatfs": 1,
            "allow": {"rawSockets": true, "chflags": true, "mount": ["tmpfs"]}}});
        assert_eq!(check_json(example, Some("web")), Ok(()));
    }

    /// sys/kern/kern_jail.c, kern_jail_set: EINVAL for any ip4/ip6 parameter
    /// on a vnet jail, and for 0.0.0.0, 255.255.255.255, :: or a repeated
    /// address in ip4.addr/ip6.addr.
    #[test]
    fn refuses_what_kern_jail_set_refuses() {
        let cases = [
            (json!({"jail": {"vnet": "new", "ip6": "disable"}}),
             "config.json: freebsd.jail.ip6: \"disable\" cannot be set with vnet \"new\": the kernel refuses IP restrictions on a vnet jail, which configures its own interfaces (leave ip6 unset)"),
            (json!({"jail": {"vnet": "new", "ip4": "inherit"}}),
             "config.json: freebsd.jail.ip4: \"inherit\" cannot be set with vnet \"new\": the kernel refuses IP restrictions on a vnet jail, which configures its own interfaces (leave ip4 unset)"),
            (json!({"jail": {"vnet": "new", "ip4": "new"}}),
             "config.json: freebsd.jail.ip4: \"new\" cannot be set with vnet \"new\": the kernel refuses IP restrictions on a vnet jail, which configures its own interfaces (leave ip4 unset)"),
            (json!({"jail": {"ip4Addr": ["0.0.0.0"]}}),
             "config.json: freebsd.jail.ip4Addr[0]: 0.0.0.0 is not an address a jail can have (the kernel refuses it)"),
            (json!({"jail": {"ip4Addr": ["10.0.0.1", "255.255.255.255"]}}),
             "config.json: freebsd.jail.ip4Addr[1]: 255.255.255.255 is not an address a jail can have (the kernel refuses it)"),
            (json!({"jail": {"ip4Addr": ["10.0.0.1", "10.0.0.2", "10.0.0.1"]}}),
             "config.json: freebsd.jail.ip4Addr[2]: 10.0.0.1 is listed twice"),
            (json!({"jail": {"ip6Addr": ["::"]}}),
             "config.json: freebsd.jail.ip6Addr[0]: :: is not an address a jail can have (the kernel refuses it)"),
            (json!({"jail": {"ip6Addr": ["fd00::1", "fd00:0::1"]}}),
             "config.json: freebsd.jail.ip6Addr[1]: fd00::1 is listed twice"),
        ];
        for (fb, want) in cases {
            assert_eq!(check_json(fb, None), Err(want.to_string()));
        }
        let ok = json!({"jail": {"vnet": "inherit", "ip4": "inherit", "ip6": "disable"}});
        assert_eq!(check_json(ok, None), Ok(()));
    }

    #[test]
    fn refuses_conflicts() {
        let cases = [
            (json!({"jail": {"host": "inherit"}}), Some("web"),
             "config.json: freebsd.jail.host: \"inherit\" conflicts with hostname \"web\": a jail that inherits the host's names cannot set its own"),
            (json!({"jail": {"vnet": "new", "ip4Addr": ["10.0.0.1"]}}), None,
             "config.json: freebsd.jail.ip4Addr: cannot be set with vnet \"new\": a vnet jail configures addresses on its own interfaces"),
            (json!({"jail": {"vnet": "new", "ip6Addr": ["fd00::1"]}}), None,
             "config.json: freebsd.jail.ip6Addr: cannot be set with vnet \"new\": a vnet jail configures addresses on its own interfaces"),
            (json!({"jail": {"ip4": "inherit", "ip4Addr": ["10.0.0.1"]}}), None,
             "config.json: freebsd.jail.ip4Addr: needs ip4 \"new\" or unset, not \"inherit\""),
            (json!({"jail": {"vnetInterfaces": ["epair0b"]}}), None,
             "config.json: freebsd.jail.vnetInterfaces: needs vnet \"new\""),
            (json!({"jail": {"vnet": "new", "interface": "lo1"}}), None,
             "config.json: freebsd.jail.interface: cannot be used with vnet \"new\" (vnetInterfaces moves interfaces into the jail)"),
            (json!({"jail": {"vnet": "new", "vnetInterfaces": ["epair0b", "epair0b"]}}), None,
             "config.json: freebsd.jail.vnetInterfaces[1]: \"epair0b\" is listed twice"),
            (json!({"jail": {"interface": "lo 1"}}), None,
             "config.json: freebsd.jail.interface: \"lo 1\" is not an interface name (1 to 15 of letters, digits, '.', '_', '-')"),
            (json!({"jail": {"allow": {"mount": ["ext4"]}}}), None,
             "config.json: freebsd.jail.allow.mount[0]: \"ext4\" has no allow.mount.ext4 jail(8) parameter (one of devfs, fdescfs, fusefs, lindebugfs, linprocfs, linsysfs, nullfs, p9fs, procfs, tmpfs, zfs)"),
            (json!({"jail": {"sysvmsg": "new", "allow": {"sysvipc": true}}}), None,
             "config.json: freebsd.jail.allow.sysvipc: true means sysvmsg \"inherit\", which conflicts with sysvmsg \"new\""),
            (json!({"jail": {"parent": "a..b"}}), None,
             "config.json: freebsd.jail.parent: \"a..b\" is not a jail name (dot-separated, non-empty components, no spaces or '/')"),
            (json!({"jail": {"parent": "*"}}), None,
             "config.json: freebsd.jail.parent: \"*\" has a component \"*\", which jail(8) reads as a wildcard matching every jail"),
            (json!({"jail": {"parent": "pod.*"}}), None,
             "config.json: freebsd.jail.parent: \"pod.*\" has a component \"*\", which jail(8) reads as a wildcard matching every jail"),
            (json!({"jail": {"parent": "-r"}}), None,
             "config.json: freebsd.jail.parent: \"-r\" starts with '-', which jail(8) would read as an option"),
            (json!({"devices": [{"path": "/dev/pf"}]}), None,
             "config.json: freebsd.devices[0].path: \"/dev/pf\" must be relative to /dev (e.g. \"pf\")"),
            (json!({"devices": [{"path": "bpf*"}]}), None,
             "config.json: freebsd.devices[0].path: \"bpf*\" is not a plain device path (no empty, '.' or '..' components, no spaces, quotes or glob characters)"),
            (json!({"devices": [{"path": "pf", "mode": 65535}]}), None,
             "config.json: freebsd.devices[0].mode: 65535 (0177777) has bits beyond 07777"),
        ];
        for (fb, hostname, want) in cases {
            assert_eq!(check_json(fb, hostname), Err(want.to_string()));
        }
        let debugfs = json!({"jail": {"allow": {"mount": ["lindebugfs", "p9fs"]}}});
        assert_eq!(check_json(debugfs, None), Ok(()));
    }
}
