//! One Linux mount of `mounts`, planned: what the interpreter passes to mount(2).

use crate::platform::linux::mount_options::{flag_names, ms, MountOptions};
use std::fmt;
use std::path::{Path, PathBuf};

/// A bind mount or a filesystem mount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MountKind {
    Bind { recursive: bool },
    Fs { fstype: String },
}

/// One entry of `mounts`, with its source resolved and options parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinuxMount {
    /// The root filesystem (host path) the destination is resolved in.
    pub root: PathBuf,
    /// Path inside the container.
    pub destination: PathBuf,
    /// Host path for binds; the mount(2) source string otherwise.
    pub source: PathBuf,
    pub kind: MountKind,
    /// `MS_*` flags of the options (for a bind: applied by a remount).
    pub flags: u64,
    /// Filesystem data (options mount(2) flags do not cover), passed through.
    pub data: String,
    /// Propagation changes after mounting, in order.
    pub propagation: Vec<u64>,
    /// mount_setattr(2) attributes set and cleared recursively.
    pub attr_set: u64,
    pub attr_clr: u64,
}

impl LinuxMount {
    /// A planned mount from parsed options.
    pub fn new(
        root: &Path,
        destination: PathBuf,
        source: PathBuf,
        fstype: &str,
        o: &MountOptions,
    ) -> LinuxMount {
        let kind = match o.bind {
            Some(recursive) => MountKind::Bind { recursive },
            // cgroup v1 is not offered: a `cgroup` mount is the unified hierarchy.
            None if fstype == "cgroup" => MountKind::Fs {
                fstype: "cgroup2".into(),
            },
            None => MountKind::Fs {
                fstype: fstype.into(),
            },
        };
        LinuxMount {
            root: root.to_path_buf(),
            destination,
            source,
            kind,
            flags: o.flags,
            data: o.data_string(),
            propagation: o.propagation.clone(),
            attr_set: o.attr_set,
            attr_clr: o.attr_clr,
        }
    }

    /// The flags a bind mount needs a remount for (mount(2) ignores them with MS_BIND).
    pub fn remount_flags(&self) -> u64 {
        self.flags & !(ms::BIND | ms::REC | ms::REMOUNT)
    }

    /// Whether the kernel's procfs or sysfs goes here: their destinations must
    /// not be symlinks (a root filesystem could point /proc anywhere).
    pub fn is_proc_or_sys(&self) -> bool {
        matches!(&self.kind, MountKind::Fs { fstype } if fstype == "proc" || fstype == "sysfs")
    }
}

/// `root` joined with the container path `p`, for display.
pub fn host_path(root: &Path, p: &Path) -> PathBuf {
    root.join(p.strip_prefix("/").unwrap_or(p))
}

fn data(d: &str) -> String {
    if d.is_empty() {
        "NULL".into()
    } else {
        format!("{d:?}")
    }
}

impl fmt::Display for LinuxMount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dest = format!(
            "{:?}",
            host_path(&self.root, &self.destination)
                .display()
                .to_string()
        );
        let src = format!("{:?}", self.source.display().to_string());
        match &self.kind {
            MountKind::Bind { recursive } => {
                let rec = if *recursive { ms::REC } else { 0 };
                write!(
                    f,
                    "mount({src}, {dest}, NULL, {}, {})",
                    flag_names(ms::BIND | rec),
                    data(&self.data)
                )?;
                if self.remount_flags() != 0 {
                    write!(
                        f,
                        "; mount(NULL, {dest}, NULL, {})",
                        flag_names(ms::REMOUNT | ms::BIND | self.remount_flags())
                    )?;
                }
            }
            MountKind::Fs { fstype } => {
                let refuse = if self.is_proc_or_sys() {
                    " /* refused if the destination is a symlink */"
                } else {
                    ""
                };
                write!(
                    f,
                    "mount({src}, {dest}, {fstype:?}, {}, {}){refuse}",
                    flag_names(self.flags),
                    data(&self.data)
                )?;
            }
        }
        for p in &self.propagation {
            write!(f, "; mount(NULL, {dest}, NULL, {})", flag_names(*p))?;
        }
        if self.attr_set != 0 || self.attr_clr != 0 {
            write!(
                f,
                "; mount_setattr({dest}, AT_RECURSIVE, {{attr_set: {:#x}, attr_clr: {:#x}}})",
                self.attr_set, self.attr_clr
            )?;
        }
        Ok(())
    }
}
