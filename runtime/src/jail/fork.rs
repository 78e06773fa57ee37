//! Running a few system calls in a forked child, and `kill --all`'s child.
//!
//! Portable, so that it is compiled and tested everywhere; the FreeBSD-only
//! calls are passed in by `sys_freebsd`.

use nix::errno::Errno;
use nix::sys::wait::{waitpid, WaitStatus};
use nix::unistd::{fork, ForkResult};
use std::io;

/// Runs `child` in a forked process and returns its exit status (128 + the
/// signal number if it was killed).
///
/// # Safety
/// The caller may be multi-threaded: `child` must only make async-signal-safe
/// calls (no allocation, no locks).
pub unsafe fn in_child(child: impl FnOnce() -> i32) -> io::Result<i32> {
    // SAFETY: the caller guarantees that `child` is async-signal-safe.
    match unsafe { fork() }? {
        ForkResult::Child => {
            let code = std::panic::catch_unwind(std::panic::AssertUnwindSafe(child)).unwrap_or(127);
            // SAFETY: _exit(2) ends the child without running the parent's destructors.
            unsafe { libc::_exit(code) }
        }
        ForkResult::Parent { child } => loop {
            match waitpid(child, None) {
                Ok(WaitStatus::Exited(_, code)) => return Ok(code),
                Ok(WaitStatus::Signaled(_, sig, _)) => return Ok(128 + sig as i32),
                Ok(_) | Err(Errno::EINTR) => continue,
                Err(e) => return Err(e.into()),
            }
        },
    }
}

const SIGNALLED: i32 = 0;
const NOBODY: i32 = 1;
const ATTACH_FAILED: i32 = 10;
const KILL_FAILED: i32 = 120;
const MAX_ERRNO: i32 = 109;

/// `kill --all` for jail `jid`: a child calls `attach(jid)`, then
/// `kill_everyone(signal)` (kill(-1, signal) inside the jail), and reports
/// through its exit status. Both return `Err(errno)` on failure. `Ok(false)`
/// when the jail had no process to signal (ESRCH).
pub fn signal_jail(
    jid: i32,
    signal: i32,
    attach: fn(i32) -> Result<(), i32>,
    kill_everyone: fn(i32) -> Result<(), i32>,
) -> io::Result<bool> {
    let child = move || match attach(jid) {
        Err(e) => ATTACH_FAILED + e.clamp(0, MAX_ERRNO),
        Ok(()) => match kill_everyone(signal) {
            Ok(()) => SIGNALLED,
            Err(e) if e == libc::ESRCH => NOBODY,
            Err(e) => KILL_FAILED + e.clamp(0, MAX_ERRNO),
        },
    };
    // SAFETY: `attach` and `kill_everyone` are single system calls.
    let code = unsafe { in_child(child) }?;
    let os = |e: i32, what: &str| {
        let err = io::Error::from_raw_os_error(e);
        io::Error::new(err.kind(), format!("{what}: {err}"))
    };
    match code {
        SIGNALLED => Ok(true),
        NOBODY => Ok(false),
        c if (ATTACH_FAILED..=ATTACH_FAILED + MAX_ERRNO).contains(&c) => {
            Err(os(c - ATTACH_FAILED, &format!("jail_attach({jid})")))
        }
        c if (KILL_FAILED..=KILL_FAILED + MAX_ERRNO).contains(&c) => {
            Err(os(c - KILL_FAILED, &format!("kill(-1, {signal})")))
        }
        c => Err(io::Error::other(format!(
            "kill --all child exited with status {c}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_the_childs_status() {
        // SAFETY: the closure only returns a number.
        assert_eq!(unsafe { in_child(|| 7) }.ok(), Some(7));
    }

    #[test]
    fn kill_all_outcomes() {
        let ok = |_: i32| Ok(());
        let eperm = |_: i32| Err(libc::EPERM);
        let esrch = |_: i32| Err(libc::ESRCH);
        assert_eq!(signal_jail(3, 15, ok, ok).ok(), Some(true));
        assert_eq!(signal_jail(3, 15, ok, esrch).ok(), Some(false));
        let e = signal_jail(3, 15, eperm, ok).expect_err("attach fails");
        assert!(e.to_string().starts_with("jail_attach(3): "), "{e}");
        let e = signal_jail(3, 9, ok, eperm).expect_err("kill fails");
        assert!(e.to_string().starts_with("kill(-1, 9): "), "{e}");
    }
}
