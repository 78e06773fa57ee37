//! Small helpers for raw file descriptors, usable after fork/clone.

use nix::errno::Errno;
use std::io;
use std::os::fd::{BorrowedFd, RawFd};

fn borrow(fd: RawFd) -> BorrowedFd<'static> {
    // SAFETY: callers pass descriptors they hold open for the call.
    unsafe { BorrowedFd::borrow_raw(fd) }
}

/// Writes all of `buf` to `fd`, retrying on EINTR.
pub fn write_all(fd: RawFd, mut buf: &[u8]) -> io::Result<()> {
    while !buf.is_empty() {
        match nix::unistd::write(borrow(fd), buf) {
            Ok(n) => buf = &buf[n..],
            Err(Errno::EINTR) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// Reads into `buf` once, retrying on EINTR; returns the count (0 at end of file).
pub fn read(fd: RawFd, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        match nix::unistd::read(borrow(fd), buf) {
            Ok(n) => return Ok(n),
            Err(Errno::EINTR) => {}
            Err(e) => return Err(e.into()),
        }
    }
}
