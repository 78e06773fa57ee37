//! Typed `freebsd` section of config.json (runtime-spec v1.3.0,
//! config-freebsd.md), runj's `runj.ext.json`, and FreeBSD resource limits.
//!
//! [`load`] is the one entry point: it reads the section from config.json's
//! JSON, merges runj.ext.json when there is one, and applies the spec's rules.

mod check;
mod error;
mod json;
mod model;
mod parse;
pub mod rlimit;
pub mod runj_ext;

pub use check::MAX_HOST_NAME;
pub use error::{ConfigError, CONFIG_JSON, RUNJ_EXT_JSON};
#[cfg(test)]
pub use model::JAIL_MOUNTABLE;
pub use model::{Device, FreeBsd, Sharing};
pub use parse::freebsd_section;

use serde_json::Value;

/// The validated `freebsd` section of `config` (config.json's JSON), merged
/// with the text of runj.ext.json if the bundle has one. `hostname` and
/// `domainname` are read from `config` for the `host` rule.
pub fn load(config: &Value, runj_ext: Option<&str>) -> Result<FreeBsd, ConfigError> {
    let mut fb = freebsd_section(config)?;
    if let Some(text) = runj_ext {
        runj_ext::merge(&mut fb.jail, runj_ext::parse(text)?)?;
    }
    let name = |key: &str| config.get(key).and_then(Value::as_str);
    check::check(&fb, name("hostname"), name("domainname")).map_err(|mut e| {
        if runj_ext.is_some() {
            e.problem.push_str(" (after merging runj.ext.json)");
        }
        e
    })?;
    Ok(fb)
}
