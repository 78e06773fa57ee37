//! A handle on a process that tells when it exits: a pidfd on Linux, a kqueue
//! with EVFILT_PROC/NOTE_EXIT on FreeBSD. Both are descriptors poll(2) reports
//! readable once the process is gone, so `start` can watch the exec FIFO and
//! the process at once, and hooks and `delete --force` wait with a timeout
//! without threads or sleeps. The process need not be our child, and is never
//! reaped by the watch.

use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
use std::io;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::time::{Duration, Instant};

/// Watches one process for its exit.
#[derive(Debug)]
pub struct ExitWatch {
    fd: OwnedFd,
    /// FreeBSD: the process was gone before the watch was set.
    already_gone: bool,
}

impl ExitWatch {
    /// Starts watching `pid`. A process that already exited (a zombie, or gone
    /// on FreeBSD) gives a watch that reports the exit at once.
    pub fn open(pid: i32) -> io::Result<ExitWatch> {
        sys::open(pid)
    }

    /// Waits at most `timeout` (forever with `None`); whether the process exited.
    pub fn wait(&self, timeout: Option<Duration>) -> io::Result<bool> {
        if self.already_gone {
            return Ok(true);
        }
        let deadline = timeout.map(|t| Instant::now() + t);
        loop {
            let left = match deadline {
                None => PollTimeout::NONE,
                Some(d) => {
                    let ms = d.saturating_duration_since(Instant::now()).as_millis();
                    PollTimeout::try_from(ms.min(i32::MAX as u128) as i32)
                        .unwrap_or(PollTimeout::MAX)
                }
            };
            let mut fds = [PollFd::new(self.fd.as_fd(), PollFlags::POLLIN)];
            match poll(&mut fds, left) {
                Ok(0) => return Ok(false),
                Ok(_) => return Ok(true),
                Err(nix::errno::Errno::EINTR) => continue,
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Signals the process through the watch where the platform can (a pidfd
    /// cannot reach a new process that reused the PID).
    pub fn signal(&self, pid: i32, signal: i32) -> io::Result<()> {
        sys::signal(self, pid, signal)
    }
}

impl AsFd for ExitWatch {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

#[cfg(target_os = "linux")]
mod sys {
    use super::ExitWatch;
    use std::io;
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

    pub fn open(pid: i32) -> io::Result<ExitWatch> {
        // SAFETY: pidfd_open(2) takes a pid and flags and returns a new fd or -1
        // (nix has no wrapper).
        let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(ExitWatch {
            // SAFETY: the kernel just returned this fd and nothing else owns it.
            fd: unsafe { OwnedFd::from_raw_fd(fd as i32) },
            already_gone: false,
        })
    }

    pub fn signal(w: &ExitWatch, _pid: i32, signal: i32) -> io::Result<()> {
        // SAFETY: pidfd_send_signal(2) on an fd we own; a null siginfo means
        // "as kill(2)" (nix has no wrapper).
        let r = unsafe {
            libc::syscall(
                libc::SYS_pidfd_send_signal,
                w.fd.as_raw_fd(),
                signal,
                std::ptr::null::<libc::siginfo_t>(),
                0,
            )
        };
        if r < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }
}

#[cfg(target_os = "freebsd")]
mod sys {
    use super::ExitWatch;
    use nix::errno::Errno;
    use nix::sys::event::{EvFlags, EventFilter, FilterFlag, KEvent, Kqueue};
    use std::io;
    use std::os::fd::OwnedFd;

    pub fn open(pid: i32) -> io::Result<ExitWatch> {
        let kq = Kqueue::new()?;
        let watch = KEvent::new(
            pid as usize,
            EventFilter::EVFILT_PROC,
            EvFlags::EV_ADD | EvFlags::EV_ONESHOT,
            FilterFlag::NOTE_EXIT,
            0,
            0,
        );
        let already_gone = match kq.kevent(&[watch], &mut [], None) {
            Ok(_) => false,
            // A process that has exited cannot be watched any more.
            Err(Errno::ESRCH) => true,
            Err(e) => return Err(e.into()),
        };
        Ok(ExitWatch {
            fd: OwnedFd::from(kq),
            already_gone,
        })
    }

    pub fn signal(_w: &ExitWatch, pid: i32, signal: i32) -> io::Result<()> {
        let sig = nix::sys::signal::Signal::try_from(signal)?;
        nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), sig).map_err(Into::into)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    #[test]
    fn sees_an_exit_and_times_out_while_alive() {
        let mut child = Command::new("/bin/sh")
            .args(["-c", "cat >/dev/null"])
            .stdin(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        let watch = ExitWatch::open(child.id() as i32).expect("watch");
        assert!(!watch.wait(Some(Duration::from_millis(50))).expect("wait"));
        drop(child.stdin.take());
        assert!(watch.wait(Some(Duration::from_secs(10))).expect("wait"));
        // Not reaped by the watch: the status is still ours.
        assert!(child.wait().expect("reap").success());
    }
}
