//! Requirements added for the spec statement index (issue 9): operations without
//! an ID, invalid values, the features document, hook timing as observed, and the
//! whole of config-freebsd.md. Same form as `entries.rs`; the catalogue is the
//! concatenation of both.

use super::Level::{Must, Should};
use super::Platforms::{All, FreeBsd, Linux};
use super::Requirement;

macro_rules! req {
    ($id:literal, $level:expr, $reference:literal, $platforms:expr, $summary:literal) => {
        Requirement {
            id: $id,
            level: $level,
            reference: $reference,
            platforms: $platforms,
            summary: $summary,
        }
    };
}

/// The added requirements, grouped by area.
#[rustfmt::skip]
pub static ADDED: &[Requirement] = &[
    // --- operations (runtime.md#operations) ---
    req!("op_state_without_id", Must, "runtime.md#query-state", All, "state without a container ID is an error"),
    req!("op_create_without_id", Must, "runtime.md#create", All, "create without a container ID is an error and creates nothing"),
    req!("op_create_without_bundle", Must, "runtime.md#create", All, "create without a path to a bundle is an error and creates nothing"),
    req!("op_start_without_id", Must, "runtime.md#start", All, "start without a container ID is an error and starts nothing"),
    req!("op_kill_without_id", Must, "runtime.md#kill", All, "kill without a container ID is an error and signals nothing"),
    req!("op_delete_without_id", Must, "runtime.md#delete", All, "delete without a container ID is an error and deletes nothing"),
    req!("lifecycle_create_invalid_id", Must, "runtime.md#create", All, "an ID that is not valid (empty, a path, a dot-dot) is an error and creates nothing"),
    req!("lifecycle_start_without_process", Must, "runtime.md#start", All, "start of a container whose config has no process is an error (or create already refused it)"),
    req!("lifecycle_config_edit_no_effect", Must, "runtime.md#lifecycle", All, "changing config.json after create has no effect on the container"),
    req!("state_pid_is_container_process", Must, "runtime.md#state", All, "state.pid is the container process: the one that executes the user program"),
    req!("state_schema", Must, "runtime.md#state", All, "the state JSON has the types of state-schema.json: strings, an integer pid, a string map of annotations"),
    req!("kill_stopped_state_unchanged", Must, "runtime.md#kill", All, "a refused kill of a stopped container leaves its state as it was"),
    req!("delete_keeps_foreign_resources", Must, "runtime.md#delete", All, "delete removes nothing it did not create: the bundle, bind sources, other containers stay"),
    req!("bundle_config_missing_fails", Must, "bundle.md#container-format", All, "a bundle without config.json in its root is an error and creates nothing"),
    // --- valid values (config.md#valid-values) ---
    req!("config_unknown_properties_ignored", Must, "config.md#extensibility", All, "unknown properties anywhere in config.json are ignored, not errors"),
    req!("config_unknown_annotations_ignored", Must, "config.md#annotations", All, "unknown annotation keys and empty values are accepted and passed through to the state"),
    req!("config_oci_version_semver", Must, "config.md#specification-version", All, "an ociVersion that is not SemVer 2.0.0 is an error"),
    req!("config_root_required", Must, "config.md#root", All, "a config without root is an error on POSIX platforms"),
    req!("config_cwd_absolute", Must, "config.md#process", All, "a relative process.cwd is an error"),
    req!("config_args_required", Must, "config.md#process", All, "empty process.args is an error"),
    req!("config_annotation_key_nonempty", Must, "config.md#annotations", All, "an empty annotation key is an error"),
    req!("process_rlimits_unknown_type", Must, "config.md#posix-process", All, "an rlimit type that maps to no kernel limit is an error"),
    req!("process_umask_unset", Should, "config.md#posix-platform-user", All, "without user.umask the process keeps the umask of the runtime's caller"),
    req!("hooks_path_absolute", Must, "config.md#posix-platform-hooks", All, "a hook with a relative path is an error"),
    req!("hooks_timeout_positive", Must, "config.md#posix-platform-hooks", All, "a hook timeout of zero or less is an error"),
    req!("mounts_relative_destination_linux", Must, "config.md#mounts", Linux, "a relative mount destination is taken as relative to / (Linux)"),
    req!("mounts_destination_absolute_freebsd", Must, "config.md#mounts", FreeBsd, "a relative mount destination is an error outside Linux, Windows and Solaris"),
    req!("mounts_linux_must_options", Must, "config.md#linux-mount-options", Linux, "the MUST options of the Linux table (nosuid, nodev, noexec, noatime, ro...) take effect"),
    req!("mounts_idmap_pairs", Must, "config.md#posix-platform-mounts", Linux, "uidMappings without gidMappings (or the reverse) is an error"),
    // --- hook timing, observed (config.md#posix-platform-hooks) ---
    req!("hooks_create_runtime_after_environment", Must, "config.md#createruntime-hooks", Linux, "a createRuntime hook sees the container's mounts already made"),
    req!("hooks_poststart_after_exec_observed", Must, "config.md#poststart", All, "a poststart hook runs after the program was executed, as the program itself reports"),
    req!("hooks_poststop_after_container_gone", Must, "config.md#poststop", All, "a poststop hook runs after the container process is gone"),
    // --- features document (features.md) ---
    req!("features_oci_versions", Must, "features.md#specification-version", All, "features has ociVersionMin and ociVersionMax, SemVer, min not above max"),
    req!("features_oci_version_accepted", Must, "features.md#specification-version", All, "a config whose ociVersion is ociVersionMin or ociVersionMax is accepted"),
    req!("features_null_not_empty", Must, "features.md#features-structure", All, "every optional property is absent, null, or a value of its type: never an empty stand-in of another type"),
    req!("features_no_undefined_properties", Must, "features.md#specification-version", All, "features holds no top-level property that features.md does not define"),
    req!("features_hooks_supported", Must, "features.md#hooks", All, "each hook kind features lists is accepted and run"),
    req!("features_mount_options_recognized", Must, "features.md#mount-options", Linux, "features lists the MUST options of the Linux table and a mount using listed options is accepted"),
    req!("features_mount_options_no_fs_specific", Should, "features.md#mount-options", Linux, "mountOptions holds no filesystem-specific data options (key=value)"),
    req!("features_annotations_map", Must, "features.md#annotations", All, "features annotations is a map of non-empty string keys to string values"),
    req!("features_compile_time", Should, "features.md#features-structure", All, "features does not depend on the invocation: two calls with different roots agree"),
    // --- FreeBSD (config-freebsd.md) ---
    req!("freebsd_jail_name", Should, "config-freebsd.md#jail", FreeBsd, "the jail's name is the container ID"),
    req!("freebsd_host_new", Must, "config-freebsd.md#jail", FreeBsd, "host new gives the jail its own hostname and domainname, taken from the config"),
    req!("freebsd_host_inherit", Must, "config-freebsd.md#jail", FreeBsd, "host inherit makes the jail use the host's hostname"),
    req!("freebsd_ip4_disable", Must, "config-freebsd.md#jail", FreeBsd, "ip4 disable stops the jail using IPv4 at all"),
    req!("freebsd_ip6_inherit", Must, "config-freebsd.md#jail", FreeBsd, "ip6 inherit lets the jail use the host's IPv6 addresses"),
    req!("freebsd_ip6_addr", Must, "config-freebsd.md#jail", FreeBsd, "ip6Addr restricts the jail to exactly the listed IPv6 addresses"),
    req!("freebsd_ip6_disable", Must, "config-freebsd.md#jail", FreeBsd, "ip6 disable stops the jail using IPv6 at all"),
    req!("freebsd_vnet_inherit", Must, "config-freebsd.md#jail", FreeBsd, "vnet inherit shares the parent's (host's) network stack"),
    req!("freebsd_parent", Must, "config-freebsd.md#jail", FreeBsd, "parent makes the container a child jail of the named jail"),
    req!("freebsd_children_max", Should, "config-freebsd.md#jail", FreeBsd, "the runtime manages children.max so a parent container can hold child containers"),
    req!("freebsd_sysvmsg", Must, "config-freebsd.md#jail", FreeBsd, "sysvmsg new/inherit/disable decide whether and where the jail's message queues live"),
    req!("freebsd_sysvsem", Must, "config-freebsd.md#jail", FreeBsd, "sysvsem new/inherit/disable decide whether and where the jail's semaphores live"),
    req!("freebsd_sysvshm", Must, "config-freebsd.md#jail", FreeBsd, "sysvshm new/inherit/disable decide whether and where the jail's shared memory lives"),
    req!("freebsd_allow_set_hostname", Must, "config-freebsd.md#jail", FreeBsd, "allow.setHostname lets the jail change its hostname; off by default"),
    req!("freebsd_allow_raw_sockets", Must, "config-freebsd.md#jail", FreeBsd, "allow.rawSockets lets the jail open raw sockets; off by default"),
    req!("freebsd_allow_chflags", Must, "config-freebsd.md#jail", FreeBsd, "allow.chflags lets the jail change system file flags; off by default"),
    req!("freebsd_allow_quotas", Must, "config-freebsd.md#jail", FreeBsd, "allow.quotas lets the jail change filesystem quotas; off by default"),
    req!("freebsd_allow_socket_af", Must, "config-freebsd.md#jail", FreeBsd, "allow.socketAf lets the jail use socket families beyond IPv4, IPv6, unix and route; off by default"),
    req!("freebsd_allow_mlock", Must, "config-freebsd.md#jail", FreeBsd, "allow.mlock lets the jail lock memory; off by default"),
    req!("freebsd_allow_reserved_ports", Must, "config-freebsd.md#jail", FreeBsd, "allow.reservedPorts lets the jail's root bind ports below 1024"),
    req!("freebsd_allow_suser", Must, "config-freebsd.md#jail", FreeBsd, "allow.suser false takes root's privileges away inside the jail; on by default"),
    req!("freebsd_devices", Must, "config-freebsd.md#devices", FreeBsd, "freebsd.devices exposes the listed devices (with mode) in the jail's devfs; others stay hidden"),
    req!("freebsd_invalid_enforce_statfs", Must, "config.md#valid-values", FreeBsd, "an enforceStatfs outside 0 to 2 is an error"),
    req!("freebsd_invalid_vnet", Must, "config.md#valid-values", FreeBsd, "a vnet other than new or inherit (e.g. disable) is an error"),
    req!("freebsd_invalid_sharing", Must, "config.md#valid-values", FreeBsd, "a host, ip4, ip6 or sysv* value outside new/inherit/disable (as each allows) is an error"),
    req!("freebsd_invalid_addresses", Must, "config.md#valid-values", FreeBsd, "an ip4Addr or ip6Addr entry that is not a numeric address of its family is an error"),
    req!("mounts_nullfs_source_relative_freebsd", Must, "config.md#mounts", FreeBsd, "a relative nullfs source is relative to the bundle"),
    req!("mounts_tmpfs_options_enforced_freebsd", Must, "config.md#mounts", FreeBsd, "tmpfs size and mode options are enforced: the mode is the directory's, writes beyond the size fail"),
];
