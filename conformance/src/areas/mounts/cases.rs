//! Mounts: order, bind mounts of directories and files, ro and rw, tmpfs and its
//! options, proc, missing destinations, symlinks that point out of the root, and
//! nothing left on the host after delete (config.md#mounts, #linux-mount-options,
//! #posix-platform-mounts).

use crate::req;

use std::fs;
use std::path::Path;

use integ_inside::{MountsReport, ReadReport, WriteReport};

use crate::areas::support::control::{self, Upto};
use crate::areas::support::mounts::{host_dir, mountpoint, read_inside};
use crate::harness::{bundle::mounts, host::leaks, CaseResult, Sandbox, Verdict};
use crate::{check, check_eq};

cases! {
    later_mount_shadows_earlier: &[req::MOUNTS_ORDER];
    bind_directory: &[req::MOUNTS_BIND];
    bind_file: &[req::MOUNTS_BIND];
    bind_rw_write_reaches_host: &[req::MOUNTS_BIND];
    bind_ro_refuses_writes: &[req::MOUNTS_RO];
    bind_source_relative_to_bundle: &[req::MOUNTS_BIND_SOURCE_RELATIVE];
    tmpfs_covers_directory: &[req::MOUNTS_TMPFS];
    tmpfs_writable: &[req::MOUNTS_TMPFS];
    tmpfs_size_and_mode_options: &[req::MOUNTS_FS_OPTIONS];
    tmpfs_size_enforced: &[req::MOUNTS_FS_OPTIONS];
    proc_shows_container_processes: &[req::MOUNTS_PROC];
    missing_destination_created: &[req::MOUNTS_DESTINATION_CREATED];
    symlink_destination_stays_inside_root: &[req::MOUNTS_SYMLINK_CONTAINED];
    mounts_gone_after_delete: &[req::DELETE_REMOVES_RESOURCES];
}

fn later_mount_shadows_earlier(sb: &mut Sandbox) -> CaseResult {
    let first = host_dir(sb, "first", "which", "first")?;
    let second = host_dir(sb, "second", "which", "second")?;
    mountpoint(sb, "/data")?;
    mounts::add(&mut sb.config, mounts::bind(&first, "/data", &[]));
    mounts::add(&mut sb.config, mounts::bind(&second, "/data", &[]));
    let got = read_inside(sb, "/data/which")?;
    check_eq!(
        got.as_str(),
        "second",
        "/data/which (the second mount at /data must cover the first)"
    );
    Ok(())
}

fn bind_directory(sb: &mut Sandbox) -> CaseResult {
    let src = host_dir(sb, "src", "hello", "bound directory\n")?;
    mountpoint(sb, "/mnt/bound")?;
    mounts::add(&mut sb.config, mounts::bind(&src, "/mnt/bound", &[]));
    let got = read_inside(sb, "/mnt/bound/hello")?;
    check_eq!(got.as_str(), "bound directory\n", "/mnt/bound/hello");
    Ok(())
}

fn bind_file(sb: &mut Sandbox) -> CaseResult {
    let src = host_dir(sb, "src", "bound.conf", "bound file\n")?;
    fs::write(
        sb.bundle.rootfs.join("etc/bound.conf"),
        "the root's own file\n",
    )?;
    mounts::add(
        &mut sb.config,
        mounts::bind(&src.join("bound.conf"), "/etc/bound.conf", &[]),
    );
    let got = read_inside(sb, "/etc/bound.conf")?;
    check_eq!(got.as_str(), "bound file\n", "/etc/bound.conf");
    Ok(())
}

fn bind_rw_write_reaches_host(sb: &mut Sandbox) -> CaseResult {
    let src = host_dir(sb, "src", "existing", "x")?;
    mountpoint(sb, "/mnt/rw")?;
    mounts::add(&mut sb.config, mounts::bind(&src, "/mnt/rw", &["rw"]));
    let w: WriteReport = sb.run_helper(&["write-file", "/mnt/rw/new", "from the container\n"])?;
    check!(w.ok, "write through the rw mount failed: {:?}", w.error);
    let host = fs::read_to_string(src.join("new")).unwrap_or_default();
    check_eq!(
        host.as_str(),
        "from the container\n",
        "the host's copy of the written file"
    );
    Ok(())
}

