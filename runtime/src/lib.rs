//! jailrun: a minimal reference OCI runtime for FreeBSD jails, with a Linux
//! namespace backend.
//!
//! A config.json goes through: `spec` (parsed once into a typed `Config`,
//! the `freebsd` section included, then validated), `platform` (a plan per
//! platform, run by that platform's backend), `container` (the one interpreter
//! of the container process's steps), under `lifecycle` (the operations) and
//! `state` (what is kept between commands).

#![warn(clippy::undocumented_unsafe_blocks)]

mod cli;
mod console;
/// The container process: steps, the interpreter, the protocol (both backends).
mod container;
mod container_id;
mod exec_fifo;
mod exit_watch;
mod fdio;
mod features;
mod hooks;
mod inherited_fds;
mod lifecycle;
mod log;
/// The platforms: Linux namespaces and FreeBSD jails, behind one backend trait.
mod platform;
mod process_status;
mod signal;
/// The bundle and its config.json as typed data, and their validation.
mod spec;
/// Container state: the state document and the store under `--root`.
mod state;
mod timestamp;

pub use cli::main;

// What the integration tests (runtime/tests/) drive: loading a bundle and the
// planners of both platforms.
pub use container::ProcessStep;
pub use container_id::ContainerId;
pub use platform::freebsd::{plan_create, plan_removal, JailBundle, Step as JailStep};
pub use platform::linux::plan::build as plan_linux;
pub use platform::Platform;
pub use spec::bundle::Bundle;
