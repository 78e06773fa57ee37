//! The Linux backend: the container process in new namespaces (its plan in
//! `plan`, run by the shared interpreter in `crate::container`, which hands
//! the Linux-only steps to `linux_steps`), mounts resolved inside the root
//! (`in_root`, `mount`), clone3 (`clone`), the sealed view of jailrun's binary
//! (`sealed_exe`), and the Linux parts of config.json's checks
//! (`capabilities`, `mount_options`, `device_rules`).

pub mod capabilities;
pub mod device_rules;
mod error;
pub mod mount;
pub mod mount_options;
pub mod namespace;
pub mod plan;

#[cfg(target_os = "linux")]
mod backend;
#[cfg(target_os = "linux")]
pub(crate) mod clone;
#[cfg(target_os = "linux")]
pub mod exec_plan;
#[cfg(target_os = "linux")]
pub(crate) mod in_root;
#[cfg(target_os = "linux")]
pub(crate) mod linux_steps;
#[cfg(target_os = "linux")]
pub mod sealed_exe;

#[cfg(target_os = "linux")]
pub use backend::LinuxBackend;
pub use error::LinuxError;
