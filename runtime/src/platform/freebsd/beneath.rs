//! Making mount points inside the container's root without following symlinks.
//!
//! A root filesystem can hold a symlink such as `/dev -> /`; mounting "through"
//! it would mount on the host. The plan already resolved each destination's
//! symlinks inside the root (`crate::platform::freebsd::root_path`), so the path given here has
//! none: each component below the root is looked at with lstat(2), a symlink
//! (one that appeared since) is refused, a missing directory is created
//! (0755), and for a file mount point the last component is created as an
//! empty file (0644). An existing file mount point must be a regular file
//! with one link: the kernel mounts a file system on a file only for those
//! that allow it (nullfs, VFCF_FILEMOUNT) and only over a regular file whose
//! link count is 1 (sys/kern/vfs_mount.c, vfs_domount_first), so jailrun says
//! so before mount(8) fails with a bare EINVAL. The `CheckMount` step after
//! mount(8) catches a change made between this check and the mount.

use super::mounts::MountPointKind;
use std::fs;
use std::io;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Component, Path};

/// Makes sure `root`/`inside` exists as `kind`, with no symlink below `root`.
pub fn make_mount_point(root: &Path, inside: &Path, kind: MountPointKind) -> io::Result<()> {
    let parts: Vec<_> = inside
        .components()
        .filter_map(|c| match c {
            Component::Normal(p) => Some(Ok(p)),
            Component::CurDir | Component::RootDir => None,
            _ => Some(Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{}: must stay inside the root", inside.display()),
            ))),
        })
        .collect::<io::Result<_>>()?;
    let mut path = root.to_path_buf();
    for (i, part) in parts.iter().enumerate() {
        path.push(part);
        let last = i + 1 == parts.len();
        let want_file = last && kind == MountPointKind::File;
        match fs::symlink_metadata(&path) {
            Ok(md) if md.file_type().is_symlink() => {
                return Err(refused(
                    &path,
                    "is a symlink; mount points must not go through symlinks",
                ));
            }
            Ok(md) if want_file && md.is_dir() => {
                return Err(refused(
                    &path,
                    "is a directory, but the mount source is a file",
                ));
            }
            Ok(md) if want_file && !md.is_file() => {
                return Err(refused(
                    &path,
                    "is not a regular file, and a file can only be mounted over one",
                ));
            }
            Ok(md) if want_file && md.nlink() > 1 => {
                return Err(refused(
                    &path,
                    &format!(
                        "has {} hard links; the kernel mounts a file only over one with a single link",
                        md.nlink()
                    ),
                ));
            }
            Ok(md) if !want_file && !md.is_dir() => {
                return Err(refused(&path, "is not a directory"));
            }
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => create(&path, want_file)?,
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

fn create(path: &Path, file: bool) -> io::Result<()> {
    if file {
        fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o644)
            .open(path)
            .map(drop)
    } else {
        fs::DirBuilder::new().mode(0o755).create(path)
    }
}

fn refused(path: &Path, why: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("{}: {why}", path.display()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_dirs_and_files() {
        let root = tempfile::tempdir().expect("tempdir");
        make_mount_point(root.path(), Path::new("a/b/c"), MountPointKind::Dir).expect("dir");
        assert!(root.path().join("a/b/c").is_dir());
        make_mount_point(root.path(), Path::new("a/b/c"), MountPointKind::Dir).expect("again");
        make_mount_point(root.path(), Path::new("etc/hosts"), MountPointKind::File).expect("file");
        assert!(root.path().join("etc/hosts").is_file());
    }

    #[test]
    fn refuses_symlinks_and_wrong_kinds() {
        let root = tempfile::tempdir().expect("tempdir");
        let outside = tempfile::tempdir().expect("tempdir");
        std::os::unix::fs::symlink(outside.path(), root.path().join("dev")).expect("symlink");
        let e = make_mount_point(root.path(), Path::new("dev/fd"), MountPointKind::Dir);
        assert!(e
            .expect_err("symlink")
            .to_string()
            .ends_with("dev: is a symlink; mount points must not go through symlinks"));
        assert!(!outside.path().join("fd").exists());
        fs::write(root.path().join("f"), "").expect("file");
        assert!(make_mount_point(root.path(), Path::new("f/x"), MountPointKind::Dir).is_err());
        fs::create_dir(root.path().join("d")).expect("dir");
        assert!(make_mount_point(root.path(), Path::new("d"), MountPointKind::File).is_err());
        assert!(make_mount_point(root.path(), Path::new("../x"), MountPointKind::Dir).is_err());
    }

    #[test]
    fn a_file_mount_point_needs_a_regular_file_with_one_link() {
        let root = tempfile::tempdir().expect("tempdir");
        fs::write(root.path().join("hosts"), "").expect("file");
        make_mount_point(root.path(), Path::new("hosts"), MountPointKind::File).expect("1 link");
        fs::hard_link(root.path().join("hosts"), root.path().join("hosts2")).expect("link");
        let e = make_mount_point(root.path(), Path::new("hosts"), MountPointKind::File)
            .expect_err("2 links");
        assert!(e.to_string().ends_with("hosts: has 2 hard links; the kernel mounts a file only over one with a single link"), "{e}");
        nix::unistd::mkfifo(&root.path().join("fifo"), nix::sys::stat::Mode::S_IRWXU)
            .expect("fifo");
        let e = make_mount_point(root.path(), Path::new("fifo"), MountPointKind::File)
            .expect_err("fifo");
        assert!(e.to_string().contains("is not a regular file"), "{e}");
    }
}
