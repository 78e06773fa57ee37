//! What the jail backend reads from a bundle, loaded and checked.
//!
//! Made by `crate::spec::bundle::Bundle::load` for the FreeBSD platform, from the
//! typed config.json it parsed and validated with the portable rules: here
//! only the FreeBSD-specific parts are checked (the `freebsd` section,
//! runj.ext.json, rlimit names, what mounts need from the host).

use super::rlimit;
use crate::spec::config::{Config, ConsoleSize, Hook, Mount, Process};
use crate::spec::freebsd::{self, ConfigError, FreeBsd, RUNJ_EXT_JSON};
use std::path::{Path, PathBuf};
use thiserror::Error;

/// A bundle as the jail backend sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct JailBundle {
    /// Canonical bundle directory.
    pub dir: PathBuf,
    /// Canonical root filesystem (the jail's `path`, unless `readonly_root`).
    pub rootfs: PathBuf,
    /// `root.readonly`: the jail's root is a read-only nullfs view of `rootfs`.
    pub readonly_root: bool,
    pub hostname: Option<String>,
    pub domainname: Option<String>,
    pub mounts: Vec<MountEntry>,
    pub process: ProcessSpec,
    /// `hooks.createContainer`: run by the container process in the jail.
    pub create_container_hooks: Vec<Hook>,
    /// `hooks.startContainer`: run by the container process after `start`.
    pub start_container_hooks: Vec<Hook>,
    /// `freebsd`, merged with runj.ext.json.
    pub freebsd: FreeBsd,
}

/// One of `mounts`, with its source looked up on the host.
#[derive(Debug, Clone, PartialEq)]
pub struct MountEntry {
    pub destination: String,
    pub kind: Option<String>,
    pub source: Option<String>,
    pub options: Vec<String>,
    /// `source` resolved against the bundle (canonical when it exists), and
    /// what is there.
    pub source_path: Option<(PathBuf, Option<PathKind>)>,
    /// `uidMappings` or `gidMappings` is set.
    pub id_mapped: bool,
}

/// What a host path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    Dir,
    File,
    Other,
}

/// `process`, with rlimits resolved for FreeBSD.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProcessSpec {
    pub args: Vec<String>,
    pub env: Vec<String>,
    pub cwd: String,
    pub uid: u32,
    pub gid: u32,
    pub umask: Option<u32>,
    pub additional_gids: Vec<u32>,
    pub rlimits: Vec<rlimit::Rlimit>,
    pub terminal: bool,
    pub console_size: Option<ConsoleSize>,
}

/// Why a bundle cannot be run in a jail.
#[derive(Debug, Error)]
pub enum BundleError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("config.json: {0}")]
    Rlimit(#[from] rlimit::RlimitError),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BundleError + '_ {
    move |source| BundleError::Io {
        path: path.to_path_buf(),
        source,
    }
}

impl JailBundle {
    /// The jail backend's view of `config` (parsed and validated) of the
    /// canonical bundle directory `dir`, merged with its runj.ext.json.
    pub fn new(dir: &Path, config: &Config) -> Result<JailBundle, BundleError> {
        let dir = dir.to_path_buf();
        let ext_path = dir.join(RUNJ_EXT_JSON);
        let ext = match std::fs::read_to_string(&ext_path) {
            Ok(t) => Some(t),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(io(&ext_path)(e)),
        };
        let freebsd = freebsd::load(config, ext.as_deref())?;
        let rootfs = root(config, &dir)?;
        let readonly_root = config.root.as_ref().is_some_and(|r| r.readonly);
        let Some(process) = &config.process else {
            return Err(invalid("process", "is required"));
        };
        let process = ProcessSpec::new(process)?;
        let mounts = config.mounts.iter().map(|m| mount(m, &dir)).collect();
        Ok(JailBundle {
            dir,
            rootfs,
            readonly_root,
            hostname: config.hostname.clone(),
            domainname: config.domainname.clone(),
            mounts,
            process,
            create_container_hooks: config.hooks.create_container.clone(),
            start_container_hooks: config.hooks.start_container.clone(),
            freebsd,
        })
    }
}

impl JailBundle {
    /// The FreeBSD view of `bundle`: the one its load made, or (for a bundle
    /// loaded for another platform) one made now from its parsed config.
    pub fn of(
        bundle: &crate::spec::bundle::Bundle,
    ) -> Result<std::borrow::Cow<'_, JailBundle>, BundleError> {
        match &bundle.jail {
            Some(b) => Ok(std::borrow::Cow::Borrowed(b)),
            None => JailBundle::new(&bundle.dir, &bundle.config).map(std::borrow::Cow::Owned),
        }
    }
}

impl ProcessSpec {
    /// `p` (config.json's `process`, or the process of `jailrun exec`,
    /// validated) with its rlimits resolved for FreeBSD.
    pub fn new(p: &Process) -> Result<ProcessSpec, BundleError> {
        // `crate::spec::validate` checks these too; the plan indexes args[0].
        if p.args.is_empty() {
            return Err(invalid("process.args", "must not be empty"));
        }
        if p.args[0].is_empty() {
            return Err(invalid("process.args[0]", "must not be empty"));
        }
        let rlimits = rlimit::resolve(p.rlimits.iter().map(|r| (r.kind.as_str(), r.soft, r.hard)))?;
        Ok(ProcessSpec {
            args: p.args.clone(),
            env: p.env.clone(),
            cwd: p.cwd.clone(),
            uid: p.user.uid,
            gid: p.user.gid,
            umask: p.user.umask,
            additional_gids: p.user.additional_gids.clone(),
            rlimits,
            terminal: p.terminal,
            console_size: p.console_size,
        })
    }
}

fn invalid(field: &str, problem: impl Into<String>) -> BundleError {
    BundleError::Config(ConfigError::config(field, problem))
}

fn root(config: &Config, dir: &Path) -> Result<PathBuf, BundleError> {
    let Some(root) = &config.root else {
        return Err(invalid("root", "is required"));
    };
    let path = dir.join(&root.path);
    let path = std::fs::canonicalize(&path)
        .map_err(|e| invalid("root.path", format!("{}: {e}", path.display())))?;
    if !path.is_dir() {
        return Err(invalid(
            "root.path",
            format!("{} is not a directory", path.display()),
        ));
    }
    Ok(path)
}

/// A path of config.json as text (JSON strings are UTF-8, so nothing is lost).
fn text(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

fn mount(m: &Mount, dir: &Path) -> MountEntry {
    let source_path = m.source.as_deref().map(|s| {
        let joined = dir.join(s);
        match std::fs::canonicalize(&joined) {
            Ok(path) => {
                let kind = std::fs::metadata(&path).ok().map(|md| {
                    if md.is_dir() {
                        PathKind::Dir
                    } else if md.is_file() {
                        PathKind::File
                    } else {
                        PathKind::Other
                    }
                });
                (path, kind)
            }
            Err(_) => (joined, None),
        }
    });
    MountEntry {
        destination: text(&m.destination),
        kind: m.kind.clone(),
        source: m.source.as_deref().map(text),
        options: m.options.clone(),
        source_path,
        id_mapped: m.uid_mappings.is_some() || m.gid_mappings.is_some(),
    }
}
