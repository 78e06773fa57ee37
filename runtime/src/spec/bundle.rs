//! Loading a bundle: its directory, config.json and root filesystem.

use crate::platform::Platform;
use crate::spec::config::Config;
use crate::spec::validate::{self, Invalid};
use std::path::{Path, PathBuf};
use thiserror::Error;

/// A loaded, validated bundle.
#[derive(Debug, Clone)]
pub struct Bundle {
    /// Absolute, canonical path of the bundle directory.
    pub dir: PathBuf,
    /// The parsed configuration, the `freebsd` section included.
    pub config: Config,
    /// Absolute path of the root filesystem.
    pub rootfs: PathBuf,
    /// For the jail backend: the FreeBSD view (the typed `freebsd` section
    /// merged with runj.ext.json, rlimits resolved), made from `config`.
    pub jail: Option<crate::platform::freebsd::JailBundle>,
}

/// Why a bundle could not be loaded.
#[derive(Debug, Error)]
pub enum BundleError {
    #[error("bundle {path}: {source}")]
    Dir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config.json: {0}")]
    Schema(#[from] crate::spec::schema::SchemaError),
    #[error("config.json: {0}")]
    Invalid(#[from] Invalid),
    #[error(transparent)]
    Jail(#[from] crate::platform::freebsd::BundleError),
}

impl Bundle {
    /// Loads and validates the bundle in `dir` for `platform` (the backend's):
    /// config.json is read and parsed once, here, into `config`; the rest is
    /// made from that value.
    pub fn load(dir: &Path, platform: Platform) -> Result<Bundle, BundleError> {
        let dir = std::fs::canonicalize(dir).map_err(|source| BundleError::Dir {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = dir.join("config.json");
        let text = std::fs::read(&path).map_err(|source| BundleError::Read {
            path: path.clone(),
            source,
        })?;
        let config = crate::spec::schema::parse(&text)?;
        validate::validate(&config, &dir, platform)?;
        let rootfs = validate::root_path(&config, &dir).unwrap_or_else(|| dir.clone());
        let jail = match platform {
            Platform::FreeBsd => Some(crate::platform::freebsd::JailBundle::new(&dir, &config)?),
            Platform::Linux => None,
        };
        Ok(Bundle {
            dir,
            config,
            rootfs,
            jail,
        })
    }

    /// The process section; validation made sure it is there.
    pub fn process(&self) -> &crate::spec::config::Process {
        static EMPTY: std::sync::OnceLock<crate::spec::config::Process> =
            std::sync::OnceLock::new();
        self.config
            .process
            .as_ref()
            .unwrap_or_else(|| EMPTY.get_or_init(Default::default))
    }
}
