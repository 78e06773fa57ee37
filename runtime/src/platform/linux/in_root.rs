//! Linux: paths inside the container's root resolved by file descriptor, with
//! openat2(2) `RESOLVE_IN_ROOT` (symlinks are followed, but absolute targets and
//! `..` stay inside the root), and used through that descriptor
//! (`/proc/self/fd/N` as a mount target, `*at` calls), so nothing can swap a
//! component for a symlink between the check and the use.

use nix::errno::Errno;
use nix::fcntl::{openat, openat2, OFlag, OpenHow, ResolveFlag};
use nix::sys::stat::Mode;
use std::io;
use std::os::fd::{AsRawFd, OwnedFd};
use std::path::{Component, Path, PathBuf};

/// What to create when the path is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Create {
    Nothing,
    Dir,
    File,
}

/// The root directory of a container, open.
pub struct InRoot(OwnedFd);

/// The path through which the kernel reaches `fd` (mount(2) takes paths only).
pub fn fd_path(fd: &OwnedFd) -> PathBuf {
    PathBuf::from(format!("/proc/self/fd/{}", fd.as_raw_fd()))
}

fn parts(p: &Path) -> Vec<&std::ffi::OsStr> {
    p.components()
        .filter_map(|c| match c {
            Component::Normal(n) => Some(n),
            Component::ParentDir => Some("..".as_ref()),
            _ => None,
        })
        .collect()
}

impl InRoot {
    /// Opens `root`.
    pub fn open(root: &Path) -> io::Result<InRoot> {
        let flags = OFlag::O_PATH | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC;
        Ok(InRoot(nix::fcntl::open(root, flags, Mode::empty())?))
    }

    /// `p` (a container path) resolved inside the root, as an O_PATH descriptor.
    pub fn resolve(&self, p: &Path) -> nix::Result<OwnedFd> {
        let rel: PathBuf = parts(p).into_iter().collect();
        let rel = if rel.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            rel
        };
        let how = OpenHow::new()
            .flags(OFlag::O_PATH | OFlag::O_CLOEXEC)
            .resolve(ResolveFlag::RESOLVE_IN_ROOT | ResolveFlag::RESOLVE_NO_MAGICLINKS);
        loop {
            match openat2(&self.0, &rel, how) {
                Err(Errno::EAGAIN | Errno::EINTR) => continue,
                other => return other,
            }
        }
    }

    /// The directory holding `p`, resolved, and `p`'s last component (not followed).
    pub fn parent(&self, p: &Path) -> io::Result<(OwnedFd, PathBuf)> {
        let mut all = parts(p);
        let name = all
            .pop()
            .filter(|n| *n != "..")
            .ok_or_else(|| io::Error::from(Errno::EINVAL))?;
        let dir: PathBuf = all.into_iter().collect();
        Ok((self.resolve(&dir)?, PathBuf::from(name)))
    }

    /// `p` resolved, its missing components created (directories, and the last
    /// as `create` says).
    pub fn open_or_create(&self, p: &Path, create: Create) -> io::Result<OwnedFd> {
        match self.resolve(p) {
            Err(Errno::ENOENT) if create != Create::Nothing => {}
            other => return other.map_err(Into::into),
        }
        let all = parts(p);
        for i in 1..=all.len() {
            let prefix: PathBuf = all[..i].iter().collect();
            match self.resolve(&prefix) {
                Ok(_) => continue,
                Err(Errno::ENOENT) => {}
                Err(e) => return Err(e.into()),
            }
            let (dir, name) = self.parent(&prefix)?;
            if i == all.len() && create == Create::File {
                let flags = OFlag::O_CREAT | OFlag::O_EXCL | OFlag::O_WRONLY | OFlag::O_CLOEXEC;
                match openat(&dir, &name, flags, Mode::from_bits_truncate(0o644)) {
                    Ok(_) | Err(Errno::EEXIST) => {}
                    Err(e) => return Err(e.into()),
                }
            } else {
                match nix::sys::stat::mkdirat(&dir, &name, Mode::from_bits_truncate(0o755)) {
                    Ok(()) | Err(Errno::EEXIST) => {}
                    Err(e) => return Err(e.into()),
                }
            }
        }
        // A dangling symlink is still missing here: an error, not followed out.
        Ok(self.resolve(p)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn target(fd: &OwnedFd) -> PathBuf {
        std::fs::read_link(fd_path(fd)).expect("readlink")
    }

    #[test]
    fn symlinks_stay_inside_and_missing_paths_are_made() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = std::fs::canonicalize(tmp.path()).expect("canonical");
        std::fs::create_dir(root.join("real")).expect("mkdir");
        symlink("/real", root.join("abs")).expect("symlink");
        symlink("../../..", root.join("up")).expect("symlink");
        let r = InRoot::open(&root).expect("open root");
        assert_eq!(
            target(&r.resolve(Path::new("/abs")).expect("abs")),
            root.join("real")
        );
        assert_eq!(target(&r.resolve(Path::new("/up")).expect("up")), root);
        let made = r
            .open_or_create(Path::new("/abs/a/b"), Create::Dir)
            .expect("made");
        assert_eq!(target(&made), root.join("real/a/b"));
        let file = r
            .open_or_create(Path::new("/up/etc/hosts"), Create::File)
            .expect("file");
        assert_eq!(target(&file), root.join("etc/hosts"));
        assert!(root.join("etc/hosts").is_file());
    }
}
