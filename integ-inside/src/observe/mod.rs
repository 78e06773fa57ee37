//! Observation subcommands: describe what the process sees, change nothing.

pub mod descriptors;
pub mod identity;
pub mod jail;
#[cfg(target_os = "linux")]
pub mod mountinfo;
pub mod mounts;
pub mod network;
pub mod process;
pub mod rlimits;
pub mod terminal;
