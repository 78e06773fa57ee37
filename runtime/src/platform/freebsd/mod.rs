//! The FreeBSD jail backend.
//!
//! `bundle` makes the backend's view of a parsed, validated config.json (the
//! `freebsd` section merged with runj.ext.json, `rlimit` names resolved,
//! mount sources looked up); `root_path` resolves mount destinations inside
//! the root.
//!
//! Pure planners turn a bundle into data — the `jail -c` parameters
//! (`jail_params`), the mounts (`mounts`, `fs_options`), the device rules
//! (`devices`), the container process's calls (`process`) — composed into a
//! create plan and its removal plan (`plan`) of `Step`s that print as the
//! exact commands they run; `dry_run` prints a plan (create's or exec's)
//! without running it. The executor (`exec`) runs steps through a small
//! `System` and rolls back on failure; `HostSystem` is the real one and
//! `RecordingSystem` the one tests use. `JailBackend` puts it all behind the
//! lifecycle's `Backend` trait; the container process itself is the shared
//! `crate::container`. `fork` runs `kill --all`'s child; `proc_table` finds a
//! jail's processes for `ps`; `sys_freebsd` holds the only FreeBSD-only calls
//! (jail_attach(2), kill(-1) inside a jail, the process table sysctl,
//! `O_RESOLVE_BENEATH` and fstatfs(2) for `mount_check`).

// The planners, the bundle's FreeBSD view and the dry run: built everywhere
// (`create --dry-run --platform freebsd` runs on any OS).
mod bundle;
mod devices;
mod dry_run;
mod error;
mod fs_options;
pub(crate) mod groups;
mod jail_params;
mod mounts;
mod name;
mod param;
mod plan;
mod process;
pub mod rlimit;
pub(crate) mod root_path;
mod shell;
mod step;

// The executor and the backend run only on FreeBSD; Linux builds them for their
// unit tests, with `RecordingSystem` standing in for the host.
#[cfg(any(target_os = "freebsd", test))]
mod backend;
#[cfg(any(target_os = "freebsd", test))]
mod beneath;
#[cfg(any(target_os = "freebsd", test))]
mod exec;
#[cfg(any(target_os = "freebsd", test))]
mod fork;
#[cfg(any(target_os = "freebsd", test))]
mod host;
#[cfg(any(target_os = "freebsd", test))]
mod mount_check;
#[cfg(any(target_os = "freebsd", test))]
mod proc_table;
#[cfg(test)]
mod record;
#[cfg(target_os = "freebsd")]
mod sys_freebsd;

#[cfg(test)]
mod backend_tests;
#[cfg(test)]
mod error_tests;
#[cfg(test)]
mod exec_tests;
#[cfg(test)]
mod fixture_tests;
#[cfg(test)]
mod network_rules_tests;

pub(crate) use bundle::BundleError;
pub use bundle::JailBundle;
#[cfg(test)]
use dry_run::dry_run;
pub(crate) use dry_run::{dry_run_exec, dry_run_in, DryRunError};
pub use error::JailError;
pub use step::Step;

/// The create plan of container `id` (see `plan.rs`).
pub use plan::create as plan_create;
/// The removal plan for a create plan's steps.
pub use plan::removal as plan_removal;
/// What the kernel would accept but ignore in a bundle (see `plan.rs`).
pub use plan::warnings as plan_warnings;

#[cfg(any(target_os = "freebsd", test))]
pub(crate) use backend::JAIL_JSON;
#[cfg(any(target_os = "freebsd", test))]
pub(crate) use exec::{ContainerError, RemoveError, SysError};
#[cfg(target_os = "freebsd")]
pub(crate) use {backend::JailBackend, host::HostSystem};
