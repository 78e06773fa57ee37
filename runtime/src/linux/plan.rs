//! What the Linux backend will do for a bundle, as data (shown by `create --dry-run`).

use crate::bundle::Bundle;
use crate::mount_options::{self, MountOptions};
use std::fmt;
use std::path::{Path, PathBuf};

/// `CLONE_NEW*` values.
pub mod clone {
    pub const NEWNS: u64 = 0x0002_0000;
    pub const NEWCGROUP: u64 = 0x0200_0000;
    pub const NEWUTS: u64 = 0x0400_0000;
    pub const NEWIPC: u64 = 0x0800_0000;
    pub const NEWPID: u64 = 0x2000_0000;
    pub const NEWNET: u64 = 0x4000_0000;
}

/// The `CLONE_NEW*` flag of a namespace type.
pub fn namespace_flag(kind: &str) -> Option<u64> {
    Some(match kind {
        "pid" => clone::NEWPID,
        "network" => clone::NEWNET,
        "mount" => clone::NEWNS,
        "ipc" => clone::NEWIPC,
        "uts" => clone::NEWUTS,
        "cgroup" => clone::NEWCGROUP,
        _ => return None,
    })
}

/// One mount, with its source resolved and options parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct MountStep {
    /// Path inside the container.
    pub destination: PathBuf,
    /// Host path for binds; the mount(2) source string otherwise.
    pub source: PathBuf,
    /// Filesystem type (`bind` for binds).
    pub fstype: String,
    pub options: MountOptions,
    /// The options as written, for display.
    pub raw_options: Vec<String>,
}

impl MountStep {
    /// Whether this is a bind mount.
    pub fn is_bind(&self) -> bool {
        self.options.bind.is_some()
    }
}

/// Namespaces to join by path.
#[derive(Debug, Clone, PartialEq)]
pub struct Join {
    pub kind: String,
    pub flag: u64,
    pub path: PathBuf,
}

/// The Linux plan for one container.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Namespaces created with the container process (`CLONE_NEW*`).
    pub new_namespaces: Vec<(String, u64)>,
    /// Namespaces joined with setns(2).
    pub join: Vec<Join>,
    /// Propagation of `/` in the new mount namespace (`MS_*`).
    pub root_propagation: (String, u64),
    pub rootfs: PathBuf,
    pub mounts: Vec<MountStep>,
    /// Whether /dev/ptmx becomes a symlink to pts/ptmx (a devpts is mounted on /dev/pts).
    pub ptmx_symlink: bool,
    pub masked_paths: Vec<PathBuf>,
    pub readonly_paths: Vec<PathBuf>,
    pub readonly_root: bool,
    pub hostname: Option<String>,
    pub domainname: Option<String>,
    pub terminal: bool,
}

/// Devices every container gets (config-linux.md#default-devices), bound from the host.
pub const DEFAULT_DEVICES: &[&str] = &["null", "zero", "full", "random", "urandom", "tty"];

impl Plan {
    /// All `CLONE_NEW*` flags for the container process.
    pub fn clone_flags(&self) -> u64 {
        self.new_namespaces.iter().fold(0, |f, (_, flag)| f | flag)
    }

    /// Whether the container has a PID namespace of its own.
    pub fn own_pid_ns(&self) -> bool {
        self.clone_flags() & clone::NEWPID != 0
    }
}

