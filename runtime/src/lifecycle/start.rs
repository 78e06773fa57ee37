//! `start` (runtime.md#start): release the container process from the exec FIFO,
//! then run poststart hooks (a failing one fails `start` and stops the container).

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
    let exited = crate::exit_watch::ExitWatch::open(record.pid).ok();
    exec_fifo::release(dir.fd(), exited.as_ref().map(|p| p.as_fd()))?;
    let state = record.oci_state(Status::Running).to_json();
    // runtime.md#lifecycle step 9: a failing poststart hook is an error, and the
    // container is stopped (it stays, stopped, until `delete`).
    if let Err(e) = hooks::run_all("poststart", &record.hooks.poststart, &state) {
        let stopped = ctx.backend.kill_all(&record, libc::SIGKILL);
        if let Some(w) = &exited {
            let _ = w.wait(Some(std::time::Duration::from_secs(10)));
        }
        stopped?;
        return Err(e.into());
    }
    Ok(())
}
