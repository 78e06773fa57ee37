//! The rules of config.json that only the Linux backend applies: mount types
//! and options it implements, and the `linux` section (namespaces, masked and
//! read-only paths, rootfs propagation, what needs a uts namespace).

use super::{invalid, Invalid};
use crate::platform::linux::mount_options;
use crate::spec::config::Config;
use std::collections::BTreeSet;

/// Namespace types jailrun can create or join on Linux.
pub const LINUX_NAMESPACES: &[&str] = &["pid", "network", "mount", "ipc", "uts", "cgroup"];

/// Mount types the Linux backend implements.
pub const LINUX_MOUNT_TYPES: &[&str] = &[
    "bind", "tmpfs", "proc", "sysfs", "devpts", "mqueue", "cgroup", "cgroup2",
];

/// `mounts`, as the Linux backend mounts them.
pub(super) fn mounts(cfg: &Config) -> Result<(), Invalid> {
    for (i, m) in cfg.mounts.iter().enumerate() {
        let field = format!("mounts[{i}]");
        if m.destination.as_os_str().is_empty() {
            return Err(invalid(format!("{field}.destination"), "is empty"));
        }
        let kind = m.kind.as_deref().unwrap_or("");
        let opts = mount_options::parse(&m.options, kind == "bind")
            .map_err(|e| invalid(format!("{field}.options"), e.to_string()))?;
        if opts.bind.is_some() {
            let Some(src) = &m.source else {
                return Err(invalid(
                    format!("{field}.source"),
                    "is required for a bind mount",
                ));
            };
            if src.as_os_str().is_empty() {
                return Err(invalid(format!("{field}.source"), "is empty"));
            }
            continue;
        }
        if kind.is_empty() {
            return Err(invalid(
                format!("{field}.type"),
                "is required unless the mount is a bind mount",
            ));
        }
        if !LINUX_MOUNT_TYPES.contains(&kind) {
            return Err(invalid(
                format!("{field}.type"),
                format!("{kind:?} is not supported"),
            ));
        }
    }
    Ok(())
}

/// The `linux` section, and `hostname`/`domainname`, which need a uts namespace.
pub(super) fn section(cfg: &Config) -> Result<(), Invalid> {
    let linux = cfg.linux.clone().unwrap_or_default();
    let mut seen = BTreeSet::new();
    for (i, ns) in linux.namespaces.iter().enumerate() {
        let field = format!("linux.namespaces[{i}]");
        if ns.kind == "user" || ns.kind == "time" {
            return Err(invalid(
                format!("{field}.type"),
                format!("{:?} namespaces are not supported", ns.kind),
            ));
        }
        if !LINUX_NAMESPACES.contains(&ns.kind.as_str()) {
            return Err(invalid(
                format!("{field}.type"),
                format!("{:?} is not a namespace type", ns.kind),
            ));
        }
        if !seen.insert(ns.kind.as_str()) {
            return Err(invalid(
                format!("{field}.type"),
                format!("{:?} is listed more than once", ns.kind),
            ));
        }
        if let Some(p) = &ns.path {
            if !p.is_absolute() {
                return Err(invalid(
                    format!("{field}.path"),
                    format!("{p:?} must be absolute"),
                ));
            }
            if let Err(e) = std::fs::metadata(p) {
                return Err(invalid(
                    format!("{field}.path"),
                    format!("{}: {e}", p.display()),
                ));
            }
        }
    }
    let has_uts = seen.contains("uts");
    if cfg.hostname.as_deref().is_some_and(|h| !h.is_empty()) && !has_uts {
        return Err(invalid(
            "hostname",
            "needs a uts namespace in linux.namespaces",
        ));
    }
    if cfg.domainname.as_deref().is_some_and(|h| !h.is_empty()) && !has_uts {
        return Err(invalid(
            "domainname",
            "needs a uts namespace in linux.namespaces",
        ));
    }
    if !seen.contains("mount") {
        return Err(invalid(
            "linux.namespaces",
            "must include a mount namespace (jailrun pivots into root.path)",
        ));
    }
    for (name, list) in [
        ("linux.maskedPaths", &linux.masked_paths),
        ("linux.readonlyPaths", &linux.readonly_paths),
    ] {
        for (i, p) in list.iter().enumerate() {
            if !p.is_absolute() {
                return Err(invalid(
                    format!("{name}[{i}]"),
                    format!("{p:?} must be absolute"),
                ));
            }
        }
    }
    if let Some(p) = &linux.rootfs_propagation {
        let ok = [
            "private",
            "rprivate",
            "slave",
            "rslave",
            "shared",
            "rshared",
            "unbindable",
            "runbindable",
        ];
        if !ok.contains(&p.as_str()) {
            return Err(invalid(
                "linux.rootfsPropagation",
                format!("{p:?} is not valid"),
            ));
        }
    }
    Ok(())
}
