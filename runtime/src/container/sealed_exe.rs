//! The runtime's binary as a sealed in-memory copy (Linux).
//!
//! The container process runs jailrun's own code from the fork until `start`
//! execs the user program, and a process that `jailrun exec` puts in the
//! container does so until it execs its program. Had it the host's jailrun
//! binary as its executable, a program in the container could open that file
//! through /proc/<pid>/exe and, once the runtime exits, overwrite the host's
//! runtime (runc's CVE-2019-5736). So `create` and `exec` first re-execute
//! themselves from a memfd holding a copy of the binary, sealed so that nobody,
//! the container included, can write, grow or shrink it, nor remove the seals.
//! The copy is private to the one invocation and vanishes with its last user.
//!
//! Whether the process already runs from such a copy is read from the kernel
//! (the seals of /proc/self/exe), not from anything a caller could set.

use nix::errno::Errno;
use nix::fcntl::{fcntl, FcntlArg, SealFlag};
use nix::sys::memfd::{memfd_create, MFdFlags};
use std::ffi::{CString, OsString};
use std::fs::File;
use std::io;
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
    if is_sealed(&exe) {
        return Ok(());
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
    let args: Vec<CString> = std::env::args_os().filter_map(c_string).collect();
    let env: Vec<CString> = std::env::vars_os()
        .filter_map(|(k, v)| {
            let mut kv = k;
            kv.push("=");
            kv.push(v);
            c_string(kv)
        })
        .collect();
    let err = match nix::unistd::fexecve(&copy, &args, &env) {
        Err(e) => e,
        Ok(never) => match never {},
    };
    Err(SealError::Exec(err))
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
