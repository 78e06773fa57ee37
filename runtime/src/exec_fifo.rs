//! The exec FIFO: holds the container process between `create` and `start`.
//!
//! `create` makes `<root>/<id>/exec.fifo`. The container process, once set up, opens
//! it for writing (relative to the container directory, which it keeps open across
//! pivot_root); that open blocks until `start` opens the FIFO for reading. The write
//! end is close-on-exec: `start` reads until end-of-file, which comes when the user
//! program was executed, or after an error message the container process wrote
//! before exiting.

use nix::errno::Errno;
use nix::fcntl::{openat, OFlag};
use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
use nix::sys::stat::{FchmodatFlags, Mode};
use nix::unistd::UnlinkatFlags;
use std::io::{self, Read};
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};
use thiserror::Error;

/// Name of the exec FIFO in the container's state directory.
pub const EXEC_FIFO: &str = "exec.fifo";

const FIFO: &str = EXEC_FIFO;

/// Errors of the start side of the handshake.
#[derive(Debug, Error)]
pub enum FifoError {
    #[error("exec fifo: {0}")]
    Io(#[from] io::Error),
    #[error("{0}")]
    Container(String),
    #[error("the container process exited before it was started")]
    Died,
}

/// Creates the FIFO in the container directory `dir`.
pub fn create(dir: BorrowedFd<'_>) -> io::Result<()> {
    let mode = Mode::from_bits_truncate(0o622);
    nix::unistd::mkfifoat(dir, FIFO, mode)?;
    // The umask must not keep a container process that dropped root from writing.
    nix::sys::stat::fchmodat(dir, FIFO, mode, FchmodatFlags::FollowSymlink)?;
    Ok(())
}

/// Container side: blocks until `start` opens the FIFO; returns the write end, which
/// must stay open until exec (it is close-on-exec).
pub fn wait_for_start(dir: BorrowedFd<'_>) -> io::Result<OwnedFd> {
    loop {
        match openat(dir, FIFO, OFlag::O_WRONLY | OFlag::O_CLOEXEC, Mode::empty()) {
            Ok(fd) => return Ok(fd),
            Err(Errno::EINTR) => {}
            Err(e) => return Err(e.into()),
        }
    }
}

/// Container side: tells `start` why the user program will not run.
pub fn report_failure(fifo: &OwnedFd, message: &str) {
    let _ = crate::fdio::write_all(fifo.as_raw_fd(), message.as_bytes());
}

/// Start side: releases the container process waiting in [`wait_for_start`], and
/// waits until it executed the user program or reported a failure. `exited` is
/// polled alongside the FIFO: it becomes readable when the container process exits.
pub fn release(dir: BorrowedFd<'_>, exited: Option<BorrowedFd<'_>>) -> Result<(), FifoError> {
    let result = wait_released(dir, exited);
    // Only now: the container process may not have opened the FIFO yet when we did.
    // From here on the container no longer counts as `created`.
    let _ = nix::unistd::unlinkat(dir, FIFO, UnlinkatFlags::NoRemoveDir);
    result
}

fn wait_released(dir: BorrowedFd<'_>, exited: Option<BorrowedFd<'_>>) -> Result<(), FifoError> {
    let flags = OFlag::O_RDONLY | OFlag::O_NONBLOCK | OFlag::O_CLOEXEC;
    let fifo = openat(dir, FIFO, flags, Mode::empty()).map_err(io::Error::from)?;
    let mut message = Vec::new();
    let mut file = std::fs::File::from(fifo);
    let mut writer_seen = false;
    loop {
        let mut fds = vec![PollFd::new(file.as_fd(), PollFlags::POLLIN)];
        fds.extend(exited.map(|e| PollFd::new(e, PollFlags::POLLIN)));
        match poll(&mut fds, PollTimeout::NONE) {
            Ok(_) => {}
            Err(Errno::EINTR) => continue,
            Err(e) => return Err(io::Error::from(e).into()),
        }
        let ready = |i: usize| {
            fds.get(i)
                .and_then(PollFd::revents)
                .is_some_and(|r| !r.is_empty())
        };
        let (fifo_ready, exit_ready) = (ready(0), ready(1));
        drop(fds);
        if fifo_ready {
            let mut buf = [0u8; 4096];
            match file.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    writer_seen = true;
                    message.extend_from_slice(&buf[..n]);
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => writer_seen = true,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e.into()),
            }
            continue;
        }
        if exit_ready {
            // The process exited. Whatever it wrote is still in the pipe; a process
            // that never opened the FIFO wrote nothing and left no writer behind.
            let mut rest = [0u8; 4096];
            while let Ok(n) = file.read(&mut rest) {
                if n == 0 {
                    break;
                }
                writer_seen = true;
                message.extend_from_slice(&rest[..n]);
            }
            if message.is_empty() && !writer_seen && !opened_by_writer(&file) {
                return Err(FifoError::Died);
            }
            break;
        }
    }
    if message.is_empty() {
        Ok(())
    } else {
        Err(FifoError::Container(
            String::from_utf8_lossy(&message).trim().to_string(),
        ))
    }
}

/// Whether a writer ever had the FIFO open since our open: poll reports POLLHUP
/// for a read end only after a writer came and went.
fn opened_by_writer(file: &std::fs::File) -> bool {
    let mut fds = [PollFd::new(file.as_fd(), PollFlags::POLLIN)];
    let _ = poll(&mut fds, PollTimeout::ZERO);
    fds[0]
        .revents()
        .is_some_and(|r| r.intersects(PollFlags::POLLHUP | PollFlags::POLLIN))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::fd::AsFd;

    fn dir() -> (tempfile::TempDir, std::fs::File) {
        let tmp = tempfile::tempdir().expect("tempdir");
        let d = std::fs::File::open(tmp.path()).expect("open dir");
        create(d.as_fd()).expect("mkfifo");
        (tmp, d)
    }

    #[test]
    fn release_returns_when_write_end_closes() {
        let (tmp, d) = dir();
        let d2 = d.try_clone().expect("dup");
        let container = std::thread::spawn(move || {
            let w = wait_for_start(d2.as_fd()).expect("open fifo");
            drop(w); // as if exec closed it
        });
        release(d.as_fd(), None).expect("release");
        container.join().expect("join");
        assert!(!tmp.path().join("exec.fifo").exists());
    }

    #[test]
    fn release_reports_the_container_error() {
        let (_tmp, d) = dir();
        let d2 = d.try_clone().expect("dup");
        let container = std::thread::spawn(move || {
            let w = wait_for_start(d2.as_fd()).expect("open fifo");
            report_failure(&w, "exec /nope: No such file or directory");
        });
        let err = release(d.as_fd(), None).expect_err("must fail");
        container.join().expect("join");
        assert_eq!(err.to_string(), "exec /nope: No such file or directory");
    }

    #[test]
    fn release_notices_a_dead_container() {
        let (_tmp, d) = dir();
        let (r, w) = std::io::pipe().expect("pipe");
        drop(w); // the "exit" notification is already readable
        let err = release(d.as_fd(), Some(r.as_fd())).expect_err("must fail");
        assert!(matches!(err, FifoError::Died));
    }
}
