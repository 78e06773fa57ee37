//! Terminal facts shared by `process` and `tty-echo`: which standard descriptors are
//! terminals, the window size, and whether we have a controlling terminal.

use crate::sys;
use integ_inside::WinSize;

/// isatty() of fds 0, 1 and 2.
pub fn standard_ttys() -> [bool; 3] {
    [sys::isatty(0), sys::isatty(1), sys::isatty(2)]
}

/// Window size of the first of fds 0, 1, 2 that is a terminal.
pub fn size() -> Option<WinSize> {
    let fd = (0..3).find(|&fd| sys::isatty(fd))?;
    // SAFETY: winsize is plain data; TIOCGWINSZ fills it or fails.
    let mut ws: libc::winsize = unsafe { std::mem::zeroed() };
    // SAFETY: fd is open (isatty succeeded) and ws is a valid winsize.
    let rc = unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut ws) };
    (rc == 0).then_some(WinSize {
        rows: ws.ws_row,
        cols: ws.ws_col,
    })
}

/// Whether the process has a controlling terminal.
///
/// `/dev/tty` opens exactly when it has one; an empty root filesystem may have no
/// `/dev/tty`, so then ask a terminal on fd 0, 1 or 2 for its foreground process
/// group, which fails (ENOTTY) unless it is our controlling terminal.
pub fn has_controlling_terminal() -> bool {
    let path = c"/dev/tty";
    // SAFETY: path is NUL-terminated; the descriptor is closed right away.
    let fd = unsafe {
        libc::open(
            path.as_ptr(),
            libc::O_RDWR | libc::O_NOCTTY | libc::O_CLOEXEC,
        )
    };
    if fd >= 0 {
        // SAFETY: fd was just opened by us.
        unsafe { libc::close(fd) };
        return true;
    }
    // SAFETY: tcgetpgrp only queries the descriptor.
    (0..3).any(|fd| sys::isatty(fd) && unsafe { libc::tcgetpgrp(fd) } >= 0)
}
