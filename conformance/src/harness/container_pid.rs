//! Is this pid the container process? A runtime that reports a wrong pid must fail
//! `state_pid`, not turn the tests that need the process into skips.
//!
//! Linux: the process's root (`/proc/PID/root`) holds the very helper file the
//! suite put in the bundle's root filesystem (same device and inode). FreeBSD: the
//! process is in a jail whose path is that root filesystem; when the state gives no
//! pid (it is optional there), the container process is found through that jail.

use std::path::Path;

/// Why `pid` is not the process of the container rooted at `rootfs`, if it is not.
pub fn mismatch(pid: i32, rootfs: &Path) -> Option<String> {
    platform::mismatch(pid, rootfs)
}

/// The container process found without a pid, if the platform has a way.
pub fn find(rootfs: &Path) -> Option<i32> {
    platform::find(rootfs)
}

#[cfg(target_os = "linux")]
mod platform {
    use std::os::unix::fs::MetadataExt;
    use std::path::Path;

    pub fn mismatch(pid: i32, rootfs: &Path) -> Option<String> {
        let proc_dir = Path::new("/proc").join(pid.to_string());
        if !proc_dir.exists() {
            return Some(format!("there is no process {pid}"));
        }
        let want = std::fs::metadata(rootfs.join(integ_inside::HELPER_NAME)).ok()?;
        let seen = std::fs::metadata(proc_dir.join("root").join(integ_inside::HELPER_NAME));
        match seen {
            Ok(m) if (m.dev(), m.ino()) == (want.dev(), want.ino()) => None,
            _ => Some(format!(
                "process {pid} is not the container process: its root is not the bundle's \
                 root filesystem {}",
                rootfs.display()
            )),
        }
    }

    pub fn find(_rootfs: &Path) -> Option<i32> {
        // pid is REQUIRED on Linux: a missing one is the runtime's failure.
        None
    }
}

#[cfg(target_os = "freebsd")]
mod platform {
    use std::path::Path;

    use crate::harness::host;

    /// The jail ID of `pid` (0 for the host).
    fn jail_of(pid: i32) -> Option<String> {
        let out = host::output("ps", &["-o", "jid=", "-p", &pid.to_string()]).ok()?;
        Some(out.trim().to_string())
    }

    /// The ID of the jail whose path is `rootfs`.
    fn jail_rooted_at(rootfs: &Path) -> Option<String> {
        let root = std::fs::canonicalize(rootfs).ok()?;
        let out = host::output("jls", &["jid", "path"]).ok()?;
        out.lines().find_map(|l| {
            let (jid, path) = l.trim().split_once(' ')?;
            (Path::new(path.trim()) == root).then(|| jid.to_string())
        })
    }

    pub fn mismatch(pid: i32, rootfs: &Path) -> Option<String> {
        let Some(jid) = jail_of(pid) else {
            return Some(format!("there is no process {pid}"));
        };
        match jail_rooted_at(rootfs) {
            Some(want) if want == jid => None,
            _ => Some(format!(
                "process {pid} is not the container process: it is in jail {jid}, not in \
                 the jail rooted at {}",
                rootfs.display()
            )),
        }
    }

    /// The one process of the jail whose parent is outside it.
    pub fn find(rootfs: &Path) -> Option<i32> {
        let jid = jail_rooted_at(rootfs)?;
        let out = host::output("ps", &["-J", &jid, "-o", "pid=,ppid="]).ok()?;
        let procs: Vec<(i32, i32)> = out
            .lines()
            .filter_map(|l| {
                let mut f = l.split_whitespace().map(|n| n.parse::<i32>().ok());
                Some((f.next()??, f.next()??))
            })
            .collect();
        let mut tops = procs
            .iter()
            .filter(|(_, ppid)| !procs.iter().any(|(p, _)| p == ppid))
            .map(|(pid, _)| *pid);
        let first = tops.next()?;
        tops.next().is_none().then_some(first)
    }
}

#[cfg(not(any(target_os = "linux", target_os = "freebsd")))]
mod platform {
    use std::path::Path;

    pub fn mismatch(_pid: i32, _rootfs: &Path) -> Option<String> {
        None
    }

    pub fn find(_rootfs: &Path) -> Option<i32> {
        None
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn a_process_outside_the_root_is_not_the_container_process() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(integ_inside::HELPER_NAME), b"x").expect("write");
        let me = std::process::id() as i32;
        let why = mismatch(me, dir.path()).expect("jailcheck itself is no container");
        assert!(why.contains("not the container process"), "{why}");
        assert!(mismatch(i32::MAX, dir.path()).is_some_and(|w| w.contains("no process")));
    }
}
