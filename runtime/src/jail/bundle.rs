//! What the jail backend reads from a bundle, loaded and checked.
//!
//! Made by `crate::bundle::Bundle::load` for the FreeBSD platform, from the
//! config.json it read and validated with the portable rules: here only the
//! FreeBSD-specific parts are checked (the `freebsd` section, runj.ext.json,
//! rlimit names, what mounts need from the host).

use crate::config::{ConsoleSize, Hook, Hooks};
use crate::freebsd::{self, rlimit, ConfigError, FreeBsd, CONFIG_JSON, RUNJ_EXT_JSON};
use serde::Deserialize;
use serde_json::Value;
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
    #[error("{file}: malformed JSON: {source}")]
    Malformed {
        file: &'static str,
        source: serde_json::Error,
    },
    #[error("config.json: {0}")]
    Schema(#[from] crate::schema::SchemaError),
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
    /// Reads and checks the bundle in `dir` on its own (tests; jailrun itself
    /// goes through `crate::bundle::Bundle::load`, which reads config.json once).
    pub fn load(dir: &Path) -> Result<JailBundle, BundleError> {
        let dir = std::fs::canonicalize(dir).map_err(io(dir))?;
        let config_path = dir.join(CONFIG_JSON);
        let text = std::fs::read(&config_path).map_err(io(&config_path))?;
        let raw: Value =
            serde_json::from_slice(&text).map_err(|source| BundleError::Malformed {
                file: CONFIG_JSON,
                source,
            })?;
        JailBundle::from_config(&dir, &raw)
    }

    /// The jail backend's view of config.json `raw` (already read) of the
    /// canonical bundle directory `dir`, merged with its runj.ext.json.
    pub fn from_config(dir: &Path, raw: &Value) -> Result<JailBundle, BundleError> {
        let dir = dir.to_path_buf();
        let ext_path = dir.join(RUNJ_EXT_JSON);
        let ext = match std::fs::read_to_string(&ext_path) {
            Ok(t) => Some(t),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(io(&ext_path)(e)),
        };
        let spec: Spec = crate::schema::typed(raw)?;
        let freebsd = freebsd::load(raw, ext.as_deref())?;
        let rootfs = root(&spec, &dir)?;
        let readonly_root = spec.root.as_ref().is_some_and(|r| r.readonly);
        let process = process(spec.process)?;
        let mounts = spec.mounts.into_iter().map(|m| mount(m, &dir)).collect();
        let hooks = spec.hooks.unwrap_or_default();
        Ok(JailBundle {
            dir,
            rootfs,
            readonly_root,
            hostname: spec.hostname,
            domainname: spec.domainname,
            mounts,
            process,
            create_container_hooks: hooks.create_container,
            start_container_hooks: hooks.start_container,
            freebsd,
        })
    }
}

impl ProcessSpec {
    /// The process of `jailrun exec` (a process.json, or arguments over the
    /// container's `process`), checked and with its rlimits resolved as
    /// config.json's `process` is.
    pub fn from_exec(p: &crate::config::Process) -> Result<ProcessSpec, BundleError> {
        process(Some(Process {
            terminal: p.terminal,
            console_size: p.console_size,
            user: Some(User {
                uid: p.user.uid,
                gid: p.user.gid,
                umask: p.user.umask,
                additional_gids: p.user.additional_gids.clone(),
            }),
            args: p.args.clone(),
            env: p.env.clone(),
            cwd: p.cwd.clone(),
            rlimits: p
                .rlimits
                .iter()
                .map(|r| RlimitEntry {
                    kind: r.kind.clone(),
                    soft: r.soft,
                    hard: r.hard,
                })
                .collect(),
        }))
    }
}

fn invalid(field: &str, problem: impl Into<String>) -> BundleError {
    BundleError::Config(ConfigError::config(field, problem))
}

fn root(spec: &Spec, dir: &Path) -> Result<PathBuf, BundleError> {
    let Some(root) = &spec.root else {
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

fn process(p: Option<Process>) -> Result<ProcessSpec, BundleError> {
    let Some(p) = p else {
        return Err(invalid("process", "is required"));
    };
    // `crate::validate` checks these too; the plan indexes args[0], so a bundle
    // loaded on its own (dry run, property tests) must hold the same invariant.
    if p.args.is_empty() {
        return Err(invalid("process.args", "must not be empty"));
    }
    if p.args[0].is_empty() {
        return Err(invalid("process.args[0]", "must not be empty"));
    }
    let rlimits = rlimit::resolve(p.rlimits.iter().map(|r| (r.kind.as_str(), r.soft, r.hard)))?;
    let user = p.user.unwrap_or_default();
    Ok(ProcessSpec {
        args: p.args,
        env: p.env,
        cwd: p.cwd,
        uid: user.uid,
        gid: user.gid,
        umask: user.umask,
        additional_gids: user.additional_gids,
        rlimits,
        terminal: p.terminal,
        console_size: p.console_size,
    })
}

fn mount(m: Mount, dir: &Path) -> MountEntry {
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
        destination: m.destination,
        kind: m.kind,
        source: m.source,
        options: m.options,
        source_path,
        id_mapped: m.uid_mappings.is_some() || m.gid_mappings.is_some(),
    }
}

/// The parts of config.json read here (config.md).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Spec {
    root: Option<Root>,
    process: Option<Process>,
    hostname: Option<String>,
    domainname: Option<String>,
    #[serde(default)]
    mounts: Vec<Mount>,
    hooks: Option<Hooks>,
}

#[derive(Deserialize)]
struct Root {
    path: PathBuf,
    #[serde(default)]
    readonly: bool,
}

#[derive(Deserialize)]
struct Process {
    #[serde(default)]
    terminal: bool,
    #[serde(rename = "consoleSize")]
    console_size: Option<ConsoleSize>,
    user: Option<User>,
    #[serde(default)]
    args: Vec<String>,
    #[serde(default)]
    env: Vec<String>,
    #[serde(default)]
    cwd: String,
    #[serde(default)]
    rlimits: Vec<RlimitEntry>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct User {
    #[serde(default)]
    uid: u32,
    #[serde(default)]
    gid: u32,
    umask: Option<u32>,
    #[serde(default)]
    additional_gids: Vec<u32>,
}

#[derive(Deserialize)]
struct RlimitEntry {
    #[serde(rename = "type")]
    kind: String,
    soft: u64,
    hard: u64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Mount {
    destination: String,
    source: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    options: Vec<String>,
    uid_mappings: Option<Value>,
    gid_mappings: Option<Value>,
}
