//! `process`: the process as the runtime set it up.

use super::{rlimits, terminal};
use crate::failure::Failure;
use crate::sys;
use integ_inside::ProcessReport;

/// Observes this process.
pub fn observe() -> Result<ProcessReport, Failure> {
    // SAFETY: these calls only read process attributes.
    let (pid, ppid, uid, gid, euid, egid, sid) = unsafe {
        (
            libc::getpid(),
            libc::getppid(),
            libc::getuid(),
            libc::getgid(),
            libc::geteuid(),
            libc::getegid(),
            libc::getsid(0),
        )
    };
    Ok(ProcessReport {
        args: sys::arguments(),
        env: sys::environment(),
        cwd: sys::cwd(),
        pid,
        ppid,
        uid,
        gid,
        euid,
        egid,
        groups: groups()?,
        umask: umask(),
        rlimits: rlimits::all(),
        isatty: terminal::standard_ttys(),
        terminal_size: terminal::size(),
        controlling_terminal: terminal::has_controlling_terminal(),
        session_leader: sid == pid,
    })
}

/// Supplementary groups, sorted, duplicates removed.
fn groups() -> Result<Vec<u32>, Failure> {
    // SAFETY: with size 0 getgroups only returns the count.
    let count = unsafe { libc::getgroups(0, std::ptr::null_mut()) };
    let len =
        usize::try_from(count).map_err(|_| Failure::runtime("getgroups", sys::last_error()))?;
    let mut groups: Vec<libc::gid_t> = vec![0; len];
    // SAFETY: the buffer holds `count` gids.
    let got = unsafe { libc::getgroups(count, groups.as_mut_ptr()) };
    let got = usize::try_from(got).map_err(|_| Failure::runtime("getgroups", sys::last_error()))?;
    groups.truncate(got);
    groups.sort_unstable();
    groups.dedup();
    Ok(groups)
}

/// The umask, read by setting 0 and restoring it at once (there is no getter).
fn umask() -> u32 {
    // SAFETY: umask cannot fail; the old mask is restored immediately.
    let mask = unsafe {
        let old = libc::umask(0);
        libc::umask(old);
        old
    };
    // mode_t is u32 on Linux, u16 on FreeBSD.
    #[allow(clippy::useless_conversion)]
    u32::from(mask)
}
