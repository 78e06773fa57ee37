//! The jail backend's errors, one variant of `BackendError` (`Jail`).

use super::bundle::BundleError;
use super::plan::PlanError;
use crate::platform::backend::BackendError;
use thiserror::Error;

/// Why the jail backend could not make, signal or remove a container.
#[derive(Debug, Error)]
pub enum JailError {
    #[error(transparent)]
    Bundle(#[from] BundleError),
    #[error(transparent)]
    Plan(#[from] PlanError),
    // The executor's: it runs on FreeBSD, and in unit tests anywhere.
    #[cfg(any(target_os = "freebsd", test))]
    #[error("jail {jail}: {source}")]
    Create {
        jail: String,
        source: super::ContainerError<crate::container::SpawnError>,
    },
    #[cfg(any(target_os = "freebsd", test))]
    #[error("kill --all jail {jail}: {source}")]
    Kill {
        jail: String,
        source: super::SysError,
    },
    #[cfg(any(target_os = "freebsd", test))]
    #[error("jail {jail}: {source}")]
    Lookup {
        jail: String,
        source: super::SysError,
    },
    #[cfg(any(target_os = "freebsd", test))]
    #[error("remove jail {jail}: {errors}{kept}")]
    Remove {
        jail: String,
        errors: super::RemoveError,
        /// Why the failed steps could not be kept for the next `delete`, if so.
        kept: String,
    },
    #[cfg(any(target_os = "freebsd", test))]
    #[error("{path}: {source}")]
    Record {
        path: std::path::PathBuf,
        source: serde_json::Error,
    },
    #[cfg(any(target_os = "freebsd", test))]
    #[error("container {0} has no jail record ({jail_json})", jail_json = super::JAIL_JSON)]
    NoRecord(String),
}

impl From<BundleError> for BackendError {
    fn from(e: BundleError) -> Self {
        BackendError::Jail(e.into())
    }
}

impl From<PlanError> for BackendError {
    fn from(e: PlanError) -> Self {
        BackendError::Jail(e.into())
    }
}
