//! Typed `freebsd` section of config.json (runtime-spec v1.3.0,
//! config-freebsd.md), and runj's `runj.ext.json`.
//!
//! The section is deserialized with the rest of config.json
//! (`crate::spec::schema::parse`); [`load`] takes it from the typed configuration,
//! merges runj.ext.json when there is one, and applies the spec's rules.

mod check;
mod de;
mod error;
mod model;
pub mod runj_ext;

pub use check::MAX_HOST_NAME;
pub use error::{ConfigError, RUNJ_EXT_JSON};
#[cfg(test)]
pub use model::JAIL_MOUNTABLE;
pub use model::{Device, FreeBsd, Sharing};

use crate::spec::config::Config;

/// The validated `freebsd` section of `config`, merged with the text of
/// runj.ext.json if the bundle has one. `hostname` and `domainname` are read
/// from `config` for the `host` rule.
pub fn load(config: &Config, runj_ext: Option<&str>) -> Result<FreeBsd, ConfigError> {
    let mut fb = section(config)?;
    if let Some(text) = runj_ext {
        runj_ext::merge(&mut fb.jail, runj_ext::parse(text)?)?;
    }
    check::check(
        &fb,
        config.hostname.as_deref(),
        config.domainname.as_deref(),
    )
    .map_err(|mut e| {
        if runj_ext.is_some() {
            e.problem.push_str(" (after merging runj.ext.json)");
        }
        e
    })?;
    Ok(fb)
}

/// The typed section as config.json gave it (absent: all unset), or the type
/// error found in it when config.json was read.
fn section(config: &Config) -> Result<FreeBsd, ConfigError> {
    let Some(section) = &config.freebsd else {
        return Ok(FreeBsd::default());
    };
    section.get().cloned().map_err(|e| {
        let field = match e.path.as_str() {
            "" => "freebsd".to_string(),
            path => format!("freebsd.{path}"),
        };
        ConfigError::config(field, e.problem.clone())
    })
}

#[cfg(test)]
pub(crate) mod tests;
