//! Descriptors a caller hands the container (`--preserve-fds N`: 3 .. 3+N), and
//! keeping every other inherited one out of it, as runc does.

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

/// Marks every open descriptor from `first` on close-on-exec.
pub fn cloexec_from(first: RawFd) -> io::Result<()> {
    for fd in open_fds()? {
        if fd >= first {
            // SAFETY: F_SETFD on a descriptor number; one closed meanwhile is EBADF.
            unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
        }
    }
    Ok(())
}

/// The open descriptors, listed by the kernel (Linux /proc, FreeBSD fdescfs).
fn open_fds() -> io::Result<Vec<RawFd>> {
    let dir = if cfg!(target_os = "linux") {
        "/proc/self/fd"
    } else {
        "/dev/fd"
    };
    // Collected first: the directory's own descriptor is in the listing.
    Ok(std::fs::read_dir(dir)?
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse().ok())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::fd::AsRawFd;

    #[test]
    fn preserved_descriptors_must_be_open() {
        // The test harness has 0-2 open; far beyond what it opens there is nothing.
        assert!(check_preserved(0).is_ok());
        let err = check_preserved(4000).unwrap_err();
        assert!(err.contains("is not open"), "{err}");
    }

    #[test]
    fn marks_inherited_descriptors_close_on_exec() {
        let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
        let fd = a.as_raw_fd();
        // SAFETY: clearing the flag on our own descriptor.
        unsafe { libc::fcntl(fd, libc::F_SETFD, 0) };
        cloexec_from(fd).unwrap();
        // SAFETY: reading the flags of our own descriptor.
        let flags = unsafe { libc::fcntl(fd, libc::F_GETFD) };
        assert_eq!(flags & libc::FD_CLOEXEC, libc::FD_CLOEXEC);
    }
}
