//! `start` (runtime.md#start): release the container process from the exec FIFO,
//! then run poststart hooks.

use super::{Context, Error};
use crate::container_id::ContainerId;
use crate::state::Status;
use crate::{exec_fifo, hooks};
use std::os::fd::AsFd;

/// Starts container `id`, which must be `created`.
pub fn start(ctx: &mut Context<'_>, id: &ContainerId) -> Result<(), Error> {
    let dir = ctx.store.lock(id)?;
    let (record, fifo) = dir.read()?;
    let status = record.status(fifo);
    if status != Status::Created {
        return Err(Error::NotCreated(status));
    }
    let exited = exit_watch(record.pid);
    exec_fifo::release(dir.fd(), exited.as_ref().map(|p| p.as_fd()))
        .map_err(|e| Error::Failed(e.to_string()))?;
    let state = record.oci_state(Status::Running).to_json();
    hooks::run_all_warn("poststart", &record.hooks.poststart, &state, &mut |w| {
        ctx.log.warn(&w)
    });
    Ok(())
}

#[cfg(target_os = "linux")]
fn exit_watch(pid: i32) -> Option<crate::pidfd::PidFd> {
    crate::pidfd::PidFd::open(pid).ok()
}

#[cfg(not(target_os = "linux"))]
fn exit_watch(_pid: i32) -> Option<std::fs::File> {
    None
}
