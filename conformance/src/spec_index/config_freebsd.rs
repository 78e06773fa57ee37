//! config-freebsd.md: devices and the jail section. Besides the few RFC 2119
//! sentences, each field's description states what the runtime does with it
//! (keyword OPTIONAL: the field may be absent, but when present it binds).

use super::Statement;

#[rustfmt::skip]
pub static STATEMENTS: &[Statement] = &[
    stmt!("config-freebsd.md#devices", "SHOULD", "each container has a devfs mounted at /dev (ruleset as a mount option)", ["mounts_devfs_freebsd"]),
    stmt!("config-freebsd.md#devices", "REQUIRED", "devices[] exposes each listed path (relative to /dev) with its mode", ["freebsd_devices"]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "the container is a jail created with the jail section's values", ["freebsd_jail_created", "freebsd_jail_removed"]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "parent names the jail this container is a child of, else the host", ["freebsd_parent"]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "host new lets the jail have its own hostname and domainname, taken from the config", ["freebsd_host_new"]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "host inherit uses the host's (or parent's) names", ["freebsd_host_inherit"]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "ip4 inherit gives access to the host's IPv4 addresses", ["freebsd_ip4_inherit"]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "ip4 disable stops all IPv4 use", ["freebsd_ip4_disable"]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "ip4Addr restricts the jail to those numeric IPv4 addresses", ["freebsd_ip4_addr", "freebsd_invalid_addresses"]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "ip6 inherit gives access to the host's IPv6 addresses", ["freebsd_ip6_inherit"]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "ip6 disable stops all IPv6 use", ["freebsd_ip6_disable"]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "ip6Addr restricts the jail to those numeric IPv6 addresses", ["freebsd_ip6_addr", "freebsd_invalid_addresses"]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "vnet new gives the container a vnet of its own", ["freebsd_vnet_interfaces"]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "vnet inherit shares the parent's (host's) vnet; other values are invalid", ["freebsd_vnet_inherit", "freebsd_invalid_vnet"]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "interface carries an alias per address from create until the container stopped", ["freebsd_interface_alias"]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "vnetInterfaces are in the container's vnet during its lifetime", ["freebsd_vnet_interfaces", "freebsd_vnet_interfaces_returned"]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "sysvmsg inherit/new/disable: see all, own key namespace, or no message queue calls; new by default", ["freebsd_sysvmsg", "freebsd_invalid_sharing"]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "sysvsem behaves as sysvmsg for semaphores; new by default", ["freebsd_sysvsem", "freebsd_invalid_sharing"]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "sysvshm behaves as sysvmsg for shared memory; new by default", ["freebsd_sysvshm", "freebsd_invalid_sharing"]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "enforceStatfs 0, 1 or 2 sets mount visibility; 2 by default", ["freebsd_enforce_statfs", "freebsd_invalid_enforce_statfs"]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "allow.* booleans are off by default except setHostname and reservedPorts", ["freebsd_allow"]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "allow.setHostname lets the jail change its hostname", ["freebsd_allow_set_hostname"]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "allow.rawSockets lets the jail use raw sockets", ["freebsd_allow_raw_sockets"]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "allow.chflags lets the jail change system file flags", ["freebsd_allow_chflags"]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "allow.mount lists the filesystem types the jail may mount", ["freebsd_allow_mount"]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "allow.quotas lets the jail change quotas", ["freebsd_allow_quotas"]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "allow.socketAf lets the jail use other socket families", ["freebsd_allow_socket_af"]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "allow.mlock lets the jail call mlock and munlock", ["freebsd_allow_mlock"]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "allow.reservedPorts lets the jail bind ports below 1024", ["freebsd_allow_reserved_ports"]),
    stmt!("config-freebsd.md#jail", "OPTIONAL", "allow.suser sets the jail's suser_enabled; on by default", ["freebsd_allow_suser"]),
    stmt!("config-freebsd.md#jail", "SHOULD", "the fields map to the corresponding jail(8) parameters", ["freebsd_enforce_statfs", "freebsd_allow", "freebsd_allow_mount", "freebsd_ip4_addr"]),
    stmt!("config-freebsd.md#jail", "MAY", "the table of jail(8) parameters is a possible mapping", untestable "a freedom of the runtime; the effects of each field are tested instead"),
    stmt!("config-freebsd.md#jail", "SHOULD", "the jail's name is the container ID", ["freebsd_jail_name"]),
    stmt!("config-freebsd.md#jail", "SHOULD", "a container with its own network sets vnet new and leaves ip4/ip6 unset", untestable "binds whoever writes the bundle"),
    stmt!("config-freebsd.md#jail", "SHOULD", "a container sharing the network leaves vnet unset and sets ip4/ip6 inherit", untestable "binds whoever writes the bundle"),
    stmt!("config-freebsd.md#jail", "SHOULD", "the runtime manages children.max, e.g. for containers sharing a parent", ["freebsd_children_max"]),
];
