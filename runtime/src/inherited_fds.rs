//! Descriptors a caller hands the container (`--preserve-fds N`: 3 .. 3+N), and
//! keeping every other inherited one out of it, as runc does.
//!
//! Nothing here lists the open descriptors: FreeBSD's /dev/fd shows only 0, 1
//! and 2 unless fdescfs is mounted on it (fdescfs(5)), and a runtime must not
//! depend on what the host mounted. close_range(2) with CLOSE_RANGE_CLOEXEC
//! (Linux 5.11, FreeBSD 13.1) marks a whole range in one call; without it,
//! each number below the descriptor table's size is marked with fcntl(2).

use std::io;
use std::os::fd::RawFd;

/// Checks that descriptors 3 .. 3+n are open; names the first that is not.
pub fn check_preserved(n: u32) -> Result<(), String> {
    for fd in 3..3 + n as RawFd {
        // SAFETY: F_GETFD only reads the descriptor's flags.
        if unsafe { libc::fcntl(fd, libc::F_GETFD) } < 0 {
            return Err(format!(
                "--preserve-fds {n}: descriptor {fd} is not open (the caller passed fewer)"
            ));
        }
    }
    Ok(())
}

/// The highest table size the fallback loop walks: Linux's default `fs.nr_open`
/// (the largest descriptor table a process gets unless the admin raised it).
/// One fcntl(2) per number up to it takes a fraction of a second; far beyond,
/// `create` would stall, so a larger table is refused instead.
pub const LOOP_CAP: u64 = 1 << 20;

/// Marks every descriptor from `first` on close-on-exec, without listing them.
pub fn cloexec_from(first: RawFd) -> io::Result<()> {
    match close_range_cloexec(first, libc::c_uint::MAX) {
        Ok(()) => Ok(()),
        // ENOSYS: no close_range; EINVAL: no CLOSE_RANGE_CLOEXEC (Linux before
        // 5.11, FreeBSD before 13.1); EPERM: a seccomp filter refuses it.
        Err(e)
            if matches!(
                e.raw_os_error(),
                Some(libc::ENOSYS | libc::EINVAL | libc::EPERM)
            ) =>
        {
            // SAFETY: getdtablesize(3) only reads the process's limits.
            let size = unsafe { libc::getdtablesize() };
            let end = loop_end(size).map_err(io::Error::other)?;
            cloexec_each(first, end);
            Ok(())
        }
        Err(e) => Err(e),
    }
}

/// close_range(first, last, CLOSE_RANGE_CLOEXEC): sets the flag on every open
/// descriptor from `first` to `last` (FreeBSD sys/kern/kern_descrip.c
/// `close_range_cloexec` clamps `last` to the table; Linux does the same).
#[cfg(any(target_os = "linux", target_os = "freebsd"))]
fn close_range_cloexec(first: RawFd, last: libc::c_uint) -> io::Result<()> {
    let first = first as libc::c_uint;
    #[cfg(target_os = "linux")]
    // SAFETY: a raw syscall with integer arguments; glibc before 2.34 has no
    // wrapper, so the syscall is made directly.
    let r = unsafe {
        libc::syscall(
            libc::SYS_close_range,
            first,
            last,
            libc::CLOSE_RANGE_CLOEXEC,
        )
    };
    #[cfg(target_os = "freebsd")]
    // SAFETY: close_range(2) with integer arguments (FreeBSD libc; closefrom.2).
    let r = unsafe { libc::close_range(first, last, libc::CLOSE_RANGE_CLOEXEC as libc::c_int) };
    if r < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(())
    }
}

/// Elsewhere there is no close_range: the fallback loop runs.
#[cfg(not(any(target_os = "linux", target_os = "freebsd")))]
fn close_range_cloexec(_first: RawFd, _last: libc::c_uint) -> io::Result<()> {
    Err(io::Error::from_raw_os_error(libc::ENOSYS))
}

