//! `create` (runtime.md#create): validate, record, build the container, and leave its
//! process waiting on the exec FIFO.

use super::{Context, Error};
use crate::container_id::ContainerId;
use crate::platform::backend::{CreateRequest, Created};
use crate::platform::Platform;
use crate::spec::bundle::Bundle;
use crate::state::store::ContainerDir;
use crate::state::{Phase, Record, Status};
use crate::{exec_fifo, hooks, process_status, timestamp};
use std::fs::File;
use std::os::fd::{AsFd, AsRawFd};
use std::path::{Path, PathBuf};

/// Options of `create`.
#[derive(Debug, Clone, Default)]
pub struct CreateOptions {
    pub bundle: PathBuf,
    pub pid_file: Option<PathBuf>,
    pub console_socket: Option<PathBuf>,
    /// Descriptors 3 .. 3+n the container process inherits; later ones it does not.
    pub preserve_fds: u32,
    /// Write each step of the container process to stderr (`--debug`).
    pub trace: bool,
}

/// Checks that the console flags agree with `process.terminal`.
pub fn check_console(bundle: &Bundle, socket: Option<&Path>) -> Result<(), Error> {
    check_console_flags(bundle.process().terminal, socket)
}

/// Checks that `--console-socket` is given exactly when `terminal` is set.
pub fn check_console_flags(terminal: bool, socket: Option<&Path>) -> Result<(), Error> {
    match (terminal, socket) {
        (true, None) => Err(Error::Usage(
            "process.terminal is true but no --console-socket was given".into(),
        )),
        (false, Some(_)) => Err(Error::Usage(
            "--console-socket was given but process.terminal is false".into(),
        )),
        (true, Some(s)) => {
            use std::os::unix::fs::FileTypeExt;
            match std::fs::metadata(s) {
                Ok(m) if m.file_type().is_socket() => Ok(()),
                Ok(_) => Err(Error::Usage(format!(
                    "--console-socket {}: not a socket",
                    s.display()
                ))),
                Err(e) => Err(Error::Usage(format!(
                    "--console-socket {}: {e}",
                    s.display()
                ))),
            }
        }
        (false, None) => Ok(()),
    }
}

/// Creates container `id` from the bundle in `opts.bundle`.
pub fn create(ctx: &mut Context<'_>, id: &ContainerId, opts: &CreateOptions) -> Result<(), Error> {
    let bundle = Bundle::load(&opts.bundle, Platform::current())?;
    super::warn_unknown_capabilities(ctx, &format!("create {id}: config.json"), bundle.process());
    if let Some(jail) = &bundle.jail {
        for w in crate::platform::freebsd::plan_warnings(jail) {
            ctx.log.warn(&format!("create {id}: config.json: {w}"));
        }
    }
    check_console(&bundle, opts.console_socket.as_deref())?;
    crate::inherited_fds::check_preserved(opts.preserve_fds).map_err(Error::Usage)?;
    // Descriptors jailrun opens are close-on-exec already; these are the caller's.
    crate::inherited_fds::cloexec_from(3 + opts.preserve_fds as i32)
        .map_err(Error::io("mark inherited descriptors close-on-exec"))?;
    let dir = ctx.store.create(id)?;
    let mut env_created = false;
    let result = build(ctx, id, &bundle, opts, &dir, &mut env_created);
    if let Err(e) = &result {
        ctx.log
            .debug(&format!("create {id} failed: {e}; cleaning up"));
        if env_created {
            let record = base_record(id, &bundle);
            let state = record.oci_state(Status::Stopped).to_json();
            hooks::run_all_warn(
                "poststop",
                &bundle.config.hooks.poststop,
                &state,
                &mut |w| ctx.log.warn(&w),
            );
        }
        let _ = dir.remove();
    }
    result
}

fn base_record(id: &ContainerId, bundle: &Bundle) -> Record {
    let hooks = &bundle.config.hooks;
    Record {
        oci_version: bundle.config.oci_version.clone(),
        id: id.to_string(),
        pid: 0,
        pid_start_time: 0,
        bundle: bundle.dir.clone(),
        rootfs: bundle.rootfs.clone(),
        annotations: bundle.config.annotations.clone(),
        created: timestamp::now_rfc3339(),
        phase: Phase::Creating,
        own_pid_ns: false,
        hooks: crate::spec::config::Hooks {
            poststart: hooks.poststart.clone(),
            poststop: hooks.poststop.clone(),
            ..Default::default()
        },
    }
}

fn build(
    ctx: &mut Context<'_>,
    id: &ContainerId,
    bundle: &Bundle,
    opts: &CreateOptions,
    dir: &ContainerDir,
    env_created: &mut bool,
) -> Result<(), Error> {
    let mut record = base_record(id, bundle);
    dir.write(&record)?;
    exec_fifo::create(dir.fd()).map_err(Error::io("exec fifo"))?;
    // A second open: the container process must not share the locked descriptor.
    let plain_dir = File::open(dir.path()).map_err(Error::io(dir.path().display().to_string()))?;
    let lock_fd = dir.fd().as_raw_fd();
    let req = CreateRequest {
        bundle,
        dir: plain_dir.as_fd(),
        close_in_child: &[lock_fd],
        console_socket: opts.console_socket.as_deref(),
        state: record.oci_state(Status::Creating),
        trace: opts.trace,
    };
    let hooks = &bundle.config.hooks;
    let mut runtime_hooks = |pid: i32| -> Result<(), crate::platform::backend::BackendError> {
        *env_created = true;
        let mut state = req.state.clone();
        state.pid = Some(pid);
        let json = state.to_json();
        hooks::run_all("prestart", &hooks.prestart, &json)?;
        hooks::run_all("createRuntime", &hooks.create_runtime, &json)?;
        Ok(())
    };
    let Created { pid, own_pid_ns } = ctx.backend.create(&req, &mut runtime_hooks)?;
    let mut finish = || -> Result<(), Error> {
        record.pid = pid;
        record.pid_start_time = match process_status::probe(pid) {
            process_status::ProcStatus::Alive { start_time } => start_time,
            process_status::ProcStatus::Dead => return Err(Error::DiedDuringCreate(pid)),
        };
        record.own_pid_ns = own_pid_ns;
        record.phase = Phase::Created;
        dir.write(&record)?;
        if let Some(p) = &opts.pid_file {
            write_pid_file(p, pid)?;
        }
        Ok(())
    };
    finish().inspect_err(|_| {
        // Still our child: kill and reap it so nothing is left.
        crate::container::kill_and_reap(pid);
        // And what outlives it (a jail, its mounts), before the state goes.
        if let Err(e) = ctx.backend.destroy(&record) {
            ctx.log.warn(&format!("create {id}: {e}"));
        }
    })
}

/// Writes `pid` to `path` atomically (as runc does: temporary file, then rename).
pub fn write_pid_file(path: &Path, pid: i32) -> Result<(), Error> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    std::fs::write(&tmp, pid.to_string())
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(Error::io(format!("--pid-file {}", path.display())))
}
