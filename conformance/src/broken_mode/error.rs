//! The wrapper's errors; its `main` turns them into one line and exit status 2.

use std::path::PathBuf;

/// What can go wrong while breaking a call.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("JAILCHECK_REAL_RUNTIME is not set")]
    NoRealRuntime,
    #[error("unknown JAILCHECK_BROKEN_MODE {0:?} (see --list-modes)")]
    UnknownMode(String),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("exec {program}: {source}")]
    Exec {
        program: String,
        source: std::io::Error,
    },
    #[error("{what}: {source}")]
    Sys {
        what: &'static str,
        source: nix::Error,
    },
    #[error("{0}")]
    Call(String),
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |source| Error::Io { path, source }
    }

    /// A failed system call.
    pub fn sys(what: &'static str) -> impl FnOnce(nix::Error) -> Error {
        move |source| Error::Sys { what, source }
    }
}
