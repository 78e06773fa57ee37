//! The requirements of the mounts area: what its tests check, as data (see
//! `crate::catalogue` for the fields and `crate::req` for every constant).

use crate::catalogue::prelude::*;

requirements! {
    MOUNTS_ORDER = req!("mounts_order", Must, "config.md#mounts", All, "mounts are made in the listed order, so a later mount covers an earlier one",
        "The runtime MUST mount entries in the listed order.", Stated, V1_0_0);
    MOUNTS_BIND = req!("mounts_bind", Must, "config.md#linux-mount-options", Linux, "bind mounts a host directory or file at the destination, writes reaching the host",
        "Runtimes MUST/SHOULD/MAY implement the following option strings for Linux", Stated, V1_0_0);
    MOUNTS_BIND_PROPAGATION = req!("mounts_bind_propagation", Must, "config.md#linux-mount-options", Linux, "a bind mount with propagation options (rbind with rprivate, shared, rslave) is made and shows its source",
        "Runtimes MUST/SHOULD/MAY implement the following option strings for Linux", Stated, V1_0_0);
    MOUNTS_BIND_SOURCE_RELATIVE = req!("mounts_bind_source_relative", Must, "config.md#mounts", Linux, "a relative bind source is relative to the bundle",
        "Path values for bind mounts are either absolute or relative to the bundle.", APPLIED, V1_0_0);
    MOUNTS_RO = req!("mounts_ro", Must, "config.md#linux-mount-options", Linux, "the ro option makes a mount read-only inside the container",
        "Runtimes MUST/SHOULD/MAY implement the following option strings for Linux", Stated, V1_0_0);
    MOUNTS_TMPFS = req!("mounts_tmpfs", Must, "config.md#posix-platform-mounts", Linux, "a tmpfs mount gives the container a fresh, writable, empty filesystem",
        "type (string, OPTIONAL) The type of the filesystem to be mounted.", APPLIED, V1_0_0);
    MOUNTS_PROC = req!("mounts_proc", Must, "config.md#posix-platform-mounts", Linux, "a proc mount shows the container's own processes",
        "type (string, OPTIONAL) The type of the filesystem to be mounted.", APPLIED, V1_0_0);
    MOUNTS_FS_OPTIONS = req!("mounts_fs_options", Should, "config.md#linux-mount-options", Linux, "options mount(8) does not know (tmpfs size, mode) reach the filesystem as data",
        "Runtimes SHOULD treat unknown options as filesystem-specific ones", Stated, V1_2_0);
    MOUNTS_DESTINATION_CREATED = req!("mounts_destination_created", Convention, "runc-cli#mounts", All, "a missing mount destination is created inside the root (runc behaviour engines rely on)",
        "", RUNC_CLI, V1_0_0);
    MOUNTS_SYMLINK_CONTAINED = req!("mounts_symlink_contained", Must, "config.md#mounts", All, "the destination is a path inside the container: a symlink in it never leads a mount outside the root",
        "destination (string, REQUIRED) Destination of mount point: path inside container.",
        Derived("runtime.md#create MUST apply the mount, and its destination is a path inside the container; a mount outside the root is not that"), V1_0_0);
    MOUNTS_NULLFS_FREEBSD = req!("mounts_nullfs_freebsd", Must, "config.md#mounts", FreeBsd, "a nullfs mount shows a host directory at the destination, ro when asked",
        "type (string, OPTIONAL) The type of the filesystem to be mounted.", APPLIED, V1_0_0);
    MOUNTS_TMPFS_FREEBSD = req!("mounts_tmpfs_freebsd", Must, "config.md#mounts", FreeBsd, "a tmpfs mount with size and mode options is made at the destination",
        "type (string, OPTIONAL) The type of the filesystem to be mounted.", APPLIED, V1_0_0);
    MOUNTS_DEVFS_FREEBSD = req!("mounts_devfs_freebsd", Should, "config-freebsd.md#devices", FreeBsd, "a devfs mount at /dev gives the container its device nodes, filtered by the ruleset option",
        "Each container SHOULD have a devfs filesystem mounted into its /dev directory.", Stated, V1_3_0);
    MOUNTS_FDESCFS_FREEBSD = req!("mounts_fdescfs_freebsd", Must, "config.md#mounts", FreeBsd, "an fdescfs mount shows the process's descriptors",
        "type (string, OPTIONAL) The type of the filesystem to be mounted.", APPLIED, V1_0_0);
    MOUNTS_PROCFS_FREEBSD = req!("mounts_procfs_freebsd", Must, "config.md#mounts", FreeBsd, "a procfs mount shows the container's processes",
        "type (string, OPTIONAL) The type of the filesystem to be mounted.", APPLIED, V1_0_0);
    MOUNTS_NULLFS_SOURCE_RELATIVE_FREEBSD = req!("mounts_nullfs_source_relative_freebsd", Must, "config.md#mounts", FreeBsd, "a relative nullfs source is relative to the bundle",
        "Path values for bind mounts are either absolute or relative to the bundle.", APPLIED, V1_3_0);
    MOUNTS_TMPFS_OPTIONS_ENFORCED_FREEBSD = req!("mounts_tmpfs_options_enforced_freebsd", Must, "config.md#mounts", FreeBsd, "tmpfs size and mode options are enforced: the mode is the directory's, writes beyond the size fail",
        "options (array of strings, OPTIONAL) Mount options of the filesystem to be used.", APPLIED, V1_3_0);
}
