//! The seam between the portable lifecycle and a platform's way of making containers.

use crate::container::SpawnError;
use crate::hooks::HookError;
use crate::spec::bundle::Bundle;
use crate::state::{OciState, Record};
use std::io;
use std::os::fd::{BorrowedFd, RawFd};
use std::path::Path;
use thiserror::Error;

/// Why a backend could not make, signal or remove a container: what the
/// shared machinery reports, or a platform's own error.
#[derive(Debug, Error)]
pub enum BackendError {
    #[error(transparent)]
    Spawn(#[from] SpawnError),
    #[error(transparent)]
    Hook(#[from] HookError),
    #[error("{what}: {source}")]
    Io { what: String, source: io::Error },
    #[error("{0} is not supported on this platform yet")]
    NotOnThisPlatform(&'static str),
    #[error(transparent)]
    Linux(#[from] super::linux::LinuxError),
    #[error(transparent)]
    Jail(#[from] super::freebsd::JailError),
}

impl BackendError {
    /// An I/O error with what was being done.
    pub fn io(what: impl Into<String>) -> impl FnOnce(io::Error) -> BackendError {
        let what = what.into();
        move |source| BackendError::Io { what, source }
    }
}

/// What `create` hands a backend.
pub struct CreateRequest<'a> {
    pub bundle: &'a Bundle,
    /// The container's state directory (holds the exec FIFO), opened without the lock.
    pub dir: BorrowedFd<'a>,
    /// Descriptors the container process must close at once (the state lock).
    pub close_in_child: &'a [RawFd],
    pub console_socket: Option<&'a Path>,
    /// The state document hooks get; backends fill in status and pid.
    pub state: OciState,
    /// Write each step of the plan to stderr as it runs (`--debug`).
    pub trace: bool,
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
    pub process: &'a crate::spec::config::Process,
    /// Receives the pty master when `process.terminal` is set.
    pub console_socket: Option<&'a Path>,
    /// Write each step to stderr as it runs (`--debug`).
    pub trace: bool,
}

/// Runs prestart and createRuntime hooks for the container process `pid`.
pub type RuntimeHooks<'a> = dyn FnMut(i32) -> Result<(), BackendError> + 'a;

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
        Err(BackendError::NotOnThisPlatform("exec"))
    }

    /// Host PIDs of every process of the container.
    fn pids(&self, record: &Record) -> Result<Vec<i32>, BackendError> {
        let _ = record;
        Err(BackendError::NotOnThisPlatform("ps"))
    }
}
