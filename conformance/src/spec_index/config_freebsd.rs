//! config-freebsd.md: devices and the jail section. Besides the few RFC 2119
//! sentences, each field's description states what the runtime does with it
//! (keyword OPTIONAL: the field may be absent, but when present it binds).

use crate::req;

use super::Statement;

#[rustfmt::skip]
pub static STATEMENTS: &[Statement] = &[
    stmt!("config-freebsd.md#devices", "SHOULD", "each container has a devfs mounted at /dev (ruleset as a mount option)", [req::MOUNTS_DEVFS_FREEBSD]),
    stmt!("config-freebsd.md#devices", "REQUIRED", "devices[] exposes each listed path (relative to /dev) with its mode", [req::FREEBSD_DEVICES]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "the container is a jail created with the jail section's values", [req::FREEBSD_JAIL_CREATED, req::FREEBSD_JAIL_REMOVED]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "parent names the jail this container is a child of, else the host", [req::FREEBSD_PARENT]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "host new lets the jail have its own hostname and domainname, taken from the config", [req::FREEBSD_HOST_NEW]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "host inherit uses the host's (or parent's) names", [req::FREEBSD_HOST_INHERIT]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "ip4 inherit gives access to the host's IPv4 addresses", [req::FREEBSD_IP4_INHERIT]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "ip4 disable stops all IPv4 use", [req::FREEBSD_IP4_DISABLE]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "ip4Addr restricts the jail to those numeric IPv4 addresses", [req::FREEBSD_IP4_ADDR, req::FREEBSD_INVALID_ADDRESSES]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "ip6 inherit gives access to the host's IPv6 addresses", [req::FREEBSD_IP6_INHERIT]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "ip6 disable stops all IPv6 use", [req::FREEBSD_IP6_DISABLE]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "ip6Addr restricts the jail to those numeric IPv6 addresses", [req::FREEBSD_IP6_ADDR, req::FREEBSD_INVALID_ADDRESSES]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "vnet new gives the container a vnet of its own", [req::FREEBSD_VNET_INTERFACES]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "vnet inherit shares the parent's (host's) vnet; other values are invalid", [req::FREEBSD_VNET_INHERIT, req::FREEBSD_INVALID_VNET]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "interface carries an alias per address from create until the container stopped", [req::FREEBSD_INTERFACE_ALIAS]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "vnetInterfaces are in the container's vnet during its lifetime", [req::FREEBSD_VNET_INTERFACES, req::FREEBSD_VNET_INTERFACES_RETURNED]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "sysvmsg inherit/new/disable: see all, own key namespace, or no message queue calls; new by default", [req::FREEBSD_SYSVMSG, req::FREEBSD_INVALID_SHARING]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "sysvsem behaves as sysvmsg for semaphores; new by default", [req::FREEBSD_SYSVSEM, req::FREEBSD_INVALID_SHARING]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "sysvshm behaves as sysvmsg for shared memory; new by default", [req::FREEBSD_SYSVSHM, req::FREEBSD_INVALID_SHARING]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "enforceStatfs 0, 1 or 2 sets mount visibility; 2 by default", [req::FREEBSD_ENFORCE_STATFS, req::FREEBSD_INVALID_ENFORCE_STATFS]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "allow.* booleans are off by default except setHostname and reservedPorts", [req::FREEBSD_ALLOW]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "allow.setHostname lets the jail change its hostname", [req::FREEBSD_ALLOW_SET_HOSTNAME]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "allow.rawSockets lets the jail use raw sockets", [req::FREEBSD_ALLOW_RAW_SOCKETS]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "allow.chflags lets the jail change system file flags", [req::FREEBSD_ALLOW_CHFLAGS]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "allow.mount lists the filesystem types the jail may mount", [req::FREEBSD_ALLOW_MOUNT]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "allow.quotas lets the jail change quotas", [req::FREEBSD_ALLOW_QUOTAS]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "allow.socketAf lets the jail use other socket families", [req::FREEBSD_ALLOW_SOCKET_AF]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "allow.mlock lets the jail call mlock and munlock", [req::FREEBSD_ALLOW_MLOCK]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "allow.reservedPorts lets the jail bind ports below 1024", [req::FREEBSD_ALLOW_RESERVED_PORTS]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "allow.suser sets the jail's suser_enabled; on by default", [req::FREEBSD_ALLOW_SUSER]),
    stmt!("config-freebsd.md#jail", "SHOULD", "the fields map to the corresponding jail(8) parameters", [req::FREEBSD_ENFORCE_STATFS, req::FREEBSD_ALLOW, req::FREEBSD_ALLOW_MOUNT, req::FREEBSD_IP4_ADDR]),
    stmt!("config-freebsd.md#jail", "MAY", "the table of jail(8) parameters is a possible mapping", untestable "a freedom of the runtime; the effects of each field are tested instead"),
    stmt!("config-freebsd.md#jail", "SHOULD", "the jail's name is the container ID", [req::FREEBSD_JAIL_NAME]),
    stmt!("config-freebsd.md#jail", "SHOULD", "a container with its own network sets vnet new and leaves ip4/ip6 unset", untestable "binds whoever writes the bundle"),
    stmt!("config-freebsd.md#jail", "SHOULD", "a container sharing the network leaves vnet unset and sets ip4/ip6 inherit", untestable "binds whoever writes the bundle"),
    stmt!("config-freebsd.md#jail", "SHOULD", "the runtime manages children.max, e.g. for containers sharing a parent", [req::FREEBSD_CHILDREN_MAX]),
];
