//! The FreeBSD-only system calls of the jail backend: jail_attach(2),
//! kill(2) with pid -1 from inside a jail, and the open(2) flag nix lacks. Compiled only on FreeBSD; the code
//! around them (`fork.rs`, `crate::container`) is portable and tested on Linux.

use super::fork;
use nix::fcntl::OFlag;
use std::io;

/// open(2) `O_RESOLVE_BENEATH` (FreeBSD 13+): the path must not leave the
/// directory it is opened from, through `..` or a symlink.
pub const RESOLVE_BENEATH: OFlag = OFlag::from_bits_retain(libc::O_RESOLVE_BENEATH);

/// Sends `signal` to every process in jail `jid` from a child attached to it;
/// `false` when the jail had no process.
pub fn kill_all(jid: i32, signal: i32) -> io::Result<bool> {
    fork::signal_jail(jid, signal, attach, kill_everyone)
}

/// jail_attach(2) returning the errno, for the container process and `fork::signal_jail`.
pub(super) fn attach(jid: i32) -> Result<(), i32> {
    // SAFETY: jail_attach(2) takes an integer and touches none of our memory.
    if unsafe { libc::jail_attach(jid) } == 0 {
        Ok(())
    } else {
        Err(nix::errno::Errno::last_raw())
    }
}

/// kill(-1, signal): in a jail, every process of the jail but the caller.
fn kill_everyone(signal: i32) -> Result<(), i32> {
    // SAFETY: kill(2) takes integers only.
    if unsafe { libc::kill(-1, signal) } == 0 {
        Ok(())
    } else {
        Err(nix::errno::Errno::last_raw())
    }
}
