//! Is this pid the container process? A runtime that reports a wrong pid must fail
//! `state_pid`, not turn the tests that need the process into skips.
//!
//! Linux: the process's root (`/proc/PID/root`) holds the very helper file the
//! suite put in the bundle's root filesystem (same device and inode). FreeBSD: the
//! process is in a jail whose path is that root filesystem or a nullfs view of it
//! (`root.readonly`); when the state gives no pid (it is optional there), the
//! container process is found through that jail.

use std::path::Path;

/// Why `pid` is not the process of the container rooted at `rootfs`, if it is not.
pub fn mismatch(pid: i32, rootfs: &Path) -> Option<String> {
    platform::mismatch(pid, rootfs)
}

/// The container process found without a pid, if the platform has a way.
pub fn find(rootfs: &Path) -> Option<i32> {
    platform::find(rootfs)
}

/// Whether process `pid` executes the helper the suite put in `rootfs` (it has
/// reached the user program); an error when the platform cannot tell.
pub fn executes_helper(pid: i32, rootfs: &Path) -> Result<bool, String> {
    platform::executes_helper(pid, rootfs)
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

    /// `/proc/PID/exe` is the helper file (same device and inode).
    pub fn executes_helper(pid: i32, rootfs: &Path) -> Result<bool, String> {
        let helper = rootfs.join(integ_inside::HELPER_NAME);
        let want = std::fs::metadata(&helper).map_err(|e| format!("{}: {e}", helper.display()))?;
        let exe = std::fs::metadata(format!("/proc/{pid}/exe"));
        Ok(exe.is_ok_and(|e| (e.dev(), e.ino()) == (want.dev(), want.ino())))
    }
}

#[cfg(target_os = "freebsd")]
mod platform {
    use std::path::{Path, PathBuf};

    use super::jail_root;
    use crate::harness::host::command;

    /// The jail ID of `pid` (0 for the host).
    fn jail_of(pid: i32) -> Option<String> {
        let out = command::output("ps", &["-o", "jid=", "-p", &pid.to_string()]).ok()?;
        Some(out.trim().to_string())
    }

    /// Every jail with its path (`jls jid path`).
    fn jails() -> Vec<(String, PathBuf)> {
        let out = command::output("jls", &["jid", "path"]).unwrap_or_default();
        out.lines()
            .filter_map(|l| l.trim().split_once(' '))
            .map(|(jid, path)| (jid.to_string(), PathBuf::from(path.trim())))
            .collect()
    }

    /// Whether the jail `jid` has `rootfs` as its root.
    fn rooted_at(jail_path: &Path, rootfs: &Path) -> bool {
        let Ok(root) = std::fs::canonicalize(rootfs) else {
            return false;
        };
        let mounts = command::output("mount", &["-p"]).unwrap_or_default();
        let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        jail_root::is(jail_path, &root, &mounts, &canon)
    }

    pub fn mismatch(pid: i32, rootfs: &Path) -> Option<String> {
        let Some(jid) = jail_of(pid).filter(|j| !j.is_empty()) else {
            return Some(format!("there is no process {pid}"));
        };
        let path = jails().into_iter().find(|(j, _)| *j == jid).map(|(_, p)| p);
        match path {
            Some(path) if rooted_at(&path, rootfs) => None,
            _ => Some(format!(
                "process {pid} is not the container process: it is in jail {jid}, whose \
                 root is not the bundle's root filesystem {} (nor a nullfs view of it)",
                rootfs.display()
            )),
        }
    }

    /// The one process, in the one jail rooted at `rootfs`, whose parent is outside it.
    pub fn find(rootfs: &Path) -> Option<i32> {
        let mut rooted = jails().into_iter().filter(|(_, p)| rooted_at(p, rootfs));
        let (jid, _) = rooted.next()?;
        if rooted.next().is_some() {
            return None;
        }
        let out = command::output("ps", &["-J", &jid, "-o", "pid=,ppid="]).ok()?;
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

    /// The kernel's path of the process's executable (`procstat -b`, from
    /// kern.proc.pathname) is the helper at the root of `rootfs` or of a nullfs
    /// view of it.
    pub fn executes_helper(pid: i32, rootfs: &Path) -> Result<bool, String> {
        let out = command::output("procstat", &["-h", "-b", &pid.to_string()])?;
        let Some(path) = jail_root::procstat_binary(&out) else {
            return Err(format!("procstat -b {pid} printed no path: {out:?}"));
        };
        Ok(
            path.file_name() == Some(std::ffi::OsStr::new(integ_inside::HELPER_NAME))
                && path.parent().is_some_and(|dir| rooted_at(dir, rootfs)),
        )
    }
}

/// Which directory a FreeBSD jail's root is. With `root.readonly`, jailrun and
/// ocijail jail a read-only nullfs mount of the bundle's root filesystem (jailrun:
/// `<state dir>/root`, ocijail: `<state dir>/readonly_root`), not the root
/// filesystem itself: the jail's path is followed through nullfs mounts to their
/// source.
#[cfg(any(target_os = "freebsd", test))]
mod jail_root {
    use std::path::{Path, PathBuf};

    use crate::harness::host::leaks::unescape_octal;

    /// Views of views are followed this deep.
    const MAX_VIEWS: usize = 4;

