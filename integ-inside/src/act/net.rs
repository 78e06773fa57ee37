//! `connect` and `listen`: one TCP exchange with a peer the suite set up.

use crate::failure::Failure;
use crate::output::Output;
use integ_inside::NetReport;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::os::unix::io::AsRawFd;
use std::time::{Duration, Instant};

/// Time allowed for a whole `connect` exchange.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Time allowed for `listen` to be connected to and served.
pub const LISTEN_TIMEOUT: Duration = Duration::from_secs(30);
/// Longest line `listen` reads.
const MAX_LINE: u64 = 64 * 1024;

/// Connects, sends `message`, shuts down writing and reads the reply to EOF.
pub fn connect(address: SocketAddr, message: &str) -> NetReport {
    report(address, exchange(address, message))
}

/// Listens, announces readiness, then serves one connection: reads one line and
/// writes it back. Failing to listen is a failure of the helper (nothing was ready).
pub fn listen(address: SocketAddr, output: &Output) -> Result<NetReport, Failure> {
    let listener =
        TcpListener::bind(address).map_err(|e| Failure::runtime(format!("listen {address}"), e))?;
    output.ready()?;
    Ok(report(address, serve_one(&listener)))
}

/// The address in the report is as the suite wrote it: `SocketAddr`'s own text.
fn report(address: SocketAddr, result: Result<String, String>) -> NetReport {
    match result {
        Ok(received) => NetReport {
            address: address.to_string(),
            ok: true,
            received: Some(received),
            error: None,
        },
        Err(error) => NetReport {
            address: address.to_string(),
            ok: false,
            received: None,
            error: Some(error),
        },
    }
}

fn exchange(address: SocketAddr, message: &str) -> Result<String, String> {
    let deadline = Instant::now() + CONNECT_TIMEOUT;
    let mut stream = TcpStream::connect_timeout(&address, CONNECT_TIMEOUT)
        .map_err(|e| format!("connect: {e}"))?;
    stream
        .set_write_timeout(Some(remaining(deadline)?))
        .and_then(|()| stream.write_all(message.as_bytes()))
        .and_then(|()| stream.shutdown(Shutdown::Write))
        .map_err(|e| format!("send: {e}"))?;
    let mut received = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        stream
            .set_read_timeout(Some(remaining(deadline)?))
            .map_err(|e| format!("receive: {e}"))?;
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => received.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(format!("receive: {e}")),
        }
    }
    Ok(String::from_utf8_lossy(&received).into_owned())
}

/// Accepts one connection and echoes one line; returns the line as received
/// (with its newline, if the peer sent one).
fn serve_one(listener: &TcpListener) -> Result<String, String> {
    let deadline = Instant::now() + LISTEN_TIMEOUT;
    wait_readable(listener.as_raw_fd(), deadline).map_err(|e| format!("accept: {e}"))?;
    let (mut stream, _) = listener.accept().map_err(|e| format!("accept: {e}"))?;
    stream
        .set_nonblocking(false)
        .and_then(|()| {
            stream.set_read_timeout(Some(
                Duration::from_secs(1).max(remaining_or_zero(deadline)),
            ))
        })
        .map_err(|e| format!("receive: {e}"))?;
    let mut line = Vec::new();
    BufReader::new((&stream).take(MAX_LINE))
        .read_until(b'\n', &mut line)
        .map_err(|e| format!("receive: {e}"))?;
    stream
        .set_write_timeout(Some(
            Duration::from_secs(1).max(remaining_or_zero(deadline)),
        ))
        .and_then(|()| stream.write_all(&line))
        .and_then(|()| stream.shutdown(Shutdown::Both))
        .map_err(|e| format!("send: {e}"))?;
    Ok(String::from_utf8_lossy(&line).into_owned())
}

/// Waits until `fd` is readable (for a listener: a connection is pending).
fn wait_readable(fd: i32, deadline: Instant) -> Result<(), String> {
    loop {
        let left = remaining(deadline)?;
        let ms = i32::try_from(left.as_millis()).unwrap_or(i32::MAX).max(1);
        let mut pfd = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: pfd is one valid pollfd.
        let rc = unsafe { libc::poll(&mut pfd, 1, ms) };
        match rc {
            1.. => return Ok(()),
            0 => {}
            _ => {
                let err = crate::sys::last_error();
                if err.kind() != std::io::ErrorKind::Interrupted {
                    return Err(err.to_string());
                }
            }
        }
    }
}

/// Time left before `deadline`, or an error once it has passed.
fn remaining(deadline: Instant) -> Result<Duration, String> {
    match remaining_or_zero(deadline) {
        Duration::ZERO => Err("timed out".to_string()),
        left => Ok(left),
    }
}

fn remaining_or_zero(deadline: Instant) -> Duration {
    deadline.saturating_duration_since(Instant::now())
}
