//! Blocking and waiting for signals.
//!
//! Waiting is done with every catchable signal blocked and `sigwait`, not with
//! handlers: a pid-namespace init process never receives a signal whose disposition
//! is the default, but a blocked signal is always queued, so `sigwait` sees it.

use crate::failure::Failure;
use integ_inside::{signal_name, SignalReport};
use std::mem::MaybeUninit;

/// The set of all signals.
fn full_set() -> libc::sigset_t {
    let mut set = MaybeUninit::<libc::sigset_t>::uninit();
    // SAFETY: sigfillset initialises the set it is given.
    unsafe {
        libc::sigfillset(set.as_mut_ptr());
        set.assume_init()
    }
}

/// Blocks every signal that can be blocked (all but SIGKILL and SIGSTOP), then
/// resets every disposition to the default.
///
/// Resetting matters on FreeBSD, which discards an ignored signal even while it is
/// blocked (Rust ignores SIGPIPE at start-up, and a runtime may pass on ignored
/// signals across exec).
pub fn block_all() -> Result<(), Failure> {
    let set = full_set();
    // SAFETY: set is initialised; the old mask is not wanted.
    let rc = unsafe { libc::sigprocmask(libc::SIG_SETMASK, &set, std::ptr::null_mut()) };
    if rc != 0 {
        return Err(Failure::runtime("sigprocmask", crate::sys::last_error()));
    }
    for sig in 1..signal_count() {
        if sig == libc::SIGKILL || sig == libc::SIGSTOP {
            continue;
        }
        // SAFETY: setting SIG_DFL is always safe; numbers the kernel reserves
        // (glibc's internal ones) just fail with EINVAL, which is fine.
        unsafe { libc::signal(sig, libc::SIG_DFL) };
    }
    Ok(())
}

/// One more than the highest signal number.
fn signal_count() -> i32 {
    #[cfg(target_os = "linux")]
    {
        libc::SIGRTMAX() + 1
    }
    #[cfg(target_os = "freebsd")]
    {
        // _SIG_MAXSIG + 1
        129
    }
    #[cfg(not(any(target_os = "linux", target_os = "freebsd")))]
    {
        32
    }
}

/// Waits for the next blocked signal other than SIGCHLD and SIGURG and reports it.
///
/// SIGCHLD comes from our own children or, as a pid-namespace init, from orphans
/// that were reparented to us: exited children are reaped and the wait goes on.
/// SIGURG is noise that no test sends: runtimes written in Go (runc) forward every
/// signal they get, and Go's scheduler sends itself SIGURG to preempt goroutines.
/// Call [`block_all`] first.
pub fn wait_one() -> Result<SignalReport, Failure> {
    let set = full_set();
    loop {
        let mut sig: libc::c_int = 0;
        // SAFETY: set is initialised and sig is writable.
        let rc = unsafe { libc::sigwait(&set, &mut sig) };
        if rc == libc::EINTR {
            continue;
        }
        if rc != 0 {
            return Err(Failure::runtime(
                "sigwait",
                std::io::Error::from_raw_os_error(rc),
            ));
        }
        if sig == libc::SIGCHLD {
            reap_orphans();
            continue;
        }
        if sig == libc::SIGURG {
            continue;
        }
        return Ok(report(sig));
    }
}

/// A report of `sig` received by this process.
pub fn report(sig: i32) -> SignalReport {
    SignalReport {
        // SAFETY: getpid cannot fail.
        pid: unsafe { libc::getpid() },
        signal: sig,
        name: signal_name(sig).map_or_else(|| sig.to_string(), str::to_string),
    }
}

/// Reaps every child that has exited, without blocking.
fn reap_orphans() {
    loop {
        let mut status = 0;
        // SAFETY: status is writable; WNOHANG never blocks.
        let pid = unsafe { libc::waitpid(-1, &mut status, libc::WNOHANG) };
        if pid <= 0 {
            return;
        }
    }
}

/// Sleeps until killed; signals keep the dispositions they had.
pub fn pause_forever() -> ! {
    loop {
        // SAFETY: pause only waits.
        unsafe { libc::pause() };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_names_known_and_unknown_signals() {
        assert_eq!(report(libc::SIGUSR1).name, "USR1");
        assert_eq!(report(libc::SIGTERM).name, "TERM");
        #[cfg(target_os = "linux")]
        assert_eq!(report(libc::SIGRTMIN()).name, libc::SIGRTMIN().to_string());
    }
}