fn bind_ro_refuses_writes(sb: &mut Sandbox) -> CaseResult {
    let src = host_dir(sb, "src", "existing", "x")?;
    mountpoint(sb, "/mnt/ro")?;
    mounts::add(&mut sb.config, mounts::bind(&src, "/mnt/ro", &["ro"]));
    let w: WriteReport = sb.run_helper(&["write-file", "/mnt/ro/new", "should not land\n"])?;
    check!(!w.ok, "a write through the ro mount succeeded");
    check_eq!(w.errno, Some(libc::EROFS), "errno of the refused write");
    check!(
        !src.join("new").exists(),
        "the write through the ro mount reached the host"
    );
    Ok(())
}

fn bind_source_relative_to_bundle(sb: &mut Sandbox) -> CaseResult {
    let src = sb.bundle.path.join("relative-src");
    fs::create_dir_all(&src)?;
    fs::write(src.join("hello"), "relative\n")?;
    mountpoint(sb, "/mnt/rel")?;
    mounts::add(
        &mut sb.config,
        mounts::bind(Path::new("relative-src"), "/mnt/rel", &[]),
    );
    let got = read_inside(sb, "/mnt/rel/hello")?;
    check_eq!(got.as_str(), "relative\n", "/mnt/rel/hello");
    Ok(())
}

fn tmpfs_covers_directory(sb: &mut Sandbox) -> CaseResult {
    mountpoint(sb, "/scratch")?;
    fs::write(
        sb.bundle.rootfs.join("scratch/under"),
        "hidden by the tmpfs",
    )?;
    mounts::add(&mut sb.config, mounts::tmpfs("/scratch", &[]));
    let r: ReadReport = sb.run_helper(&["read-file", "/scratch/under"])?;
    check!(
        r.contents.is_none(),
        "/scratch/under of the root is visible: no fresh tmpfs covers /scratch"
    );
    Ok(())
}

fn tmpfs_writable(sb: &mut Sandbox) -> CaseResult {
    mountpoint(sb, "/scratch")?;
    mounts::add(&mut sb.config, mounts::tmpfs("/scratch", &[]));
    let w: WriteReport = sb.run_helper(&["write-file", "/scratch/new", "in tmpfs\n"])?;
    check!(w.ok, "write into the tmpfs failed: {:?}", w.error);
    check!(
        !sb.bundle.rootfs.join("scratch/new").exists(),
        "the write into the tmpfs landed in the root filesystem"
    );
    Ok(())
}

/// The entry for `target` in a mounts report.
fn entry<'a>(r: &'a MountsReport, target: &str) -> Result<&'a integ_inside::MountEntry, Verdict> {
    r.mounts
        .iter()
        .rev()
        .find(|m| m.target == target)
        .ok_or_else(|| Verdict::Fail(format!("no mount at {target} inside the container")))
}

fn tmpfs_size_and_mode_options(sb: &mut Sandbox) -> CaseResult {
    mountpoint(sb, "/sized")?;
    mounts::add(
        &mut sb.config,
        mounts::tmpfs("/sized", &["size=64k", "mode=710", "nosuid"]),
    );
    let r: MountsReport = sb.run_helper(&["mounts"])?;
    let m = entry(&r, "/sized")?;
    check_eq!(m.fstype.as_str(), "tmpfs", "type of /sized");
    for want in ["size=64k", "mode=710", "nosuid"] {
        check!(
            m.options.iter().any(|o| o == want),
            "option {want} missing from /sized: {:?}",
            m.options
        );
    }
    Ok(())
}

fn tmpfs_size_enforced(sb: &mut Sandbox) -> CaseResult {
    mountpoint(sb, "/small")?;
    mounts::add(&mut sb.config, mounts::tmpfs("/small", &["size=16k"]));
    // Six times the size, and below the kernel's limit for one argument (128 KiB).
    let big = "x".repeat(100 * 1024);
    let w: WriteReport = sb.run_helper(&["write-file", "/small/big", &big])?;
    check!(!w.ok, "100 KiB fit in a tmpfs of size=16k");
    check_eq!(w.errno, Some(libc::ENOSPC), "errno of the write");
    Ok(())
}

