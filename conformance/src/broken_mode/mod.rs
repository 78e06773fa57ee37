//! The self-test's broken modes: deliberate faults a wrapper runtime
//! (`jailcheck-broken-runtime`, in conformance/doubles) adds to a working one, so
//! that the tests of the requirement a fault breaks can be seen failing. Compiled
//! with the `broken-modes` feature only.
//!
//! A [`Mode`] states the requirements it breaks and either edits config.json before
//! `create` is passed on ([`How::Config`]) or replaces subcommands
//! ([`How::Command`]). Each area defines the modes that break its requirements in
//! its `broken.rs`, with the MUSTs no mode breaks ([`Unbroken`]);
//! `crate::areas::broken_modes` collects them.

pub mod call;
pub mod edit;
mod error;
pub mod roles;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::catalogue::ReqId;

pub use call::Call;
pub use error::Error;

/// One fault of the wrapper runtime, and the requirements whose tests must catch it.
pub struct Mode {
    /// The value of `JAILCHECK_BROKEN_MODE` that turns it on.
    pub name: &'static str,
    /// The requirements whose tests must fail (warn, for a SHOULD) with the mode on.
    pub breaks: &'static [ReqId],
    /// What the mode does, in a few words (for `--list-modes`).
    pub doc: &'static str,
    /// How it breaks a call.
    pub how: How,
    /// The mode's mechanism works on Linux only (whatever the requirements' platforms).
    pub linux_only: bool,
    /// Another requirement the suite may count the failure against, when a test's
    /// weakness makes it so (the mode's definition says why).
    pub or_counted_against: Option<ReqId>,
}

/// How a mode breaks a call.
pub enum How {
    /// Edits config.json on `create`, then passes the call on.
    Config(fn(&mut Value, &Ctx)),
    /// Replaces the subcommands `on` with `run`.
    Command {
        on: &'static [&'static str],
        run: fn(Call) -> Result<Flow, Error>,
    },
}

impl Mode {
    /// A mode that edits config.json on `create` with `edit`.
    pub const fn config(
        name: &'static str,
        breaks: &'static [ReqId],
        doc: &'static str,
        edit: fn(&mut Value, &Ctx),
    ) -> Mode {
        Mode::new(name, breaks, doc, How::Config(edit))
    }

    /// A mode that replaces the subcommands `on` with `run`.
    pub const fn command(
        name: &'static str,
        breaks: &'static [ReqId],
        doc: &'static str,
        on: &'static [&'static str],
        run: fn(Call) -> Result<Flow, Error>,
    ) -> Mode {
        Mode::new(name, breaks, doc, How::Command { on, run })
    }

    const fn new(
        name: &'static str,
        breaks: &'static [ReqId],
        doc: &'static str,
        how: How,
    ) -> Mode {
        Mode {
            name,
            breaks,
            doc,
            how,
            linux_only: false,
            or_counted_against: None,
        }
    }

    /// The same mode, whose mechanism works on Linux only.
    pub const fn linux_only(mut self) -> Mode {
        self.linux_only = true;
        self
    }

    /// The same mode, whose failures may count against `id` instead.
    pub const fn or_counted_against(mut self, id: ReqId) -> Mode {
        self.or_counted_against = Some(id);
        self
    }
}

/// A MUST requirement no mode breaks, and why none can.
pub struct Unbroken {
    pub requirement: ReqId,
    pub why: &'static str,
}

/// How a call ends.
pub enum Flow {
    /// Pass the (possibly changed) call on to the real runtime.
    Forward(Call),
    /// Exit with this status, without calling the real runtime (again).
    Exit(u8),
}

/// What the wrapper knows when it edits a bundle's config.json.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The bundle directory.
    pub bundle: PathBuf,
    /// The wrapper's own binary, installed as a hook shim by the hook modes.
    pub shim: PathBuf,
    /// The working directory the runtime was started in.
    pub cwd: PathBuf,
}

impl Ctx {
    /// The context of a config edit for `call`, made in the wrapper's process.
    pub fn of(call: &Call) -> Ctx {
        Ctx {
            bundle: call.bundle(),
            shim: std::env::current_exe().unwrap_or_else(|_| "/proc/self/exe".into()),
            cwd: std::env::current_dir().unwrap_or_else(|_| "/".into()),
        }
    }

