//! The broken modes of the kill area: faults the self-test's wrapper runtime adds
//! to a working one, each with the requirements whose tests must catch it (see
//! `crate::broken_mode`), and the MUSTs of the area no mode breaks.

use crate::broken_mode::{refuse_in_status, Flow, Mode, Unbroken};
use crate::req;

/// The modes that break this area's requirements.
pub(crate) static MODES: &[Mode] = &[
    Mode::command(
        "wrong-signal",
        &[req::KILL_SENDS_SIGNAL],
        "kill always sends SIGTERM, whatever was asked",
        &["kill"],
        |mut c| {
            if let Some(pos) = c.positional(1) {
                c.args.truncate(pos + 1);
                c.args.push("TERM".into());
            }
            Ok(Flow::Forward(c))
        },
    ),
    Mode::command(
        "kill-created-refused",
        &[req::KILL_CREATED],
        "kill of a created container fails",
        &["kill"],
        |c| refuse_in_status(c, "created", 1),
    ),
    Mode::command(
        "kill-stopped-ok",
        &[req::KILL_STOPPED_FAILS],
        "kill of a stopped container exits 0",
        &["kill"],
        |c| refuse_in_status(c, "stopped", 0),
    ),
    Mode::command(
        "no-kill-all",
        &[req::KILL_ALL_CLI],
        "ignores kill --all (signals only the init process)",
        &["kill"],
        |mut c| {
            c.args.retain(|a| a != "--all" && a != "-a");
            Ok(Flow::Forward(c))
        },
    ),
    Mode::command(
        "kill-default-sigkill",
        &[req::KILL_SIGNAL_NAMES_CLI],
        "kill without a signal sends SIGKILL instead of SIGTERM",
        &["kill"],
        |mut c| {
            if c.positional(2).is_none() && c.positional(1).is_some() {
                c.args.push("KILL".into());
            }
            Ok(Flow::Forward(c))
        },
    ),
];

/// The MUSTs of this area no mode breaks, and why.
pub(crate) static UNBROKEN: &[Unbroken] = &[];
