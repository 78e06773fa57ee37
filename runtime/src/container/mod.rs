//! The container process, one implementation for both backends.
//!
//! A pure planner per platform (`platform::linux::plan`,
//! `platform::freebsd::process`) turns the bundle
//! into a list of [`ProcessStep`]s; [`spawn`] forks the process (clone3 into new
//! namespaces on Linux, fork on FreeBSD) and follows the one typed protocol
//! ([`message`]) while [`run`] — the one interpreter — carries the steps out in
//! the child. Each step prints as the call it makes, so `create --dry-run`
//! prints exactly what runs, in order; with `--debug` each step is written to
//! stderr as it starts, which is how a test compares the two.
//!
//! An exec'd process (`jailrun exec`) is the same machinery with another plan:
//! join the container (JoinNamespace steps, or JailAttach) instead of making
//! it, then the user, rlimit, capability, cwd and Exec steps, without
//! WaitForStart.
//!
//! On Linux both `create` and `exec` first re-execute from a read-only view (or
//! a sealed copy) of the binary (`platform::linux::sealed_exe`), so neither
//! process is the host's jailrun. The Linux-only steps (mounts in the root,
//! pivot_root, capabilities, …) are carried out by `platform::linux::linux_steps`.

pub mod exec_path;
pub mod message;
pub mod run;
pub mod spawn;
pub mod step;

pub use crate::platform::linux::mount::LinuxMount;
pub use spawn::{kill_and_reap, spawn, spawn_exec, Fork, Spawn, SpawnError};
#[cfg(target_os = "linux")]
pub use step::Namespace;
pub use step::ProcessStep;
