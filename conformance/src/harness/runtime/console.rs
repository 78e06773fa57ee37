//! The console socket (the runc `--console-socket` convention): the suite listens on
//! a unix socket, the runtime connects and sends the pty master with SCM_RIGHTS, and
//! the suite talks to the container's terminal through that master.

use std::fs::File;
use std::io::{IoSliceMut, Read, Write};
use std::os::fd::{AsFd, AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::net::UnixListener;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use nix::cmsg_space;
use nix::errno::Errno;
use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
use nix::sys::socket::{recvmsg, ControlMessageOwned, MsgFlags, UnixAddr};

use crate::harness::verdict::{Context, Verdict};

/// A listening console socket.
pub struct ConsoleSocket {
    pub path: PathBuf,
    listener: UnixListener,
}

impl ConsoleSocket {
    /// Listens on `path` (non-blocking, so waiting has a timeout).
    pub fn bind(path: &Path) -> Result<ConsoleSocket, Verdict> {
        let listener =
            UnixListener::bind(path).ctx(format!("bind console socket {}", path.display()))?;
        listener
            .set_nonblocking(true)
            .ctx("console socket non-blocking")?;
        Ok(ConsoleSocket {
            path: path.to_path_buf(),
            listener,
        })
    }

    /// Accepts the runtime's connection and receives the pty master it sends. No
    /// connection or no descriptor within `timeout` is the runtime's failure.
    pub fn receive(&self, timeout: Duration) -> Result<PtyMaster, Verdict> {
        let deadline = Instant::now() + timeout;
        wait_readable(self.listener.as_fd(), deadline).map_err(|e| match e {
            Verdict::Fail(_) => Verdict::Fail(format!(
                "the runtime never connected to the console socket within {timeout:?}"
            )),
            other => other,
        })?;
        let (stream, _) = self.listener.accept().ctx("accept on console socket")?;
        wait_readable(stream.as_fd(), deadline)?;
        let mut data = [0u8; 4096];
        let mut iov = [IoSliceMut::new(&mut data)];
        let mut space = cmsg_space!([std::os::fd::RawFd; 4]);
        let msg = recvmsg::<UnixAddr>(
            stream.as_raw_fd(),
            &mut iov,
            Some(&mut space),
            MsgFlags::MSG_CMSG_CLOEXEC,
        )
        .ctx("recvmsg on console socket")?;
        let mut fds = Vec::new();
        for cmsg in msg.cmsgs().ctx("control messages")? {
            if let ControlMessageOwned::ScmRights(received) = cmsg {
                fds.extend(received);
            }
        }
        // SAFETY: the kernel just installed these descriptors for us; each is owned once.
        let mut owned: Vec<OwnedFd> = fds
            .into_iter()
            .map(|fd| unsafe { OwnedFd::from_raw_fd(fd) })
            .collect();
        if owned.is_empty() {
            return Err(Verdict::Fail(
                "the runtime connected to the console socket but sent no descriptor \
                 (SCM_RIGHTS)"
                    .into(),
            ));
        }
        let master = owned.swap_remove(0);
        check_is_tty(&master)?;
        Ok(PtyMaster {
            file: File::from(master),
        })
    }
}

/// The master side of the container's pseudoterminal.
pub struct PtyMaster {
    file: File,
}

impl PtyMaster {
    /// Types `text` into the container's terminal.
    pub fn write_all(&mut self, text: &str) -> Result<(), Verdict> {
        self.file
            .write_all(text.as_bytes())
            .ctx("write to pty master")
    }

    /// Reads what the container prints until `done` holds for the text so far, the
    /// terminal closes (the container's side is gone), or `timeout` passes (a failure).
    pub fn read_until(
        &mut self,
        timeout: Duration,
        done: impl Fn(&str) -> bool,
    ) -> Result<String, Verdict> {
        let deadline = Instant::now() + timeout;
        let mut got = Vec::new();
        loop {
            let text = String::from_utf8_lossy(&got).into_owned();
            if done(&text) {
                return Ok(text);
            }
            match wait_readable(self.file.as_fd(), deadline) {
                Ok(()) => {}
                Err(Verdict::Fail(_)) => {
                    return Err(Verdict::Fail(format!(
                        "terminal output incomplete after {timeout:?}: {text:.300?}"
                    )))
                }
                Err(other) => return Err(other),
            }
            let mut buf = [0u8; 4096];
            match self.file.read(&mut buf) {
                Ok(0) => return Ok(text),
                Ok(n) => got.extend_from_slice(&buf[..n]),
                // Linux reports a hung-up pty (no slave left) as EIO.
                Err(e) if e.raw_os_error() == Some(libc::EIO) => return Ok(text),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Verdict::Error(format!("read pty master: {e}"))),
            }
        }
    }
}

