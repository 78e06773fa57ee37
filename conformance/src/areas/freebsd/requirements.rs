//! The requirements of the freebsd area: what its tests check, as data (see
//! `crate::catalogue` for the fields and `crate::req` for every constant).

use crate::catalogue::prelude::*;

requirements! {
    FREEBSD_JAIL_CREATED = req!("freebsd_jail_created", Must, "config-freebsd.md#jail", FreeBsd, "the container runs inside a jail",
        "On FreeBSD, containers are implemented using the platform's jail subsystem.",
        Derived("a FreeBSD container is a jail by definition; the jail settings MUST be applied (runtime.md#create), which needs a jail"), V1_3_0);
    FREEBSD_JAIL_REMOVED = req!("freebsd_jail_removed", Must, "runtime.md#delete", FreeBsd, "delete removes the jail",
        "Deleting a container MUST delete the resources that were created during the create step.", Stated, V1_3_0);
    FREEBSD_ENFORCE_STATFS = req!("freebsd_enforce_statfs", Must, "config-freebsd.md#jail", FreeBsd, "enforceStatfs sets the jail's enforce_statfs, 2 when unset",
        "If unset, the default value is 2.", APPLIED, V1_3_0);
    FREEBSD_ALLOW = req!("freebsd_allow", Must, "config-freebsd.md#jail", FreeBsd, "allow.* keys set the jail's allow parameters; unset boolean keys are off",
        "these boolean parameters are off by default.", APPLIED, V1_3_0);
    FREEBSD_ALLOW_MOUNT = req!("freebsd_allow_mount", Must, "config-freebsd.md#jail", FreeBsd, "allow.mount lets the jail mount exactly the listed filesystem types",
        "Allow the listed filesystem types to be mounted and unmounted in the container.", APPLIED, V1_3_0);
    MOUNTS_DESTINATION_ABSOLUTE_FREEBSD = req!("mounts_destination_absolute_freebsd", Must, "config.md#mounts", FreeBsd, "a relative mount destination is an error outside Linux, Windows and Solaris",
        "For all other platforms: This value MUST be an absolute path.", Stated, V1_1_0);
    FREEBSD_JAIL_NAME = req!("freebsd_jail_name", Should, "config-freebsd.md#jail", FreeBsd, "the jail's name is the container ID",
        "The jail name SHOULD be set to the create command's container-id argument.", Stated, V1_3_0);
    FREEBSD_HOST_NEW = req!("freebsd_host_new", Must, "config-freebsd.md#jail", FreeBsd, "host new gives the jail its own hostname and domainname, taken from the config",
        "If set to \"new\", the values for hostname and domainname are taken from the base config, if present.", FB_FIELD, V1_3_0);
    FREEBSD_HOST_INHERIT = req!("freebsd_host_inherit", Must, "config-freebsd.md#jail", FreeBsd, "host inherit makes the jail use the host's hostname",
        "or \"inherit\" to use the host values (or parent container values).", FB_FIELD, V1_3_0);
    FREEBSD_IP4_DISABLE = req!("freebsd_ip4_disable", Must, "config-freebsd.md#jail", FreeBsd, "ip4 disable stops the jail using IPv4 at all",
        "or set to \"disable\" to stop use of IPv4 entirely.", FB_FIELD, V1_3_0);
    FREEBSD_IP6_INHERIT = req!("freebsd_ip6_inherit", Must, "config-freebsd.md#jail", FreeBsd, "ip6 inherit lets the jail use the host's IPv6 addresses",
        "Set to \"inherit\" to allow access to host (or parent container) addresses", FB_FIELD, V1_3_0);
    FREEBSD_IP6_ADDR = req!("freebsd_ip6_addr", Must, "config-freebsd.md#jail", FreeBsd, "ip6Addr restricts the jail to exactly the listed IPv6 addresses",
        "ip6Addr (array of strings, OPTIONAL) - restrict the set of IPv6 addresses which the container can use.", FB_FIELD, V1_3_0);
    FREEBSD_IP6_DISABLE = req!("freebsd_ip6_disable", Must, "config-freebsd.md#jail", FreeBsd, "ip6 disable stops the jail using IPv6 at all",
        "or set to \"disable\" to stop use of IPv6 entirely.", FB_FIELD, V1_3_0);
    FREEBSD_VNET_INHERIT = req!("freebsd_vnet_inherit", Must, "config-freebsd.md#jail", FreeBsd, "vnet inherit shares the parent's (host's) network stack",
        "or \"inherit\" which shares the vnet for the parent container (or host if there is no parent).", FB_FIELD, V1_3_0);
    FREEBSD_PARENT = req!("freebsd_parent", Must, "config-freebsd.md#jail", FreeBsd, "parent makes the container a child jail of the named jail",
        "If set, the value is the name of a jail which should be this container's parent, otherwise the container's parent is the host.", FB_FIELD, V1_3_0);
    FREEBSD_CHILDREN_MAX = req!("freebsd_children_max", Should, "config-freebsd.md#jail", FreeBsd, "the runtime manages children.max so a parent container can hold child containers",
        "The children.max parameter SHOULD be managed by the OCI runtime", Stated, V1_3_0);
    FREEBSD_SYSVMSG = req!("freebsd_sysvmsg", Must, "config-freebsd.md#jail", FreeBsd, "sysvmsg new/inherit/disable decide whether and where the jail's message queues live",
        "If set to \"disable\", the container cannot perform any sysvmsg-related system calls. Defaults to \"new\".", FB_FIELD, V1_3_0);
    FREEBSD_SYSVSEM = req!("freebsd_sysvsem", Must, "config-freebsd.md#jail", FreeBsd, "sysvsem new/inherit/disable decide whether and where the jail's semaphores live",
        "sysvsem (string, OPTIONAL) - allow access to SYSV IPC semaphore primitives, in the same manner as sysvmsg.", FB_FIELD, V1_3_0);
    FREEBSD_SYSVSHM = req!("freebsd_sysvshm", Must, "config-freebsd.md#jail", FreeBsd, "sysvshm new/inherit/disable decide whether and where the jail's shared memory lives",
        "sysvshm (string, OPTIONAL) - allow access to SYSV IPC shared memory primitives, in the same manner as sysvmsg.", FB_FIELD, V1_3_0);
    FREEBSD_ALLOW_SET_HOSTNAME = req!("freebsd_allow_set_hostname", Must, "config-freebsd.md#jail", FreeBsd, "allow.setHostname lets the jail change its hostname; off by default",
        "setHostname (bool, OPTIONAL) - Allow the container's hostname to be changed.", FB_FIELD, V1_3_0);
    FREEBSD_ALLOW_RAW_SOCKETS = req!("freebsd_allow_raw_sockets", Must, "config-freebsd.md#jail", FreeBsd, "allow.rawSockets lets the jail open raw sockets; off by default",
        "rawSockets (bool, OPTIONAL) - Allow the container to use raw sockets", FB_FIELD, V1_3_0);
    FREEBSD_ALLOW_CHFLAGS = req!("freebsd_allow_chflags", Must, "config-freebsd.md#jail", FreeBsd, "allow.chflags lets the jail change system file flags; off by default",
        "chflags (bool, OPTIONAL) - Allow the system file flags to be changed.", FB_FIELD, V1_3_0);
    FREEBSD_ALLOW_QUOTAS = req!("freebsd_allow_quotas", Must, "config-freebsd.md#jail", FreeBsd, "allow.quotas lets the jail change filesystem quotas; off by default",
        "quotas (bool, OPTIONAL) - Allow the filesystem quotas to be changed in the container.", FB_FIELD, V1_3_0);
    FREEBSD_ALLOW_SOCKET_AF = req!("freebsd_allow_socket_af", Must, "config-freebsd.md#jail", FreeBsd, "allow.socketAf lets the jail use socket families beyond IPv4, IPv6, unix and route; off by default",
        "socketAf (bool, OPTIONAL) - Allow socket types other than IPv4, IPv6 and unix.", FB_FIELD, V1_3_0);
    FREEBSD_ALLOW_MLOCK = req!("freebsd_allow_mlock", Must, "config-freebsd.md#jail", FreeBsd, "allow.mlock lets the jail lock memory; off by default",
        "mlock (bool, OPTIONAL) - Allow the container to use mlock(2) and munlock(2) system calls.", FB_FIELD, V1_3_0);
    FREEBSD_ALLOW_RESERVED_PORTS = req!("freebsd_allow_reserved_ports", Must, "config-freebsd.md#jail", FreeBsd, "allow.reservedPorts lets the jail's root bind ports below 1024",
        "reservedPorts (bool, OPTIONAL) - Allow the jail to bind to ports lower than 1024.", FB_FIELD, V1_3_0);
    FREEBSD_ALLOW_SUSER = req!("freebsd_allow_suser", Must, "config-freebsd.md#jail", FreeBsd, "allow.suser false takes root's privileges away inside the jail; on by default",
        "The super-user is enabled by default.", FB_FIELD, V1_3_0);
    FREEBSD_DEVICES = req!("freebsd_devices", Must, "config-freebsd.md#devices", FreeBsd, "freebsd.devices exposes the listed devices (with mode) in the jail's devfs; others stay hidden",
        "Optionally, additional devices can be exposed to the container using an array of entries inside the devices root field", FB_FIELD, V1_3_0);
    FREEBSD_INVALID_ENFORCE_STATFS = req!("freebsd_invalid_enforce_statfs", Must, "config.md#valid-values", FreeBsd, "an enforceStatfs outside 0 to 2 is an error",
        "Runtimes MUST generate an error when invalid or unsupported values are encountered.", Stated, V1_3_0);
    FREEBSD_INVALID_VNET = req!("freebsd_invalid_vnet", Must, "config.md#valid-values", FreeBsd, "a vnet other than new or inherit (e.g. disable) is an error",
        "Runtimes MUST generate an error when invalid or unsupported values are encountered.", Stated, V1_3_0);
    FREEBSD_INVALID_SHARING = req!("freebsd_invalid_sharing", Must, "config.md#valid-values", FreeBsd, "a host, ip4, ip6 or sysv* value outside new/inherit/disable (as each allows) is an error",
        "Runtimes MUST generate an error when invalid or unsupported values are encountered.", Stated, V1_3_0);
    FREEBSD_INVALID_ADDRESSES = req!("freebsd_invalid_addresses", Must, "config.md#valid-values", FreeBsd, "an ip4Addr or ip6Addr entry that is not a numeric address of its family is an error",
        "Runtimes MUST generate an error when invalid or unsupported values are encountered.", Stated, V1_3_0);
}
