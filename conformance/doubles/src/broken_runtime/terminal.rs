//! Modes that get the terminal wrong (config.md#process: terminal, consoleSize):
//! no pty where one was asked for, a tty where none was, consoleSize refused.

use std::process::{Command, Stdio};

use nix::fcntl::{fcntl, FcntlArg, FdFlag};
use serde_json::Value;

use crate::cli::terminal;
use crate::error::Error;
use crate::mode::{read_json, rewrite_config, CommandMode, Flow};

/// The modes of this area.
pub const MODES: &[CommandMode] = &[
    CommandMode {
        name: "ignore-terminal",
        doc: "sets process.terminal false and drops --console-socket",
        on: &["create"],
        run: |mut c| {
            rewrite_config(&crate::ctx_for(&c), |cfg, _| {
                cfg["process"]["terminal"] = Value::from(false)
            })?;
            c.drop_flag_with_value("--console-socket");
            Ok(Flow::Forward(c))
        },
    },
    CommandMode {
        name: "stdin-tty",
        doc: "without process.terminal, the process still gets a terminal as stdin",
        on: &["create"],
        run: |c| {
            if !terminal(&c)? {
                stdin_from_new_pty()?;
            }
            Ok(Flow::Forward(c))
        },
    },
    CommandMode {
        name: "console-size-refused",
        doc: "create fails when consoleSize is set without terminal",
        on: &["create"],
        run: |c| {
            let config = read_json(&c.bundle().join("config.json"))?;
            if config["process"].get("consoleSize").is_some() && !terminal(&c)? {
                eprintln!("broken-runtime: process.consoleSize needs process.terminal");
                return Ok(Flow::Exit(1));
            }
            Ok(Flow::Forward(c))
        },
    },
];

/// Names the role of the process that holds a pty's controller side open.
pub const HOLD_PTY_ENV: &str = "JAILCHECK_HOLD_PTY";

/// Replaces this process's stdin with the replica side of a new pseudoterminal; the
/// runtime and the container process inherit it. A terminal whose controller side
/// is closed hangs up (isatty() is then false), and runtimes close the descriptors
/// they do not pass on, so a child of the wrapper holds the controller until the
/// last replica is closed.
fn stdin_from_new_pty() -> Result<(), Error> {
    let pty = nix::pty::openpty(None, None).map_err(Error::sys("openpty"))?;
    for fd in [&pty.master, &pty.slave] {
        fcntl(fd, FcntlArg::F_SETFD(FdFlag::FD_CLOEXEC)).map_err(Error::sys("cloexec"))?;
    }
    nix::unistd::dup2_stdin(&pty.slave).map_err(Error::sys("dup2 stdin"))?;
    let me = std::env::current_exe().map_err(Error::io("/proc/self/exe"))?;
    Command::new(&me)
        .env(HOLD_PTY_ENV, "1")
        .stdin(Stdio::from(pty.master))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|source| Error::Exec {
            program: me.display().to_string(),
            source,
        })?;
    Ok(())
}

/// The holder's life: read the controller side (its stdin) until the terminal has
/// no replica left (EIO) or is closed.
pub fn hold_pty() {
    let mut buf = [0u8; 512];
    let mut controller = std::io::stdin();
    while matches!(std::io::Read::read(&mut controller, &mut buf), Ok(n) if n > 0) {}
}
