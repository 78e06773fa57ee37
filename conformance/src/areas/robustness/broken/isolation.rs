//! Modes that leave the container process tied to its caller: a descriptor the
//! caller left open reaches the container, or the container stays in the
//! caller's session and process group (so a caller killing its runtime call's
//! group on a timeout kills the container too).

use crate::broken_mode::{Call, Error, Flow};

/// Descriptors probed for one the caller left open: far above what a caller
/// hands a runtime by accident.
const PROBED: i32 = 1024;

pub(super) fn leak_caller_descriptors(call: Call) -> Result<Flow, Error> {
    let open: Vec<i32> = (3..PROBED).filter(|&fd| inherited(fd)).collect();
    if open.is_empty() {
        return Ok(Flow::Forward(call));
    }
    for (i, &fd) in open.iter().enumerate() {
        let to = 3 + i as i32;
        // Ascending, so `to` is free, the wrapper's own (close-on-exec, not
        // needed) or an inherited one already copied lower down. The copy has
        // no close-on-exec.
        // SAFETY: duplicating an open descriptor onto `to`.
        if fd != to && unsafe { libc::dup2(fd, to) } < 0 {
            return Err(Error::sys("dup2")(nix::Error::last()));
        }
    }
    Ok(Flow::Forward(preserving(call, open.len())))
}

/// `call` with `--preserve-fds n` right after its subcommand, instead of any
/// the caller gave.
pub(super) fn preserving(mut call: Call, n: usize) -> Call {
    call.drop_flag_with_value("--preserve-fds");
    let at = call.positional(0).map_or(call.args.len(), |i| i + 1);
    call.args
        .splice(at..at, ["--preserve-fds".to_string(), n.to_string()]);
    call
}

/// Whether `fd` is open and would survive execve (the caller's, not the wrapper's).
pub(super) fn inherited(fd: i32) -> bool {
    // SAFETY: F_GETFD only reads the descriptor's flags; a closed one gives EBADF.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFD) };
    flags >= 0 && flags & libc::FD_CLOEXEC == 0
}

#[cfg(target_os = "linux")]
pub(super) fn stay_in_callers_session(call: Call) -> Result<Flow, Error> {
    setsid_does_nothing()?;
    Ok(Flow::Forward(call))
}

#[cfg(not(target_os = "linux"))]
pub(super) fn stay_in_callers_session(_call: Call) -> Result<Flow, Error> {
    Err(Error::Call(
        "mode stay-in-callers-session works on Linux only (it needs seccomp)".into(),
    ))
}

/// Installs a seccomp filter under which setsid(2) returns 0 without acting; it
/// is inherited by the runtime and everything it forks or executes. Root needs
/// no PR_SET_NO_NEW_PRIVS for it (seccomp(2): CAP_SYS_ADMIN).
#[cfg(target_os = "linux")]
pub(super) fn setsid_does_nothing() -> Result<(), Error> {
    use libc::{sock_filter, sock_fprog};
    // struct seccomp_data: nr at offset 0, arch at offset 4 (linux/seccomp.h).
    const NR: u32 = 0;
    const ARCH: u32 = 4;
    const LD_ABS: u16 = (libc::BPF_LD | libc::BPF_W | libc::BPF_ABS) as u16;
    const JEQ: u16 = (libc::BPF_JMP | libc::BPF_JEQ | libc::BPF_K) as u16;
    const RET: u16 = (libc::BPF_RET | libc::BPF_K) as u16;
    let insn = |code, jt, jf, k| sock_filter { code, jt, jf, k };
    let filter = [
        insn(LD_ABS, 0, 0, ARCH),
        // Another ABI numbers its calls otherwise: leave it alone.
        insn(JEQ, 0, 3, native_arch()),
        insn(LD_ABS, 0, 0, NR),
        insn(JEQ, 0, 1, libc::SYS_setsid as u32),
        // SECCOMP_RET_ERRNO with errno 0: the call returns 0, having done nothing.
        insn(RET, 0, 0, libc::SECCOMP_RET_ERRNO),
        insn(RET, 0, 0, libc::SECCOMP_RET_ALLOW),
    ];
    let prog = sock_fprog {
        len: filter.len() as u16,
        filter: filter.as_ptr() as *mut sock_filter,
    };
    // SAFETY: prctl(2) reads the program, which outlives the call.
    let r = unsafe {
        libc::prctl(
            libc::PR_SET_SECCOMP,
            libc::SECCOMP_MODE_FILTER,
            &prog as *const sock_fprog,
        )
    };
    if r < 0 {
        return Err(Error::sys("prctl(PR_SET_SECCOMP)")(nix::Error::last()));
    }
    Ok(())
}

/// AUDIT_ARCH_* of this build (linux/audit.h).
#[cfg(target_os = "linux")]
pub(super) fn native_arch() -> u32 {
    if cfg!(target_arch = "x86_64") {
        0xc000_003e
    } else if cfg!(target_arch = "aarch64") {
        0xc000_00b7
    } else {
        // No filter matches: the mode then breaks nothing, and the self-test says so.
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_leak_is_passed_as_preserve_fds_after_the_subcommand() {
        let call = |args: &[&str]| Call {
            real: "real".into(),
            args: args.iter().map(|a| a.to_string()).collect(),
        };
        let create = call(&["--root", "/r", "create", "--bundle", "/b", "c1"]);
        assert_eq!(
            preserving(create, 1).args,
            [
                "--root",
                "/r",
                "create",
                "--preserve-fds",
                "1",
                "--bundle",
                "/b",
                "c1"
            ]
        );
        let exec = call(&["exec", "--preserve-fds", "1", "--process", "/p", "c1"]);
        assert_eq!(
            preserving(exec, 2).args,
            ["exec", "--preserve-fds", "2", "--process", "/p", "c1"]
        );
    }

    #[test]
    fn only_descriptors_without_close_on_exec_count_as_inherited() {
        let (a, _b) = std::os::unix::net::UnixStream::pair().expect("pair");
        let fd = std::os::fd::AsRawFd::as_raw_fd(&a);
        assert!(!inherited(fd), "std opens descriptors close-on-exec");
        // SAFETY: clearing the flags of our own descriptor.
        unsafe { libc::fcntl(fd, libc::F_SETFD, 0) };
        assert!(inherited(fd));
    }
}
