//! Modes that break runc's command-line habits, which engines rely on though the
//! spec does not state them (the catalogue's CONVENTION requirements): --pid-file,
//! inherited stdio, delete --force, kill's default signal, the terminal and
//! --console-socket pairing.

use std::os::fd::OwnedFd;

use serde_json::Value;

use crate::call::Call;
use crate::error::Error;
use crate::mode::{read_json, rewrite_config, CommandMode, Flow};

/// The modes of this area.
pub const MODES: &[CommandMode] = &[
    CommandMode {
        name: "pid-file-off-by-one",
        doc: "create writes the container's pid plus one to --pid-file",
        on: &["create"],
        run: |c| {
            if !c.status()? {
                return Ok(Flow::Exit(1));
            }
            if let Some(path) = c.flag_value("--pid-file") {
                let text = std::fs::read_to_string(path).map_err(Error::io(path))?;
                let pid: i64 = text.trim().parse().unwrap_or(0);
                std::fs::write(path, (pid + 1).to_string()).map_err(Error::io(path))?;
            }
            Ok(Flow::Exit(0))
        },
    },
    CommandMode {
        name: "stdio-not-inherited",
        doc: "the container process gets /dev/null as stdout instead of create's",
        on: &["create"],
        run: |c| {
            let null: OwnedFd = std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/null")
                .map_err(Error::io("/dev/null"))?
                .into();
            nix::unistd::dup2_stdout(&null).map_err(Error::sys("dup2 stdout"))?;
            Ok(Flow::Forward(c))
        },
    },
    CommandMode {
        name: "delete-force-ignored",
        doc: "delete ignores --force",
        on: &["delete"],
        run: |mut c| {
            c.args.retain(|a| a != "--force" && a != "-f");
            Ok(Flow::Forward(c))
        },
    },
    CommandMode {
        name: "delete-created-refused",
        doc: "delete --force of a created (never started) container fails",
        on: &["delete"],
        run: |c| {
            let created = c.id().map(|id| c.status_of(id)).transpose()?.flatten();
            if c.has_flag("--force", "-f") && created.as_deref() == Some("created") {
                eprintln!("broken-runtime: refusing to delete a created container");
                return Ok(Flow::Exit(1));
            }
            Ok(Flow::Forward(c))
        },
    },
    CommandMode {
        name: "kill-default-sigkill",
        doc: "kill without a signal sends SIGKILL instead of SIGTERM",
        on: &["kill"],
        run: |mut c| {
            if c.positional(2).is_none() && c.positional(1).is_some() {
                c.args.push("KILL".into());
            }
            Ok(Flow::Forward(c))
        },
    },
    CommandMode {
        name: "terminal-without-socket-ok",
        doc: "terminal true without --console-socket runs the process without a terminal",
        on: &["create"],
        run: |c| {
            if terminal(&c)? && c.flag_value("--console-socket").is_none() {
                rewrite_config(&crate::ctx_for(&c), |cfg, _| {
                    cfg["process"]["terminal"] = Value::from(false)
                })?;
            }
            Ok(Flow::Forward(c))
        },
    },
    CommandMode {
        name: "console-socket-without-terminal-ok",
        doc: "--console-socket without terminal true is ignored",
        on: &["create"],
        run: |mut c| {
            if !terminal(&c)? {
                c.drop_flag_with_value("--console-socket");
            }
            Ok(Flow::Forward(c))
        },
    },
    CommandMode {
        name: "bad-signal-as-term",
        doc: "kill with a signal that is no signal sends SIGTERM instead of failing",
        on: &["kill"],
        run: |mut c| {
            if let Some(i) = c.positional(2) {
                if !is_signal(&c.args[i]) {
                    c.args[i] = "TERM".into();
                }
            }
            Ok(Flow::Forward(c))
        },
    },
    CommandMode {
        name: "exec-exit-0",
        doc: "exec exits 0 whatever the process it ran exited with",
        on: &["exec"],
        run: |c| {
            c.status()?;
            Ok(Flow::Exit(0))
        },
    },
    CommandMode {
        name: "exec-no-signal-forwarding",
        doc: "a non-detached exec runs the real one as a child and passes no signal on (SIGTERM ends the wrapper alone)",
        on: &["exec"],
        run: |c| {
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
    },
    CommandMode {
        name: "delete-force-missing-fails",
        doc: "delete --force of an ID that does not exist fails",
        on: &["delete"],
        run: |c| {
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
    },
];

/// Whether `s` names a signal the way runc's kill takes it (a number, NAME or SIGNAME).
fn is_signal(s: &str) -> bool {
    if let Ok(n) = s.parse::<i32>() {
        return (1..=64).contains(&n);
    }
    let name = s.strip_prefix("SIG").unwrap_or(s);
    name.parse::<nix::sys::signal::Signal>().is_ok()
        || format!("SIG{name}")
            .parse::<nix::sys::signal::Signal>()
            .is_ok()
}

/// Whether the bundle's config.json asks for a terminal.
pub fn terminal(c: &Call) -> Result<bool, Error> {
    let config = read_json(&c.bundle().join("config.json"))?;
    Ok(config["process"]["terminal"] == true)
}
