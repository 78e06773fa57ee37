//! A non-detached `exec` passes on the signals it gets to the process it runs,
//! as runc does, so that an engine (or a shell) that signals the runtime
//! reaches the program; and exits with the program's status.
//!
//! The signals are blocked before the process is forked, so none is lost or
//! kills `jailrun` in between; the process unblocks them itself (its plan ends
//! with `ResetSignals`). Then sigwait(2) takes them one at a time: SIGCHLD means
//! the process may have ended, any other is sent on with kill(2).

use nix::errno::Errno;
use nix::sys::signal::{kill, SigSet, SigmaskHow, Signal};
use nix::sys::wait::{waitpid, WaitPidFlag, WaitStatus};
use nix::unistd::Pid;

/// The signals forwarded: every catchable one but those the kernel raises
/// for a fault of jailrun itself (blocking those would hide the fault).
fn forwarded() -> SigSet {
    let mut set = SigSet::empty();
    for sig in Signal::iterator() {
        let never = matches!(
            sig,
            Signal::SIGKILL
                | Signal::SIGSTOP
                | Signal::SIGCHLD
                | Signal::SIGSEGV
                | Signal::SIGBUS
                | Signal::SIGFPE
                | Signal::SIGILL
                | Signal::SIGTRAP
                | Signal::SIGSYS
        );
        if !never {
            set.add(sig);
        }
    }
    set
}

/// Signals held back from `jailrun` while it runs a process; the previous mask
/// comes back when this is dropped.
pub struct Forwarder {
    waited: SigSet,
    previous: SigSet,
}

impl Forwarder {
    /// Blocks the forwarded signals and SIGCHLD; call before forking.
    pub fn block() -> nix::Result<Forwarder> {
        let mut waited = forwarded();
        waited.add(Signal::SIGCHLD);
        let mut previous = SigSet::empty();
        nix::sys::signal::sigprocmask(SigmaskHow::SIG_BLOCK, Some(&waited), Some(&mut previous))?;
        Ok(Forwarder { waited, previous })
    }

    /// Forwards every signal to `pid` until it ends; returns its exit status
    /// (128+N when signal N killed it).
    pub fn wait(&self, pid: i32) -> nix::Result<i32> {
        let pid = Pid::from_raw(pid);
        loop {
            match waitpid(pid, Some(WaitPidFlag::WNOHANG)) {
                Ok(WaitStatus::Exited(_, code)) => return Ok(code),
                Ok(WaitStatus::Signaled(_, sig, _)) => return Ok(128 + sig as i32),
                Ok(_) | Err(Errno::EINTR) => {}
                Err(e) => return Err(e),
            }
            let sig = self.waited.wait()?;
            if sig != Signal::SIGCHLD {
                // Gone in between: the next waitpid reports its status.
                let _ = kill(pid, sig);
            }
        }
    }
}

impl Drop for Forwarder {
    fn drop(&mut self) {
        let _ = nix::sys::signal::sigprocmask(SigmaskHow::SIG_SETMASK, Some(&self.previous), None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_and_sigchld_are_not_forwarded() {
        let set = forwarded();
        for sig in [
            Signal::SIGTERM,
            Signal::SIGINT,
            Signal::SIGHUP,
            Signal::SIGUSR1,
        ] {
            assert!(set.contains(sig), "{sig}");
        }
        for sig in [Signal::SIGCHLD, Signal::SIGSEGV, Signal::SIGKILL] {
            assert!(!set.contains(sig), "{sig}");
        }
    }
}