    /// Whether `jail_path` is `rootfs` or a (chain of) nullfs view(s) of it,
    /// according to the host's mount table in `mount -p` form (fstab lines: source,
    /// mount point, type, options); `canon` resolves a mount source as the host sees it.
    pub fn is(
        jail_path: &Path,
        rootfs: &Path,
        mount_p: &str,
        canon: &dyn Fn(&Path) -> PathBuf,
    ) -> bool {
        let mut path = jail_path.to_path_buf();
        for _ in 0..=MAX_VIEWS {
            if path == rootfs {
                return true;
            }
            match nullfs_source(&path, mount_p) {
                Some(source) => path = canon(&source),
                None => return false,
            }
        }
        false
    }

    /// The PATH column of a `procstat -h -b` line (PID COMM OSREL PATH; `-` when
    /// the kernel does not know it).
    #[cfg_attr(not(target_os = "freebsd"), allow(dead_code))]
    pub fn procstat_binary(line: &str) -> Option<PathBuf> {
        let rest = line.trim_start();
        let (_pid, rest) = rest.split_once(char::is_whitespace)?;
        let (_comm, rest) = rest.trim_start().split_once(char::is_whitespace)?;
        let (_osrel, path) = rest.trim_start().split_once(char::is_whitespace)?;
        let path = path.trim();
        path.starts_with('/').then(|| PathBuf::from(path))
    }

    /// The source of the nullfs mount on `target`, if the last mount there is one
    /// (a later mount on the same point hides an earlier one).
    fn nullfs_source(target: &Path, mount_p: &str) -> Option<PathBuf> {
        let last = mount_p.lines().rev().find_map(|l| {
            let mut f = l.split_whitespace();
            let (source, point, fstype) = (f.next()?, f.next()?, f.next()?);
            (Path::new(&unescape_octal(point)) == target).then_some((source, fstype))
        })?;
        (last.1 == "nullfs").then(|| PathBuf::from(unescape_octal(last.0)))
    }
}

#[cfg(not(any(target_os = "linux", target_os = "freebsd")))]
mod platform {
    use std::path::Path;

    pub fn executes_helper(_pid: i32, _rootfs: &Path) -> Result<bool, String> {
        Err(format!(
            "no way to read a process's executable on {}",
            std::env::consts::OS
        ))
    }

    pub fn mismatch(_pid: i32, _rootfs: &Path) -> Option<String> {
        None
    }

    pub fn find(_rootfs: &Path) -> Option<i32> {
        None
    }
}

#[cfg(test)]
mod jail_root_tests {
    use std::path::{Path, PathBuf};

    use super::jail_root;

    const MOUNTS: &str = "/dev/ada0p2 / ufs rw 1 1\n\
        devfs /dev devfs rw 0 0\n\
        /w/001/rootfs /var/run/jailrun/c1/root nullfs ro 0 0\n\
        tmpfs /var/run/jailrun/c1/root/tmp tmpfs rw 0 0\n\
        /w/002/rootfs /var/run/jailrun/c2/root nullfs ro 0 0\n\
        tmpfs /var/run/jailrun/c2/root tmpfs rw 0 0\n\
        /w/my\\040dir/rootfs /var/run/jailrun/c3/root nullfs ro 0 0\n";

    fn is(jail: &str, rootfs: &str) -> bool {
        let same = |p: &Path| p.to_path_buf();
        jail_root::is(Path::new(jail), Path::new(rootfs), MOUNTS, &same)
    }

    #[test]
    fn a_jail_at_the_root_filesystem_is_rooted_there() {
        assert!(is("/w/001/rootfs", "/w/001/rootfs"));
        assert!(!is("/w/001/rootfs", "/w/002/rootfs"));
    }

    #[test]
    fn a_readonly_view_of_the_root_filesystem_counts_as_it() {
        assert!(is("/var/run/jailrun/c1/root", "/w/001/rootfs"));
        assert!(!is("/var/run/jailrun/c1/root", "/w/002/rootfs"));
        assert!(is("/var/run/jailrun/c3/root", "/w/my dir/rootfs"));
    }

    #[test]
    fn a_view_hidden_by_a_later_mount_or_of_another_type_does_not() {
        assert!(!is("/var/run/jailrun/c2/root", "/w/002/rootfs"));
        assert!(!is("/var/run/jailrun/c1/root/tmp", "/w/001/rootfs"));
    }

    #[test]
    fn procstat_names_the_binary_last() {
        let line = " 4242 integ-inside         1500000 /w/001/rootfs/integ-inside\n";
        assert_eq!(
            jail_root::procstat_binary(line),
            Some(PathBuf::from("/w/001/rootfs/integ-inside"))
        );
        assert_eq!(jail_root::procstat_binary(" 4242 x  1500000 -\n"), None);
        assert_eq!(jail_root::procstat_binary(""), None);
    }

    #[test]
    fn sources_are_resolved_as_the_host_sees_them() {
        let mounts = "/tmp/link /j/root nullfs ro 0 0\n";
        let resolve = |p: &Path| {
            if p == Path::new("/tmp/link") {
                PathBuf::from("/w/real")
            } else {
                p.to_path_buf()
            }
        };
        assert!(jail_root::is(
            Path::new("/j/root"),
            Path::new("/w/real"),
            mounts,
            &resolve
        ));
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
