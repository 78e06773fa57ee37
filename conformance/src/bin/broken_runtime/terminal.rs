//! Modes that get the terminal wrong (config.md#process: terminal, consoleSize):
//! no pty where one was asked for, a tty where none was, consoleSize refused.

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

/// Replaces this process's stdin with the replica side of a new pseudoterminal; the
/// runtime and the container process inherit it.
fn stdin_from_new_pty() -> Result<(), Error> {
    let pty = nix::pty::openpty(None, None).map_err(Error::sys("openpty"))?;
    nix::unistd::dup2_stdin(&pty.slave).map_err(Error::sys("dup2 stdin"))?;
    // The controller side stays open and is inherited: once it closes the terminal
    // hangs up, and isatty() on a hung-up terminal is false.
    let _ = std::os::fd::IntoRawFd::into_raw_fd(pty.master);
    Ok(())
}
