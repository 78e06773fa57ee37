//! Validation of a bundle's configuration before anything is created.
//!
//! What jailrun accepts on Linux:
//! - every property it implements (see `features`);
//! - `linux.cgroupsPath` and `linux.resources.devices` rules that deny (no cgroup
//!   work is done; device access is governed by which device nodes exist);
//! - unknown properties, and other platforms' sections, which are ignored
//!   (config.md#extensibility).
//!
//! Everything else that is set and non-empty (seccomp, user namespaces and id
//! mappings, other resources, sysctl, devices, AppArmor/SELinux labels, …) is an
//! error naming the field.

use crate::platform::Platform;
use crate::spec::config::{Config, Hook};

mod linux;
use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

/// A configuration problem: the field and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// Dotted path of the field, e.g. `process.cwd` or `mounts[2].destination`.
    pub field: String,
    /// What is wrong, completing the sentence that starts with the field.
    pub problem: String,
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.field, self.problem)
    }
}

impl std::error::Error for Invalid {}

pub(crate) fn invalid(field: impl Into<String>, problem: impl Into<String>) -> Invalid {
    Invalid {
        field: field.into(),
        problem: problem.into(),
    }
}

pub use linux::LINUX_NAMESPACES;

/// Validates `cfg` of a bundle in `bundle_dir` for `platform`.
pub fn validate(cfg: &Config, bundle_dir: &Path, platform: Platform) -> Result<(), Invalid> {
    oci_version(&cfg.oci_version)?;
    annotations(cfg)?;
    root(cfg, bundle_dir)?;
    process(cfg, platform)?;
    hooks(cfg)?;
    if platform == Platform::Linux {
        linux::mounts(cfg)?;
        linux::section(cfg)?;
        crate::spec::unsupported::check(cfg)?;
    }
    Ok(())
}

fn oci_version(v: &str) -> Result<(), Invalid> {
    let major = v.split('.').next().unwrap_or("");
    if v.is_empty() {
        return Err(invalid("ociVersion", "is empty"));
    }
    if !is_semver(v) {
        return Err(invalid(
            "ociVersion",
            format!("{v:?} is not a SemVer 2.0.0 version (config.md#specification-version)"),
        ));
    }
    if major != "1" {
        return Err(invalid(
            "ociVersion",
            format!("{v:?} is not supported (major version 1 only)"),
        ));
    }
    Ok(())
}

/// SemVer 2.0.0: MAJOR.MINOR.PATCH without leading zeros, then optional
/// `-prerelease` and `+build` of dot-separated [0-9A-Za-z-] identifiers.
fn is_semver(v: &str) -> bool {
    let (rest, build) = match v.split_once('+') {
        Some((r, b)) => (r, Some(b)),
        None => (v, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (rest, None),
    };
    let number = |p: &str| {
        !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && (p == "0" || !p.starts_with('0'))
    };
    let idents = |s: &str| {
        s.split('.')
            .all(|i| !i.is_empty() && i.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
    };
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| number(p))
        && pre.is_none_or(idents)
        && build.is_none_or(idents)
}

/// config.md#annotations: keys MUST NOT be empty.
fn annotations(cfg: &Config) -> Result<(), Invalid> {
    if cfg.annotations.contains_key("") {
        return Err(invalid("annotations", "has an empty key"));
    }
    Ok(())
}

/// Resolves `root.path` against the bundle directory.
pub fn root_path(cfg: &Config, bundle_dir: &Path) -> Option<PathBuf> {
    cfg.root.as_ref().map(|r| bundle_dir.join(&r.path))
}

fn root(cfg: &Config, bundle_dir: &Path) -> Result<(), Invalid> {
    let Some(root) = &cfg.root else {
        return Err(invalid("root", "is required"));
    };
    if root.path.as_os_str().is_empty() {
        return Err(invalid("root.path", "is empty"));
    }
    let path = bundle_dir.join(&root.path);
    match std::fs::metadata(&path) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(invalid(
            "root.path",
            format!("{} is not a directory", path.display()),
        )),
        Err(e) => Err(invalid("root.path", format!("{}: {e}", path.display()))),
    }
}

