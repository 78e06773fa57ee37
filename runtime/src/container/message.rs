//! The one protocol between `create` and the container process while it is set
//! up: typed messages, one per datagram of a SOCK_SEQPACKET pair (JSON, so a
//! message is whole or absent, and a closed end reads as `None`).

use nix::sys::socket::{socketpair, AddressFamily, SockFlag, SockType};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::io;
use std::os::fd::{AsRawFd, OwnedFd};

/// Why a step failed, as the container process reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Failure {
    /// A system call failed with this errno.
    Errno(i32),
    /// A hook ended badly (`hooks::HookFailure`, worded).
    Hook(String),
    /// The step refused to go on (e.g. /proc is a symlink in the root).
    Refused(String),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Errno(e) => write!(f, "{}", io::Error::from_raw_os_error(*e)),
            Failure::Hook(why) | Failure::Refused(why) => f.write_str(why),
        }
    }
}

impl From<nix::Error> for Failure {
    fn from(e: nix::Error) -> Failure {
        Failure::Errno(e as i32)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Failure {
        match e.raw_os_error() {
            Some(n) => Failure::Errno(n),
            None => Failure::Refused(e.to_string()),
        }
    }
}

/// Container process → `create`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ToParent {
    /// Prestart and createRuntime hooks are due (mounts are made); waits for `Continue`.
    RuntimeHooksDue,
    /// Set up, about to wait on the exec FIFO.
    Ready,
    /// Step `step` (its index in the plan) failed.
    Failed { step: usize, failure: Failure },
}

/// `create` → container process.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ToChild {
    /// The runtime's hooks ran; go on.
    Continue,
}

/// Room for the largest message (a failure naming a path or two).
const MAX_MESSAGE: usize = 64 * 1024;

/// One end of the pair.
#[derive(Debug)]
pub struct Channel(OwnedFd);

/// A connected pair: (the parent's end, the child's end), both close-on-exec.
pub fn pair() -> io::Result<(Channel, Channel)> {
    let (a, b) = socketpair(
        AddressFamily::Unix,
        SockType::SeqPacket,
        None,
        SockFlag::SOCK_CLOEXEC,
    )?;
    Ok((Channel(a), Channel(b)))
}

impl Channel {
    /// Sends one message.
    pub fn send<T: Serialize>(&self, msg: &T) -> io::Result<()> {
        let bytes = serde_json::to_vec(msg).map_err(io::Error::other)?;
        crate::fdio::write_all(self.0.as_raw_fd(), &bytes)
    }

    /// Receives one message; `None` when the other end is closed.
    pub fn recv<T: for<'de> Deserialize<'de>>(&self) -> io::Result<Option<T>> {
        let mut buf = Vec::with_capacity(MAX_MESSAGE);
        if crate::fdio::read_to_spare(self.0.as_raw_fd(), &mut buf)? == 0 {
            return Ok(None);
        }
        // A protocol message between jailrun and the container process.
        #[allow(clippy::disallowed_methods)]
        let msg = serde_json::from_slice(&buf);
        msg.map(Some)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip() {
        let (parent, child) = pair().expect("pair");
        for m in [
            ToParent::RuntimeHooksDue,
            ToParent::Ready,
            ToParent::Failed {
                step: 3,
                failure: Failure::Errno(libc::ENOENT),
            },
        ] {
            child.send(&m).expect("send");
            assert_eq!(parent.recv::<ToParent>().expect("recv"), Some(m));
        }
        parent.send(&ToChild::Continue).expect("send");
        assert_eq!(child.recv().expect("recv"), Some(ToChild::Continue));
        drop(parent);
        assert_eq!(child.recv::<ToChild>().expect("recv"), None);
    }
}
