//! Linux: forking the container process into new namespaces with clone3(2),
//! born in a PID namespace joined by path when the bundle names one.

use nix::sched::{setns, CloneFlags};
use std::fs::File;
use std::io;
use std::path::Path;

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

/// Forks with `CLONE_NEW*` `flags`, in the PID namespace at `pid_ns` if given
/// (setns(2) for PID namespaces applies to children only, so `create` joins it
/// around the clone and goes back). Returns 0 in the child.
pub fn clone_into(flags: u64, pid_ns: Option<&Path>) -> io::Result<i32> {
    let back = match pid_ns {
        Some(path) => {
            let ours = File::open("/proc/self/ns/pid")?;
            let target = File::open(path)
                .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
            setns(target, CloneFlags::CLONE_NEWPID)?;
            Some(ours)
        }
        None => None,
    };
    let args = CloneArgs {
        flags,
        exit_signal: libc::SIGCHLD as u64,
        ..Default::default()
    };
    // SAFETY: clone3 without a stack behaves as fork(2); jailrun starts no
    // threads, so the child may run ordinary code. nix has no clone3.
    let r = unsafe {
        libc::syscall(
            libc::SYS_clone3,
            &args as *const CloneArgs,
            std::mem::size_of::<CloneArgs>(),
        )
    };
    let forked = if r < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(r as i32)
    };
    if let (Some(ours), Ok(pid)) = (back, &forked) {
        if *pid != 0 {
            setns(ours, CloneFlags::CLONE_NEWPID)?;
        }
    }
    forked
}
