//! The Linux backend's errors, one variant of `BackendError` (`Linux`).

use super::plan::PlanError;
use crate::platform::backend::BackendError;
use thiserror::Error;

/// Why the Linux backend could not make a container or enter one.
#[derive(Debug, Error)]
pub enum LinuxError {
    #[error(transparent)]
    Plan(#[from] PlanError),
    // `exec`'s.
    #[cfg(target_os = "linux")]
    #[error("container not running")]
    NotRunning,
    #[cfg(target_os = "linux")]
    #[error("exec: the container shares jailrun's mount namespace (it needs one of its own)")]
    ExecSharedMountNamespace,
}

impl From<PlanError> for BackendError {
    fn from(e: PlanError) -> Self {
        BackendError::Linux(e.into())
    }
}
