//! `exec` (a runc convention; the spec has no such operation): run another process
//! in a running container, from a process.json (`--process`, config.md#process) or
//! from arguments over the container's own `process`.

use super::{Context, Error};
use crate::container_id::ContainerId;
use crate::platform::backend::ExecRequest;
use crate::platform::Platform;
use crate::spec::bundle::Bundle;
use crate::spec::config::Process;
use crate::state::Status;
use nix::sys::wait::waitpid;
use nix::unistd::Pid;
use std::path::{Path, PathBuf};

/// What `exec` was asked for (runc's flags).
#[derive(Debug, Default, Clone)]
pub struct ExecOptions {
    /// A process.json; otherwise `args` over the container's `process`.
    pub process_file: Option<PathBuf>,
    pub args: Vec<String>,
    /// `KEY=VALUE`, replacing the container's value of KEY.
    pub env: Vec<String>,
    pub cwd: Option<String>,
    /// `UID[:GID]`, numeric.
    pub user: Option<String>,
    pub additional_gids: Vec<u32>,
    pub tty: bool,
    pub detach: bool,
    pub pid_file: Option<PathBuf>,
    pub console_socket: Option<PathBuf>,
    pub preserve_fds: u32,
    /// Write each step to stderr as it runs (`--debug`).
    pub trace: bool,
}

/// Runs the process in container `id`. Returns the exit status for the caller:
/// 0 once it runs with `detach`, else the process's (128+N for signal N); until
/// then the signals `jailrun` gets are passed on to it (`forward`).
pub fn exec(ctx: &mut Context<'_>, id: &ContainerId, opts: &ExecOptions) -> Result<i32, Error> {
    let (record, fifo) = ctx.store.read(id)?;
    match record.status(fifo) {
        Status::Running | Status::Created => {}
        Status::Stopped => return Err(Error::NotRunning),
        other => return Err(Error::WrongStatus(other)),
    }
    let process = process(&record.bundle, opts, Platform::current())?;
    super::warn_unknown_capabilities(ctx, &format!("exec {id}"), &process);
    super::create::check_console_flags(process.terminal, opts.console_socket.as_deref())?;
    crate::inherited_fds::check_preserved(opts.preserve_fds).map_err(Error::Usage)?;
    // The caller's later descriptors must not reach the container; jailrun's own
    // are close-on-exec already.
    crate::inherited_fds::cloexec_from(3 + opts.preserve_fds as i32)
        .map_err(Error::io("mark inherited descriptors close-on-exec"))?;
    // Before the fork, so that no signal meant for the process is lost.
    let forwarder = (!opts.detach)
        .then(super::forward::Forwarder::block)
        .transpose()
        .map_err(|e| Error::io("block signals")(e.into()))?;
    let pid = ctx.backend.exec(
        &record,
        &ExecRequest {
            process: &process,
            console_socket: opts.console_socket.as_deref(),
            trace: opts.trace,
        },
    )?;
    if let Some(p) = &opts.pid_file {
        if let Err(e) = super::create::write_pid_file(p, pid) {
            let _ = nix::sys::signal::kill(Pid::from_raw(pid), nix::sys::signal::SIGKILL);
            let _ = waitpid(Pid::from_raw(pid), None);
            return Err(e);
        }
    }
    match forwarder {
        None => Ok(0),
        Some(f) => f
            .wait(pid)
            .map_err(|e| Error::io(format!("wait for process {pid}"))(e.into())),
    }
}

/// `exec --dry-run`: what exec would run for `platform`, with nothing run.
/// The bundle is `bundle`, or else that of container `id`, which need not run.
pub fn dry_run(
    ctx: &Context<'_>,
    id: &ContainerId,
    opts: &ExecOptions,
    platform: Platform,
    bundle: Option<&Path>,
) -> Result<String, Error> {
    let dir = match bundle {
        Some(b) => b.to_path_buf(),
        None => ctx.store.read(id)?.0.bundle,
    };
    // The bundle is loaded once, whether the process comes from it or not.
    let mut loaded = None;
    let process = match &opts.process_file {
        Some(path) => from_file(path, platform)?,
        None => from_args(loaded.insert(Bundle::load(&dir, platform)?), opts, platform)?,
    };
    if platform == Platform::Linux {
        return Err(Error::Usage(
            "exec --dry-run --platform linux: the plan depends on the running container's namespaces; use --debug to see the steps as they run".into(),
        ));
    }
    let bundle = match loaded {
        Some(b) => b,
        None => Bundle::load(&dir, platform)?,
    };
    Ok(crate::platform::freebsd::dry_run_exec(
        &bundle,
        id.as_str(),
        &process,
    )?)
}

