//! The console: a pseudo-terminal for the container process, whose master is sent to
//! the caller's `--console-socket` with SCM_RIGHTS (as runc does).

use std::io;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use std::os::unix::net::UnixStream;
use std::path::Path;

use crate::spec::config::ConsoleSize;

/// A new pseudo-terminal pair.
#[cfg(target_os = "linux")]
#[derive(Debug)]
pub struct Pty {
    pub master: OwnedFd,
    pub slave: OwnedFd,
    /// Path of the slave as seen through the devpts it came from, e.g. `/dev/pts/3`.
    pub name: String,
}

fn check(r: libc::c_int) -> io::Result<libc::c_int> {
    if r < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(r)
    }
}

/// Opens a pty through the multiplexer at `ptmx` (e.g. `<root>/dev/pts/ptmx`).
#[cfg(target_os = "linux")]
pub fn open_pty(ptmx: &Path) -> io::Result<Pty> {
    let master = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags_noctty()
        .open(ptmx)?;
    let master = OwnedFd::from(master);
    let m = master.as_raw_fd();
    let mut unlock: libc::c_int = 0;
    let mut num: libc::c_uint = 0;
    // SAFETY: ioctls on a ptmx fd with pointers to properly typed locals.
    unsafe {
        check(libc::ioctl(m, libc::TIOCSPTLCK, &mut unlock))?;
        check(libc::ioctl(m, libc::TIOCGPTN, &mut num))?;
    }
    // SAFETY: TIOCGPTPEER returns a new fd for the slave side.
    let s = check(unsafe {
        libc::ioctl(
            m,
            libc::TIOCGPTPEER,
            libc::O_RDWR | libc::O_NOCTTY | libc::O_CLOEXEC,
        )
    })?;
    // SAFETY: fresh fd.
    let slave = unsafe { <OwnedFd as std::os::fd::FromRawFd>::from_raw_fd(s) };
    Ok(Pty {
        master,
        slave,
        name: format!("/dev/pts/{num}"),
    })
}

#[cfg(target_os = "linux")]
trait NoCtty {
    fn custom_flags_noctty(&mut self) -> &mut Self;
}

#[cfg(target_os = "linux")]
impl NoCtty for std::fs::OpenOptions {
    fn custom_flags_noctty(&mut self) -> &mut Self {
        use std::os::unix::fs::OpenOptionsExt;
        self.custom_flags(libc::O_NOCTTY | libc::O_CLOEXEC)
    }
}

/// Applies `process.consoleSize` to the terminal.
pub fn set_size(fd: RawFd, size: ConsoleSize) -> io::Result<()> {
    let ws = libc::winsize {
        ws_row: size.height,
        ws_col: size.width,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCSWINSZ reads a winsize.
    check(unsafe { libc::ioctl(fd, libc::TIOCSWINSZ, &ws) }).map(drop)
}

/// Connects to the caller's console socket.
pub fn connect(socket: &Path) -> io::Result<UnixStream> {
    UnixStream::connect(socket)
}

/// Sends `master` over `sock` with SCM_RIGHTS; the payload is the terminal's name.
pub fn send_master(sock: &UnixStream, master: &OwnedFd, name: &str) -> io::Result<()> {
    use nix::sys::socket::{sendmsg, ControlMessage, MsgFlags};
    let fds = [master.as_raw_fd()];
    let iov = [std::io::IoSlice::new(name.as_bytes())];
    sendmsg::<()>(
        sock.as_raw_fd(),
        &iov,
        &[ControlMessage::ScmRights(&fds)],
        MsgFlags::empty(),
        None,
    )?;
    Ok(())
}

/// Makes the pty `slave` the controlling terminal of the session the caller
/// leads (it called setsid(2) first: TIOCSCTTY is refused to anyone else), sets
/// its size, and puts it on descriptors 0, 1 and 2.
pub fn become_controlling_terminal(slave: OwnedFd, size: Option<ConsoleSize>) -> io::Result<()> {
    // SAFETY: TIOCSCTTY on a valid terminal fd, with an integer argument
    // (nix has no wrapper).
    check(unsafe { libc::ioctl(slave.as_raw_fd(), libc::TIOCSCTTY as _, 0) })?;
    if let Some(size) = size {
        set_size(slave.as_raw_fd(), size)?;
    }
    nix::unistd::dup2_stdin(&slave)?;
    nix::unistd::dup2_stdout(&slave)?;
    nix::unistd::dup2_stderr(&slave)?;
    // Dropping `slave` closes it unless it was one of 0, 1 and 2.
    if slave.as_raw_fd() <= 2 {
        std::mem::forget(slave);
    }
    Ok(())
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::os::fd::AsFd;

    #[test]
    fn pty_and_scm_rights_round_trip() {
        let pty = open_pty(Path::new("/dev/ptmx")).expect("pty");
        assert!(pty.name.starts_with("/dev/pts/"));
        set_size(
            pty.master.as_raw_fd(),
            ConsoleSize {
                height: 24,
                width: 80,
            },
        )
        .expect("size");
        let (a, b) = UnixStream::pair().expect("pair");
        send_master(&a, &pty.master, &pty.name).expect("send");
        let mut buf = [0u8; 64];
        let mut cmsg = nix::cmsg_space!([RawFd; 1]);
        let mut iov = [std::io::IoSliceMut::new(&mut buf)];
        let msg = nix::sys::socket::recvmsg::<()>(
            b.as_fd().as_raw_fd(),
            &mut iov,
            Some(&mut cmsg),
            nix::sys::socket::MsgFlags::empty(),
        )
        .expect("recvmsg");
        let got = msg.cmsgs().expect("cmsgs").count();
        assert_eq!(got, 1);
    }
}
