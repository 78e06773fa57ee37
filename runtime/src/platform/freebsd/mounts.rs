//! config → the ordered mount plan (config.md#configMounts: "in the listed
//! order"), done on the host under the jail's root before the jail exists.
//!
//! - `bind`/`rbind` mounts (by option, or type `bind`, `rbind`, `nullfs`)
//!   become nullfs. FreeBSD's nullfs never shows the mounts below its source,
//!   so `rbind` and `bind` behave the same.
//! - `tmpfs`, `devfs`, `fdescfs` and `procfs` are mounted as themselves; any
//!   other type is refused (e.g. Linux's `proc`, `sysfs`, `devpts`).
//! - Destinations must be absolute (config.md#configMounts, "all other
//!   platforms") and are resolved inside the root as the Linux backend
//!   resolves them (`crate::platform::freebsd::root_path`: symlinks followed, never out of the
//!   root, `..` stopping at it), against the root filesystem as it is when
//!   the plan is made. The plan holds the resolved path, so the mount point
//!   step, which creates what is missing, follows no symlink at run time and
//!   refuses one that appeared since; `CheckMount` then confirms that the
//!   mount is where it was meant to be.
//! - mount_nullfs(8) refuses a source that contains the destination or lies
//!   inside it (so `/` can never be a nullfs source); that is checked here.

use super::bundle::{JailBundle, MountEntry, PathKind};
use super::fs_options;
use crate::platform::freebsd::root_path::{self, Entry};
use crate::spec::freebsd::ConfigError;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};

/// A filesystem the jail backend mounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FsType {
    Nullfs,
    Tmpfs,
    Devfs,
    Fdescfs,
    Procfs,
}

impl FsType {
    /// The mount(8) `-t` name.
    pub fn as_str(self) -> &'static str {
        match self {
            FsType::Nullfs => "nullfs",
            FsType::Tmpfs => "tmpfs",
            FsType::Devfs => "devfs",
            FsType::Fdescfs => "fdescfs",
            FsType::Procfs => "procfs",
        }
    }
}

impl fmt::Display for FsType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a mount point is a directory, or a file (a nullfs mount of a file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MountPointKind {
    Dir,
    File,
}

/// One mount, ready to run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedMount {
    pub fstype: FsType,
    /// The nullfs source directory or file, or the filesystem's name.
    pub source: String,
    /// Absolute host path of the mount point.
    pub target: PathBuf,
    /// The mount point relative to the root.
    pub inside: PathBuf,
    /// mount(8) `-o` options.
    pub options: Vec<String>,
    pub kind: MountPointKind,
}

/// The mounts of `b`, in order.
pub fn plan(b: &JailBundle) -> Result<Vec<PlannedMount>, ConfigError> {
    b.mounts
        .iter()
        .enumerate()
        .map(|(i, m)| one(b, i, m))
        .collect()
}

fn one(b: &JailBundle, i: usize, m: &MountEntry) -> Result<PlannedMount, ConfigError> {
    let field = |f: &str| format!("mounts[{i}].{f}");
    if m.id_mapped {
        return Err(ConfigError::config(
            field("uidMappings"),
            "id-mapped mounts are Linux-only",
        ));
    }
    let fstype = fs_type(m, &field("type"))?;
    let inside = inside_root(&m.destination, root_path::on_disk(&b.rootfs))
        .map_err(|p| ConfigError::config(field("destination"), p.to_string()))?;
    let target = b.rootfs.join(&inside);
    let options = fs_options::translate(fstype, &m.options, &field("options"), &m.destination)?;
    let (source, kind) = match fstype {
        FsType::Nullfs => nullfs_source(m, &target, &field("source"))?,
        _ => (
            m.source
                .clone()
                .unwrap_or_else(|| fstype.as_str().to_string()),
            MountPointKind::Dir,
        ),
    };
    Ok(PlannedMount {
        fstype,
        source,
        target,
        inside,
        options,
        kind,
    })
}

fn fs_type(m: &MountEntry, field: &str) -> Result<FsType, ConfigError> {
    let err = |p: String| Err(ConfigError::config(field, p));
    let bind = m.options.iter().any(|o| o == "bind" || o == "rbind");
    match (m.kind.as_deref(), bind) {
        (None | Some("none" | "bind" | "rbind" | "nullfs"), true) => Ok(FsType::Nullfs),
        (Some("bind" | "rbind" | "nullfs"), false) => Ok(FsType::Nullfs),
        (Some(t), true) => err(format!("{t:?} cannot be combined with the bind/rbind option")),
        (Some("tmpfs"), _) => Ok(FsType::Tmpfs),
        (Some("devfs"), _) => Ok(FsType::Devfs),
        (Some("fdescfs"), _) => Ok(FsType::Fdescfs),
        (Some("procfs"), _) => Ok(FsType::Procfs),
        (None, false) => err("is required unless options has bind or rbind".into()),
        (Some(t), false) => err(format!(
            "{t:?} is not supported by the jail backend (nullfs, tmpfs, devfs, fdescfs, procfs; bind and rbind mounts become nullfs)"
        )),
    }
}

