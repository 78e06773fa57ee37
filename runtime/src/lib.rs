//! jailrun: a minimal reference OCI runtime for FreeBSD jails, with a Linux
//! namespace backend.

#![warn(clippy::undocumented_unsafe_blocks)]

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
pub mod cli_exec;
pub mod config;
pub mod console;
/// The container process: steps, the interpreter, the protocol (both backends).
pub mod container;
pub mod container_id;
pub mod device_rules;
pub mod exec_fifo;
pub mod exit_watch;
pub mod fdio;
pub mod features;
pub mod hooks;
pub mod inherited_fds;
pub mod lifecycle;
pub mod linux;
pub mod log;
pub mod mount_options;
pub mod platform;
pub mod process_status;
pub mod root_path;
pub mod schema;
pub mod signal;
pub mod spec_example;
pub mod state;
pub mod state_store;
pub mod timestamp;
pub mod unsupported;
pub mod validate;
