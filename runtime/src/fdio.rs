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

/// Reads once into the spare capacity of `buf`, which is not zeroed first (so
/// only the pages the data lands on are touched: a forked child copies no
/// more), retrying on EINTR; `buf` grows by the count (0 at end of file).
pub fn read_to_spare(fd: RawFd, buf: &mut Vec<u8>) -> io::Result<usize> {
    loop {
        let spare = buf.spare_capacity_mut();
        // SAFETY: read(2) writes at most `spare.len()` bytes to `spare`.
        let n = unsafe { libc::read(fd, spare.as_mut_ptr().cast(), spare.len()) };
        match Errno::result(n) {
            Ok(n) => {
                let n = n as usize;
                // SAFETY: read(2) initialised the first `n` bytes after the length.
                unsafe { buf.set_len(buf.len() + n) };
                return Ok(n);
            }
            Err(Errno::EINTR) => {}
            Err(e) => return Err(e.into()),
        }
    }
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