/// Builds the plan for a validated bundle.
pub fn build(bundle: &Bundle) -> Result<Plan, String> {
    let cfg = &bundle.config;
    let linux = cfg.linux.clone().unwrap_or_default();
    let mut new_namespaces = Vec::new();
    let mut join = Vec::new();
    for ns in &linux.namespaces {
        let flag = namespace_flag(&ns.kind)
            .ok_or_else(|| format!("linux.namespaces: {:?} is not supported", ns.kind))?;
        match &ns.path {
            Some(path) => join.push(Join {
                kind: ns.kind.clone(),
                flag,
                path: path.clone(),
            }),
            None => new_namespaces.push((ns.kind.clone(), flag)),
        }
    }
    let prop_name = linux
        .rootfs_propagation
        .clone()
        .unwrap_or_else(|| "rprivate".to_string());
    let prop = match prop_name.as_str() {
        "private" | "rprivate" => mount_options::ms::PRIVATE,
        "slave" | "rslave" => mount_options::ms::SLAVE,
        "shared" | "rshared" => mount_options::ms::SHARED,
        "unbindable" | "runbindable" => mount_options::ms::UNBINDABLE,
        other => return Err(format!("linux.rootfsPropagation: {other:?} is not valid")),
    } | mount_options::ms::REC;
    let mut mounts = Vec::new();
    for (i, m) in cfg.mounts.iter().enumerate() {
        let kind = m.kind.clone().unwrap_or_default();
        let options = mount_options::parse(&m.options, kind == "bind")
            .map_err(|e| format!("mounts[{i}].options: {e}"))?;
        let raw_source = m.source.clone().unwrap_or_else(|| PathBuf::from(&kind));
        let (fstype, source) = if options.bind.is_some() {
            ("bind".to_string(), bundle.dir.join(&raw_source))
        } else {
            (kind.clone(), raw_source)
        };
        mounts.push(MountStep {
            destination: Path::new("/").join(&m.destination),
            source,
            fstype,
            options,
            raw_options: m.options.clone(),
        });
    }
    let ptmx_symlink = mounts
        .iter()
        .any(|m| m.fstype == "devpts" && m.destination == Path::new("/dev/pts"))
        && !mounts
            .iter()
            .any(|m| m.destination == Path::new("/dev/ptmx"));
    let root = cfg.root.clone().unwrap_or_default();
    Ok(Plan {
        new_namespaces,
        join,
        root_propagation: (prop_name, prop),
        rootfs: bundle.rootfs.clone(),
        mounts,
        ptmx_symlink,
        masked_paths: linux.masked_paths.clone(),
        readonly_paths: linux.readonly_paths.clone(),
        readonly_root: root.readonly,
        hostname: cfg.hostname.clone().filter(|h| !h.is_empty()),
        domainname: cfg.domainname.clone().filter(|h| !h.is_empty()),
        terminal: bundle.process().terminal,
    })
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let new: Vec<&str> = self
            .new_namespaces
            .iter()
            .map(|(k, _)| k.as_str())
            .collect();
        writeln!(f, "clone3 new namespaces: {}", new.join(" "))?;
        for j in &self.join {
            writeln!(f, "setns {} {}", j.kind, j.path.display())?;
        }
        writeln!(f, "mount --make-{} /", self.root_propagation.0)?;
        writeln!(f, "mount --rbind {0} {0}", self.rootfs.display())?;
        for m in &self.mounts {
            let dest = self
                .rootfs
                .join(m.destination.strip_prefix("/").unwrap_or(&m.destination));
            let opts = if m.raw_options.is_empty() {
                String::new()
            } else {
                format!(" -o {}", m.raw_options.join(","))
            };
            if m.is_bind() {
                let how = if m.options.bind == Some(true) {
                    "--rbind"
                } else {
                    "--bind"
                };
                writeln!(
                    f,
                    "mount {how}{opts} {} {}",
                    m.source.display(),
                    dest.display()
                )?;
            } else {
                writeln!(
                    f,
                    "mount -t {}{opts} {} {}",
                    m.fstype,
                    m.source.display(),
                    dest.display()
                )?;
            }
        }
        for d in DEFAULT_DEVICES {
            writeln!(f, "mount --bind /dev/{d} {}/dev/{d}", self.rootfs.display())?;
        }
        if self.ptmx_symlink {
            writeln!(f, "ln -s pts/ptmx {}/dev/ptmx", self.rootfs.display())?;
        }
        if self.terminal {
            writeln!(
                f,
                "open pty; send master to --console-socket; mount --bind <pty> {}/dev/console",
                self.rootfs.display()
            )?;
        }
        for p in &self.masked_paths {
            writeln!(f, "mask {}", p.display())?;
        }
        for p in &self.readonly_paths {
            writeln!(f, "mount --bind -o ro {0} {0}", p.display())?;
        }
        writeln!(f, "hooks prestart, createRuntime (runtime namespaces)")?;
        writeln!(f, "hooks createContainer (container namespaces)")?;
        writeln!(f, "pivot_root {}", self.rootfs.display())?;
        writeln!(f, "umount -l <old root>")?;
        if self.readonly_root {
            writeln!(f, "mount -o remount,bind,ro /")?;
        }
        if let Some(h) = &self.hostname {
            writeln!(f, "sethostname {h}")?;
        }
        if let Some(d) = &self.domainname {
            writeln!(f, "setdomainname {d}")?;
        }
        Ok(())
    }
}
