//! jailrun: a minimal reference OCI runtime for FreeBSD jails, with a Linux
//! namespace backend.

/// Typed `freebsd` section of config.json (runtime-spec v1.3.0 config-freebsd.md).
pub mod freebsd;
/// The FreeBSD jail backend: pure planners, and the small executor.
pub mod jail;

pub mod backend;
pub mod bundle;
#[cfg(test)]
mod bundle_tests;
pub mod capabilities;
pub mod cli;
pub mod config;
pub mod console;
pub mod container_id;
pub mod exec_fifo;
pub mod fdio;
pub mod features;
pub mod hooks;
pub mod lifecycle;
#[cfg(target_os = "linux")]
pub mod linux;
pub mod log;
pub mod mount_options;
#[cfg(target_os = "linux")]
pub mod pidfd;
pub mod platform;
pub mod process_status;
pub mod schema;
pub mod secure_path;
pub mod signal;
pub mod spec_example;
pub mod state;
pub mod state_store;
pub mod timestamp;
pub mod validate;
