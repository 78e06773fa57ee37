//! Running a few system calls in a forked child, and `kill --all`'s child.
//!
//! Portable, so that it is compiled and tested everywhere; the FreeBSD-only
//! calls are passed in by `sys_freebsd`.

use nix::errno::Errno;
use nix::sys::wait::{waitpid, WaitStatus};
use nix::unistd::{fork, ForkResult};
use std::io;

/// How a forked child ended: its exit status, or the signal that killed it.
/// Kept apart so that no signal can be read as an exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChildEnd {
    /// It called _exit(2) with this status.
    Exited(i32),
    /// It was killed by this signal.
    Signaled(i32),
}

/// The exit status of a child whose closure panicked.
const PANICKED: i32 = 127;

/// Runs `child` in a forked process and returns how it ended.
///
/// # Safety
/// The caller may be multi-threaded: `child` must only make async-signal-safe
/// calls (no allocation, no locks).
pub unsafe fn in_child(child: impl FnOnce() -> i32) -> io::Result<ChildEnd> {
    // SAFETY: the caller guarantees that `child` is async-signal-safe.
    match unsafe { fork() }? {
        ForkResult::Child => {
            let code =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(child)).unwrap_or(PANICKED);
            // SAFETY: _exit(2) ends the child without running the parent's destructors.
            unsafe { libc::_exit(code) }
        }
        ForkResult::Parent { child } => loop {
            match waitpid(child, None) {
                Ok(WaitStatus::Exited(_, code)) => return Ok(ChildEnd::Exited(code)),
                Ok(WaitStatus::Signaled(_, sig, _)) => return Ok(ChildEnd::Signaled(sig as i32)),
                Ok(_) | Err(Errno::EINTR) => continue,
                Err(e) => return Err(e.into()),
            }
        },
    }
}

// The exit statuses of `kill --all`'s child: two ranges of errno codes that
// leave out PANICKED, both within the 0..=255 an exit status can carry.
const SIGNALLED: i32 = 0;
const NOBODY: i32 = 1;
const ATTACH_FAILED: i32 = 2;
const KILL_FAILED: i32 = 128;
const MAX_ERRNO: i32 = 109;

/// The child's exit status for a failed jail_attach(2).
fn attach_failed(errno: i32) -> i32 {
    ATTACH_FAILED + errno.clamp(0, MAX_ERRNO)
}

/// The child's exit status for a failed kill(2).
fn kill_failed(errno: i32) -> i32 {
    KILL_FAILED + errno.clamp(0, MAX_ERRNO)
}

/// What the end of `kill --all`'s child says: `Ok(true)` signalled,
/// `Ok(false)` nobody to signal, or the call that failed with its errno.
fn outcome(end: ChildEnd, jid: i32, signal: i32) -> io::Result<bool> {
    let os = |e: i32, what: &str| {
        let err = io::Error::from_raw_os_error(e);
        io::Error::new(err.kind(), format!("{what}: {err}"))
    };
    let code = match end {
        ChildEnd::Exited(code) => code,
        ChildEnd::Signaled(sig) => {
            return Err(io::Error::other(format!(
                "kill --all child for jail {jid} was killed by signal {sig}"
            )))
        }
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
        Err(e) => attach_failed(e),
        Ok(()) => match kill_everyone(signal) {
            Ok(()) => SIGNALLED,
            Err(e) if e == libc::ESRCH => NOBODY,
            Err(e) => kill_failed(e),
        },
    };
    // SAFETY: `attach` and `kill_everyone` are single system calls.
    let end = unsafe { in_child(child) }?;
    outcome(end, jid, signal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_the_childs_status() {
        // SAFETY: the closure only returns a number.
        assert_eq!(unsafe { in_child(|| 7) }.ok(), Some(ChildEnd::Exited(7)));
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

    /// A child killed by SIGKILL once ended as status 137, read as kill(2)
    /// failing with errno 17.
    #[test]
    fn a_child_killed_by_a_signal_is_not_a_kill_errno() {
        let ok = |_: i32| Ok(());
        let killed = |_: i32| {
            // SAFETY: raise(3) on the calling process, in the forked child.
            unsafe { libc::raise(libc::SIGKILL) };
            Ok(())
        };
        let e = signal_jail(3, 9, ok, killed).expect_err("the child was killed");
        assert_eq!(
            e.to_string(),
            "kill --all child for jail 3 was killed by signal 9"
        );
    }

    #[test]
    fn every_errno_is_read_back_and_no_other_end_is_taken_for_one() {
        for errno in 0..=MAX_ERRNO {
            for (code, call) in [
                (attach_failed(errno), "jail_attach(3)"),
                (kill_failed(errno), "kill(-1, 15)"),
            ] {
                assert!((0..=255).contains(&code) && code != PANICKED, "{code}");
                let e = outcome(ChildEnd::Exited(code), 3, 15).expect_err("a failure");
                let want = format!("{call}: {}", io::Error::from_raw_os_error(errno));
                assert_eq!(e.to_string(), want);
            }
        }
        for sig in 1..=128 {
            let e = outcome(ChildEnd::Signaled(sig), 3, 15).expect_err("killed");
            assert!(e.to_string().contains("killed by signal"), "{e}");
        }
        let e = outcome(ChildEnd::Exited(PANICKED), 3, 15).expect_err("panicked");
        assert_eq!(e.to_string(), "kill --all child exited with status 127");
    }
}
