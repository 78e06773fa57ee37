//! Configuration errors that name the file and the field at fault.

use std::fmt;

/// A problem with one field of config.json or runj.ext.json.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// `config.json` or `runj.ext.json`.
    pub file: &'static str,
    /// Dotted path of the field, e.g. `freebsd.jail.enforceStatfs`; empty
    /// when the problem is the whole file.
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

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}: {}", self.file, self.problem)
        } else {
            write!(f, "{}: {}: {}", self.file, self.field, self.problem)
        }
    }
}

impl std::error::Error for ConfigError {}
