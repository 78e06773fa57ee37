//! `delete` (runtime.md#delete): remove a stopped container (any with --force), then
//! run poststop hooks. Unlike runc, a `created` container is not stopped: the spec
//! says deleting a container that is not stopped MUST fail. `--force` of a
//! container that does not exist succeeds, as runc's does.

use super::{Context, Error};
use crate::container_id::ContainerId;
use crate::hooks;
use crate::state::store::StoreError;
use crate::state::Status;
use std::time::Duration;

/// How long `delete` waits for a killed container process to exit.
const KILL_WAIT: Duration = Duration::from_secs(10);

/// Deletes container `id`.
pub fn delete(ctx: &mut Context<'_>, id: &ContainerId, force: bool) -> Result<(), Error> {
    let dir = match ctx.store.lock(id) {
        // Engines clean up with `delete --force` whatever happened; runc exits 0.
        Err(StoreError::NotFound) if force => return Ok(()),
        r => r?,
    };
    let (record, fifo) = dir.read()?;
    let status = record.status(fifo);
    match status {
        Status::Stopped => {}
        _ if force => stop(ctx, &record)?,
        _ => return Err(Error::StillRunning(status)),
    }
    wait_exited(&record);
    ctx.backend.destroy(&record)?;
    dir.remove()?;
    let state = record.oci_state(Status::Stopped).to_json();
    hooks::run_all_warn("poststop", &record.hooks.poststop, &state, &mut |w| {
        ctx.log.warn(&w)
    });
    Ok(())
}

/// Kills every process of the container and waits for its init to exit.
fn stop(ctx: &mut Context<'_>, record: &crate::state::Record) -> Result<(), Error> {
    if record.pid <= 0 {
        return Ok(());
    }
    let watch = crate::exit_watch::ExitWatch::open(record.pid).ok();
    ctx.backend.kill_all(record, libc::SIGKILL)?;
    let Some(w) = watch else { return Ok(()) };
    if !crate::process_status::is_same_alive(record.pid, record.pid_start_time) {
        return Ok(());
    }
    if !w.wait(Some(KILL_WAIT)).map_err(Error::io("wait"))? {
        return Err(Error::Unkillable(record.pid));
    }
    Ok(())
}

/// A killed process counts as stopped from the moment it starts to exit, but
/// it holds its namespaces and mounts until the kernel is done with it: wait for
/// that before the container is removed and poststop hooks run.
fn wait_exited(record: &crate::state::Record) {
    if record.pid <= 0 {
        return;
    }
    // Opened before the identity check, so a reused pid cannot slip in between.
    let Ok(watch) = crate::exit_watch::ExitWatch::open(record.pid) else {
        return;
    };
    if crate::process_status::is_same(record.pid, record.pid_start_time) {
        let _ = watch.wait(Some(KILL_WAIT));
    }
}
