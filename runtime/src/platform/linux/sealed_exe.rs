//! The runtime's binary as a sealed in-memory copy (Linux).
//!
//! The container process runs jailrun's own code from the fork until `start`
//! execs the user program, and a process that `jailrun exec` puts in the
//! container does so until it execs its program. Had it the host's jailrun
//! binary as its executable, a program in the container could open that file
//! through /proc/<pid>/exe and, once the runtime exits, overwrite the host's
//! runtime (runc's CVE-2019-5736). So `create` and `exec` first re-execute
//! themselves from a view of the binary that cannot be written through:
//! - first choice, a read-only bind mount of the binary that is attached to no
//!   mount namespace (open_tree(2) with OPEN_TREE_CLONE, then mount_setattr(2)
//!   MOUNT_ATTR_RDONLY, executed with execveat(2)): no copy, the same page cache,
//!   and nothing in any mount table for the container to remount;
//! - where the kernel has no such calls (before Linux 5.12) or refuses them, a
//!   memfd holding a copy of the binary, sealed so that nobody can write, grow
//!   or shrink it, nor remove the seals (about 4 ms more for a 4 MB binary).
//!
//! Either view is private to the one invocation and vanishes with its last user.
//!
//! Whether the process already runs from such a view is read from the kernel
//! (the mount flags or the seals of /proc/self/exe), not from anything a caller
//! could set; a binary installed on a read-only filesystem is run as it is.

use nix::errno::Errno;
use nix::fcntl::{fcntl, AtFlags, FcntlArg, SealFlag};
use nix::sys::memfd::{memfd_create, MFdFlags};
use nix::sys::statvfs::{fstatvfs, FsFlags};
use std::ffi::{CString, OsString};
use std::fs::File;
use std::io;
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::ffi::OsStringExt;
use thiserror::Error;

/// The executable jailrun reads its own binary from.
const SELF_EXE: &str = "/proc/self/exe";

/// The seals of the copy: no write, no resize, no further change of seals.
fn seals() -> SealFlag {
    SealFlag::F_SEAL_SEAL | SealFlag::F_SEAL_SHRINK | SealFlag::F_SEAL_GROW | SealFlag::F_SEAL_WRITE
}

/// Why the runtime could not run from a sealed copy of itself.
#[derive(Debug, Error)]
pub enum SealError {
    #[error("sealed copy of the runtime binary: open {SELF_EXE}: {0}")]
    Open(io::Error),
    #[error("sealed copy of the runtime binary: memfd_create: {0}")]
    Create(Errno),
    #[error("sealed copy of the runtime binary: copy {SELF_EXE}: {0}")]
    Copy(io::Error),
    #[error("sealed copy of the runtime binary: seal: {0}")]
    Seal(Errno),
    #[error("sealed copy of the runtime binary: fexecve: {0}")]
    Exec(Errno),
}

/// Returns when the process runs from a sealed copy of its binary; otherwise
/// makes one and re-executes itself from it, with the same arguments and
/// environment (the same pid, and every descriptor not close-on-exec, so
/// `--preserve-fds` and socket activation descriptors are kept).
pub fn ensure() -> Result<(), SealError> {
    let mut exe = File::open(SELF_EXE).map_err(SealError::Open)?;
    if is_sealed(&exe) || on_read_only_mount(&exe) {
        return Ok(());
    }
    let (args, env) = (arguments(), environment());
    if let Ok(view) = read_only_view() {
        drop(exe);
        // Only returns on failure; the sealed copy below is the fallback.
        let _ = nix::unistd::execveat(&view, c"", &args, &env, AtFlags::AT_EMPTY_PATH);
        exe = File::open(SELF_EXE).map_err(SealError::Open)?;
    }
    let copy = memfd_create(
        c"jailrun",
        MFdFlags::MFD_CLOEXEC | MFdFlags::MFD_ALLOW_SEALING,
    )
    .map_err(SealError::Create)?;
    let mut copy = File::from(copy);
    io::copy(&mut exe, &mut copy).map_err(SealError::Copy)?;
    drop(exe);
    fcntl(&copy, FcntlArg::F_ADD_SEALS(seals())).map_err(SealError::Seal)?;
    let err = match nix::unistd::fexecve(&copy, &args, &env) {
        Err(e) => e,
        Ok(never) => match never {},
    };
    Err(SealError::Exec(err))
}

/// This process's arguments, as execve takes them.
fn arguments() -> Vec<CString> {
    std::env::args_os().filter_map(c_string).collect()
}

/// This process's environment, as execve takes it.
fn environment() -> Vec<CString> {
    std::env::vars_os()
        .filter_map(|(k, v)| {
            let mut kv = k;
            kv.push("=");
            kv.push(v);
            c_string(kv)
        })
        .collect()
}