/// Validates a process given to `exec` (a process.json, or the container's
/// `process` with the command line's changes) by the rules of config.json's
/// `process`, including the settings jailrun refuses.
pub fn exec_process(p: &crate::spec::config::Process, platform: Platform) -> Result<(), Invalid> {
    let cfg = Config {
        process: Some(p.clone()),
        ..Config::default()
    };
    process(&cfg, platform)?;
    // Unknown capability names are warned about by the caller, as create does
    // for config.json's (see capabilities::unknown).
    crate::spec::unsupported::process(p)
}

fn process(cfg: &Config, platform: Platform) -> Result<(), Invalid> {
    let Some(p) = &cfg.process else {
        return Err(invalid("process", "is required"));
    };
    if p.args.is_empty() {
        return Err(invalid("process.args", "must not be empty"));
    }
    if p.args[0].is_empty() {
        return Err(invalid("process.args[0]", "must not be empty"));
    }
    if p.cwd.is_empty() {
        return Err(invalid("process.cwd", "is required"));
    }
    if !p.cwd.starts_with('/') {
        return Err(invalid(
            "process.cwd",
            format!("{:?} must be an absolute path", p.cwd),
        ));
    }
    for (i, e) in p.env.iter().enumerate() {
        if !e.contains('=') || e.starts_with('=') {
            return Err(invalid(
                format!("process.env[{i}]"),
                format!("{e:?} is not KEY=VALUE"),
            ));
        }
    }
    let mut seen = BTreeSet::new();
    for (i, r) in p.rlimits.iter().enumerate() {
        let field = format!("process.rlimits[{i}]");
        let linux_name = crate::platform::linux::plan::RLIMITS
            .iter()
            .any(|(n, _)| *n == r.kind);
        if platform == Platform::Linux && !linux_name {
            return Err(invalid(
                format!("{field}.type"),
                format!("{:?} is not a Linux rlimit", r.kind),
            ));
        }
        if !seen.insert(r.kind.as_str()) {
            return Err(invalid(
                format!("{field}.type"),
                format!("{:?} is given more than once", r.kind),
            ));
        }
        if r.soft > r.hard {
            return Err(invalid(field, "soft limit exceeds the hard limit"));
        }
    }
    if let Some(mask) = p.user.umask {
        if mask > 0o7777 {
            return Err(invalid(
                "process.user.umask",
                format!("{mask} is out of range"),
            ));
        }
    }
    Ok(())
}

fn hooks(cfg: &Config) -> Result<(), Invalid> {
    let h = &cfg.hooks;
    let kinds: [(&str, &Vec<Hook>); 6] = [
        ("prestart", &h.prestart),
        ("createRuntime", &h.create_runtime),
        ("createContainer", &h.create_container),
        ("startContainer", &h.start_container),
        ("poststart", &h.poststart),
        ("poststop", &h.poststop),
    ];
    for (kind, list) in kinds {
        for (i, hook) in list.iter().enumerate() {
            let field = format!("hooks.{kind}[{i}]");
            if !hook.path.is_absolute() {
                return Err(invalid(
                    format!("{field}.path"),
                    format!("{:?} must be an absolute path", hook.path),
                ));
            }
            if let Some(t) = hook.timeout {
                if t <= 0 {
                    return Err(invalid(
                        format!("{field}.timeout"),
                        format!("{t} must be greater than zero"),
                    ));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod semver_tests {
    use super::is_semver;

    #[test]
    fn semver_versions() {
        for ok in ["1.3.0", "1.0.2-dev", "1.1.0-rc.1+build.5", "0.0.0"] {
            assert!(is_semver(ok), "{ok}");
        }
        for bad in [
            "1.3", "v1.3.0", "1.03.0", "1.3.0.0", "1.3.0-", "1.3.0+", "1..0", "",
        ] {
            assert!(!is_semver(bad), "{bad}");
        }
    }
}