/// Where the fallback loop stops: the descriptor table's size (`getdtablesize`:
/// the soft RLIMIT_NOFILE, and on FreeBSD also `kern.maxfilesperproc`), which
/// no new descriptor reaches. One opened before the limit was lowered can lie
/// beyond it; kernels with close_range have no such gap.
fn loop_end(size: libc::c_int) -> Result<RawFd, String> {
    if size < 0 {
        return Err("close_range(2) is unavailable and the descriptor table size is unknown: cannot keep the caller's descriptors out of the container".into());
    }
    if size as u64 > LOOP_CAP {
        return Err(format!(
            "close_range(2) is unavailable and the descriptor table holds {size} entries, more than the {LOOP_CAP} jailrun marks one by one: lower RLIMIT_NOFILE so the caller's descriptors can be kept out of the container"
        ));
    }
    Ok(size)
}

/// fcntl(F_SETFD, FD_CLOEXEC) on every number in `first .. end`; a closed one
/// fails with EBADF and is skipped.
fn cloexec_each(first: RawFd, end: RawFd) {
    for fd in first..end {
        // SAFETY: F_GETFD/F_SETFD on a descriptor number; EBADF for a closed one.
        unsafe {
            let flags = libc::fcntl(fd, libc::F_GETFD);
            if flags >= 0 && flags & libc::FD_CLOEXEC == 0 {
                libc::fcntl(fd, libc::F_SETFD, flags | libc::FD_CLOEXEC);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::fd::{AsRawFd, OwnedFd};
    use std::sync::Mutex;

    /// Marking is process-wide: tests that mark and then look take turns.
    static MARKING: Mutex<()> = Mutex::new(());

    /// Two descriptors without close-on-exec, the lower first.
    fn inheritable_pair() -> (OwnedFd, OwnedFd) {
        let (a, b) = std::os::unix::net::UnixStream::pair().expect("socketpair");
        let (a, b): (OwnedFd, OwnedFd) = (a.into(), b.into());
        for fd in [&a, &b] {
            // SAFETY: clearing the flags of our own descriptor.
            unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_SETFD, 0) };
        }
        if a.as_raw_fd() < b.as_raw_fd() {
            (a, b)
        } else {
            (b, a)
        }
    }

    fn is_cloexec(fd: &OwnedFd) -> bool {
        // SAFETY: reading the flags of our own descriptor.
        let flags = unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_GETFD) };
        assert!(flags >= 0, "descriptor {} is not open", fd.as_raw_fd());
        flags & libc::FD_CLOEXEC != 0
    }

    #[test]
    fn preserved_descriptors_must_be_open() {
        // The test harness has 0-2 open; far beyond what it opens there is nothing.
        assert!(check_preserved(0).is_ok());
        let err = check_preserved(4000).unwrap_err();
        assert!(err.contains("is not open"), "{err}");
    }

    #[test]
    fn marks_inherited_descriptors_close_on_exec() {
        let _turn = MARKING.lock().unwrap_or_else(|e| e.into_inner());
        let (low, high) = inheritable_pair();
        cloexec_from(high.as_raw_fd()).unwrap();
        assert!(
            is_cloexec(&high),
            "the descriptor from `first` on is marked"
        );
        assert!(
            !is_cloexec(&low),
            "a descriptor below `first` is left alone"
        );
    }

    #[test]
    fn close_range_marks_the_whole_range() {
        // FreeBSD 13.1+ and Linux 5.11+: the call itself must work (CI hosts are newer).
        let _turn = MARKING.lock().unwrap_or_else(|e| e.into_inner());
        let (low, high) = inheritable_pair();
        let last = high.as_raw_fd() as libc::c_uint;
        close_range_cloexec(low.as_raw_fd(), last).unwrap();
        assert!(is_cloexec(&low) && is_cloexec(&high));
    }

    #[test]
    fn the_fallback_loop_marks_open_descriptors_up_to_its_end() {
        let _turn = MARKING.lock().unwrap_or_else(|e| e.into_inner());
        let (low, high) = inheritable_pair();
        cloexec_each(low.as_raw_fd(), high.as_raw_fd());
        assert!(is_cloexec(&low), "inside the range");
        assert!(!is_cloexec(&high), "`end` itself is outside the range");
    }

    #[test]
    fn the_fallback_loop_is_bounded() {
        assert_eq!(loop_end(1024), Ok(1024));
        assert_eq!(loop_end(LOOP_CAP as libc::c_int), Ok(LOOP_CAP as RawFd));
        let err = loop_end(LOOP_CAP as libc::c_int + 1).unwrap_err();
        assert!(err.contains("lower RLIMIT_NOFILE"), "{err}");
        assert!(loop_end(-1).is_err());
    }
}