    /// The root filesystem's host path (`root.path` resolved against the bundle).
    pub fn rootfs(&self, config: &Value) -> PathBuf {
        let path = config["root"]["path"].as_str().unwrap_or("rootfs");
        self.bundle.join(path)
    }
}

/// Rewrites the bundle's config.json with `edit`. A config.json that is missing,
/// not JSON or not an object is left for the real runtime to refuse: the mode
/// breaks what it breaks, not the runtime's handling of bad input.
pub fn rewrite_config(ctx: &Ctx, edit: impl FnOnce(&mut Value, &Ctx)) -> Result<(), Error> {
    let path = ctx.bundle.join("config.json");
    let Some(mut config) = read_json(&path).ok().filter(Value::is_object) else {
        return Ok(());
    };
    edit(&mut config, ctx);
    let text = serde_json::to_string_pretty(&config).map_err(|source| Error::Json {
        path: path.clone(),
        source,
    })?;
    std::fs::write(&path, text).map_err(Error::io(&path))
}

/// Reads and parses a JSON file.
pub fn read_json(path: &Path) -> Result<Value, Error> {
    let text = std::fs::read_to_string(path).map_err(Error::io(path))?;
    serde_json::from_str(&text).map_err(|source| Error::Json {
        path: path.to_path_buf(),
        source,
    })
}

/// Runs the real runtime's command (`state`, `features`), edits the JSON it
/// printed and prints that instead; a failed command exits 1.
pub fn rewrite_answer(call: Call, edit: impl FnOnce(&mut Value)) -> Result<Flow, Error> {
    let out = call.output()?;
    if !out.status.success() {
        return Ok(Flow::Exit(1));
    }
    let what = call.subcommand().unwrap_or("command").to_string();
    let mut answer: Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| Error::Call(format!("the real runtime's {what} is not JSON: {e}")))?;
    edit(&mut answer);
    println!("{answer}");
    Ok(Flow::Exit(0))
}

/// Exits with `code` without calling the real runtime when the container's status
/// is `status`; otherwise passes the call on.
pub fn refuse_in_status(c: Call, status: &str, code: u8) -> Result<Flow, Error> {
    let current = c.id().map(|id| c.status_of(id)).transpose()?.flatten();
    if current.as_deref() == Some(status) {
        if code != 0 {
            eprintln!(
                "broken-runtime: refusing {} of a {status} container",
                c.subcommand().unwrap_or("")
            );
        }
        return Ok(Flow::Exit(code));
    }
    Ok(Flow::Forward(c))
}

/// Whether the bundle of `call` asks for a terminal (`process.terminal`).
pub fn wants_terminal(call: &Call) -> Result<bool, Error> {
    let config = read_json(&call.bundle().join("config.json"))?;
    Ok(config["process"]["terminal"] == true)
}

/// Helpers for the modes' unit tests.
#[cfg(test)]
pub mod testing {
    use std::path::PathBuf;

    use serde_json::Value;

    use super::{Call, Ctx, Flow, How};

    /// A context with made-up paths.
    pub fn ctx() -> Ctx {
        Ctx {
            bundle: PathBuf::from("/bundles/b1"),
            shim: PathBuf::from("/usr/libexec/shim"),
            cwd: PathBuf::from("/work"),
        }
    }

    /// The config after the config-editing mode `name` edited it.
    pub fn apply(name: &str, config: &Value) -> Value {
        let mode = crate::areas::broken_modes()
            .find(|m| m.name == name)
            .unwrap_or_else(|| panic!("no mode {name}"));
        let How::Config(edit) = mode.how else {
            panic!("mode {name} does not edit config.json");
        };
        let mut c = config.clone();
        edit(&mut c, &ctx());
        c
    }

    /// How the subcommand-replacing mode `name` ends a call with `args` (exit 2
    /// for an error), the real runtime being a path that does not exist.
    pub fn run(name: &str, args: &[&str]) -> Flow {
        let mode = crate::areas::broken_modes()
            .find(|m| m.name == name)
            .unwrap_or_else(|| panic!("no mode {name}"));
        let How::Command { run, .. } = mode.how else {
            panic!("mode {name} replaces no subcommand");
        };
        let call = Call {
            real: "/nonexistent/runtime".into(),
            args: args.iter().map(|s| s.to_string()).collect(),
        };
        run(call).unwrap_or(Flow::Exit(2))
    }
}
