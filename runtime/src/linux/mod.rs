//! The Linux backend: the container process in new namespaces (its plan in
//! `plan`, run by the shared interpreter in `crate::container`).

#[cfg(target_os = "linux")]
pub mod exec_plan;
pub mod plan;

#[cfg(target_os = "linux")]
mod backend;
#[cfg(target_os = "linux")]
pub use backend::LinuxBackend;