/// Whether `file` is on a read-only mount (a detached view made by
/// [`read_only_view`], or a binary installed read-only): nothing can be written
/// through it.
fn on_read_only_mount(file: &File) -> bool {
    fstatvfs(file).is_ok_and(|s| s.flags().contains(FsFlags::ST_RDONLY))
}

/// A read-only bind mount of this process's binary, attached to no mount
/// namespace, as an O_PATH descriptor of the file (nix has neither call).
fn read_only_view() -> Result<OwnedFd, Errno> {
    let flags = libc::OPEN_TREE_CLONE | libc::OPEN_TREE_CLOEXEC as libc::c_uint;
    // SAFETY: open_tree(2) reads the NUL-terminated path and returns a new
    // descriptor or -1; no memory of ours is written.
    let fd = unsafe {
        libc::syscall(
            libc::SYS_open_tree,
            libc::AT_FDCWD,
            c"/proc/self/exe".as_ptr(),
            flags,
        )
    };
    let fd = Errno::result(fd)?;
    let fd = i32::try_from(fd).map_err(|_| Errno::EBADF)?;
    // SAFETY: the kernel just returned this descriptor to us, open and unowned.
    let view = unsafe { OwnedFd::from_raw_fd(fd) };
    let attr = libc::mount_attr {
        attr_set: libc::MOUNT_ATTR_RDONLY,
        attr_clr: 0,
        propagation: 0,
        userns_fd: 0,
    };
    // SAFETY: mount_setattr(2) reads `size` bytes of `attr`, which lives across
    // the call; the empty path with AT_EMPTY_PATH names the descriptor itself.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_mount_setattr,
            std::os::fd::AsRawFd::as_raw_fd(&view),
            c"".as_ptr(),
            libc::AT_EMPTY_PATH,
            &attr as *const libc::mount_attr,
            std::mem::size_of::<libc::mount_attr>(),
        )
    };
    Errno::result(rc)?;
    Ok(view)
}

/// Whether `file` is a memfd carrying every seal of [`seals`]; any other file
/// has none (F_GET_SEALS fails on it).
fn is_sealed(file: &File) -> bool {
    fcntl(file, FcntlArg::F_GET_SEALS)
        .map(|bits| SealFlag::from_bits_truncate(bits).contains(seals()))
        .unwrap_or(false)
}

/// An argument or `NAME=value` as execve takes it; the kernel never hands a
/// process one with a NUL inside, so none is dropped in practice.
fn c_string(s: OsString) -> Option<CString> {
    CString::new(s.into_vec()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn the_detached_view_is_read_only_and_not_writable() {
        // Needs CAP_SYS_ADMIN and Linux 5.12; elsewhere the memfd path is used.
        let Ok(view) = read_only_view() else {
            return;
        };
        let path = format!("/proc/self/fd/{}", std::os::fd::AsRawFd::as_raw_fd(&view));
        let f = File::open(&path).expect("open the view");
        assert!(on_read_only_mount(&f), "the view is on a writable mount");
        assert!(!on_read_only_mount(
            &File::open(SELF_EXE).expect("open own binary")
        ));
        use std::os::unix::fs::MetadataExt;
        let (a, b) = (
            f.metadata().expect("stat"),
            std::fs::metadata(SELF_EXE).expect("stat"),
        );
        assert_eq!(
            (a.dev(), a.ino()),
            (b.dev(), b.ino()),
            "not a view of the binary"
        );
    }

    #[test]
    fn a_plain_file_is_not_sealed() {
        let f = File::open(SELF_EXE).expect("open own binary");
        assert!(!is_sealed(&f));
    }

    #[test]
    fn a_sealed_copy_is_recognised_and_refuses_writes() {
        let fd =
            memfd_create(c"t", MFdFlags::MFD_CLOEXEC | MFdFlags::MFD_ALLOW_SEALING).expect("memfd");
        let mut f = File::from(fd);
        f.write_all(b"\x7fELF").expect("write before sealing");
        assert!(!is_sealed(&f), "unsealed memfd counted as sealed");
        fcntl(&f, FcntlArg::F_ADD_SEALS(seals())).expect("seal");
        assert!(is_sealed(&f));
        assert!(f.write_all(b"x").is_err(), "a sealed copy took a write");
        assert!(f.set_len(1).is_err(), "a sealed copy was shrunk");
        let more = fcntl(&f, FcntlArg::F_ADD_SEALS(SealFlag::empty()));
        assert!(more.is_err(), "seals could still be changed");
    }
}
