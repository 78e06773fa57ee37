//! The operations of runtime.md#operations, on top of the state store and a backend.

pub mod create;
pub mod delete;
pub mod exec;
mod forward;
pub mod kill;
pub mod list;
pub mod pause;
pub mod ps;
pub mod start;
pub mod state;

use crate::log::Log;
use crate::platform::backend::{Backend, BackendError};
use crate::spec::bundle::BundleError;
use crate::state::store::{StateStore, StoreError};
use crate::state::Status;
use thiserror::Error;

/// What an operation needs: the store, the backend and the log.
pub struct Context<'a> {
    pub store: StateStore,
    pub backend: &'a dyn Backend,
    pub log: &'a mut Log,
}

/// Logs a warning for each capability name of `process` that no kernel interface
/// maps; they are left out of the sets, not refused (config.md#linux-process).
/// Linux only: FreeBSD has no capabilities to map.
fn warn_unknown_capabilities(
    ctx: &mut Context<'_>,
    what: &str,
    process: &crate::spec::config::Process,
) {
    if crate::platform::Platform::current() != crate::platform::Platform::Linux {
        return;
    }
    for name in crate::platform::linux::capabilities::unknown(process.capabilities.as_ref()) {
        ctx.log.warn(&format!("{what}: {name}; ignored"));
    }
}

/// Why an operation failed.
#[derive(Debug, Error)]
pub enum Error {
    #[error(transparent)]
    Bundle(#[from] BundleError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Backend(#[from] BackendError),
    #[error("container is {0}, not created")]
    NotCreated(Status),
    #[error("container is {0}")]
    WrongStatus(Status),
    /// containerd treats these words as "already exited" (runc's wording).
    #[error("container not running")]
    NotRunning,
    #[error("container is {0}, not paused")]
    NotPaused(Status),
    #[error("processes still running after {0} rounds of SIGSTOP (they keep forking)")]
    PauseRaced(usize),
    #[error("container is {0}: stop it first, or use --force")]
    StillRunning(Status),
    #[error("{0}")]
    Usage(String),
    #[error("{what}: {why}")]
    Io { what: String, why: std::io::Error },
    #[error(transparent)]
    Start(#[from] crate::exec_fifo::FifoError),
    #[error(transparent)]
    Hook(#[from] crate::hooks::HookError),
    #[error(transparent)]
    DryRun(#[from] crate::platform::freebsd::DryRunError),
    #[error("container process {0} died during create")]
    DiedDuringCreate(i32),
    #[error("container process {0} did not exit after SIGKILL")]
    Unkillable(i32),
    #[cfg(target_os = "linux")]
    #[error(transparent)]
    Sealed(#[from] crate::platform::linux::sealed_exe::SealError),
}

impl Error {
    /// An I/O error with what was being done.
    pub fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> Error {
        let what = what.into();
        move |why| Error::Io { what, why }
    }
}
