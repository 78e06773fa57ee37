//! The broken modes of the cli area: faults the self-test's wrapper runtime adds
//! to a working one, each with the requirements whose tests must catch it (see
//! `crate::broken_mode`), and the MUSTs of the area no mode breaks.
//!
//! Modes that break runc's command-line habits, which engines rely on though the
//! spec does not state them (the catalogue's CONVENTION requirements): exec's exit
//! status and signal forwarding, delete --force of a missing ID. The modes of the
//! other conventions sit with their requirements (lifecycle: --pid-file, inherited
//! stdio, delete --force; kill: the default signal; terminal: --console-socket).

use crate::broken_mode::{Error, Flow, Mode, Unbroken};
use crate::req;

/// The modes that break this area's requirements.
pub(crate) static MODES: &[Mode] = &[
    Mode::command(
        "exec-exit-0",
        &[req::CLI_EXEC_EXIT_STATUS],
        "exec exits 0 whatever the process it ran exited with",
        &["exec"],
        |c| {
            c.status()?;
            Ok(Flow::Exit(0))
        },
    ),
    Mode::command(
        "exec-no-signal-forwarding",
        &[req::CLI_EXEC_SIGNAL_FORWARDING],
        "a non-detached exec runs the real one as a child and passes no signal on (SIGTERM ends the wrapper alone)",
        &["exec"],
        |c| {
            if c.has_flag("--detach", "-d") {
                return Ok(Flow::Forward(c));
            }
            let status = std::process::Command::new(&c.real)
                .args(&c.args)
                .status()
                .map_err(|source| Error::Exec {
                    program: c.real.clone(),
                    source,
                })?;
            // The process's own exit status, so that only forwarding is broken.
            Ok(Flow::Exit(status.code().map_or(1, |n| n as u8)))
        },
    ),
    Mode::command(
        "delete-force-missing-fails",
        &[req::CLI_DELETE_FORCE_MISSING],
        "delete --force of an ID that does not exist fails",
        &["delete"],
        |c| {
            let gone = match c.id() {
                Some(id) => c.state_of(id)?.is_none(),
                None => false,
            };
            if gone && c.has_flag("--force", "-f") {
                eprintln!("broken-runtime: container does not exist");
                return Ok(Flow::Exit(1));
            }
            Ok(Flow::Forward(c))
        },
    ),
];

/// The MUSTs of this area no mode breaks, and why.
pub(crate) static UNBROKEN: &[Unbroken] = &[];
