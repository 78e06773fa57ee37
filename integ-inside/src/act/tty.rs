//! `tty-echo`: reads one line from the terminal and reports it with terminal facts.

use crate::failure::Failure;
use crate::observe::terminal;
use integ_inside::EchoReport;

/// Reads one line from stdin (byte by byte, so nothing after it is consumed).
pub fn echo() -> Result<EchoReport, Failure> {
    let mut line = Vec::new();
    loop {
        let mut byte = 0u8;
        // SAFETY: byte is one writable byte.
        let n = unsafe { libc::read(0, (&mut byte as *mut u8).cast(), 1) };
        match n {
            1 if byte == b'\n' => break,
            1 => line.push(byte),
            0 => break,
            _ => {
                let err = crate::sys::last_error();
                if err.kind() != std::io::ErrorKind::Interrupted {
                    return Err(Failure::runtime("tty-echo: reading stdin", err));
                }
            }
        }
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(EchoReport {
        line: String::from_utf8_lossy(&line).into_owned(),
        isatty: terminal::standard_ttys(),
        terminal_size: terminal::size(),
        controlling_terminal: terminal::has_controlling_terminal(),
    })
}
