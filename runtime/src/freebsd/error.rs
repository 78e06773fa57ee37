//! Configuration errors that name the file and the field at fault.

use thiserror::Error;

/// A problem with one field of config.json or runj.ext.json.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{file}: {field}: {problem}")]
pub struct ConfigError {
    /// `config.json` or `runj.ext.json`.
    pub file: &'static str,
    /// Dotted path of the field, e.g. `freebsd.jail.enforceStatfs`.
    pub field: String,
    /// What is wrong with it.
    pub problem: String,
}

/// The bundle's main configuration file.
pub const CONFIG_JSON: &str = "config.json";
/// runj's extension file in the bundle directory.
pub const RUNJ_EXT_JSON: &str = "runj.ext.json";

impl ConfigError {
    /// An error about `field` of config.json.
    pub fn config(field: impl Into<String>, problem: impl Into<String>) -> Self {
        ConfigError {
            file: CONFIG_JSON,
            field: field.into(),
            problem: problem.into(),
        }
    }

    /// An error about `field` of runj.ext.json.
    pub fn runj_ext(field: impl Into<String>, problem: impl Into<String>) -> Self {
        ConfigError {
            file: RUNJ_EXT_JSON,
            field: field.into(),
            problem: problem.into(),
        }
    }
}
