//! A deliberately broken OCI runtime for the suite's self-test: it wraps a working
//! runtime (`JAILCHECK_REAL_RUNTIME`) and breaks exactly one behaviour, chosen by
//! `JAILCHECK_BROKEN_MODE` (`none` passes everything through). The self-test
//! (tests/broken_runtimes) shows that the tests of the requirement a mode breaks
//! fail, and that they pass when nothing is broken.
//!
//! A mode either edits config.json before `create` is passed on ([`ConfigMode`]) or
//! replaces one or more subcommands ([`CommandMode`]). `--list-modes` prints them
//! all with what each breaks. Some hook modes put the wrapper's own binary in place
//! of a hook: run with `JAILCHECK_HOOK_SHIM` set, it acts as that hook shim; with
//! `JAILCHECK_HOLD_PTY` set it holds a pseudoterminal open for the `stdin-tty` mode.

mod call;
mod cli;
mod error;
mod features;
mod hook_shim;
mod hooks;
mod isolation;
mod jail;
mod lifecycle;
mod linux_rootfs;
mod mode;
mod mount_escapes;
mod mounts;
mod network;
mod operations;
mod process;
mod races;
mod state;
mod terminal;
mod validation;

use std::process::ExitCode;

use call::Call;
use error::Error;
use mode::{CommandMode, ConfigMode, Ctx, Flow};

fn main() -> ExitCode {
    if std::env::var_os(terminal::HOLD_PTY_ENV).is_some() {
        terminal::hold_pty();
        return ExitCode::SUCCESS;
    }
    let result = match std::env::var(hook_shim::SHIM_ENV) {
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

/// Every config-editing mode.
fn config_modes() -> impl Iterator<Item = &'static ConfigMode> {
    [
        process::MODES,
        mounts::MODES,
        mount_escapes::MODES,
        hooks::MODES,
        linux_rootfs::MODES,
        network::MODES,
        validation::MODES,
        jail::MODES,
    ]
    .into_iter()
    .flatten()
}

/// Every subcommand-replacing mode.
fn command_modes() -> impl Iterator<Item = &'static CommandMode> {
    [
        state::MODES,
        lifecycle::MODES,
        races::MODES,
        cli::MODES,
        operations::MODES,
        features::MODES,
        terminal::MODES,
        network::COMMAND_MODES,
        validation::COMMAND_MODES,
        linux_rootfs::COMMAND_MODES,
        jail::COMMAND_MODES,
        isolation::MODES,
    ]
    .into_iter()
    .flatten()
}

fn list_modes() {
    for m in config_modes() {
        println!("{:36} create: {}", m.name, m.doc);
    }
    for m in command_modes() {
        println!("{:36} {}: {}", m.name, m.on.join(", "), m.doc);
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
    let sub = call.subcommand().unwrap_or("").to_string();
    // Help is how a suite learns the command line; every mode leaves it alone.
    if mode == "none" || call.has_flag("--help", "-h") {
        return Ok(Flow::Forward(call));
    }
    if let Some(m) = config_modes().find(|m| m.name == mode) {
        if sub == "create" {
            mode::rewrite_config(&ctx_for(&call), m.edit)?;
        }
        return Ok(Flow::Forward(call));
    }
    match command_modes().find(|m| m.name == mode) {
        Some(m) if m.on.contains(&sub.as_str()) => (m.run)(call),
        Some(_) => Ok(Flow::Forward(call)),
        None => Err(Error::UnknownMode(mode.to_string())),
    }
}

/// The context of a config edit for this call.
pub fn ctx_for(call: &Call) -> Ctx {
    Ctx {
        bundle: call.bundle(),
        shim: std::env::current_exe().unwrap_or_else(|_| "/proc/self/exe".into()),
        cwd: std::env::current_dir().unwrap_or_else(|_| "/".into()),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn mode_names_are_unique() {
        let names: Vec<&str> = config_modes()
            .map(|m| m.name)
            .chain(command_modes().map(|m| m.name))
            .collect();
        let unique: BTreeSet<&str> = names.iter().copied().collect();
        assert_eq!(names.len(), unique.len(), "{names:?}");
        assert!(!unique.contains("none"));
    }

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
