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
    let exited = exit_watch(record.pid);
    exec_fifo::release(dir.fd(), exited.as_ref().map(|p| p.as_fd()))
        .map_err(|e| Error::Failed(e.to_string()))?;
    let state = record.oci_state(Status::Running).to_json();
    // runtime.md#lifecycle step 9: a failing poststart hook is an error, and the
    // container is stopped (it stays, stopped, until `delete`).
    if let Err(e) = hooks::run_all("poststart", &record.hooks.poststart, &state) {
        let stopped = ctx.backend.kill_all(&record, libc::SIGKILL);
        if let Some(w) = &exited {
            let _ = w.wait_exit(Some(std::time::Duration::from_secs(10)));
        }
        stopped?;
        return Err(Error::Failed(e.to_string()));
    }
    Ok(())
}

#[cfg(target_os = "linux")]
fn exit_watch(pid: i32) -> Option<crate::pidfd::PidFd> {
    crate::pidfd::PidFd::open(pid).ok()
}

#[cfg(not(target_os = "linux"))]
fn exit_watch(_pid: i32) -> Option<NoWatch> {
    None
}

/// Stand-in for a pidfd where there is none.
#[cfg(not(target_os = "linux"))]
struct NoWatch(std::fs::File);

#[cfg(not(target_os = "linux"))]
impl NoWatch {
    fn as_fd(&self) -> std::os::fd::BorrowedFd<'_> {
        self.0.as_fd()
    }
    fn wait_exit(&self, _t: Option<std::time::Duration>) -> std::io::Result<bool> {
        Ok(true)
    }
}
