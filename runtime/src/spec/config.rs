//! The parts of config.json (runtime-spec v1.3.0 config.md) that jailrun reads.
//!
//! Unknown properties are ignored, as config.md#extensibility requires. Settings
//! that are known but not implemented are kept as [`Unsupported`] JSON, only so
//! that `validate` can refuse them by name; the `freebsd` section is typed too
//! (`crate::spec::freebsd`), its errors kept for the platform that reads it.

use crate::spec::freebsd::FreeBsd;
use crate::spec::schema::PlatformSection;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A setting jailrun knows but does not implement (on some platform): kept as
/// the JSON given, only to tell whether it is set.
pub type Unsupported = Option<Value>;

/// The whole configuration.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Config {
    pub oci_version: String,
    pub root: Option<Root>,
    pub process: Option<Process>,
    pub hostname: Option<String>,
    pub domainname: Option<String>,
    #[serde(default)]
    pub mounts: Vec<Mount>,
    #[serde(default)]
    pub hooks: Hooks,
    #[serde(default)]
    pub annotations: BTreeMap<String, String>,
    pub linux: Option<Linux>,
    /// `freebsd` (config-freebsd.md), read on FreeBSD only.
    pub freebsd: Option<PlatformSection<FreeBsd>>,
    pub vm: Unsupported,
}

/// `root`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct Root {
    pub path: PathBuf,
    #[serde(default)]
    pub readonly: bool,
}

/// `process`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Process {
    #[serde(default)]
    pub terminal: bool,
    pub console_size: Option<ConsoleSize>,
    #[serde(default)]
    pub user: User,
    #[serde(default)]
    pub args: Vec<String>,
    #[serde(default)]
    pub env: Vec<String>,
    #[serde(default)]
    pub cwd: String,
    #[serde(default)]
    pub rlimits: Vec<Rlimit>,
    #[serde(default)]
    pub no_new_privileges: bool,
    pub oom_score_adj: Option<i32>,
    pub capabilities: Option<Capabilities>,
    pub apparmor_profile: Unsupported,
    pub selinux_label: Unsupported,
    pub scheduler: Unsupported,
    pub io_priority: Unsupported,
    #[serde(rename = "execCPUAffinity")]
    pub exec_cpu_affinity: Unsupported,
    pub command_line: Unsupported,
}

/// `process.consoleSize`.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct ConsoleSize {
    pub height: u16,
    pub width: u16,
}

/// `process.user` (POSIX).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct User {
    #[serde(default)]
    pub uid: u32,
    #[serde(default)]
    pub gid: u32,
    pub umask: Option<u32>,
    #[serde(default)]
    pub additional_gids: Vec<u32>,
}

/// One of `process.rlimits`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Rlimit {
    #[serde(rename = "type")]
    pub kind: String,
    pub soft: u64,
    pub hard: u64,
}

/// `process.capabilities` (Linux).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct Capabilities {
    #[serde(default)]
    pub bounding: Vec<String>,
    #[serde(default)]
    pub effective: Vec<String>,
    #[serde(default)]
    pub inheritable: Vec<String>,
    #[serde(default)]
    pub permitted: Vec<String>,
    #[serde(default)]
    pub ambient: Vec<String>,
}

/// One of `mounts`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct Mount {
    pub destination: PathBuf,
    pub source: Option<PathBuf>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub options: Vec<String>,
    /// `uidMappings`: id-mapped mounts (Linux only).
    #[serde(rename = "uidMappings")]
    pub uid_mappings: Unsupported,
    /// `gidMappings`: id-mapped mounts (Linux only).
    #[serde(rename = "gidMappings")]
    pub gid_mappings: Unsupported,
}

/// One hook.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct Hook {
    pub path: PathBuf,
    #[serde(default)]
    pub args: Vec<String>,
    #[serde(default)]
    pub env: Vec<String>,
    pub timeout: Option<i64>,
}

/// `hooks`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Hooks {
    #[serde(default)]
    pub prestart: Vec<Hook>,
    #[serde(default)]
    pub create_runtime: Vec<Hook>,
    #[serde(default)]
    pub create_container: Vec<Hook>,
    #[serde(default)]
    pub start_container: Vec<Hook>,
    #[serde(default)]
    pub poststart: Vec<Hook>,
    #[serde(default)]
    pub poststop: Vec<Hook>,
}

/// `linux`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Linux {
    #[serde(default)]
    pub namespaces: Vec<Namespace>,
    #[serde(default)]
    pub masked_paths: Vec<PathBuf>,
    #[serde(default)]
    pub readonly_paths: Vec<PathBuf>,
    pub rootfs_propagation: Option<String>,
    pub uid_mappings: Unsupported,
    pub gid_mappings: Unsupported,
    pub time_offsets: Unsupported,
    pub devices: Unsupported,
    pub seccomp: Unsupported,
    pub sysctl: Unsupported,
    pub intel_rdt: Unsupported,
    pub personality: Unsupported,
    pub mount_label: Unsupported,
    pub net_devices: Unsupported,
    pub memory_policy: Unsupported,
    /// `linux.resources`: only device rules that deny are accepted.
    pub resources: Unsupported,
}

impl Linux {
    /// The settings of `linux` jailrun refuses when set, by JSON name.
    pub fn unsupported(&self) -> [(&'static str, &Unsupported); 11] {
        [
            ("uidMappings", &self.uid_mappings),
            ("gidMappings", &self.gid_mappings),
            ("timeOffsets", &self.time_offsets),
            ("devices", &self.devices),
            ("seccomp", &self.seccomp),
            ("sysctl", &self.sysctl),
            ("intelRdt", &self.intel_rdt),
            ("personality", &self.personality),
            ("mountLabel", &self.mount_label),
            ("netDevices", &self.net_devices),
            ("memoryPolicy", &self.memory_policy),
        ]
    }
}

impl Process {
    /// The settings of `process` jailrun refuses when set, by JSON name.
    pub fn unsupported(&self) -> [(&'static str, &Unsupported); 6] {
        [
            ("apparmorProfile", &self.apparmor_profile),
            ("selinuxLabel", &self.selinux_label),
            ("scheduler", &self.scheduler),
            ("ioPriority", &self.io_priority),
            ("execCPUAffinity", &self.exec_cpu_affinity),
            ("commandLine", &self.command_line),
        ]
    }
}

/// One of `linux.namespaces`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct Namespace {
    #[serde(rename = "type")]
    pub kind: String,
    pub path: Option<PathBuf>,
}
