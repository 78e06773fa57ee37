//! Private IPv4 subnets for network tests: one 10.199.x.y/30 per claim, unique in
//! this run and among jailcheck runs on the same host at the same time (two runs
//! giving the same subnet to different interfaces would misroute replies).
//!
//! Within the process a set of claimed indexes decides; across processes a POSIX
//! record lock on one byte per subnet of a shared lock file does. The kernel drops
//! those locks when the process dies, so a crashed run blocks nothing.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::net::Ipv4Addr;
use std::os::fd::AsRawFd;
use std::os::unix::fs::OpenOptionsExt;
use std::sync::{Mutex, OnceLock};

use crate::harness::verdict::Verdict;

/// Number of /30 subnets in 10.199.0.0/16.
const SUBNETS: u32 = 1 << 14;
/// The lock file shared by concurrent runs.
const LOCK_FILE: &str = "/tmp/jailcheck-subnets.lock";

/// A claimed 10.199.x.y/30: `.1` for the host side, `.2` for the container side.
#[derive(Debug)]
pub struct Subnet {
    index: u32,
}

impl Subnet {
    /// The prefix length of every subnet.
    pub const PREFIX: u8 = 30;

    /// Claims a subnet no other test of any running jailcheck holds.
    pub fn claim() -> Result<Subnet, Verdict> {
        let start = std::process::id().wrapping_mul(97) % SUBNETS;
        let mut held = claimed().lock().unwrap_or_else(|p| p.into_inner());
        for step in 0..SUBNETS {
            let index = (start + step) % SUBNETS;
            if held.contains(&index) || !lock_byte(index, libc::F_WRLCK as libc::c_short)? {
                continue;
            }
            held.insert(index);
            return Ok(Subnet { index });
        }
        Err(Verdict::Error(
            "every subnet of 10.199.0.0/16 is in use by jailcheck runs".into(),
        ))
    }

    /// The network address (`.0` of the /30).
    fn base(&self) -> u32 {
        u32::from(Ipv4Addr::new(10, 199, 0, 0)) + self.index * 4
    }

    /// The host side's address.
    pub fn host(&self) -> Ipv4Addr {
        Ipv4Addr::from(self.base() + 1)
    }

    /// The container side's address.
    pub fn peer(&self) -> Ipv4Addr {
        Ipv4Addr::from(self.base() + 2)
    }
}

impl Drop for Subnet {
    fn drop(&mut self) {
        let _ = lock_byte(self.index, libc::F_UNLCK as libc::c_short);
        claimed()
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&self.index);
    }
}

fn claimed() -> &'static Mutex<HashSet<u32>> {
    static CLAIMED: OnceLock<Mutex<HashSet<u32>>> = OnceLock::new();
    CLAIMED.get_or_init(|| Mutex::new(HashSet::new()))
}

/// The lock file, opened once: closing any descriptor of it would drop every
/// record lock this process holds on it.
fn lock_file() -> Result<&'static File, Verdict> {
    static FILE: OnceLock<Result<File, String>> = OnceLock::new();
    FILE.get_or_init(|| {
        OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
            .open(LOCK_FILE)
            .map_err(|e| format!("open {LOCK_FILE}: {e}"))
    })
    .as_ref()
    .map_err(|e| Verdict::Error(e.clone()))
}

/// Takes (`F_WRLCK`) or drops (`F_UNLCK`) the lock on byte `index`; false when
/// another process holds it.
fn lock_byte(index: u32, kind: libc::c_short) -> Result<bool, Verdict> {
    let file = lock_file()?;
    // SAFETY: flock is plain old data; every field the kernel reads is set below.
    let mut lock: libc::flock = unsafe { std::mem::zeroed() };
    lock.l_type = kind;
    lock.l_whence = libc::SEEK_SET as libc::c_short;
    lock.l_start = libc::off_t::from(index);
    lock.l_len = 1;
    // SAFETY: a valid descriptor and a valid flock.
    let rc = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_SETLK, &lock) };
    if rc == 0 {
        return Ok(true);
    }
    match std::io::Error::last_os_error().raw_os_error() {
        Some(libc::EACCES) | Some(libc::EAGAIN) => Ok(false),
        _ => Err(Verdict::Error(format!(
            "lock {LOCK_FILE}: {}",
            std::io::Error::last_os_error()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_are_distinct_and_addresses_fit_the_prefix() {
        let a = Subnet::claim().expect("claim");
        let b = Subnet::claim().expect("claim");
        assert_ne!(a.host(), b.host());
        for s in [&a, &b] {
            let [p, q, _, last] = s.host().octets();
            assert_eq!((p, q, last % 4), (10, 199, 1));
            assert_eq!(u32::from(s.peer()), u32::from(s.host()) + 1);
        }
    }
}
