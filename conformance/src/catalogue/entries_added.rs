//! Requirements added for the spec statement index (issue 9): operations without
//! an ID, invalid values, the features document, hook timing as observed, and the
//! whole of config-freebsd.md. Same form as `entries.rs`; the catalogue is the
//! concatenation of both.

use super::version::{V1_0_0, V1_0_2, V1_1_0, V1_3_0};
use super::Basis::{self, Derived, Stated};
use super::Level::{Must, Should};
use super::Platforms::{All, FreeBsd, Linux};
use super::Requirement;


/// A configured property the container must show (runtime.md#create).
const APPLIED: Basis = Derived(
    "runtime.md#create: all properties of config.json except process MUST be applied; the sentence only says what the property means",
);
/// A config-freebsd.md field: its description says what the value does, and
/// runtime.md#create makes applying it a MUST.
const FB_FIELD: Basis = Derived(
    "runtime.md#create: all properties of config.json except process MUST be applied; config-freebsd.md's field description says what the value means",
);
/// state.pid names the container process; the state MUST be as the State section says.
const PID_IS: Basis = Derived(
    "runtime.md#query-state: this operation MUST return the state of a container as specified in the State section, whose pid is the container process",
);
/// A lowercase "should" in the field description.
const UMASK: Basis = Derived(
    "config.md#posix-platform-user says \"should\" in lowercase; read as a SHOULD since it binds the runtime's behaviour",
);

