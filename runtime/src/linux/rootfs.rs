//! Building the container's root: mounts in order, default devices, masked and
//! read-only paths, then pivot_root.

use super::plan::{MountStep, Plan, DEFAULT_DEVICES};
use super::sys;
use crate::mount_options::ms;
use crate::secure_path::resolve_in_root;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// A failure while building the root, with the path it concerns.
pub fn err(what: impl std::fmt::Display, e: io::Error) -> String {
    format!("{what}: {e}")
}

/// Sets propagation of `/`, binds the root onto itself and performs every mount,
/// device and path rule of the plan (still before pivot_root).
pub fn prepare(plan: &Plan) -> Result<(), String> {
    sys::mount(None, Path::new("/"), None, plan.root_propagation.1, None)
        .map_err(|e| err("make / private", e))?;
    let root = &plan.rootfs;
    sys::mount(Some(root), root, None, ms::BIND | ms::REC, None)
        .map_err(|e| err(format!("bind root {}", root.display()), e))?;
    for m in &plan.mounts {
        mount_one(root, m)?;
    }
    default_devices(root)?;
    if plan.ptmx_symlink {
        let dest = inside(root, Path::new("/dev/ptmx"))?;
        if dest.symlink_metadata().is_err() {
            std::os::unix::fs::symlink("pts/ptmx", &dest)
                .map_err(|e| err(format!("symlink {}", dest.display()), e))?;
        }
    }
    Ok(())
}

/// Masks and write-protects paths (after the console is bound, before pivot_root).
pub fn protect_paths(plan: &Plan) -> Result<(), String> {
    let root = &plan.rootfs;
    for p in &plan.masked_paths {
        let dest = inside(root, p)?;
        match dest.metadata() {
            Ok(m) if m.is_dir() => sys::mount(
                Some(Path::new("tmpfs")),
                &dest,
                Some("tmpfs"),
                ms::RDONLY,
                None,
            ),
            Ok(_) => sys::mount(Some(Path::new("/dev/null")), &dest, None, ms::BIND, None),
            Err(_) => continue,
        }
        .map_err(|e| err(format!("mask {}", p.display()), e))?;
    }
    for p in &plan.readonly_paths {
        let dest = inside(root, p)?;
        if dest.symlink_metadata().is_err() {
            continue;
        }
        sys::mount(Some(&dest), &dest, None, ms::BIND | ms::REC, None)
            .and_then(|()| remount_readonly(&dest))
            .map_err(|e| err(format!("read-only {}", p.display()), e))?;
    }
    Ok(())
}

/// Remounts a bind mount read-only, keeping its other flags.
pub fn remount_readonly(dest: &Path) -> io::Result<()> {
    let flags = sys::current_mount_flags(dest)?;
    sys::mount(
        None,
        dest,
        None,
        ms::REMOUNT | ms::BIND | ms::RDONLY | flags,
        None,
    )
}

/// The host path of a container path, resolved without leaving the root.
pub fn inside(root: &Path, p: &Path) -> Result<PathBuf, String> {
    resolve_in_root(root, p).map_err(|e| err(format!("resolve {}", p.display()), e))
}

fn mount_one(root: &Path, m: &MountStep) -> Result<(), String> {
    let dest = inside(root, &m.destination)?;
    let what = || format!("mount {}", m.destination.display());
    if m.is_bind() {
        let src_meta = fs::metadata(&m.source)
            .map_err(|e| err(format!("{}: source {}", what(), m.source.display()), e))?;
        create_destination(&dest, src_meta.is_dir()).map_err(|e| err(what(), e))?;
        let rec = if m.options.bind == Some(true) {
            ms::REC
        } else {
            0
        };
        sys::mount(Some(&m.source), &dest, None, ms::BIND | rec, None)
            .map_err(|e| err(what(), e))?;
        if m.options.needs_bind_remount() {
            let flags = m.options.flags & !(ms::BIND | ms::REC | ms::REMOUNT);
            sys::mount(None, &dest, None, ms::REMOUNT | ms::BIND | flags, None)
                .map_err(|e| err(format!("{}: remount", what()), e))?;
        }
    } else {
        create_destination(&dest, true).map_err(|e| err(what(), e))?;
        let fstype = match m.fstype.as_str() {
            "cgroup" => "cgroup2",
            other => other,
        };
        let data = m.options.data_string();
        sys::mount(
            Some(&m.source),
            &dest,
            Some(fstype),
            m.options.flags,
            Some(&data),
        )
        .map_err(|e| err(what(), e))?;
    }
    for p in &m.options.propagation {
        sys::mount(None, &dest, None, *p, None)
            .map_err(|e| err(format!("{}: propagation", what()), e))?;
    }
    if m.options.attr_set != 0 || m.options.attr_clr != 0 {
        sys::mount_setattr_recursive(&dest, m.options.attr_set, m.options.attr_clr)
            .map_err(|e| err(format!("{}: recursive options", what()), e))?;
    }
    Ok(())
}

/// Creates a missing mount point: a directory, or an empty file for a file bind.
fn create_destination(dest: &Path, dir: bool) -> io::Result<()> {
    if dest.symlink_metadata().is_ok() {
        return Ok(());
    }
    if dir {
        return fs::create_dir_all(dest);
    }
    if let Some(parent) = dest.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(dest)
        .map(drop)
}

/// Binds the host's null, zero, full, random, urandom and tty into the root's /dev.
fn default_devices(root: &Path) -> Result<(), String> {
    use std::os::unix::fs::FileTypeExt;
    for d in DEFAULT_DEVICES {
        let p = PathBuf::from("/dev").join(d);
        let dest = inside(root, &p)?;
        if let Ok(m) = dest.symlink_metadata() {
            if m.file_type().is_char_device() {
                continue;
            }
        }
        create_destination(&dest, false).map_err(|e| err(format!("create {}", p.display()), e))?;
        sys::mount(Some(&p), &dest, None, ms::BIND, None)
            .map_err(|e| err(format!("bind {}", p.display()), e))?;
    }
    Ok(())
}

/// Binds the terminal `pty` (a path such as `/proc/self/fd/N`) onto /dev/console.
pub fn bind_console(root: &Path, pty: &Path) -> Result<(), String> {
    let dest = inside(root, Path::new("/dev/console"))?;
    create_destination(&dest, false).map_err(|e| err("create /dev/console", e))?;
    sys::mount(Some(pty), &dest, None, ms::BIND, None).map_err(|e| err("bind /dev/console", e))
}

/// Makes `root` the root of the mount namespace and drops the old one.
pub fn pivot(root: &Path, readonly: bool) -> Result<(), String> {
    sys::chdir(root).map_err(|e| err(format!("chdir {}", root.display()), e))?;
    let dot = Path::new(".");
    sys::pivot_root(dot, dot).map_err(|e| err("pivot_root", e))?;
    sys::umount2(dot, libc::MNT_DETACH).map_err(|e| err("detach old root", e))?;
    sys::chdir(Path::new("/")).map_err(|e| err("chdir /", e))?;
    if readonly {
        remount_readonly(Path::new("/")).map_err(|e| err("remount / read-only", e))?;
    }
    Ok(())
}
