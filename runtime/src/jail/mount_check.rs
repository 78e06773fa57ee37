//! Whether a mount made by mount(8), which takes a path, landed where the
//! plan meant it to: the resolved destination, opened beneath its root with
//! `O_RESOLVE_BENEATH` (so nothing swapped in can lead outside), must be on
//! another filesystem than its parent directory (st_dev: every FreeBSD mount,
//! nullfs included, reports its own) and of the type mounted. If a component
//! was swapped for a symlink between the mount point step and mount(8), the
//! open fails or finds no new mount there, and the create fails and is rolled
//! back.

use super::mounts::FsType;
use std::path::Path;

/// What the check saw: the device of the destination and of its parent
/// directory, and the destination's filesystem type name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub dev: u64,
    pub parent_dev: u64,
    pub fstype: String,
}

/// `Ok` when `seen` is the root of an `fstype` mount; otherwise why not.
pub fn judge(seen: &Seen, fstype: FsType) -> Result<(), String> {
    if seen.dev == seen.parent_dev {
        return Err("nothing is mounted there (the path changed during mount?)".into());
    }
    if seen.fstype != fstype.as_str() {
        return Err(format!(
            "a {} filesystem is mounted there, not {fstype} (the path changed during mount?)",
            seen.fstype
        ));
    }
    Ok(())
}

/// Looks at `beneath`/`inside` and its parent, both opened beneath `beneath`.
#[cfg(target_os = "freebsd")]
pub fn look(beneath: &Path, inside: &Path) -> std::io::Result<Seen> {
    use nix::fcntl::{open, openat, OFlag};
    use nix::sys::stat::{fstat, Mode};
    let flags = OFlag::O_RDONLY
        | OFlag::O_CLOEXEC
        | OFlag::O_NONBLOCK
        | super::sys_freebsd::RESOLVE_BENEATH;
    let dir = open(
        beneath,
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
        dev: fstat(&here)?.st_dev as u64,
        parent_dev: fstat(&up)?.st_dev as u64,
        fstype: nix::sys::statfs::fstatfs(&here)?
            .filesystem_type_name()
            .to_string(),
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

    #[test]
    fn a_new_mount_of_the_type_passes_anything_else_fails() {
        let seen = |dev, fstype: &str| Seen {
            dev,
            parent_dev: 1,
            fstype: fstype.into(),
        };
        assert_eq!(judge(&seen(2, "nullfs"), FsType::Nullfs), Ok(()));
        assert_eq!(
            judge(&seen(1, "nullfs"), FsType::Nullfs),
            Err("nothing is mounted there (the path changed during mount?)".into())
        );
        assert_eq!(
            judge(&seen(2, "ufs"), FsType::Tmpfs),
            Err(
                "a ufs filesystem is mounted there, not tmpfs (the path changed during mount?)"
                    .into()
            )
        );
    }
}
