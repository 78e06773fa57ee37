//! Messages between `create` and the container process while it is set up.

use crate::fdio;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

/// One message on the sync channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    /// Parent → child: the child's PID as the host sees it.
    Pid(i32),
    /// Child → parent: mounts are done; runtime hooks may run.
    MountsDone,
    /// Parent → child: runtime hooks succeeded; go on.
    Continue,
    /// Child → parent: set up and waiting on the exec FIFO.
    Ready,
    /// Child → parent: setup failed.
    Error(String),
}

/// One end of a SOCK_SEQPACKET pair (one message per read).
#[derive(Debug)]
pub struct Channel(OwnedFd);

/// A connected pair: (parent end, child end).
pub fn pair() -> io::Result<(Channel, Channel)> {
    let mut fds = [0; 2];
    // SAFETY: socketpair fills two fds.
    let r = unsafe {
        libc::socketpair(
            libc::AF_UNIX,
            libc::SOCK_SEQPACKET | libc::SOCK_CLOEXEC,
            0,
            fds.as_mut_ptr(),
        )
    };
    if r < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: fresh fds.
    unsafe {
        Ok((
            Channel(OwnedFd::from_raw_fd(fds[0])),
            Channel(OwnedFd::from_raw_fd(fds[1])),
        ))
    }
}

impl Channel {
    /// Sends one message.
    pub fn send(&self, msg: &Msg) -> io::Result<()> {
        let bytes = match msg {
            Msg::Pid(p) => format!("P{p}").into_bytes(),
            Msg::MountsDone => b"M".to_vec(),
            Msg::Continue => b"C".to_vec(),
            Msg::Ready => b"R".to_vec(),
            Msg::Error(e) => format!("E{e}").into_bytes(),
        };
        fdio::write_all(self.0.as_raw_fd(), &bytes)
    }

    /// Receives one message; `None` when the other end is closed.
    pub fn recv(&self) -> io::Result<Option<Msg>> {
        let mut buf = vec![0u8; 8192];
        let n = fdio::read(self.0.as_raw_fd(), &mut buf)?;
        if n == 0 {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&buf[1..n]).into_owned();
        Ok(Some(match buf[0] {
            b'P' => Msg::Pid(text.parse().unwrap_or(0)),
            b'M' => Msg::MountsDone,
            b'C' => Msg::Continue,
            b'R' => Msg::Ready,
            _ => Msg::Error(text),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip() {
        let (a, b) = pair().expect("pair");
        for m in [
            Msg::Pid(42),
            Msg::MountsDone,
            Msg::Continue,
            Msg::Ready,
            Msg::Error("boom: x".into()),
        ] {
            a.send(&m).expect("send");
            assert_eq!(b.recv().expect("recv"), Some(m));
        }
        drop(a);
        assert_eq!(b.recv().expect("recv"), None);
    }
}
