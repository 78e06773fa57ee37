//! jailrun: a minimal reference OCI runtime for FreeBSD jails, with a Linux
//! namespace backend.

#![warn(clippy::undocumented_unsafe_blocks)]

/// Typed `freebsd` section of config.json (runtime-spec v1.3.0 config-freebsd.md).
mod freebsd;
/// The FreeBSD jail backend: pure planners, and the small executor.
mod jail;

mod backend;
mod bundle;
#[cfg(test)]
mod bundle_tests;
mod capabilities;
mod cli;
mod cli_exec;
mod config;
mod console;
/// The container process: steps, the interpreter, the protocol (both backends).
mod container;
mod container_id;
mod device_rules;
mod exec_fifo;
mod exit_watch;
mod fdio;
mod features;
mod hooks;
mod inherited_fds;
mod lifecycle;
mod linux;
mod log;
mod mount_options;
#[cfg(test)]
mod parse_once_tests;
mod platform;
mod process_status;
mod root_path;
mod schema;
mod signal;
mod spec_example;
mod state;
mod state_store;
mod timestamp;
mod unsupported;
mod validate;

pub use cli::main;

// What the integration tests (runtime/tests/) drive: loading a bundle and the
// planners of both platforms.
pub use bundle::Bundle;
pub use container::ProcessStep;
pub use container_id::ContainerId;
pub use jail::{plan_create, plan_removal, JailBundle, Step as JailStep};
pub use linux::plan::build as plan_linux;
pub use platform::Platform;
