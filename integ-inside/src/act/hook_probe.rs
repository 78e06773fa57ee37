//! What a hook can observe about the container at the moment it runs, so tests
//! check hook timing by observation rather than by the runtime's word:
//! the container's mounts (the environment exists), the program's own ready line
//! (it was executed), and whether the container process still exists.

use std::fs::OpenOptions;
use std::io::Read;
use std::os::fd::AsRawFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::time::{Duration, Instant};

/// Mount targets in the mount namespace of the pid in `state` (Linux:
/// /proc/PID/mountinfo; elsewhere mounts are the host's, so `None`).
#[cfg(target_os = "linux")]
pub fn container_mounts(state: &str) -> Option<Vec<String>> {
    let pid = serde_json::from_str::<serde_json::Value>(state).ok()?["pid"].as_i64()?;
    let text = std::fs::read_to_string(format!("/proc/{pid}/mountinfo")).ok()?;
    let mounts = crate::observe::mountinfo::parse(&text).ok()?;
    Some(mounts.into_iter().map(|m| m.target).collect())
}

/// Elsewhere (FreeBSD) the runtime mounts on the host: nothing separate to list.
#[cfg(not(target_os = "linux"))]
pub fn container_mounts(_state: &str) -> Option<Vec<String>> {
    None
}

/// Whether a line arrives on the FIFO at `path` within `timeout`. Opened
/// read+write so neither side's open blocks on the other.
pub fn await_line(path: &Path, timeout: Duration) -> bool {
    let Ok(mut fifo) = OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
    else {
        return false;
    };
    let deadline = Instant::now() + timeout;
    let mut got = Vec::new();
    while !got.contains(&b'\n') {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        let mut pfd = libc::pollfd {
            fd: fifo.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        let ms = i32::try_from(left.as_millis()).unwrap_or(i32::MAX);
        // SAFETY: one valid pollfd for the duration of the call.
        if unsafe { libc::poll(&mut pfd, 1, ms) } <= 0 {
            continue;
        }
        let mut buf = [0u8; 64];
        if let Ok(n) = fifo.read(&mut buf) {
            got.extend_from_slice(&buf[..n]);
        }
    }
    true
}

/// Whether the process whose pid is in `pid_file` still exists (a zombie counts
/// as gone: it has exited). `None` when the file holds no pid.
pub fn pid_alive(pid_file: &Path) -> Option<bool> {
    let pid: i32 = std::fs::read_to_string(pid_file)
        .ok()?
        .trim()
        .parse()
        .ok()?;
    // SAFETY: signal 0 only checks for existence.
    if unsafe { libc::kill(pid, 0) } != 0 {
        return Some(false);
    }
    Some(!is_zombie(pid))
}

#[cfg(target_os = "linux")]
fn is_zombie(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            s.rsplit_once(')')
                .map(|(_, rest)| rest.trim_start().starts_with('Z'))
        })
        .unwrap_or(false)
}

#[cfg(not(target_os = "linux"))]
fn is_zombie(_pid: i32) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_pid_in_state_means_no_mounts() {
        assert_eq!(container_mounts(r#"{"status":"stopped"}"#), None);
    }

    #[test]
    fn own_pid_is_alive_and_missing_file_is_none() {
        let dir = std::env::temp_dir().join(format!("hook-probe-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("mkdir");
        let f = dir.join("pid");
        std::fs::write(&f, std::process::id().to_string()).expect("write");
        assert_eq!(pid_alive(&f), Some(true));
        assert_eq!(pid_alive(&dir.join("none")), None);
        std::fs::remove_dir_all(&dir).expect("cleanup");
    }

    #[test]
    fn await_times_out_without_a_writer() {
        assert!(!await_line(
            Path::new("/nonexistent/fifo"),
            Duration::from_millis(10)
        ));
    }
}
