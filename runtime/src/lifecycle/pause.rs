//! `pause` and `resume` (runc conventions). Without a cgroup freezer (jailrun does
//! no cgroup work) every process of the container is stopped with SIGSTOP and
//! continued with SIGCONT, as for a jail on FreeBSD. The status `paused` is kept
//! in the record. A program that watches its children's stops (waitpid with
//! WUNTRACED) can tell; a freezer would be invisible.

use super::{Context, Error};
use crate::container_id::ContainerId;
use crate::state::{Phase, Status};

/// How many rounds of SIGSTOP `pause` sends before giving up on a container whose
/// processes keep forking new ones.
const STOP_ROUNDS: usize = 50;

/// Stops every process of running container `id`.
pub fn pause(ctx: &mut Context<'_>, id: &ContainerId) -> Result<(), Error> {
    let dir = ctx.store.lock(id)?;
    let (mut record, fifo) = dir.read()?;
    match record.status(fifo) {
        Status::Running => {}
        Status::Stopped => return Err(Error::NotRunning),
        other => return Err(Error::WrongStatus(other)),
    }
    // A process forked while the signals go out escapes one round; repeat until
    // every process is seen stopped.
    let mut rounds = 0;
    loop {
        ctx.backend.kill_all(&record, libc::SIGSTOP)?;
        rounds += 1;
        if all_stopped(ctx, &record)? {
            break;
        }
        if rounds == STOP_ROUNDS {
            ctx.backend.kill_all(&record, libc::SIGCONT)?;
            return Err(Error::PauseRaced(STOP_ROUNDS));
        }
    }
    record.phase = Phase::Paused;
    dir.write(&record)?;
    Ok(())
}

/// Continues every process of paused container `id`.
pub fn resume(ctx: &mut Context<'_>, id: &ContainerId) -> Result<(), Error> {
    let dir = ctx.store.lock(id)?;
    let (mut record, fifo) = dir.read()?;
    match record.status(fifo) {
        Status::Paused => {}
        Status::Stopped => return Err(Error::NotRunning),
        other => return Err(Error::NotPaused(other)),
    }
    ctx.backend.kill_all(&record, libc::SIGCONT)?;
    record.phase = Phase::Created;
    dir.write(&record)?;
    Ok(())
}

/// Whether every process of the container is in the stopped state.
#[cfg(target_os = "linux")]
fn all_stopped(ctx: &Context<'_>, record: &crate::state::Record) -> Result<bool, Error> {
    Ok(ctx.backend.pids(record)?.iter().all(|p| is_stopped(*p)))
}

/// kill(-1, SIGSTOP) inside a jail reaches every process of it at once.
#[cfg(not(target_os = "linux"))]
fn all_stopped(_ctx: &Context<'_>, _record: &crate::state::Record) -> Result<bool, Error> {
    Ok(true)
}

/// A process that is stopped (T) or gone counts as stopped.
#[cfg(target_os = "linux")]
fn is_stopped(pid: i32) -> bool {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return true;
    };
    let state = stat
        .rfind(')')
        .and_then(|i| stat[i + 1..].split_whitespace().next());
    matches!(state, Some("T" | "t" | "Z" | "X"))
}
