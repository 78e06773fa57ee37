//! Action subcommands: do what a test asks and report how it went.

pub mod files;
pub mod hook;
pub mod hook_probe;
pub mod net;
pub mod signals;
pub mod spawn;
pub mod sysv;
pub mod tty;
