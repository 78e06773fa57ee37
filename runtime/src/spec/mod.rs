//! The bundle and its config.json (runtime-spec v1.3.0 config.md and
//! config-freebsd.md) as typed data.
//!
//! `bundle` loads a bundle: config.json is read and parsed once
//! (`schema::parse`) into a `config::Config` that includes the `freebsd`
//! section (`freebsd`), then validated for the backend's platform
//! (`validate`, with `unsupported` for what jailrun knows and refuses).
//! `example` is the config.json `jailrun spec` writes.

pub mod bundle;
#[cfg(test)]
mod bundle_tests;
pub mod config;
pub mod example;
pub mod freebsd;
#[cfg(test)]
mod parse_once_tests;
pub mod schema;
pub mod unsupported;
pub mod validate;