fn proc_shows_container_processes(sb: &mut Sandbox) -> CaseResult {
    // The base configuration mounts proc at /proc in a new pid namespace, where the
    // helper is process 1.
    let cmdline = read_inside(sb, "/proc/1/cmdline")?;
    let args: Vec<&str> = cmdline.split('\0').collect();
    check!(
        args.get(1) == Some(&"read-file"),
        "/proc/1/cmdline is {cmdline:?}, not the container's own program"
    );
    Ok(())
}

fn missing_destination_created(sb: &mut Sandbox) -> CaseResult {
    let src = host_dir(sb, "src", "hello", "deep\n")?;
    if sb.bundle.rootfs.join("new").exists() {
        return Err(Verdict::Error("the test root already has /new".into()));
    }
    mounts::add(&mut sb.config, mounts::bind(&src, "/new/deep/dir", &[]));
    let got = read_inside(sb, "/new/deep/dir/hello")?;
    check_eq!(got.as_str(), "deep\n", "/new/deep/dir/hello");
    Ok(())
}

fn symlink_destination_stays_inside_root(sb: &mut Sandbox) -> CaseResult {
    // A runtime may refuse the escaping mounts; the bundle without them must work.
    control::accepted(sb, Upto::Create, &[])?;
    // An absolute symlink to an existing host directory, and a relative one that
    // climbs out of the root to a directory that does not exist on the host.
    let outside = host_dir(sb, "outside", "marker", "host\n")?;
    let outside = fs::canonicalize(&outside)?;
    let climbed = sb.bundle.path.join("outside-relative");
    std::os::unix::fs::symlink(&outside, sb.bundle.rootfs.join("escape-abs"))?;
    std::os::unix::fs::symlink("../outside-relative", sb.bundle.rootfs.join("escape-rel"))?;
    let payload = host_dir(sb, "payload", "payload", "payload\n")?;
    mounts::add(&mut sb.config, mounts::tmpfs("/escape-abs", &[]));
    mounts::add(&mut sb.config, mounts::bind(&payload, "/escape-rel", &[]));
    sb.helper_args(&["write-file", "/escape-abs/written"]);
    let create = sb.own().try_create(&[])?;
    if create.ok() {
        check_host_untouched(&outside, &climbed)?;
        let pid = sb.own().pid()?;
        sb.own().start()?;
        sb.wait_exit(pid)?;
    }
    check_host_untouched(&outside, &climbed)
}

/// The host side of a symlink escape: no mount on the directories the symlinks
/// name, nothing created or written there.
fn check_host_untouched(outside: &Path, climbed: &Path) -> CaseResult {
    let table = leaks::host_mount_points();
    for dir in [outside, climbed] {
        check!(
            !table.iter().any(|m| Path::new(m) == dir),
            "a container mount landed on the host at {}",
            dir.display()
        );
    }
    check!(
        !climbed.exists(),
        "the runtime created {} outside the root, following ../ out of it",
        climbed.display()
    );
    let mut names: Vec<String> = fs::read_dir(outside)?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    check_eq!(
        names,
        vec!["marker".to_string()],
        "contents of the host directory {} the symlink points to",
        outside.display()
    );
    Ok(())
}

fn mounts_gone_after_delete(sb: &mut Sandbox) -> CaseResult {
    let src = host_dir(sb, "src", "keep", "the bind source's own file\n")?;
    mountpoint(sb, "/mnt/bound")?;
    mountpoint(sb, "/scratch")?;
    mounts::add(&mut sb.config, mounts::bind(&src, "/mnt/bound", &[]));
    mounts::add(&mut sb.config, mounts::tmpfs("/scratch", &[]));
    sb.helper_args(&["write-file", "/scratch/data"]);
    let exit = sb.own().run_to_exit()?;
    check!(exit.success(), "program ended with {exit}");
    sb.own().delete()?;
    let left = leaks::mounts_under(&sb.dir);
    check!(left.is_empty(), "mounts left on the host: {left:?}");
    check!(
        src.join("keep").is_file(),
        "delete removed a file of the bind source, which the container did not create"
    );
    Ok(())
}
