//! The seam between the portable lifecycle and a platform's way of making containers.

use crate::bundle::Bundle;
use crate::container_id::ContainerId;
use crate::state::{OciState, Record};
use std::os::fd::{BorrowedFd, RawFd};
use std::path::Path;
use thiserror::Error;

/// A backend failure, already worded for a person.
#[derive(Debug, Error)]
#[error("{0}")]
pub struct BackendError(pub String);

impl BackendError {
    /// An error with `what` as context for `why`.
    pub fn new(what: impl std::fmt::Display, why: impl std::fmt::Display) -> BackendError {
        BackendError(format!("{what}: {why}"))
    }
}

/// What `create` hands a backend.
pub struct CreateRequest<'a> {
    pub id: &'a ContainerId,
    pub bundle: &'a Bundle,
    /// The container's state directory (holds the exec FIFO), opened without the lock.
    pub dir: BorrowedFd<'a>,
    /// Descriptors the container process must close at once (the state lock).
    pub close_in_child: &'a [RawFd],
    pub console_socket: Option<&'a Path>,
    /// The state document hooks get; backends fill in status and pid.
    pub state: OciState,
}

/// The container process a backend created.
#[derive(Debug, Clone, Copy)]
pub struct Created {
    /// Host PID of the container process.
    pub pid: i32,
    /// Whether killing that process kills every process of the container.
    pub own_pid_ns: bool,
}

/// What `exec` hands a backend: a validated process to start in the container.
pub struct ExecRequest<'a> {
    pub process: &'a crate::config::Process,
    /// Receives the pty master when `process.terminal` is set.
    pub console_socket: Option<&'a Path>,
    /// Descriptors 3 .. 3+n the process inherits (`--preserve-fds`).
    pub preserve_fds: u32,
}

/// Runs prestart and createRuntime hooks for the container process `pid`.
pub type RuntimeHooks<'a> = dyn FnMut(i32) -> Result<(), String> + 'a;

/// A platform's container mechanism.
pub trait Backend {
    /// Creates the container and leaves its process waiting on the exec FIFO.
    /// Calls `runtime_hooks` when prestart and createRuntime hooks are due.
    fn create(
        &self,
        req: &CreateRequest<'_>,
        runtime_hooks: &mut RuntimeHooks<'_>,
    ) -> Result<Created, BackendError>;

    /// Sends `signal` to every process of the container.
    fn kill_all(&self, record: &Record, signal: i32) -> Result<(), BackendError>;

    /// Releases what outlives the container's processes (nothing on Linux).
    fn destroy(&self, record: &Record) -> Result<(), BackendError>;

    /// Starts `req.process` in the running container; returns its host PID once it
    /// has executed the program (it is a child of the calling process).
    fn exec(&self, record: &Record, req: &ExecRequest<'_>) -> Result<i32, BackendError> {
        let _ = (record, req);
        Err(BackendError(
            "exec is not supported on this platform yet".into(),
        ))
    }

    /// Host PIDs of every process of the container.
    fn pids(&self, record: &Record) -> Result<Vec<i32>, BackendError> {
        let _ = record;
        Err(BackendError(
            "ps is not supported on this platform yet".into(),
        ))
    }
}
