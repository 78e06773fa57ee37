//! Waiting for a host network interface to appear or vanish, woken by the kernel's
//! link notifications (rtnetlink on Linux, the routing socket on FreeBSD) instead
//! of polling: a namespace or vnet is torn down asynchronously after the last
//! process leaves it, and the interfaces in it go (or come back) some time later.

use std::os::fd::{AsFd, AsRawFd, FromRawFd, OwnedFd};
use std::time::{Duration, Instant};

use nix::poll::{poll, PollFd, PollFlags, PollTimeout};

/// Whether the host (the suite's network namespace or vnet) has interface `name`.
pub fn exists(name: &str) -> bool {
    nix::net::if_::if_nametoindex(name).is_ok()
}

/// Waits until interface `name` exists on the host (`present`) or does not;
/// false if that did not happen within `timeout`.
pub fn wait_for(name: &str, present: bool, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    // Subscribe before the first look, so no change falls between the two.
    // Without a notification socket (only when not root, where these tests are
    // skipped anyway) there is no event to wait on: the answer is what is there now.
    let Some(socket) = link_socket() else {
        return exists(name) == present;
    };
    loop {
        if exists(name) == present {
            return true;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        let ms = u16::try_from(left.as_millis()).unwrap_or(u16::MAX);
        let mut fds = [PollFd::new(socket.as_fd(), PollFlags::POLLIN)];
        if let Ok(1..) = poll(&mut fds, PollTimeout::from(ms)) {
            drain(&socket);
        }
    }
}

/// Reads and discards every pending notification: they only say "look again".
fn drain(fd: &OwnedFd) {
    let mut buf = [0u8; 8192];
    loop {
        // SAFETY: buf is valid for its length.
        let n = unsafe {
            libc::recv(
                fd.as_raw_fd(),
                buf.as_mut_ptr().cast(),
                buf.len(),
                libc::MSG_DONTWAIT,
            )
        };
        if n <= 0 {
            return;
        }
    }
}

/// An rtnetlink socket subscribed to link changes.
#[cfg(target_os = "linux")]
fn link_socket() -> Option<OwnedFd> {
    // SAFETY: plain socket(2)/bind(2) calls; the descriptor is owned on success.
    unsafe {
        let fd = libc::socket(
            libc::AF_NETLINK,
            libc::SOCK_RAW | libc::SOCK_CLOEXEC,
            libc::NETLINK_ROUTE,
        );
        if fd < 0 {
            return None;
        }
        let fd = OwnedFd::from_raw_fd(fd);
        let mut addr: libc::sockaddr_nl = std::mem::zeroed();
        addr.nl_family = libc::AF_NETLINK as libc::sa_family_t;
        addr.nl_groups = libc::RTMGRP_LINK as u32;
        let rc = libc::bind(
            fd.as_raw_fd(),
            std::ptr::addr_of!(addr).cast(),
            std::mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t,
        );
        (rc == 0).then_some(fd)
    }
}

/// A routing socket: it reports interface arrivals and departures (RTM_IFANNOUNCE).
#[cfg(target_os = "freebsd")]
fn link_socket() -> Option<OwnedFd> {
    // SAFETY: plain socket(2) call; the descriptor is owned on success.
    unsafe {
        let fd = libc::socket(libc::PF_ROUTE, libc::SOCK_RAW | libc::SOCK_CLOEXEC, 0);
        (fd >= 0).then(|| OwnedFd::from_raw_fd(fd))
    }
}

#[cfg(not(any(target_os = "linux", target_os = "freebsd")))]
fn link_socket() -> Option<OwnedFd> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_exists_and_a_made_up_name_does_not() {
        let lo = if cfg!(target_os = "linux") {
            "lo"
        } else {
            "lo0"
        };
        assert!(wait_for(lo, true, Duration::ZERO));
        assert!(!exists("jc-no-such-if"));
        assert!(wait_for("jc-no-such-if", false, Duration::ZERO));
    }
}
