//! config → the parameter list of `jail -c` (config-freebsd.md#configFreeBSDJail
//! and its mapping table; every name is one FreeBSD 14's jail(8) documents).
//!
//! - `name`: the container ID, or `<parent>.<ID>` under `freebsd.jail.parent`
//!   (jail(8)'s `parent` parameter is read-only; a child is created by its
//!   dotted name). See `name.rs` for IDs with '.'.
//! - `path`: the canonical root; `persist`: always, so the jail outlives its
//!   processes until `delete`.
//! - `host`, `host.hostname`, `host.domainname`: from `freebsd.jail.host`,
//!   `hostname`, `domainname`.
//! - `vnet`: only `vnet=new`; `inherit` is what the kernel does when `vnet` is
//!   absent, and passing it would make any ip4/ip6 parameter an error
//!   (sys/kern/kern_jail.c). `check` refuses ip4/ip6 fields with vnet "new",
//!   so no `jail -c` line has `vnet` together with an ip4 or ip6 parameter.
//! - `vnet.interface` (from `vnetInterfaces`), `interface`, `ip4`,
//!   `ip4.addr`, `ip6`, `ip6.addr`: as set. With `interface`, jail(8) adds an
//!   alias for each address before creating the jail. The address lists are
//!   comma-separated (jail(8) splits only those two at commas, jail.c main);
//!   `vnet.interface` is given once per interface, each a value of its own
//!   (config.c add_param appends; command.c runs one `ifconfig` per value).
//! - `sysvmsg`, `sysvsem`, `sysvshm`: always passed, defaulting to `new` as
//!   config-freebsd.md says (the kernel's own default differs).
//! - `enforce_statfs`: always passed, default 2.
//! - `devfs_ruleset`: only when the jail may mount devfs itself (`devfs` in
//!   `allow.mount`): the ruleset of the `/dev` devfs mount, else 4; never 0,
//!   which would let the jail mount an unrestricted devfs.
//! - `allow.*`: each boolean as set; unset ones keep jail(8)'s defaults.
//!   `allow.mount` (the array) becomes `allow.mount=true` and one
//!   `allow.mount.<fs>=true` per type.

use super::bundle::JailBundle;
use super::fs_options::{devfs_ruleset, DEFAULT_DEVFS_RULESET};
use super::mounts::{dev_mount, PlannedMount};
use super::name::JailName;
use super::param::{JailParam, ParamValue};
use crate::spec::freebsd::Sharing;

/// jail(8)'s and config-freebsd.md's default `enforce_statfs`.
pub const DEFAULT_ENFORCE_STATFS: u8 = 2;

/// The parameters of `jail -c` for `b`, named `name`, rooted at `path`, whose
/// mounts are `mounts`.
pub fn params(
    b: &JailBundle,
    name: &JailName,
    path: &std::path::Path,
    mounts: &[PlannedMount],
) -> Vec<JailParam> {
    let j = &b.freebsd.jail;
    let mut p = vec![
        JailParam::str("name", name.as_str()),
        JailParam::str("path", path.display().to_string()),
        JailParam::bool("persist", true),
    ];
    if let Some(host) = j.host {
        p.push(JailParam::str("host", host.as_str()));
    }
    if let Some(h) = &b.hostname {
        p.push(JailParam::str("host.hostname", h));
    }
    if let Some(d) = &b.domainname {
        p.push(JailParam::str("host.domainname", d));
    }
    // Only `vnet=new` is passed: the kernel counts any `vnet` parameter, even
    // `inherit`, against every ip4/ip6 parameter ("vnet jails cannot have IP
    // address restrictions"), and a new jail inherits its parent's vnet when
    // none is given, which is what `inherit` asks.
    if j.vnet == Some(Sharing::New) {
        p.push(JailParam::str("vnet", Sharing::New.as_str()));
    }
    if !j.vnet_interfaces.is_empty() {
        p.push(JailParam::repeated("vnet.interface", &j.vnet_interfaces));
    }
    if let Some(i) = &j.interface {
        p.push(JailParam::str("interface", i));
    }
    if let Some(ip4) = j.ip4 {
        p.push(JailParam::str("ip4", ip4.as_str()));
    }
    if !j.ip4_addr.is_empty() {
        p.push(JailParam::list("ip4.addr", &j.ip4_addr));
    }
    if let Some(ip6) = j.ip6 {
        p.push(JailParam::str("ip6", ip6.as_str()));
    }
    if !j.ip6_addr.is_empty() {
        p.push(JailParam::list("ip6.addr", &j.ip6_addr));
    }
    let sysv_default = j.sysv_default();
    for (key, mode) in [
        ("sysvmsg", j.sysvmsg),
        ("sysvsem", j.sysvsem),
        ("sysvshm", j.sysvshm),
    ] {
        p.push(JailParam::str(key, mode.unwrap_or(sysv_default).as_str()));
    }
    let statfs = j.enforce_statfs.unwrap_or(DEFAULT_ENFORCE_STATFS);
    p.push(JailParam::new(
        "enforce_statfs",
        ParamValue::Int(statfs.into()),
    ));
    if j.allow.mount.iter().any(|fs| fs == "devfs") {
        let ruleset = dev_mount(mounts)
            .and_then(|i| devfs_ruleset(&mounts[i].options))
            .filter(|r| *r != 0)
            .unwrap_or(DEFAULT_DEVFS_RULESET);
        p.push(JailParam::new(
            "devfs_ruleset",
            ParamValue::Int(ruleset.into()),
        ));
    }
    let a = &j.allow;
    let flags = [
        ("allow.set_hostname", a.set_hostname),
        ("allow.raw_sockets", a.raw_sockets),
        ("allow.chflags", a.chflags),
        ("allow.quotas", a.quotas),
        ("allow.socket_af", a.socket_af),
        ("allow.mlock", a.mlock),
        ("allow.reserved_ports", a.reserved_ports),
        ("allow.suser", a.suser),
    ];
    for (key, v) in flags {
        if let Some(v) = v {
            p.push(JailParam::bool(key, v));
        }
    }
    if !a.mount.is_empty() {
        p.push(JailParam::bool("allow.mount", true));
        let mut types: Vec<&String> = a.mount.iter().collect();
        types.sort();
        for fs in types {
            p.push(JailParam::bool(format!("allow.mount.{fs}"), true));
        }
    }
    p
}
