//! The host side of a TCP exchange with a container: a one-shot server (accepts one
//! connection, reads a line, replies, closes) and a client (sends a line, reads the
//! reply to EOF). Both give up at a deadline, so no thread or test hangs.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::os::fd::AsFd;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use nix::poll::{poll, PollFd, PollFlags, PollTimeout};

use crate::harness::verdict::Verdict;

/// Longest line either side reads.
const MAX_LINE: u64 = 64 * 1024;

/// A listener on the host serving exactly one connection, on its own thread.
pub struct OneShotServer {
    addr: SocketAddr,
    serving: JoinHandle<Result<String, String>>,
}

impl OneShotServer {
    /// Listens on `ip` (an ephemeral port) and, on its thread, serves one
    /// connection within `timeout`: reads one line, sends `reply`, closes.
    pub fn start(ip: IpAddr, reply: &str, timeout: Duration) -> Result<OneShotServer, Verdict> {
        let listener = TcpListener::bind((ip, 0))
            .map_err(|e| Verdict::Error(format!("listen on {ip}: {e}")))?;
        let addr = listener
            .local_addr()
            .map_err(|e| Verdict::Error(format!("listener address: {e}")))?;
        let reply = reply.to_string();
        let deadline = Instant::now() + timeout;
        let serving = std::thread::Builder::new()
            .name(format!("listener-{addr}"))
            .spawn(move || serve_one(&listener, &reply, deadline))
            .map_err(|e| Verdict::Error(format!("listener thread: {e}")))?;
        Ok(OneShotServer { addr, serving })
    }

    /// The address the container connects to.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Waits for the exchange to end; returns the line the client sent, or why no
    /// exchange happened (a failure of what the test checks).
    pub fn received(self) -> Result<String, Verdict> {
        let addr = self.addr;
        match self.serving.join() {
            Ok(Ok(line)) => Ok(line),
            Ok(Err(why)) => Err(Verdict::Fail(format!("host listener {addr}: {why}"))),
            Err(_) => Err(Verdict::Error(format!("host listener {addr} panicked"))),
        }
    }
}

fn serve_one(listener: &TcpListener, reply: &str, deadline: Instant) -> Result<String, String> {
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err("no connection arrived".into());
        }
        let ms = u16::try_from(left.as_millis()).unwrap_or(u16::MAX);
        let mut fds = [PollFd::new(listener.as_fd(), PollFlags::POLLIN)];
        match poll(&mut fds, PollTimeout::from(ms)) {
            Ok(1..) => break,
            Ok(_) | Err(nix::errno::Errno::EINTR) => {}
            Err(e) => return Err(format!("poll: {e}")),
        }
    }
    let (stream, _) = listener.accept().map_err(|e| format!("accept: {e}"))?;
    let left = deadline
        .saturating_duration_since(Instant::now())
        .max(Duration::from_millis(100));
    stream
        .set_read_timeout(Some(left))
        .and_then(|()| stream.set_write_timeout(Some(left)))
        .map_err(|e| format!("socket timeouts: {e}"))?;
    let mut line = Vec::new();
    BufReader::new((&stream).take(MAX_LINE))
        .read_until(b'\n', &mut line)
        .map_err(|e| format!("receive: {e}"))?;
    (&stream)
        .write_all(reply.as_bytes())
        .and_then(|()| stream.shutdown(Shutdown::Both))
        .map_err(|e| format!("send: {e}"))?;
    Ok(String::from_utf8_lossy(&line).into_owned())
}

/// Connects to `addr`, sends `message`, closes the sending side and returns
/// everything received until the peer closes; an error is a failure of the test.
pub fn exchange(addr: SocketAddr, message: &str, timeout: Duration) -> Result<String, Verdict> {
    let fail = |what: &str, e: std::io::Error| Verdict::Fail(format!("{what} {addr}: {e}"));
    let stream = TcpStream::connect_timeout(&addr, timeout).map_err(|e| fail("connect to", e))?;
    stream
        .set_read_timeout(Some(timeout))
        .and_then(|()| stream.set_write_timeout(Some(timeout)))
        .map_err(|e| Verdict::Error(format!("socket timeouts: {e}")))?;
    (&stream)
        .write_all(message.as_bytes())
        .and_then(|()| stream.shutdown(Shutdown::Write))
        .map_err(|e| fail("send to", e))?;
    let mut received = Vec::new();
    (&stream)
        .take(MAX_LINE)
        .read_to_end(&mut received)
        .map_err(|e| fail("receive from", e))?;
    Ok(String::from_utf8_lossy(&received).into_owned())
}
