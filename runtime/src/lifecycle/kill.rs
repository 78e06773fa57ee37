//! `kill` (runtime.md#kill): signal the container process, or all its processes.

use super::{Context, Error};
use crate::container_id::ContainerId;
use crate::state::{Record, Status};

/// Sends `signal` to container `id`'s process (every process with `all`).
pub fn kill(ctx: &mut Context<'_>, id: &ContainerId, signal: i32, all: bool) -> Result<(), Error> {
    let (record, fifo) = ctx.store.read(id)?;
    let status = record.status(fifo);
    if status == Status::Stopped || record.pid <= 0 {
        return Err(Error::NotRunning);
    }
    if all {
        ctx.backend.kill_all(&record, signal)?;
        return Ok(());
    }
    signal_init(&record, signal)
}

/// Sends `signal` to one process of container `id`, given by host PID
/// (ocijail's `kill --pid`; engines use it for exec'd processes).
pub fn kill_pid(
    ctx: &mut Context<'_>,
    id: &ContainerId,
    pid: i32,
    signal: i32,
) -> Result<(), Error> {
    let (record, fifo) = ctx.store.read(id)?;
    if record.status(fifo) == Status::Stopped {
        return Err(Error::NotRunning);
    }
    if !ctx.backend.pids(&record)?.contains(&pid) {
        return Err(Error::Usage(format!(
            "process {pid} is not in the container"
        )));
    }
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(pid),
        nix::sys::signal::Signal::try_from(signal).map_err(|e| Error::Usage(e.to_string()))?,
    )
    .map_err(|e| Error::io(format!("signal {signal} to {pid}"))(e.into()))
}

/// Signals the container's init, making sure the PID still names it: the
/// watch pins the process (a pidfd on Linux), then its start time is checked.
pub fn signal_init(record: &Record, signal: i32) -> Result<(), Error> {
    let watch = crate::exit_watch::ExitWatch::open(record.pid).map_err(Error::io("watch"))?;
    if !crate::process_status::is_same_alive(record.pid, record.pid_start_time) {
        return Err(Error::NotRunning);
    }
    watch
        .signal(record.pid, signal)
        .map_err(Error::io(format!("signal {signal}")))
}
