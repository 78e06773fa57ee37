//! The `freebsd` section of config.json as typed data (runtime-spec v1.3.0,
//! config-freebsd.md and schema/config-freebsd.json).
//!
//! Every field is optional, as in the schema; `None` means "not set", so the
//! planner passes nothing and jail(8)'s default applies, except where
//! config-freebsd.md names a default of its own (see `Jail::sysv_default`).
//! Deserialized with config.json (`crate::spec::schema::parse`); `de` checks each
//! value against schema/config-freebsd.json (enums, address syntax, the 0..=2
//! range of `enforceStatfs`); rules that relate several fields are in `check`.

use super::de;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

/// `freebsd` (config-freebsd.md).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FreeBsd {
    /// `freebsd.devices` (config-freebsd.md#configFreeBSDDevices).
    #[serde(
        default,
        deserialize_with = "de::objects",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub devices: Vec<Device>,
    /// `freebsd.jail` (config-freebsd.md#configFreeBSDJail).
    #[serde(default, deserialize_with = "de::object")]
    pub jail: Jail,
}

/// One of `freebsd.devices`: a devfs node to expose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    /// Path relative to `/dev`, e.g. `pf`.
    pub path: String,
    /// File mode, e.g. 448 (0700).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<u32>,
}

/// The schema's `SharingMode` (`new`, `inherit`, `disable`); `host` and `vnet`
/// take only the first two (`SharingModeNoDisable`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sharing {
    New,
    Inherit,
    Disable,
}

impl Sharing {
    /// The jail(8) spelling, which is also the JSON one.
    pub fn as_str(self) -> &'static str {
        match self {
            Sharing::New => "new",
            Sharing::Inherit => "inherit",
            Sharing::Disable => "disable",
        }
    }

    /// Parses the JSON spelling.
    pub fn parse(s: &str) -> Option<Sharing> {
        [Sharing::New, Sharing::Inherit, Sharing::Disable]
            .into_iter()
            .find(|m| m.as_str() == s)
    }
}

impl fmt::Display for Sharing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `freebsd.jail`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Jail {
    /// Name of the parent jail; the container's jail is created under it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Origin of hostname, domainname, hostuuid, hostid: `new` or `inherit`.
    #[serde(
        default,
        deserialize_with = "de::sharing_no_disable",
        skip_serializing_if = "Option::is_none"
    )]
    pub host: Option<Sharing>,
    #[serde(
        default,
        deserialize_with = "de::sharing",
        skip_serializing_if = "Option::is_none"
    )]
    pub ip4: Option<Sharing>,
    #[serde(
        default,
        deserialize_with = "de::addrs",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub ip4_addr: Vec<Ipv4Addr>,
    #[serde(
        default,
        deserialize_with = "de::sharing",
        skip_serializing_if = "Option::is_none"
    )]
    pub ip6: Option<Sharing>,
    #[serde(
        default,
        deserialize_with = "de::addrs",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub ip6_addr: Vec<Ipv6Addr>,
    /// `new` or `inherit`.
    #[serde(
        default,
        deserialize_with = "de::sharing_no_disable",
        skip_serializing_if = "Option::is_none"
    )]
    pub vnet: Option<Sharing>,
    /// Interface on which the ip4Addr/ip6Addr aliases are added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interface: Option<String>,
    /// Interfaces moved into the jail's vnet while it exists.
    #[serde(
        default,
        deserialize_with = "de::or_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub vnet_interfaces: Vec<String>,
    #[serde(
        default,
        deserialize_with = "de::sharing",
        skip_serializing_if = "Option::is_none"
    )]
    pub sysvmsg: Option<Sharing>,
    #[serde(
        default,
        deserialize_with = "de::sharing",
        skip_serializing_if = "Option::is_none"
    )]
    pub sysvsem: Option<Sharing>,
    #[serde(
        default,
        deserialize_with = "de::sharing",
        skip_serializing_if = "Option::is_none"
    )]
    pub sysvshm: Option<Sharing>,
    /// 0, 1 or 2; jail(8)'s default is 2.
    #[serde(
        default,
        deserialize_with = "de::enforce_statfs",
        skip_serializing_if = "Option::is_none"
    )]
    pub enforce_statfs: Option<u8>,
    #[serde(default, deserialize_with = "de::object")]
    pub allow: Allow,
}

impl Jail {
    /// The mode used for a `sysv*` field left unset: config-freebsd.md says
    /// "Defaults to new"; the deprecated `allow.sysvipc` (listed in the
    /// spec's mapping table) changes it the way jail(8) does: true means
    /// `inherit`, false means `disable`.
    pub fn sysv_default(&self) -> Sharing {
        match self.allow.sysvipc {
            Some(true) => Sharing::Inherit,
            Some(false) => Sharing::Disable,
            None => Sharing::New,
        }
    }
}

/// `freebsd.jail.allow`. `None` leaves jail(8)'s default in place: off, except
/// `set_hostname`, `reserved_ports` and `suser`, which the kernel enables.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Allow {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_hostname: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw_sockets: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chflags: Option<bool>,
    /// Filesystem types the jail may mount itself (`allow.mount.<fs>`).
    #[serde(
        default,
        deserialize_with = "de::or_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub mount: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quotas: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub socket_af: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mlock: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reserved_ports: Option<bool>,
    /// jail(8) enables the super-user by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suser: Option<bool>,
    /// Deprecated jail(8) `allow.sysvipc`, named in config-freebsd.md's mapping
    /// table but not in its field list; only changes the `sysv*` defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sysvipc: Option<bool>,
}

/// File systems FreeBSD registers with VFCF_JAIL, each of which gets an
/// `allow.mount.<fs>` parameter while it is loaded (sys/kern/vfs_init.c):
/// the ones jail(8) documents, p9fs (sys/fs/p9fs/p9fs_vfsops.c) and lindebugfs
/// (sys/compat/lindebugfs/lindebugfs.c). jail(8) loads the module of an
/// `allow.mount.<fs>` it does not know yet (lib/libjail/jail.c,
/// kldload_param), so whether the running kernel has it is left to `jail -c`.
pub const JAIL_MOUNTABLE: &[&str] = &[
    "devfs",
    "fdescfs",
    "fusefs",
    "lindebugfs",
    "linprocfs",
    "linsysfs",
    "nullfs",
    "p9fs",
    "procfs",
    "tmpfs",
    "zfs",
];
