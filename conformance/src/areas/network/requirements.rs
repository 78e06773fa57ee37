//! The requirements of the network area: what its tests check, as data (see
//! `crate::catalogue` for the fields and `crate::req` for every constant).

use crate::catalogue::prelude::*;

requirements! {
    LINUX_NETNS_NEW = req!("linux_netns_new", Must, "config-linux.md#namespaces", Linux, "a network entry without path gives the container a network stack of its own: a loopback device and none of the host's interfaces",
        "If path is not specified, the runtime MUST create a new container namespace of type type.", Stated, V1_0_0);
    LINUX_NETNS_INHERIT = req!("linux_netns_inherit", Must, "config-linux.md#namespaces", Linux, "without a network entry the container stays in the runtime's network namespace and sees its interfaces",
        "If a namespace type is not specified in the namespaces array, the container MUST inherit the runtime namespace of that type.", Stated, V1_0_0);
    LINUX_NETNS_PATH = req!("linux_netns_path", Must, "config-linux.md#namespaces", Linux, "a network entry with a path places the container process in the namespace of that file",
        "The runtime MUST place the container process in the namespace associated with that path.", Stated, V1_0_0);
    LINUX_NAMESPACE_PATH_ERROR = req!("linux_namespace_path_error", Must, "config-linux.md#namespaces", Linux, "a namespace path that is not a namespace of the entry's type makes create fail",
        "The runtime MUST generate an error if path is not associated with a namespace of type type.", Stated, V1_0_0);
    LINUX_NETNS_READY_AFTER_CREATE = req!("linux_netns_ready_after_create", Must, "runtime.md#create", Linux, "create applies the network namespace: an interface moved into it before start is what the program uses",
        "All of the properties configured in config.json except for process MUST be applied.", Stated, V1_0_0);
    LINUX_NET_DEVICES = req!("linux_net_devices", Must, "config-linux.md#network-devices", Linux, "each netDevices entry is moved into the container's namespace under its new name, up, keeping its global addresses",
        "The runtime MUST set the network device state to \"up\" after moving it to the network namespace", Stated, V1_3_0);
    FREEBSD_IP4_INHERIT = req!("freebsd_ip4_inherit", Must, "config-freebsd.md#jail", FreeBsd, "ip4 inherit lets the jail use the host's IPv4 addresses",
        "Set to \"inherit\" to allow access to host (or parent container) addresses", APPLIED, V1_3_0);
    FREEBSD_IP4_ADDR = req!("freebsd_ip4_addr", Must, "config-freebsd.md#jail", FreeBsd, "ip4Addr restricts the jail to exactly the listed IPv4 addresses",
        "restrict the set of IPv4 addresses which the container can use.", APPLIED, V1_3_0);
    FREEBSD_INTERFACE_ALIAS = req!("freebsd_interface_alias", Must, "config-freebsd.md#jail", FreeBsd, "with interface set, each ip4Addr is an alias on that interface from create until the container is gone",
        "An alias for each address will be added to the interface when the container is created", APPLIED, V1_3_0);
    FREEBSD_VNET_INTERFACES = req!("freebsd_vnet_interfaces", Must, "config-freebsd.md#jail", FreeBsd, "vnet new with vnetInterfaces gives the jail its own network stack holding the listed interfaces",
        "a set of network interfaces which are added to the container's vnet during its lifetime.", APPLIED, V1_3_0);
    FREEBSD_VNET_INTERFACES_RETURNED = req!("freebsd_vnet_interfaces_returned", Must, "config-freebsd.md#jail", FreeBsd, "vnetInterfaces belong to the jail only during its lifetime: they are back on the host after delete",
        "a set of network interfaces which are added to the container's vnet during its lifetime.",
        Derived("the interfaces are the container's only during its lifetime, and runtime.md#delete MUST undo what create did"), V1_3_0);
}
