//! The requirements of the linux_rootfs area: what its tests check, as data (see
//! `crate::catalogue` for the fields and `crate::req` for every constant).

use crate::catalogue::prelude::*;

requirements! {
    LINUX_DEV_SYMLINKS = req!("linux_dev_symlinks", Must, "runtime-linux.md#dev-symbolic-links", Linux, "/dev/fd, /dev/stdin, /dev/stdout and /dev/stderr link to /proc/self/fd, fd/0, fd/1 and fd/2",
        "While creating the container (step 2 in the lifecycle), runtimes MUST create the following symlinks if the source file exists after processing mounts", Stated, V1_0_0);
    LINUX_ROOTFS_PROPAGATION = req!("linux_rootfs_propagation", Must, "config-linux.md#rootfs-mount-propagation", Linux, "rootfsPropagation shared is honoured: the container is created and runs",
        "rootfsPropagation (string, OPTIONAL) sets the rootfs's mount propagation.", APPLIED, V1_0_0);
    LINUX_MOUNT_DATA_PASSED = req!("linux_mount_data_passed", Should, "config.md#linux-mount-options", Linux, "options that are not mount flags are passed to mount(2) as data, bind mounts included",
        "Runtimes SHOULD treat unknown options as filesystem-specific ones and pass those as a comma-separated string to the fifth (const void *data) argument of mount(2).", Stated, V1_2_0);
    LINUX_PROC_NOT_THROUGH_SYMLINK = req!("linux_proc_not_through_symlink", Must, "config.md#mounts", Linux, "procfs is never mounted through a symlink in the root filesystem: create refuses",
        "destination (string, REQUIRED) Destination of mount point: path inside container.",
        Derived("a /proc that is a symlink in the root would put procfs where the link points, possibly outside the container; runtime.md#create MUST fail rather than apply the mount elsewhere"), V1_0_0);
    LINUX_MASKED_PATHS = req!("linux_masked_paths", Must, "config-linux.md#masked-paths", Linux, "files and directories listed in linux.maskedPaths cannot be read inside the container",
        "will mask over the provided paths inside the container so that they cannot be read.", APPLIED, V1_0_0);
}
