//! FreeBSD mount types: nullfs, tmpfs, devfs, fdescfs and procfs inside a jail
//! (config.md#mounts, config-freebsd.md#devices). Skipped elsewhere by their
//! requirements' platform.

use crate::req;

use integ_inside::{MountsReport, PathsReport, WriteReport};
use serde_json::{json, Value};

use crate::areas::freebsd::checks as chk;
use crate::areas::support::mounts::{host_dir, mountpoint, read_inside};
use crate::harness::host::host_needs;
use crate::harness::{bundle::mounts, CaseResult, Sandbox, Verdict};
use crate::{check, check_eq};

cases! {
    nullfs_directory: &[req::MOUNTS_NULLFS_FREEBSD];
    nullfs_ro: &[req::MOUNTS_NULLFS_FREEBSD];
    tmpfs_with_options: &[req::MOUNTS_TMPFS_FREEBSD];
    nullfs_source_relative_to_bundle: &[req::MOUNTS_NULLFS_SOURCE_RELATIVE_FREEBSD];
    tmpfs_size_and_mode_enforced: &[req::MOUNTS_TMPFS_OPTIONS_ENFORCED_FREEBSD];
    devfs_with_ruleset: &[req::MOUNTS_DEVFS_FREEBSD];
    fdescfs: &[req::MOUNTS_FDESCFS_FREEBSD];
    procfs: &[req::MOUNTS_PROCFS_FREEBSD];
}

/// A mount of a FreeBSD filesystem type that needs no source directory.
fn special(fstype: &str, destination: &str, options: &[&str]) -> Value {
    json!({
        "destination": destination,
        "type": fstype,
        "source": fstype,
        "options": options,
    })
}

/// Runs `mounts` in the jail, with the mounts below its root visible. A run that
/// speaks a release older than freebsd.jail.enforceStatfs (1.3.0) cannot ask for
/// that: where the runtime keeps enforce_statfs 2, the jail sees its root mount
/// alone (jail(8), enforce_statfs), and the test cannot tell a missing mount from
/// a hidden one, so it is skipped.
fn mounts_seen(sb: &mut Sandbox) -> Result<MountsReport, Verdict> {
    let spec = sb.suite().spec.version;
    mounts::make_visible(&mut sb.config, spec);
    let seen: MountsReport = sb.run_helper(&["mounts"])?;
    let only_root = seen.mounts.iter().all(|m| m.target == "/");
    if only_root && spec < crate::catalogue::version::V1_3_0 {
        return Err(Verdict::Skip(format!(
            "the jail sees its root mount alone: the run speaks spec {spec}, which has \
             no freebsd.jail.enforceStatfs to make the mounts visible"
        )));
    }
    Ok(seen)
}

fn nullfs_directory(sb: &mut Sandbox) -> CaseResult {
    let src = host_dir(sb, "src", "hello", "nullfs\n")?;
    mountpoint(sb, "/mnt/null")?;
    mounts::add(&mut sb.config, mounts::bind(&src, "/mnt/null", &[]));
    let got = read_inside(sb, "/mnt/null/hello")?;
    check_eq!(got.as_str(), "nullfs\n", "/mnt/null/hello");
    Ok(())
}

fn nullfs_ro(sb: &mut Sandbox) -> CaseResult {
    let src = host_dir(sb, "src", "existing", "x")?;
    mountpoint(sb, "/mnt/null")?;
    mounts::add(&mut sb.config, mounts::bind(&src, "/mnt/null", &["ro"]));
    let w: WriteReport = sb.run_helper(&["write-file", "/mnt/null/new"])?;
    chk::write_refused(&w, libc::EROFS)?;
    check!(
        !src.join("new").exists(),
        "the write through the ro nullfs mount reached the host"
    );
    Ok(())
}

fn tmpfs_with_options(sb: &mut Sandbox) -> CaseResult {
    mountpoint(sb, "/scratch")?;
    mounts::add(
        &mut sb.config,
        mounts::tmpfs("/scratch", &["size=1m", "mode=1777"]),
    );
    chk::mount_type(&mounts_seen(sb)?, "/scratch", "tmpfs")
}

fn devfs_with_ruleset(sb: &mut Sandbox) -> CaseResult {
    host_needs::require(host_needs::JAIL_RULESET)?;
    mounts::add(&mut sb.config, special("devfs", "/dev", &["ruleset=4"]));
    let r: PathsReport =
        sb.run_helper(&["paths", "/dev/null", "/dev/zero", "/dev/mem", "/dev/kmem"])?;
    // Ruleset 4 (devfsrules_jail) unhides null and zero and keeps mem, kmem hidden.
    chk::path_present(&r, "/dev/null", None)?;
    chk::path_present(&r, "/dev/zero", None)?;
    chk::path_absent(&r, "/dev/mem")?;
    chk::path_absent(&r, "/dev/kmem")
}

/// Only the mount itself is checked: devfs alone already provides /dev/fd/0, 1
/// and 2 (share/man/man5/fdescfs.5), so finding them would not show that fdescfs
/// was mounted.
fn fdescfs(sb: &mut Sandbox) -> CaseResult {
    host_needs::require(host_needs::JAIL_RULESET)?;
    mounts::add(&mut sb.config, special("devfs", "/dev", &["ruleset=4"]));
    mounts::add(&mut sb.config, special("fdescfs", "/dev/fd", &[]));
    chk::mount_type(&mounts_seen(sb)?, "/dev/fd", "fdescfs")
}

fn procfs(sb: &mut Sandbox) -> CaseResult {
    mounts::add(&mut sb.config, special("procfs", "/proc", &[]));
    let status = read_inside(sb, "/proc/curproc/status")?;
    chk::proc_status_of_helper(&status)
}

fn nullfs_source_relative_to_bundle(sb: &mut Sandbox) -> CaseResult {
    let dir = sb.bundle.path.join("shared");
    std::fs::create_dir_all(&dir).map_err(|e| Verdict::Error(format!("mkdir shared: {e}")))?;
    std::fs::write(dir.join("hello"), "relative\n")
        .map_err(|e| Verdict::Error(format!("write: {e}")))?;
    mountpoint(sb, "/mnt/rel")?;
    mounts::add(
        &mut sb.config,
        mounts::bind(std::path::Path::new("shared"), "/mnt/rel", &[]),
    );
    let got = read_inside(sb, "/mnt/rel/hello")?;
    check_eq!(
        got.as_str(),
        "relative\n",
        "/mnt/rel/hello (source \"shared\" in the bundle)"
    );
    Ok(())
}

/// tmpfs `size=64k,mode=1770`: the mountpoint has mode 1770 and a 128 KiB write
/// fails with ENOSPC.
fn tmpfs_size_and_mode_enforced(sb: &mut Sandbox) -> CaseResult {
    mountpoint(sb, "/scratch")?;
    mounts::add(
        &mut sb.config,
        mounts::tmpfs("/scratch", &["size=64k", "mode=1770"]),
    );
    let base = sb.config.clone();
    let r: PathsReport = sb.run_helper(&["paths", "/scratch"])?;
    chk::path_present(&r, "/scratch", Some(0o1770))?;
    sb.config = base;
    sb.id = sb.other_id("fill");
    let big = "x".repeat(128 * 1024);
    let w: WriteReport = sb.run_helper(&["write-file", "/scratch/big", &big])?;
    chk::write_refused(&w, libc::ENOSPC)
}
