//! The FreeBSD-only system calls of the jail backend: jail_attach(2),
//! kill(2) with pid -1 from inside a jail, the process table (sysctl
//! `kern.proc.proc`, walked by `proc_table`), the open(2) flag nix lacks and
//! the fstatfs(2) fields it does not expose. Compiled only on FreeBSD; the
//! code around them (`fork.rs`, `mount_check.rs`, `proc_table.rs`,
//! `crate::container`) is portable and tested on Linux.

use super::fork;
use super::mount_check::FsInfo;
use super::proc_table::{self, Layout};
use nix::errno::Errno;
use nix::fcntl::OFlag;
use std::ffi::OsString;
use std::io;
use std::mem::MaybeUninit;
use std::os::fd::{AsRawFd, BorrowedFd};
use std::os::unix::ffi::OsStringExt;
use std::path::PathBuf;

/// open(2) `O_RESOLVE_BENEATH` (FreeBSD 13+): the path must not leave the
/// directory it is opened from, through `..` or a symlink.
pub const RESOLVE_BENEATH: OFlag = OFlag::from_bits_retain(libc::O_RESOLVE_BENEATH);

/// Sends `signal` to every process in jail `jid` from a child attached to it;
/// `false` when the jail had no process.
pub fn kill_all(jid: i32, signal: i32) -> io::Result<bool> {
    fork::signal_jail(jid, signal, attach, kill_everyone)
}

/// jail_attach(2) returning the errno, for the container process and `fork::signal_jail`.
pub(super) fn attach(jid: i32) -> Result<(), i32> {
    // SAFETY: jail_attach(2) takes an integer and touches none of our memory.
    if unsafe { libc::jail_attach(jid) } == 0 {
        Ok(())
    } else {
        Err(nix::errno::Errno::last_raw())
    }
}

/// kill(-1, signal): in a jail, every process of the jail but the caller.
fn kill_everyone(signal: i32) -> Result<(), i32> {
    // SAFETY: kill(2) takes integers only.
    if unsafe { libc::kill(-1, signal) } == 0 {
        Ok(())
    } else {
        Err(nix::errno::Errno::last_raw())
    }
}

/// Whether jail `name` exists and is not dying: jail_get(2) keyed by name,
/// the lookup jail_getid(3) makes (lib/libjail/jail_getid.c); the kernel
/// answers ENOENT for a jail that is not found or is dying (kern_jail.c
/// `kern_jail_get`, without JAIL_DYING).
pub fn jail_exists(name: &str) -> io::Result<bool> {
    if name.contains('\0') {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "jail name contains a NUL byte",
        ));
    }
    let mut key = *b"name\0";
    // The kernel writes the found jail's name back into the value: it is ours, mutable.
    let mut value: Vec<u8> = name.bytes().chain([0]).collect();
    let mut iov = [
        libc::iovec {
            iov_base: key.as_mut_ptr().cast(),
            iov_len: key.len(),
        },
        libc::iovec {
            iov_base: value.as_mut_ptr().cast(),
            iov_len: value.len(),
        },
    ];
    // SAFETY: two iovecs, each pointing at a live buffer of the length given;
    // the kernel writes at most that many bytes into each.
    let jid = unsafe { libc::jail_get(iov.as_mut_ptr(), 2, 0) };
    if jid >= 0 {
        return Ok(true);
    }
    match Errno::last() {
        Errno::ENOENT => Ok(false),
        e => Err(e.into()),
    }
}

/// Where `ki_pid` and `ki_jid` are in this system's `struct kinfo_proc`.
const KINFO_LAYOUT: Layout = Layout {
    pid: std::mem::offset_of!(libc::kinfo_proc, ki_pid),
    jid: std::mem::offset_of!(libc::kinfo_proc, ki_jid),
};

/// Host PIDs of the processes of the jails `jids`.
pub fn jail_pids(jids: &[i32]) -> io::Result<Vec<i32>> {
    let table = process_table()?;
    proc_table::pids_in_jails(&table, KINFO_LAYOUT, jids)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

/// sysctl `kern.proc.proc`: one `struct kinfo_proc` per process (not per thread).
fn process_table() -> io::Result<Vec<u8>> {
    let mib = [libc::CTL_KERN, libc::KERN_PROC, libc::KERN_PROC_PROC];
    // Processes may appear between asking for the size and reading: retry with more room.
    for _ in 0..8 {
        let mut len: libc::size_t = 0;
        // SAFETY: a size query: no output buffer, `len` is a valid size_t.
        let rc = unsafe {
            libc::sysctl(
                mib.as_ptr(),
                3,
                std::ptr::null_mut(),
                &mut len,
                std::ptr::null(),
                0,
            )
        };
        if rc != 0 {
            return Err(io::Error::last_os_error());
        }
        len += len / 4;
        let mut buf = vec![0u8; len];
        // SAFETY: `buf` has `len` writable bytes; the kernel writes at most `len`
        // and stores the length it wrote back in `len`.
        let rc = unsafe {
            libc::sysctl(
                mib.as_ptr(),
                3,
                buf.as_mut_ptr().cast(),
                &mut len,
                std::ptr::null(),
                0,
            )
        };
        if rc == 0 {
            buf.truncate(len);
            return Ok(buf);
        }
        let e = io::Error::last_os_error();
        if e.raw_os_error() != Some(libc::ENOMEM) {
            return Err(e);
        }
    }
    Err(io::Error::from_raw_os_error(libc::ENOMEM))
}

/// fstatfs(2) of the filesystem `fd` is on: its id, type name and mount point
/// (nix's `Statfs` gives neither the value of `f_fsid` nor `f_mntonname`).
pub fn fstatfs(fd: BorrowedFd<'_>) -> io::Result<FsInfo> {
    let mut buf = MaybeUninit::<libc::statfs>::uninit();
    // SAFETY: fstatfs(2) writes at most one struct statfs, the size of `buf`.
    Errno::result(unsafe { libc::fstatfs(fd.as_raw_fd(), buf.as_mut_ptr()) })?;
    // SAFETY: the call succeeded, so it filled `buf`.
    let st = unsafe { buf.assume_init() };
    // SAFETY: fsid_t is `struct { int32_t val[2]; }` (<sys/mount.h>), laid out
    // as [i32; 2]; transmute refuses to compile if the sizes differ.
    let fsid: [i32; 2] = unsafe { std::mem::transmute(st.f_fsid) };
    Ok(FsInfo {
        fsid,
        fstype: String::from_utf8_lossy(&c_string(&st.f_fstypename)).into_owned(),
        mounted_on: PathBuf::from(OsString::from_vec(c_string(&st.f_mntonname))),
    })
}

/// The bytes of a NUL-terminated `char` array (signed on x86_64, unsigned on aarch64).
// The cast is a no-op where `c_char` is u8 (aarch64), which clippy flags there alone.
#[allow(clippy::unnecessary_cast)]
fn c_string(chars: &[libc::c_char]) -> Vec<u8> {
    chars
        .iter()
        .map(|&c| c as u8)
        .take_while(|&b| b != 0)
        .collect()
}
