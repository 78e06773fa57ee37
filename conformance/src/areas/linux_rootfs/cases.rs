//! Linux root filesystem setup: the /dev symlinks (runtime-linux.md#dev-symbolic-links),
//! rootfsPropagation (config-linux.md#rootfs-mount-propagation), filesystem data on
//! bind mounts (config-linux.md#mount-options), and procfs or sysfs never mounted
//! through a symlink of the root filesystem.

use crate::req;

use std::fs;

use integ_inside::request::{Exit, ReadFile};
use serde_json::json;

use crate::areas::support::mounts::{host_dir, mountpoint, read_inside};
use crate::harness::{bundle::mounts, CaseResult, Sandbox};
use crate::{check, check_eq};

cases! {
    dev_symlinks: &[req::LINUX_DEV_SYMLINKS];
    rootfs_propagation_shared: &[req::LINUX_ROOTFS_PROPAGATION];
    bind_mount_with_data_option: &[req::LINUX_MOUNT_DATA_PASSED];
    proc_symlink_refused: &[req::LINUX_PROC_NOT_THROUGH_SYMLINK];
    masked_paths_unreadable: &[req::LINUX_MASKED_PATHS];
}

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
        let r = sb.ask(&ReadFile::new(path))?;
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
    crate::areas::support::control::accepted(
        sb,
        crate::areas::support::control::Upto::Create,
        &[],
    )?;
    // /proc in the root filesystem points at another directory of the root: a
    // runtime that follows it mounts procfs there.
    let proc_dir = sb.bundle.rootfs.join("proc");
    if proc_dir.is_dir() {
        fs::remove_dir(&proc_dir)?;
    }
    fs::create_dir_all(sb.bundle.rootfs.join("elsewhere"))?;
    std::os::unix::fs::symlink("/elsewhere", &proc_dir)?;
    sb.set_program(&Exit { code: 0 });
    let create = sb.own().try_create(&[])?;
    check!(
        !create.ok(),
        "create mounted proc through the symlink /proc -> /elsewhere instead of refusing"
    );
    Ok(())
}

fn masked_paths_unreadable(sb: &mut Sandbox) -> CaseResult {
    // A masked file and a masked directory, each holding data the program must
    // not read; an unmasked twin of each shows the reads themselves work.
    const SECRET: &str = "masked data\n";
    for dir in ["masked-dir", "open-dir"] {
        fs::create_dir_all(sb.bundle.rootfs.join(dir))?;
        fs::write(sb.bundle.rootfs.join(dir).join("data"), SECRET)?;
    }
    for file in ["masked-file", "open-file"] {
        fs::write(sb.bundle.rootfs.join(file), SECRET)?;
    }
    sb.config["linux"]["maskedPaths"] = json!(["/masked-file", "/masked-dir"]);
    for open in ["/open-file", "/open-dir/data"] {
        let got = read_inside(sb, open)?;
        check_eq!(got.as_str(), SECRET, "{open} (not masked)");
    }
    for masked in ["/masked-file", "/masked-dir/data"] {
        let r = sb.ask(&ReadFile::new(masked))?;
        check!(
            r.contents.as_deref() != Some(SECRET),
            "{masked} reads its data although linux.maskedPaths masks it"
        );
    }
    Ok(())
}