/// A received descriptor that is not a terminal is the runtime's failure.
fn check_is_tty(fd: &OwnedFd) -> Result<(), Verdict> {
    if nix::unistd::isatty(fd).unwrap_or(false) {
        Ok(())
    } else {
        Err(Verdict::Fail(
            "the descriptor sent over the console socket is not a terminal".into(),
        ))
    }
}

/// Waits until `fd` is readable (or hung up); the deadline passing is a `Fail`.
fn wait_readable(fd: std::os::fd::BorrowedFd<'_>, deadline: Instant) -> Result<(), Verdict> {
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Verdict::Fail("timed out".into()));
        }
        let ms = u16::try_from(left.as_millis()).unwrap_or(u16::MAX);
        let mut fds = [PollFd::new(fd, PollFlags::POLLIN)];
        match poll(&mut fds, PollTimeout::from(ms)) {
            Ok(0) | Err(Errno::EINTR) => continue,
            Ok(_) => return Ok(()),
            Err(e) => return Err(Verdict::Error(format!("poll: {e}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nix::sys::socket::{sendmsg, ControlMessage};
    use std::io::IoSlice;
    use std::os::unix::net::UnixStream;

    #[test]
    fn receives_a_pty_master_and_talks_through_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let socket = ConsoleSocket::bind(&dir.path().join("console.sock")).expect("bind");
        let pty = nix::pty::openpty(None, None).expect("openpty");
        let stream = UnixStream::connect(&socket.path).expect("connect");
        let fds = [pty.master.as_raw_fd()];
        sendmsg::<UnixAddr>(
            stream.as_raw_fd(),
            &[IoSlice::new(b"/dev/pts/x")],
            &[ControlMessage::ScmRights(&fds)],
            MsgFlags::empty(),
            None,
        )
        .expect("sendmsg");
        let mut master = socket.receive(Duration::from_secs(5)).expect("receive");
        let mut slave = File::from(pty.slave);
        slave.write_all(b"from the slave\n").expect("write slave");
        let got = master
            .read_until(Duration::from_secs(5), |t| t.contains('\n'))
            .expect("read master");
        assert!(got.starts_with("from the slave"), "{got:?}");
    }

    #[test]
    fn a_connection_without_a_descriptor_is_a_failure() {
        let dir = tempfile::tempdir().expect("tempdir");
        let socket = ConsoleSocket::bind(&dir.path().join("console.sock")).expect("bind");
        let mut stream = UnixStream::connect(&socket.path).expect("connect");
        stream.write_all(b"no fd").expect("write");
        match socket.receive(Duration::from_secs(5)) {
            Err(Verdict::Fail(m)) => assert!(m.contains("no descriptor"), "{m}"),
            Err(other) => panic!("unexpected verdict {other:?}"),
            Ok(_) => panic!("received a master from nothing"),
        }
    }

    #[test]
    fn nobody_connecting_times_out() {
        let dir = tempfile::tempdir().expect("tempdir");
        let socket = ConsoleSocket::bind(&dir.path().join("console.sock")).expect("bind");
        match socket.receive(Duration::from_millis(50)) {
            Err(Verdict::Fail(m)) => assert!(m.contains("never connected"), "{m}"),
            Err(other) => panic!("unexpected verdict {other:?}"),
            Ok(_) => panic!("received a master from nobody"),
        }
    }
}
