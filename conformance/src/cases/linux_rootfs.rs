//! Linux root filesystem setup: the /dev symlinks (runtime-linux.md#dev-symbolic-links),
//! rootfsPropagation (config-linux.md#rootfs-mount-propagation), filesystem data on
//! bind mounts (config-linux.md#mount-options), and procfs or sysfs never mounted
//! through a symlink of the root filesystem.

use std::fs;

use integ_inside::ReadReport;
use serde_json::json;

use super::mounts::{host_dir, mountpoint, read_inside};
use super::Case;
use crate::harness::{mounts, CaseResult, Sandbox};
use crate::{check, check_eq};

/// The Linux root filesystem tests.
pub static CASES: &[Case] = &[
    Case {
        name: "dev_symlinks",
        requirements: &["linux_dev_symlinks"],
        needs: &[],
        body: dev_symlinks,
    },
    Case {
        name: "rootfs_propagation_shared",
        requirements: &["linux_rootfs_propagation"],
        needs: &[],
        body: rootfs_propagation_shared,
    },
    Case {
        name: "bind_mount_with_data_option",
        requirements: &["linux_mount_data_passed"],
        needs: &[],
        body: bind_mount_with_data_option,
    },
    Case {
        name: "proc_symlink_refused",
        requirements: &["linux_proc_not_through_symlink"],
        needs: &[],
        body: proc_symlink_refused,
    },
];

fn dev_symlinks(sb: &mut Sandbox) -> CaseResult {
    // The suite gives the container /dev/null as stdin, and files as stdout and
    // stderr: each link opens (and /dev/null reads as nothing); without the
    // links there is nothing at these paths.
    for path in [
        "/dev/stdin",
        "/dev/fd/0",
        "/dev/stdout",
        "/dev/fd/1",
        "/dev/stderr",
    ] {
        let r: ReadReport = sb.run_helper(&["read-file", path])?;
        check!(
            r.contents.is_some(),
            "{path} cannot be opened inside the container (errno {:?})",
            r.errno
        );
        if path.ends_with("stdin") || path.ends_with("/0") {
            check_eq!(
                r.contents.as_deref(),
                Some(""),
                "{path} (stdin is /dev/null)"
            );
        }
    }
    Ok(())
}

fn rootfs_propagation_shared(sb: &mut Sandbox) -> CaseResult {
    sb.config["linux"]["rootfsPropagation"] = json!("shared");
    let dir = host_dir(sb, "data", "which", "shared-root")?;
    mountpoint(sb, "/data")?;
    mounts::add(&mut sb.config, mounts::bind(&dir, "/data", &[]));
    let got = read_inside(sb, "/data/which")?;
    check_eq!(
        got.as_str(),
        "shared-root",
        "/data/which with rootfsPropagation shared"
    );
    Ok(())
}

fn bind_mount_with_data_option(sb: &mut Sandbox) -> CaseResult {
    // config-linux.md#mount-options: options that are not flags SHOULD be passed
    // through as data; for a bind mount the kernel ignores them.
    let dir = host_dir(sb, "data", "which", "bound-with-data")?;
    mountpoint(sb, "/data")?;
    mounts::add(&mut sb.config, mounts::bind(&dir, "/data", &["mode=755"]));
    let got = read_inside(sb, "/data/which")?;
    check_eq!(
        got.as_str(),
        "bound-with-data",
        "/data/which of a bind mount with mode=755"
    );
    Ok(())
}

fn proc_symlink_refused(sb: &mut Sandbox) -> CaseResult {
    // The positive control: the same bundle with a plain /proc is accepted.
    super::control::accepted(sb, super::control::Upto::Create, &[])?;
    // /proc in the root filesystem points at another directory of the root: a
    // runtime that follows it mounts procfs there.
    let proc_dir = sb.rootfs.join("proc");
    if proc_dir.is_dir() {
        fs::remove_dir(&proc_dir)?;
    }
    fs::create_dir_all(sb.rootfs.join("elsewhere"))?;
    std::os::unix::fs::symlink("/elsewhere", &proc_dir)?;
    sb.helper_args(&["exit", "0"]);
    let id = sb.id.clone();
    let create = sb.try_create_id(&id, &[])?;
    check!(
        !create.ok(),
        "create mounted proc through the symlink /proc -> /elsewhere instead of refusing"
    );
    Ok(())
}