/// The process to run: `--process FILE`, or the arguments over the `process`
/// of the bundle in `dir`.
fn process(dir: &Path, opts: &ExecOptions, platform: Platform) -> Result<Process, Error> {
    match &opts.process_file {
        Some(path) => from_file(path, platform),
        None => from_args(&Bundle::load(dir, platform)?, opts, platform),
    }
}

/// A process.json, validated as `process` of config.json is.
fn from_file(path: &Path, platform: Platform) -> Result<Process, Error> {
    let what = format!("--process {}", path.display());
    let text = std::fs::read_to_string(path).map_err(Error::io(what.clone()))?;
    // process.json (`--process`), a file of its own, not config.json.
    #[allow(clippy::disallowed_methods)]
    let raw: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| Error::Usage(format!("{what}: not JSON: {e}")))?;
    // process.json's JSON, read just above.
    #[allow(clippy::disallowed_methods)]
    let process: Process =
        serde_json::from_value(raw).map_err(|e| Error::Usage(format!("{what}: {e}")))?;
    crate::spec::validate::exec_process(&process, platform)
        .map_err(|e| Error::Usage(format!("{what}: {e}")))?;
    Ok(process)
}

/// The container's `process` with the command line's arguments, env, cwd and user.
fn from_args(bundle: &Bundle, opts: &ExecOptions, platform: Platform) -> Result<Process, Error> {
    if opts.args.is_empty() {
        return Err(Error::Usage(
            "exec needs a command, or --process FILE".into(),
        ));
    }
    // The container's own process, as create validated it.
    let mut p = bundle.process().clone();
    p.args = opts.args.clone();
    p.terminal = opts.tty;
    p.console_size = None;
    for kv in &opts.env {
        let key = kv.split('=').next().unwrap_or("");
        p.env.retain(|old| old.split('=').next() != Some(key));
        p.env.push(kv.clone());
    }
    if let Some(cwd) = &opts.cwd {
        p.cwd = cwd.clone();
    }
    if let Some(u) = &opts.user {
        let (uid, gid) = parse_user(u)?;
        p.user.uid = uid;
        p.user.gid = gid.unwrap_or(p.user.gid);
    }
    if !opts.additional_gids.is_empty() {
        p.user.additional_gids = opts.additional_gids.clone();
    }
    crate::spec::validate::exec_process(&p, platform).map_err(|e| Error::Usage(e.to_string()))?;
    Ok(p)
}

/// `UID[:GID]` (numeric: jailrun reads no passwd file of the container).
fn parse_user(s: &str) -> Result<(u32, Option<u32>), Error> {
    let bad = || Error::Usage(format!("--user {s:?}: want a numeric UID[:GID]"));
    let (uid, gid) = match s.split_once(':') {
        Some((u, g)) => (u, Some(g)),
        None => (s, None),
    };
    let uid = uid.parse().map_err(|_| bad())?;
    let gid = gid.map(str::parse).transpose().map_err(|_| bad())?;
    Ok((uid, gid))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_is_numeric_uid_and_optional_gid() {
        assert_eq!(parse_user("1000").unwrap(), (1000, None));
        assert_eq!(parse_user("1000:1001").unwrap(), (1000, Some(1001)));
        assert!(parse_user("nobody").is_err());
        assert!(parse_user("1:x").is_err());
    }

    #[test]
    fn a_process_file_that_is_not_json_is_a_usage_error() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("process.json");
        std::fs::write(&f, "args: [sh]").unwrap();
        let e = from_file(&f, Platform::current()).unwrap_err().to_string();
        assert!(e.contains("not JSON"), "{e}");
        std::fs::write(&f, r#"{"args": ["sh"], "cwd": "tmp"}"#).unwrap();
        let e = from_file(&f, Platform::current()).unwrap_err().to_string();
        assert!(e.contains("absolute"), "{e}");
    }
}
