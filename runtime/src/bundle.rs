//! Loading a bundle: its directory, config.json and root filesystem.

use crate::config::Config;
use crate::platform::Platform;
use crate::validate::{self, Invalid};
use serde_json::Value;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// A loaded, validated bundle.
#[derive(Debug, Clone)]
pub struct Bundle {
    /// Absolute, canonical path of the bundle directory.
    pub dir: PathBuf,
    /// The parsed configuration.
    pub config: Config,
    /// config.json as JSON, for what the typed config does not carry.
    pub raw: Value,
    /// Absolute path of the root filesystem.
    pub rootfs: PathBuf,
    /// For the jail backend: the FreeBSD view (the typed `freebsd` section
    /// merged with runj.ext.json, rlimits resolved), made from the same read.
    pub jail: Option<crate::jail::JailBundle>,
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
    #[error("config.json: malformed JSON: {0}")]
    Malformed(serde_json::Error),
    #[error("config.json: {0}")]
    Schema(#[from] crate::schema::SchemaError),
    #[error("config.json: {0}")]
    Invalid(#[from] Invalid),
    #[error(transparent)]
    Jail(#[from] crate::jail::BundleError),
}

impl Bundle {
    /// Loads and validates the bundle in `dir` for `platform` (the backend's):
    /// config.json is read once, here.
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
        let raw: Value = serde_json::from_slice(&text).map_err(BundleError::Malformed)?;
        let config: Config = crate::schema::typed(&raw)?;
        validate::validate(&config, &raw, &dir, platform)?;
        let rootfs = validate::root_path(&config, &dir).unwrap_or_else(|| dir.clone());
        let jail = match platform {
            Platform::FreeBsd => Some(crate::jail::JailBundle::from_config(&dir, &raw)?),
            Platform::Linux => None,
        };
        Ok(Bundle {
            dir,
            config,
            raw,
            rootfs,
            jail,
        })
    }

    /// The process section; validation made sure it is there.
    pub fn process(&self) -> &crate::config::Process {
        static EMPTY: std::sync::OnceLock<crate::config::Process> = std::sync::OnceLock::new();
        self.config
            .process
            .as_ref()
            .unwrap_or_else(|| EMPTY.get_or_init(Default::default))
    }
}
