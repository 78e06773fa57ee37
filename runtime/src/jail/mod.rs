//! The FreeBSD jail backend.
//!
//! Pure planners turn a bundle into data — the `jail -c` parameters
//! (`jail_params`), the mounts (`mounts`, `fs_options`), the device rules
//! (`devices`), the container process's calls (`process`) — composed into a
//! create plan and its removal plan (`plan`) of [`Step`]s that print as the
//! exact commands they run. The executor (`exec`) runs steps through a small
//! [`System`] and rolls back on failure; [`HostSystem`] is the real one and
//! [`RecordingSystem`] the one tests use. [`JailBackend`] puts it all behind
//! the lifecycle's `Backend` trait; the container process itself is the
//! shared `crate::container`. `fork` runs `kill --all`'s child; `proc_table` finds a jail's processes
//! for `ps`; `sys_freebsd` holds the only FreeBSD-only code (jail_attach(2),
//! kill(-1) inside a jail, the process table sysctl, `O_RESOLVE_BENEATH` for `mount_check`). [`dry_run`] prints a plan without running it.

mod backend;
mod beneath;
mod bundle;
mod devices;
mod dry_run;
mod exec;
mod fork;
mod fs_options;
mod host;
mod jail_params;
mod mount_check;
mod mounts;
mod name;
mod param;
mod plan;
mod proc_table;
mod process;
mod record;
mod shell;
mod step;
#[cfg(target_os = "freebsd")]
pub mod sys_freebsd;

#[cfg(test)]
mod backend_tests;
#[cfg(test)]
mod error_tests;
#[cfg(test)]
mod exec_tests;
#[cfg(test)]
mod fixture_tests;

pub use backend::{host_attach, JailBackend, JailRecord, JAIL_JSON};
pub use beneath::make_mount_point;
pub use bundle::{BundleError, JailBundle, MountEntry, PathKind, ProcessSpec};
pub use dry_run::{dry_run, dry_run_exec, dry_run_in, DryRunError, DEFAULT_STATE_ROOT};
pub use exec::{
    create, create_container, jail_id, jail_pids, kill_all, remove, ContainerError, CreateError,
    Created, RemoveError, SysError, System,
};
pub use fork::signal_jail;
pub use fs_options::DEFAULT_DEVFS_RULESET;
pub use host::HostSystem;
pub use jail_params::{is_documented as is_jail8_param, DEFAULT_ENFORCE_STATFS, JAIL8_PARAMS};
pub use mounts::{FsType, MountPointKind, PlannedMount};
pub use name::{JailName, NameError};
pub use param::{JailParam, ParamValue};
pub use plan::{CreatePlan, PlanError};
pub use proc_table::{pids_in_jail, Layout as KinfoLayout, TableError};
pub use record::RecordingSystem;
pub use step::Step;

/// The create plan of container `id` (see `plan.rs`).
pub use plan::create as plan_create;
/// The removal plan for a create plan's steps.
pub use plan::removal as plan_removal;