/// The added requirements, grouped by area.
#[rustfmt::skip]
pub static ADDED: &[Requirement] = &[
    // --- operations (runtime.md#operations) ---
    req!("op_state_without_id", Must, "runtime.md#query-state", All, "state without a container ID is an error",
        "This operation MUST generate an error if it is not provided the ID of a container.", Stated, V1_0_0),
    req!("op_create_without_id", Must, "runtime.md#create", All, "create without a container ID is an error and creates nothing",
        "This operation MUST generate an error if it is not provided a path to the bundle and the container ID to associate with the container.", Stated, V1_0_0),
    req!("op_create_without_bundle", Must, "runtime.md#create", All, "create without a path to a bundle is an error and creates nothing",
        "This operation MUST generate an error if it is not provided a path to the bundle and the container ID to associate with the container.", Stated, V1_0_0),
    req!("op_start_without_id", Must, "runtime.md#start", All, "start without a container ID is an error and starts nothing",
        "This operation MUST generate an error if it is not provided the container ID.", Stated, V1_0_0),
    req!("op_kill_without_id", Must, "runtime.md#kill", All, "kill without a container ID is an error and signals nothing",
        "This operation MUST generate an error if it is not provided the container ID.", Stated, V1_0_0),
    req!("op_delete_without_id", Must, "runtime.md#delete", All, "delete without a container ID is an error and deletes nothing",
        "This operation MUST generate an error if it is not provided the container ID.", Stated, V1_0_0),
    req!("lifecycle_create_invalid_id", Must, "runtime.md#create", All, "an ID that is not valid (empty, a path, a dot-dot) is an error and creates nothing",
        "or is not valid in any other way, the implementation MUST generate an error and a new container MUST NOT be created.", Stated, V1_0_0),
    req!("lifecycle_start_without_process", Must, "runtime.md#start", All, "start of a container whose config has no process is an error (or create already refused it)",
        "This operation MUST generate an error if process was not set.", Stated, V1_1_0),
    req!("lifecycle_config_edit_no_effect", Must, "runtime.md#lifecycle", All, "changing config.json after create has no effect on the container",
        "Any updates to config.json after this step MUST NOT affect the container.", Stated, V1_0_0),
    req!("state_pid_is_container_process", Must, "runtime.md#state", All, "state.pid is the container process: the one that executes the user program",
        "is the ID of the container process.", PID_IS, V1_0_0),
    req!("state_schema", Must, "runtime.md#state", All, "the state JSON has the types of state-schema.json: strings, an integer pid, a string map of annotations",
        "When serialized in JSON, the format MUST adhere to the JSON Schema schema/state-schema.json.", Stated, V1_0_0),
    req!("kill_stopped_state_unchanged", Must, "runtime.md#kill", All, "a refused kill of a stopped container leaves its state as it was",
        "MUST have no effect on the container and MUST generate an error.", Stated, V1_0_0),
    req!("delete_keeps_foreign_resources", Must, "runtime.md#delete", All, "delete removes nothing it did not create: the bundle, bind sources, other containers stay",
        "Note that resources associated with the container, but not created by this container, MUST NOT be deleted.", Stated, V1_0_0),
    req!("bundle_config_missing_fails", Must, "bundle.md#container-format", All, "a bundle without config.json in its root is an error and creates nothing",
        "This REQUIRED file MUST reside in the root of the bundle directory and MUST be named config.json.", Stated, V1_0_0),
    // --- valid values (config.md#valid-values) ---
    req!("config_unknown_properties_ignored", Must, "config.md#extensibility", All, "unknown properties anywhere in config.json are ignored, not errors",
        "Runtimes MAY log unknown properties but MUST otherwise ignore them.", Stated, V1_0_0),
    req!("config_unknown_annotations_ignored", Must, "config.md#annotations", All, "unknown annotation keys and empty values are accepted and passed through to the state",
        "Runtimes MUST handle unknown annotation keys like any other unknown property.", Stated, V1_0_0),
    req!("config_oci_version_semver", Must, "config.md#specification-version", All, "an ociVersion that is not SemVer 2.0.0 is an error",
        "ociVersion (string, REQUIRED) MUST be in SemVer v2.0.0 format", Stated, V1_0_0),
    req!("config_root_required", Must, "config.md#root", All, "a config without root is an error on POSIX platforms",
        "On all other platforms, this field is REQUIRED.", Stated, V1_0_0),
    req!("config_cwd_absolute", Must, "config.md#process", All, "a relative process.cwd is an error",
        "This value MUST be an absolute path.", Stated, V1_0_0),
    req!("config_args_required", Must, "config.md#process", All, "empty process.args is an error",
        "This specification extends the IEEE standard in that at least one entry is REQUIRED (non-Windows)", Stated, V1_0_0),
    req!("config_annotation_key_nonempty", Must, "config.md#annotations", All, "an empty annotation key is an error",
        "Keys MUST NOT be an empty string.", Stated, V1_0_0),
    req!("process_rlimits_unknown_type", Must, "config.md#posix-process", All, "an rlimit type that maps to no kernel limit is an error",
        "The runtime MUST generate an error for any values which cannot be mapped to a relevant kernel interface.", Stated, V1_0_0),
    req!("process_umask_unset", Should, "config.md#posix-platform-user", All, "without user.umask the process keeps the umask of the runtime's caller",
        "If unspecified, the umask should not be changed from the calling process' umask.", UMASK, V1_1_0),
    req!("hooks_path_absolute", Must, "config.md#posix-platform-hooks", All, "a hook with a relative path is an error",
        "This specification extends the IEEE standard in that path MUST be absolute.", Stated, V1_0_0),
    req!("hooks_timeout_positive", Must, "config.md#posix-platform-hooks", All, "a hook timeout of zero or less is an error",
        "If set, timeout MUST be greater than zero.", Stated, V1_0_0),
    req!("mounts_relative_destination_linux", Must, "config.md#mounts", Linux, "a relative mount destination is taken as relative to / (Linux)",
        "it MAY be a relative path, in which case it MUST be interpreted as relative to \"/\".", Stated, V1_1_0),
    req!("mounts_destination_absolute_freebsd", Must, "config.md#mounts", FreeBsd, "a relative mount destination is an error outside Linux, Windows and Solaris",
        "For all other platforms: This value MUST be an absolute path.", Stated, V1_1_0),
    req!("mounts_linux_must_options", Must, "config.md#linux-mount-options", Linux, "the MUST options of the Linux table (nosuid, nodev, noexec, noatime, ro...) take effect",
        "Runtimes MUST/SHOULD/MAY implement the following option strings for Linux", Stated, V1_1_0),
    req!("mounts_idmap_pairs", Must, "config.md#posix-platform-mounts", Linux, "uidMappings without gidMappings (or the reverse) is an error",
        "If specified, it MUST be specified along with gidMappings.", Stated, V1_1_0),
    // --- hook timing, observed (config.md#posix-platform-hooks) ---
    req!("hooks_create_runtime_after_environment", Must, "config.md#createruntime-hooks", Linux, "a createRuntime hook sees the container's mounts already made",
        "The createRuntime hooks MUST be called as part of the create operation after the runtime environment has been created", Stated, V1_0_2),
    req!("hooks_poststart_after_exec_observed", Must, "config.md#poststart", All, "a poststart hook runs after the program was executed, as the program itself reports",
        "The poststart hooks MUST be called after the user-specified process is executed but before the start operation returns.", Stated, V1_0_0),
    req!("hooks_poststop_after_container_gone", Must, "config.md#poststop", All, "a poststop hook runs after the container process is gone",
        "The poststop hooks MUST be called after the container is deleted but before the delete operation returns.", Stated, V1_0_0),
    // --- features document (features.md) ---
    req!("features_oci_versions", Must, "features.md#specification-version", All, "features has ociVersionMin and ociVersionMax, SemVer, min not above max",
        "The value MUST NOT be less than the value of the ociVersionMin property.", Stated, V1_1_0),
    req!("features_oci_version_accepted", Must, "features.md#specification-version", All, "a config whose ociVersion is ociVersionMin or ociVersionMax is accepted",
        "The runtime MUST accept this value as the ociVersion property of config.json.", Stated, V1_1_0),
    req!("features_null_not_empty", Must, "features.md#features-structure", All, "every optional property is absent, null, or a value of its type: never an empty stand-in of another type",
        "The null value MUST NOT be confused with an empty value such as 0, false, \"\", [], and {}.", Stated, V1_1_0),
    req!("features_no_undefined_properties", Must, "features.md#specification-version", All, "features holds no top-level property that features.md does not define",
        "The Features structure MUST NOT contain properties that are not defined in this version of the Open Container Initiative Runtime Specification.", Stated, V1_1_0),
    req!("features_hooks_supported", Must, "features.md#hooks", All, "each hook kind features lists is accepted and run",
        "The runtime MUST support the elements in this array as the hooks property of config.json.", Stated, V1_1_0),
    req!("features_mount_options_recognized", Must, "features.md#mount-options", Linux, "features lists the MUST options of the Linux table and a mount using listed options is accepted",
        "The runtime MUST recognize the elements in this array as the options of mounts objects in config.json.", Stated, V1_1_0),
    req!("features_mount_options_no_fs_specific", Should, "features.md#mount-options", Linux, "mountOptions holds no filesystem-specific data options (key=value)",
        "Linux: this array SHOULD NOT contain filesystem-specific mount options", Stated, V1_1_0),
    req!("features_annotations_map", Must, "features.md#annotations", All, "features annotations is a map of non-empty string keys to string values",
        "Annotations MUST be a key-value map that follows the same convention as the Key and Values of the annotations property of config.json.", Stated, V1_1_0),
    req!("features_compile_time", Should, "features.md#features-structure", All, "features does not depend on the invocation: two calls with different roots agree",
        "the content of the Features structure SHOULD be determined on the compilation time of the runtime, not on the execution time.", Stated, V1_1_0),
    // --- FreeBSD (config-freebsd.md) ---
    req!("freebsd_jail_name", Should, "config-freebsd.md#jail", FreeBsd, "the jail's name is the container ID",
        "The jail name SHOULD be set to the create command's container-id argument.", Stated, V1_3_0),
    req!("freebsd_host_new", Must, "config-freebsd.md#jail", FreeBsd, "host new gives the jail its own hostname and domainname, taken from the config",
        "If set to \"new\", the values for hostname and domainname are taken from the base config, if present.", FB_FIELD, V1_3_0),
    req!("freebsd_host_inherit", Must, "config-freebsd.md#jail", FreeBsd, "host inherit makes the jail use the host's hostname",
        "or \"inherit\" to use the host values (or parent container values).", FB_FIELD, V1_3_0),
    req!("freebsd_ip4_disable", Must, "config-freebsd.md#jail", FreeBsd, "ip4 disable stops the jail using IPv4 at all",
        "or set to \"disable\" to stop use of IPv4 entirely.", FB_FIELD, V1_3_0),
    req!("freebsd_ip6_inherit", Must, "config-freebsd.md#jail", FreeBsd, "ip6 inherit lets the jail use the host's IPv6 addresses",
        "Set to \"inherit\" to allow access to host (or parent container) addresses", FB_FIELD, V1_3_0),
    req!("freebsd_ip6_addr", Must, "config-freebsd.md#jail", FreeBsd, "ip6Addr restricts the jail to exactly the listed IPv6 addresses",
        "ip6Addr (array of strings, OPTIONAL) - restrict the set of IPv6 addresses which the container can use.", FB_FIELD, V1_3_0),
    req!("freebsd_ip6_disable", Must, "config-freebsd.md#jail", FreeBsd, "ip6 disable stops the jail using IPv6 at all",
        "or set to \"disable\" to stop use of IPv6 entirely.", FB_FIELD, V1_3_0),
    req!("freebsd_vnet_inherit", Must, "config-freebsd.md#jail", FreeBsd, "vnet inherit shares the parent's (host's) network stack",
        "or \"inherit\" which shares the vnet for the parent container (or host if there is no parent).", FB_FIELD, V1_3_0),
    req!("freebsd_parent", Must, "config-freebsd.md#jail", FreeBsd, "parent makes the container a child jail of the named jail",
        "If set, the value is the name of a jail which should be this container's parent, otherwise the container's parent is the host.", FB_FIELD, V1_3_0),
    req!("freebsd_children_max", Should, "config-freebsd.md#jail", FreeBsd, "the runtime manages children.max so a parent container can hold child containers",
        "The children.max parameter SHOULD be managed by the OCI runtime", Stated, V1_3_0),
    req!("freebsd_sysvmsg", Must, "config-freebsd.md#jail", FreeBsd, "sysvmsg new/inherit/disable decide whether and where the jail's message queues live",
        "If set to \"disable\", the container cannot perform any sysvmsg-related system calls. Defaults to \"new\".", FB_FIELD, V1_3_0),
    req!("freebsd_sysvsem", Must, "config-freebsd.md#jail", FreeBsd, "sysvsem new/inherit/disable decide whether and where the jail's semaphores live",
        "sysvsem (string, OPTIONAL) - allow access to SYSV IPC semaphore primitives, in the same manner as sysvmsg.", FB_FIELD, V1_3_0),
    req!("freebsd_sysvshm", Must, "config-freebsd.md#jail", FreeBsd, "sysvshm new/inherit/disable decide whether and where the jail's shared memory lives",
        "sysvshm (string, OPTIONAL) - allow access to SYSV IPC shared memory primitives, in the same manner as sysvmsg.", FB_FIELD, V1_3_0),
    req!("freebsd_allow_set_hostname", Must, "config-freebsd.md#jail", FreeBsd, "allow.setHostname lets the jail change its hostname; off by default",
        "setHostname (bool, OPTIONAL) - Allow the container's hostname to be changed.", FB_FIELD, V1_3_0),
    req!("freebsd_allow_raw_sockets", Must, "config-freebsd.md#jail", FreeBsd, "allow.rawSockets lets the jail open raw sockets; off by default",
        "rawSockets (bool, OPTIONAL) - Allow the container to use raw sockets", FB_FIELD, V1_3_0),
    req!("freebsd_allow_chflags", Must, "config-freebsd.md#jail", FreeBsd, "allow.chflags lets the jail change system file flags; off by default",
        "chflags (bool, OPTIONAL) - Allow the system file flags to be changed.", FB_FIELD, V1_3_0),
    req!("freebsd_allow_quotas", Must, "config-freebsd.md#jail", FreeBsd, "allow.quotas lets the jail change filesystem quotas; off by default",
        "quotas (bool, OPTIONAL) - Allow the filesystem quotas to be changed in the container.", FB_FIELD, V1_3_0),
    req!("freebsd_allow_socket_af", Must, "config-freebsd.md#jail", FreeBsd, "allow.socketAf lets the jail use socket families beyond IPv4, IPv6, unix and route; off by default",
        "socketAf (bool, OPTIONAL) - Allow socket types other than IPv4, IPv6 and unix.", FB_FIELD, V1_3_0),
    req!("freebsd_allow_mlock", Must, "config-freebsd.md#jail", FreeBsd, "allow.mlock lets the jail lock memory; off by default",
        "mlock (bool, OPTIONAL) - Allow the container to use mlock(2) and munlock(2) system calls.", FB_FIELD, V1_3_0),
    req!("freebsd_allow_reserved_ports", Must, "config-freebsd.md#jail", FreeBsd, "allow.reservedPorts lets the jail's root bind ports below 1024",
        "reservedPorts (bool, OPTIONAL) - Allow the jail to bind to ports lower than 1024.", FB_FIELD, V1_3_0),
    req!("freebsd_allow_suser", Must, "config-freebsd.md#jail", FreeBsd, "allow.suser false takes root's privileges away inside the jail; on by default",
        "The super-user is enabled by default.", FB_FIELD, V1_3_0),
    req!("freebsd_devices", Must, "config-freebsd.md#devices", FreeBsd, "freebsd.devices exposes the listed devices (with mode) in the jail's devfs; others stay hidden",
        "Optionally, additional devices can be exposed to the container using an array of entries inside the devices root field", FB_FIELD, V1_3_0),
    req!("freebsd_invalid_enforce_statfs", Must, "config.md#valid-values", FreeBsd, "an enforceStatfs outside 0 to 2 is an error",
        "Runtimes MUST generate an error when invalid or unsupported values are encountered.", Stated, V1_3_0),
    req!("freebsd_invalid_vnet", Must, "config.md#valid-values", FreeBsd, "a vnet other than new or inherit (e.g. disable) is an error",
        "Runtimes MUST generate an error when invalid or unsupported values are encountered.", Stated, V1_3_0),
    req!("freebsd_invalid_sharing", Must, "config.md#valid-values", FreeBsd, "a host, ip4, ip6 or sysv* value outside new/inherit/disable (as each allows) is an error",
        "Runtimes MUST generate an error when invalid or unsupported values are encountered.", Stated, V1_3_0),
    req!("freebsd_invalid_addresses", Must, "config.md#valid-values", FreeBsd, "an ip4Addr or ip6Addr entry that is not a numeric address of its family is an error",
        "Runtimes MUST generate an error when invalid or unsupported values are encountered.", Stated, V1_3_0),
    req!("mounts_nullfs_source_relative_freebsd", Must, "config.md#mounts", FreeBsd, "a relative nullfs source is relative to the bundle",
        "Path values for bind mounts are either absolute or relative to the bundle.", APPLIED, V1_3_0),
    req!("mounts_tmpfs_options_enforced_freebsd", Must, "config.md#mounts", FreeBsd, "tmpfs size and mode options are enforced: the mode is the directory's, writes beyond the size fail",
        "options (array of strings, OPTIONAL) Mount options of the filesystem to be used.", APPLIED, V1_3_0),
];
