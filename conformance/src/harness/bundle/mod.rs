//! Building bundles: config.json edits, hooks, mounts, the root file system restore, the
//! helper binary inside the root.

pub mod config;
pub mod helper_bin;
pub mod hooks;
pub mod mounts;
pub mod rootfs_restore;
