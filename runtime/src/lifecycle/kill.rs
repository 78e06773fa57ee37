//! `kill` (runtime.md#kill): signal the container process, or all its processes.

use super::{Context, Error};
use crate::container_id::ContainerId;
use crate::state::{Record, Status};

/// Sends `signal` to container `id`'s process (every process with `all`).
pub fn kill(ctx: &mut Context<'_>, id: &ContainerId, signal: i32, all: bool) -> Result<(), Error> {
    let (record, fifo) = ctx.store.read(id)?;
    let status = record.status(fifo);
    if status == Status::Stopped || record.pid <= 0 {
        return Err(Error::WrongStatus(status));
    }
    if all {
        ctx.backend.kill_all(&record, signal)?;
        return Ok(());
    }
    signal_init(&record, signal)
}

/// Signals the container's init, making sure the PID still names it: the
/// watch pins the process (a pidfd on Linux), then its start time is checked.
pub fn signal_init(record: &Record, signal: i32) -> Result<(), Error> {
    let watch = crate::exit_watch::ExitWatch::open(record.pid).map_err(Error::io("watch"))?;
    if !crate::process_status::is_same_alive(record.pid, record.pid_start_time) {
        return Err(Error::WrongStatus(Status::Stopped));
    }
    watch
        .signal(record.pid, signal)
        .map_err(Error::io(format!("signal {signal}")))
}
