//! Ready FIFOs: the helper writes a line when it is ready for its event; the suite
//! waits on that instead of sleeping.

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::os::fd::AsFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
use nix::sys::stat::Mode;

use crate::harness::verdict::Verdict;

/// A FIFO the suite reads and the helper writes.
pub struct ReadyFifo {
    pub host_path: PathBuf,
    file: File,
    /// The process expected to write; once it has exited, no line will come.
    watched: Option<i32>,
}

/// How long one poll lasts while a watched process may exit instead of writing.
const WATCH_SLICE: Duration = Duration::from_millis(50);

impl ReadyFifo {
    /// Creates the FIFO at `host_path` and opens it (read+write, so no writer is
    /// needed yet and the open does not block).
    pub fn create(host_path: &Path) -> Result<ReadyFifo, Verdict> {
        nix::unistd::mkfifo(host_path, Mode::from_bits_truncate(0o666))
            .map_err(|e| Verdict::Error(format!("mkfifo {}: {e}", host_path.display())))?;
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(host_path)
            .map_err(|e| Verdict::Error(format!("open {}: {e}", host_path.display())))?;
        Ok(ReadyFifo {
            watched: None,
            host_path: host_path.to_path_buf(),
            file,
        })
    }

    /// Makes [`ReadyFifo::wait`] give up as soon as `pid` (the container process,
    /// reaped by the suite) has exited without writing: a broken runtime then costs
    /// no full timeout per test.
    pub fn watch(&mut self, pid: i32) {
        self.watched = Some(pid);
    }

    /// Waits until a line arrives; a timeout is the runtime's failure (the process
    /// never got to run).
    pub fn wait(&mut self, timeout: Duration, what: &str) -> Result<String, Verdict> {
        let deadline = Instant::now() + timeout;
        let mut got = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(Verdict::Fail(format!(
                    "{what}: no ready signal within {timeout:?}"
                )));
            }
            let slice = match self.watched {
                Some(pid) => {
                    if let Some(exit) = crate::harness::runtime::reaper::Reaper::global().peek(pid)
                    {
                        return Err(Verdict::Fail(format!(
                            "{what}: ended with {exit} before it was ready"
                        )));
                    }
                    left.min(WATCH_SLICE)
                }
                None => left,
            };
            let ms = u16::try_from(slice.as_millis()).unwrap_or(u16::MAX);
            let mut fds = [PollFd::new(self.file.as_fd(), PollFlags::POLLIN)];
            match poll(&mut fds, PollTimeout::from(ms)) {
                Ok(0) | Err(nix::errno::Errno::EINTR) => continue,
                Ok(_) => {}
                Err(e) => return Err(Verdict::Error(format!("poll ready fifo: {e}"))),
            }
            let mut buf = [0u8; 256];
            match self.file.read(&mut buf) {
                Ok(n) => got.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(e) => return Err(Verdict::Error(format!("read ready fifo: {e}"))),
            }
            if got.contains(&b'\n') {
                return Ok(String::from_utf8_lossy(&got).trim().to_string());
            }
        }
    }
}
