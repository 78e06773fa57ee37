//! A deliberately broken OCI runtime for the suite's self-test: it wraps a working
//! runtime (`JAILCHECK_REAL_RUNTIME`) and breaks exactly one behaviour, chosen by
//! `JAILCHECK_BROKEN_MODE` (`none` passes everything through). The self-test
//! (tests/broken_runtimes) shows that the tests of the requirements a mode breaks
//! fail, and that they pass when nothing is broken.
//!
//! This binary is the engine: it reads the call, dispatches it to the mode and
//! passes it on to the real runtime. The modes themselves are defined next to the
//! requirements they break, in each area's `broken.rs` of the jailcheck library
//! (`jailcheck::areas::broken_modes`, feature `broken-modes`). `--list-modes`
//! prints them all. Some hook modes put the wrapper's own binary in place of a
//! hook: run with `JAILCHECK_HOOK_SHIM` set, it acts as that hook shim; with
//! `JAILCHECK_HOLD_PTY` set it holds a pseudoterminal open for the `stdin-tty` mode.

mod hook_shim;

use std::process::ExitCode;

use jailcheck::areas::broken_modes;
use jailcheck::broken_mode::roles::{HOLD_PTY_ENV, SHIM_ENV};
use jailcheck::broken_mode::{rewrite_config, Call, Ctx, Error, Flow, How};

fn main() -> ExitCode {
    if std::env::var_os(HOLD_PTY_ENV).is_some() {
        hold_pty();
        return ExitCode::SUCCESS;
    }
    let result = match std::env::var(SHIM_ENV) {
        Ok(shim) => hook_shim::run(&shim),
        Err(_) if std::env::args().nth(1).as_deref() == Some("--list-modes") => {
            list_modes();
            Ok(ExitCode::SUCCESS)
        }
        Err(_) => run(),
    };
    result.unwrap_or_else(|e| {
        eprintln!("broken-runtime: {e}");
        ExitCode::from(2)
    })
}

/// One line per mode: its name, the subcommands it acts on, what it does.
fn list_modes() {
    for m in broken_modes() {
        let on = match &m.how {
            How::Config(_) => "create".to_string(),
            How::Command { on, .. } => on.join(", "),
        };
        println!("{:36} {on}: {}", m.name, m.doc);
    }
}

fn run() -> Result<ExitCode, Error> {
    let real = std::env::var("JAILCHECK_REAL_RUNTIME").map_err(|_| Error::NoRealRuntime)?;
    let mode = std::env::var("JAILCHECK_BROKEN_MODE").unwrap_or_else(|_| "none".into());
    let call = Call {
        real,
        args: std::env::args().skip(1).collect(),
    };
    let flow = dispatch(&mode, call)?;
    match flow {
        Flow::Forward(call) => Err(call.exec()),
        Flow::Exit(code) => Ok(ExitCode::from(code)),
    }
}

/// What `mode` does with `call`.
fn dispatch(mode: &str, call: Call) -> Result<Flow, Error> {
    // Help is how a suite learns the command line; every mode leaves it alone.
    if mode == "none" || call.has_flag("--help", "-h") {
        return Ok(Flow::Forward(call));
    }
    let m = broken_modes()
        .find(|m| m.name == mode)
        .ok_or_else(|| Error::UnknownMode(mode.to_string()))?;
    let sub = call.subcommand().unwrap_or("");
    match &m.how {
        How::Config(edit) if sub == "create" => {
            rewrite_config(&Ctx::of(&call), edit)?;
            Ok(Flow::Forward(call))
        }
        How::Command { on, run } if on.contains(&sub) => run(call),
        _ => Ok(Flow::Forward(call)),
    }
}

/// The pty holder's life (`JAILCHECK_HOLD_PTY`, started by the `stdin-tty` mode):
/// read the controller side (its stdin) until the terminal has no replica left
/// (EIO) or is closed.
fn hold_pty() {
    let mut buf = [0u8; 512];
    let mut controller = std::io::stdin();
    while matches!(std::io::Read::read(&mut controller, &mut buf), Ok(n) if n > 0) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_modes_are_refused_and_other_commands_pass_through() {
        let call = Call {
            real: "real".into(),
            args: vec!["state".into(), "c1".into()],
        };
        assert!(matches!(
            dispatch("no-such-mode", call.clone()),
            Err(Error::UnknownMode(_))
        ));
        assert!(matches!(
            dispatch("start-does-nothing", call.clone()),
            Ok(Flow::Forward(_))
        ));
        assert!(matches!(dispatch("drop-env", call), Ok(Flow::Forward(_))));
    }
}
