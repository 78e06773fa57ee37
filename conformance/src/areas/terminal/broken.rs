//! The broken modes of the terminal area: faults the self-test's wrapper runtime adds
//! to a working one, each with the requirements whose tests must catch it (see
//! `crate::broken_mode`), and the MUSTs of the area no mode breaks.
//!
//! Modes that get the terminal wrong (config.md#process: terminal, consoleSize):
//! no pty where one was asked for, a tty where none was, consoleSize refused.

use serde_json::Value;

use crate::broken_mode::edit::remove;
use crate::broken_mode::{read_json, rewrite_config, wants_terminal, Ctx, Flow, Mode, Unbroken};
use crate::req;

/// The modes that break this area's requirements.
pub(crate) static MODES: &[Mode] = &[
    Mode::command(
        "ignore-terminal",
        &[req::TERMINAL_PTY, req::TERMINAL_CONSOLE_SOCKET],
        "sets process.terminal false and drops --console-socket",
        &["create"],
        |mut c| {
            rewrite_config(&Ctx::of(&c), |cfg, _| {
                cfg["process"]["terminal"] = Value::from(false)
            })?;
            c.drop_flag_with_value("--console-socket");
            Ok(Flow::Forward(c))
        },
    ),
    Mode::config(
        "ignore-console-size",
        &[req::TERMINAL_CONSOLE_SIZE],
        "removes process.consoleSize",
        |c, _| remove(c, "/process", "consoleSize"),
    ),
    Mode::command(
        "console-size-refused",
        &[req::TERMINAL_CONSOLE_SIZE_IGNORED],
        "create fails when consoleSize is set without terminal",
        &["create"],
        |c| {
            let config = read_json(&c.bundle().join("config.json"))?;
            if config["process"].get("consoleSize").is_some() && !wants_terminal(&c)? {
                eprintln!("broken-runtime: process.consoleSize needs process.terminal");
                return Ok(Flow::Exit(1));
            }
            Ok(Flow::Forward(c))
        },
    ),
    Mode::command(
        "terminal-without-socket-ok",
        &[req::TERMINAL_NEEDS_CONSOLE_SOCKET],
        "terminal true without --console-socket runs the process without a terminal",
        &["create"],
        |c| {
            if wants_terminal(&c)? && c.flag_value("--console-socket").is_none() {
                rewrite_config(&Ctx::of(&c), |cfg, _| {
                    cfg["process"]["terminal"] = Value::from(false)
                })?;
            }
            Ok(Flow::Forward(c))
        },
    ),
    Mode::command(
        "console-socket-without-terminal-ok",
        &[req::TERMINAL_CONSOLE_SOCKET_NEEDS_TERMINAL],
        "--console-socket without terminal true is ignored",
        &["create"],
        |mut c| {
            if !wants_terminal(&c)? {
                c.drop_flag_with_value("--console-socket");
            }
            Ok(Flow::Forward(c))
        },
    ),
];

/// The MUSTs of this area no mode breaks, and why.
pub(crate) static UNBROKEN: &[Unbroken] = &[];
