//! Thin wrappers over the Linux system calls the backend uses.

use std::ffi::CString;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

/// A path as a C string.
pub fn cpath(p: &Path) -> io::Result<CString> {
    CString::new(p.as_os_str().as_bytes()).map_err(|_| io::Error::from_raw_os_error(libc::EINVAL))
}

/// A string as a C string.
pub fn cstr(s: &str) -> io::Result<CString> {
    CString::new(s).map_err(|_| io::Error::from_raw_os_error(libc::EINVAL))
}

fn check(r: libc::c_int) -> io::Result<()> {
    if r < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(())
    }
}

/// mount(2).
pub fn mount(
    source: Option<&Path>,
    target: &Path,
    fstype: Option<&str>,
    flags: u64,
    data: Option<&str>,
) -> io::Result<()> {
    let src = source.map(cpath).transpose()?;
    let tgt = cpath(target)?;
    let fs = fstype.map(cstr).transpose()?;
    let dat = data.filter(|d| !d.is_empty()).map(cstr).transpose()?;
    // SAFETY: all pointers are NUL-terminated strings or null, valid for the call.
    check(unsafe {
        libc::mount(
            src.as_ref().map_or(std::ptr::null(), |s| s.as_ptr()),
            tgt.as_ptr(),
            fs.as_ref().map_or(std::ptr::null(), |s| s.as_ptr()),
            flags as libc::c_ulong,
            dat.as_ref().map_or(std::ptr::null(), |s| s.as_ptr().cast()),
        )
    })
}

/// mount_setattr(2) with AT_RECURSIVE on `target`.
pub fn mount_setattr_recursive(target: &Path, set: u64, clr: u64) -> io::Result<()> {
    #[repr(C)]
    struct MountAttr {
        attr_set: u64,
        attr_clr: u64,
        propagation: u64,
        userns_fd: u64,
    }
    let attr = MountAttr {
        attr_set: set,
        attr_clr: clr,
        propagation: 0,
        userns_fd: 0,
    };
    let tgt = cpath(target)?;
    const AT_RECURSIVE: libc::c_uint = 0x8000;
    // SAFETY: valid path and attr struct of the size passed.
    let r = unsafe {
        libc::syscall(
            libc::SYS_mount_setattr,
            libc::AT_FDCWD,
            tgt.as_ptr(),
            AT_RECURSIVE,
            &attr as *const MountAttr,
            std::mem::size_of::<MountAttr>(),
        )
    };
    if r < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// The `MS_*` flags a mount currently has that a bind remount would otherwise clear.
pub fn current_mount_flags(target: &Path) -> io::Result<u64> {
    use crate::mount_options::ms;
    let c = cpath(target)?;
    // SAFETY: statvfs writes into the zeroed struct.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    check(unsafe { libc::statvfs(c.as_ptr(), &mut st) })?;
    let f = st.f_flag;
    let map = [
        (libc::ST_RDONLY, ms::RDONLY),
        (libc::ST_NOSUID, ms::NOSUID),
        (libc::ST_NODEV, ms::NODEV),
        (libc::ST_NOEXEC, ms::NOEXEC),
        (libc::ST_NOATIME, ms::NOATIME),
        (libc::ST_NODIRATIME, ms::NODIRATIME),
        (libc::ST_RELATIME, ms::RELATIME),
    ];
    Ok(map
        .iter()
        .filter(|(st, _)| f & st != 0)
        .fold(0, |acc, (_, m)| acc | m))
}

/// umount2(2).
pub fn umount2(target: &Path, flags: i32) -> io::Result<()> {
    let t = cpath(target)?;
    // SAFETY: valid path.
    check(unsafe { libc::umount2(t.as_ptr(), flags) })
}

/// pivot_root(2).
pub fn pivot_root(new_root: &Path, put_old: &Path) -> io::Result<()> {
    let n = cpath(new_root)?;
    let o = cpath(put_old)?;
    // SAFETY: valid paths.
    let r = unsafe { libc::syscall(libc::SYS_pivot_root, n.as_ptr(), o.as_ptr()) };
    if r < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// chdir(2).
pub fn chdir(p: &Path) -> io::Result<()> {
    let c = cpath(p)?;
    // SAFETY: valid path.
    check(unsafe { libc::chdir(c.as_ptr()) })
}

/// The arguments of clone3(2) (include/uapi/linux/sched.h).
#[repr(C)]
#[derive(Default)]
struct CloneArgs {
    flags: u64,
    pidfd: u64,
    child_tid: u64,
    parent_tid: u64,
    exit_signal: u64,
    stack: u64,
    stack_size: u64,
    tls: u64,
    set_tid: u64,
    set_tid_size: u64,
    cgroup: u64,
}

/// Forks with clone3(2) into the new namespaces in `flags`. Returns 0 in the child.
///
/// # Safety
/// Like fork(2): only sound when the calling process is single-threaded.
pub unsafe fn clone_fork(flags: u64) -> io::Result<i32> {
    let args = CloneArgs {
        flags,
        exit_signal: libc::SIGCHLD as u64,
        ..Default::default()
    };
    // SAFETY: the caller guarantees fork-safety; args is a valid clone_args.
    let r = unsafe {
        libc::syscall(
            libc::SYS_clone3,
            &args as *const CloneArgs,
            std::mem::size_of::<CloneArgs>(),
        )
    };
    if r < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(r as i32)
}

/// setns(2) on an open namespace file.
pub fn setns(fd: i32, nstype: u64) -> io::Result<()> {
    // SAFETY: plain syscall.
    check(unsafe { libc::setns(fd, nstype as libc::c_int) })
}
