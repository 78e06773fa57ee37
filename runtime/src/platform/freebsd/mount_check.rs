//! Whether a mount made by mount(8), which takes a path, landed where the
//! plan meant it to. The resolved destination and its parent directory are
//! opened beneath the root with `O_RESOLVE_BENEATH` (so nothing swapped in can
//! lead outside) and fstatfs(2) says which filesystem each is on. The
//! destination must be on another filesystem than its parent (their `f_fsid`
//! differ), that filesystem must be mounted exactly on the destination
//! (`f_mntonname`, the real path mount(8) mounted on) and be of the type
//! mounted. If a component was swapped for a symlink between the mount point
//! step and mount(8), the open fails, or finds no new filesystem there, or one
//! mounted somewhere else (say an earlier mount the symlink led to), and the
//! create fails and is rolled back.

use super::mounts::FsType;
use std::path::{Component, Path, PathBuf};

/// What fstatfs(2) says of the filesystem an open file is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FsInfo {
    /// `f_fsid`: the filesystem's id, different for every mount.
    pub fsid: [i32; 2],
    /// `f_fstypename`.
    pub fstype: String,
    /// `f_mntonname`: the real path it is mounted on.
    pub mounted_on: PathBuf,
}

/// What the check saw: the real path of the root, and the filesystems of the
/// destination and of its parent directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub root: PathBuf,
    pub here: FsInfo,
    pub parent: FsInfo,
}

/// `Ok` when `seen` shows the root of an `fstype` filesystem mounted on
/// `inside` (relative, symlink-free) below the root; otherwise why not.
pub fn judge(seen: &Seen, inside: &Path, fstype: FsType) -> Result<(), String> {
    const CHANGED: &str = "(the path changed during mount?)";
    if seen.here.fsid == seen.parent.fsid {
        return Err(format!("nothing is mounted there {CHANGED}"));
    }
    let mut target = seen.root.clone();
    for c in inside.components() {
        if let Component::Normal(part) = c {
            target.push(part);
        }
    }
    if seen.here.mounted_on != target {
        return Err(format!(
            "the filesystem there is mounted on {}, not on {} {CHANGED}",
            seen.here.mounted_on.display(),
            target.display()
        ));
    }
    if seen.here.fstype != fstype.as_str() {
        return Err(format!(
            "a {} filesystem is mounted there, not {fstype} {CHANGED}",
            seen.here.fstype
        ));
    }
    Ok(())
}

/// Looks at `beneath`/`inside` and its parent, both opened beneath `beneath`.
#[cfg(target_os = "freebsd")]
pub fn look(beneath: &Path, inside: &Path) -> std::io::Result<Seen> {
    use super::sys_freebsd::{fstatfs, RESOLVE_BENEATH};
    use nix::fcntl::{open, openat, OFlag};
    use nix::sys::stat::Mode;
    use std::os::fd::AsFd;
    let flags = OFlag::O_RDONLY | OFlag::O_CLOEXEC | OFlag::O_NONBLOCK | RESOLVE_BENEATH;
    // mount(8) records the real path it mounted on: the root's, with any
    // symlink above the root (/home -> /usr/home) resolved.
    let root = std::fs::canonicalize(beneath)?;
    let dir = open(
        &root,
        OFlag::O_RDONLY | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC,
        Mode::empty(),
    )?;
    let parent = match inside.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let here = openat(&dir, inside, flags, Mode::empty())?;
    let up = openat(&dir, parent, flags, Mode::empty())?;
    Ok(Seen {
        here: fstatfs(here.as_fd())?,
        parent: fstatfs(up.as_fd())?,
        root,
    })
}

/// Jails, and so this check, exist only on FreeBSD.
#[cfg(not(target_os = "freebsd"))]
pub fn look(_beneath: &Path, _inside: &Path) -> std::io::Result<Seen> {
    Err(std::io::Error::new(
        std::io::ErrorKind::Unsupported,
        "jails exist only on FreeBSD",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fs(fsid: i32, fstype: &str, mounted_on: &str) -> FsInfo {
        FsInfo {
            fsid: [fsid, 0x3a],
            fstype: fstype.into(),
            mounted_on: mounted_on.into(),
        }
    }

    fn seen(here: FsInfo) -> Seen {
        Seen {
            root: "/usr/home/b/rootfs".into(),
            here,
            parent: fs(1, "ufs", "/"),
        }
    }

    const INSIDE: &str = "mnt/data";

    fn judged(here: FsInfo, fstype: FsType) -> Result<(), String> {
        judge(&seen(here), Path::new(INSIDE), fstype)
    }

    #[test]
    fn the_new_mount_on_the_destination_passes() {
        let here = fs(2, "nullfs", "/usr/home/b/rootfs/mnt/data");
        assert_eq!(judged(here, FsType::Nullfs), Ok(()));
        let here = fs(2, "tmpfs", "/usr/home/b/rootfs/mnt/data");
        let with_dots = judge(&seen(here), Path::new("./mnt/data"), FsType::Tmpfs);
        assert_eq!(with_dots, Ok(()));
    }

    #[test]
    fn no_new_filesystem_fails() {
        // Same fsid as the parent, whatever else the fields say.
        let here = fs(1, "ufs", "/");
        assert_eq!(
            judged(here, FsType::Nullfs),
            Err("nothing is mounted there (the path changed during mount?)".into())
        );
    }

    #[test]
    fn a_filesystem_mounted_elsewhere_fails() {
        // A symlink swapped in led to an earlier mount of the same type: a new
        // fsid and the right type, but not mounted on the destination.
        let here = fs(5, "tmpfs", "/usr/home/b/rootfs/tmp");
        assert_eq!(
            judged(here, FsType::Tmpfs),
            Err(
                "the filesystem there is mounted on /usr/home/b/rootfs/tmp, not on \
                 /usr/home/b/rootfs/mnt/data (the path changed during mount?)"
                    .into()
            )
        );
        // mount(8) mounted on the real path: the root's unresolved path is not it.
        let here = fs(2, "nullfs", "/home/b/rootfs/mnt/data");
        assert!(judged(here, FsType::Nullfs).is_err());
    }

    #[test]
    fn both_words_of_the_fsid_count() {
        // Only the second word differs from the parent's (st_dev is the first
        // alone, and would not tell them apart): another filesystem.
        let mut here = fs(1, "nullfs", "/usr/home/b/rootfs/mnt/data");
        here.fsid[1] = 0x3b;
        assert_eq!(judged(here, FsType::Nullfs), Ok(()));
    }

    #[test]
    fn another_type_fails() {
        let here = fs(2, "ufs", "/usr/home/b/rootfs/mnt/data");
        assert_eq!(
            judged(here, FsType::Tmpfs),
            Err(
                "a ufs filesystem is mounted there, not tmpfs (the path changed during mount?)"
                    .into()
            )
        );
    }
}