/// What is wrong with a mount destination; completes "mounts[i].destination ...".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DestinationProblem {
    #[error("{0:?} must be an absolute path")]
    Relative(String),
    #[error("{0:?} resolves to the container's root itself")]
    Root(String),
    #[error("{0:?} cannot be resolved inside the root: {1}")]
    Unresolvable(String, String),
}

/// `destination` resolved inside the root (`lookup` says what each path
/// relative to the root is), as a path relative to the root.
pub fn inside_root(
    destination: &str,
    lookup: impl FnMut(&Path) -> std::io::Result<Entry>,
) -> Result<PathBuf, DestinationProblem> {
    if !Path::new(destination).is_absolute() {
        return Err(DestinationProblem::Relative(destination.into()));
    }
    let out = root_path::resolve(Path::new(destination), lookup)
        .map_err(|e| DestinationProblem::Unresolvable(destination.into(), e.to_string()))?;
    if out.as_os_str().is_empty() {
        return Err(DestinationProblem::Root(destination.into()));
    }
    Ok(out)
}

fn nullfs_source(
    m: &MountEntry,
    target: &Path,
    field: &str,
) -> Result<(String, MountPointKind), ConfigError> {
    let err = |p: String| Err(ConfigError::config(field, p));
    let Some((path, kind)) = &m.source_path else {
        return err("is required for a bind mount".into());
    };
    let kind = match kind {
        Some(PathKind::Dir) => MountPointKind::Dir,
        Some(PathKind::File) => MountPointKind::File,
        Some(PathKind::Other) => {
            return err(format!(
                "{} is neither a directory nor a regular file",
                path.display()
            ));
        }
        None => return err(format!("{} does not exist", path.display())),
    };
    if target.starts_with(path) || path.starts_with(target) {
        return err(format!(
            "{} and the destination {} are not distinct paths, which mount_nullfs(8) refuses",
            path.display(),
            target.display()
        ));
    }
    Ok((path.display().to_string(), kind))
}

/// The devfs mount at `/dev`, if any (the last one, which is the one visible).
pub fn dev_mount(mounts: &[PlannedMount]) -> Option<usize> {
    mounts
        .iter()
        .rposition(|m| m.fstype == FsType::Devfs && m.inside == Path::new("dev"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations() {
        let plain = |_: &Path| Ok(Entry::Other);
        let msg = |r: Result<PathBuf, DestinationProblem>| r.map_err(|e| e.to_string());
        assert_eq!(inside_root("/dev/fd", plain), Ok(PathBuf::from("dev/fd")));
        assert_eq!(inside_root("//a/./b/", plain), Ok(PathBuf::from("a/b")));
        assert_eq!(inside_root("/a/../../etc", plain), Ok(PathBuf::from("etc")));
        assert_eq!(
            msg(inside_root("dev", plain)),
            Err("\"dev\" must be an absolute path".into())
        );
        assert_eq!(
            msg(inside_root("/", plain)),
            Err("\"/\" resolves to the container's root itself".into())
        );
        let to_root = |p: &Path| {
            Ok(if p == Path::new("r") {
                Entry::Link("/".into())
            } else {
                Entry::Other
            })
        };
        assert_eq!(
            msg(inside_root("/r/..", to_root)),
            Err("\"/r/..\" resolves to the container's root itself".into())
        );
        let dangling = |p: &Path| {
            Ok(match p.to_str() {
                Some("l") => Entry::Link("/gone".into()),
                _ => Entry::Missing,
            })
        };
        assert_eq!(
            msg(inside_root("/l/x", dangling)),
            Err(
                "\"/l/x\" cannot be resolved inside the root: /l is a symlink to a missing path"
                    .into()
            )
        );
    }

    #[test]
    fn types() {
        let m = |kind: Option<&str>, opts: &[&str]| MountEntry {
            destination: "/x".into(),
            kind: kind.map(Into::into),
            source: None,
            options: opts.iter().map(|s| s.to_string()).collect(),
            source_path: None,
            id_mapped: false,
        };
        assert_eq!(fs_type(&m(None, &["rbind"]), "t"), Ok(FsType::Nullfs));
        assert_eq!(fs_type(&m(Some("bind"), &[]), "t"), Ok(FsType::Nullfs));
        assert_eq!(fs_type(&m(Some("fdescfs"), &[]), "t"), Ok(FsType::Fdescfs));
        assert!(fs_type(&m(Some("proc"), &[]), "t").is_err());
        assert!(fs_type(&m(Some("tmpfs"), &["bind"]), "t").is_err());
        assert!(fs_type(&m(None, &[]), "t").is_err());
    }
}
