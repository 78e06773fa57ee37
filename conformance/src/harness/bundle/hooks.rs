//! Hooks as the suite configures them: every hook is the helper, appending one
//! report line to a log whose path means the same file in the runtime namespace and
//! inside the container's root, so a hook can log wherever the spec says it runs.

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use integ_inside::request::{Hook, Invocation, Mounts};
use integ_inside::{HookReport, MountsReport, Request, HELPER_NAME, HELPER_PATH};
use serde_json::{json, Value};

use crate::harness::sandbox::helper_argv;
use crate::harness::sandbox::Sandbox;
use crate::harness::verdict::{Context, Verdict};

/// The six kinds of hooks (config.md#posix-platform-hooks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HookKind {
    Prestart,
    CreateRuntime,
    CreateContainer,
    StartContainer,
    Poststart,
    Poststop,
}

impl HookKind {
    /// Every kind, in lifecycle order.
    pub const ALL: [HookKind; 6] = [
        HookKind::Prestart,
        HookKind::CreateRuntime,
        HookKind::CreateContainer,
        HookKind::StartContainer,
        HookKind::Poststart,
        HookKind::Poststop,
    ];

    /// The key under `hooks` in config.json.
    pub fn key(self) -> &'static str {
        match self {
            HookKind::Prestart => "prestart",
            HookKind::CreateRuntime => "createRuntime",
            HookKind::CreateContainer => "createContainer",
            HookKind::StartContainer => "startContainer",
            HookKind::Poststart => "poststart",
            HookKind::Poststop => "poststop",
        }
    }

    /// Whether the hook's `path` resolves in the container namespace.
    pub fn path_in_container(self) -> bool {
        self == HookKind::StartContainer
    }

    /// Whether the hook executes in the container namespace.
    pub fn runs_in_container(self) -> bool {
        matches!(self, HookKind::CreateContainer | HookKind::StartContainer)
    }
}

/// The shared hook log of one sandbox, and the hook entries that write to it.
pub struct HookLog {
    /// The log as the host sees it (in the root filesystem).
    pub host_path: PathBuf,
    /// The root filesystem, canonical: paths under it are valid in both namespaces.
    root: PathBuf,
    /// A copy of the helper outside the root: it exists only in the runtime namespace.
    runtime_program: PathBuf,
}

impl HookLog {
    /// Prepares the log, the runtime-namespace copy of the helper, and an alias inside
    /// the root (`<root><root>` → `/`) so the host path of the root also leads to the
    /// root from inside the container. The alias lives under the first component of
    /// the host path (usually `/tmp`): a test must not mount over that directory.
    pub fn new(sb: &Sandbox) -> Result<HookLog, Verdict> {
        let root = fs::canonicalize(&sb.bundle.rootfs).ctx("canonicalize rootfs")?;
        let relative = root.strip_prefix("/").ctx("rootfs is not absolute")?;
        let alias = root.join(relative);
        if let Some(parent) = alias.parent() {
            fs::create_dir_all(parent).ctx("mkdir root alias")?;
        }
        symlink("/", &alias).ctx(format!("symlink {}", alias.display()))?;
        let bin = sb.dir.join("hook-bin");
        fs::create_dir_all(&bin).ctx("mkdir hook-bin")?;
        let runtime_program = bin.join(HELPER_NAME);
        let helper = sb.bundle.rootfs.join(HELPER_NAME);
        if fs::hard_link(&helper, &runtime_program).is_err() {
            fs::copy(&helper, &runtime_program).ctx("copy helper to hook-bin")?;
        }
        Ok(HookLog {
            host_path: root.join("hooks.log"),
            root,
            runtime_program,
        })
    }

    /// The program path a hook of `kind` is given: the container's helper for
    /// startContainer, a copy that exists only outside the root for the others.
    pub fn program(&self, kind: HookKind) -> String {
        if kind.path_in_container() {
            HELPER_PATH.to_string()
        } else {
            self.runtime_program.display().to_string()
        }
    }

    /// A path in the root filesystem, spelled so it is valid in both namespaces.
    pub fn shared(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    /// A hook entry that appends `hook`'s report to the log.
    pub fn entry(&self, kind: HookKind, hook: &Hook) -> Value {
        let logging = Invocation::new(hook.clone()).out(&self.host_path).append();
        self.program_entry(kind, &logging)
    }

    /// A hook entry that writes the mounts it sees to `name` in the root filesystem.
    pub fn mounts_entry(&self, kind: HookKind, name: &str) -> Value {
        self.program_entry(kind, &Invocation::new(Mounts).out(self.shared(name)))
    }

    /// A hook entry of `kind` running the helper making `request`.
    fn program_entry(&self, kind: HookKind, request: &impl Request) -> Value {
        json!({ "path": self.program(kind), "args": helper_argv(HELPER_NAME, request) })
    }

    /// Appends the logging hook `hook` of `kind` to the configuration.
    pub fn add(&self, config: &mut Value, kind: HookKind, hook: Hook) {
        push(config, kind, self.entry(kind, &hook));
    }

    /// Adds a hook of `kind`, labelled "failing", that logs and then exits 1.
    pub fn add_failing(&self, config: &mut Value, kind: HookKind) {
        let failing = Hook {
            exit: 1,
            ..Hook::new("failing")
        };
        self.add(config, kind, failing);
    }

    /// Every report logged so far, in order (none when the log does not exist).
    pub fn reports(&self) -> Result<Vec<HookReport>, Verdict> {
        let text = match fs::read_to_string(&self.host_path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Verdict::Error(format!("read hook log: {e}"))),
        };
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                // The hooks write these lines: a broken one is what the runtime
                // made of them (a hook killed mid-line, wrong arguments).
                serde_json::from_str(l)
                    .map_err(|e| Verdict::Fail(format!("hook log line {l:.200}: {e}")))
            })
            .collect()
    }

    /// The labels logged so far, in order.
    pub fn labels(&self) -> Result<Vec<String>, Verdict> {
        Ok(self.reports()?.into_iter().map(|r| r.label).collect())
    }

    /// The report of the hook labelled `label`; a hook that never ran is a failure.
    pub fn report(&self, label: &str) -> Result<HookReport, Verdict> {
        self.reports()?
            .into_iter()
            .find(|r| r.label == label)
            .ok_or_else(|| Verdict::Fail(format!("hook {label} did not run")))
    }

    /// The mounts a `mounts_entry` hook wrote to `name`.
    pub fn mounts(&self, name: &str) -> Result<MountsReport, Verdict> {
        let path = self.root.join(name);
        let text = fs::read_to_string(&path)
            .map_err(|e| Verdict::Fail(format!("mounts hook wrote no {}: {e}", path.display())))?;
        serde_json::from_str(&text)
            .map_err(|e| Verdict::Fail(format!("mounts hook wrote a bad {}: {e}", path.display())))
    }
}

/// Appends `entry` to `hooks.<kind>`.
pub fn push(config: &mut Value, kind: HookKind, entry: Value) {
    let list = &mut config["hooks"][kind.key()];
    match list.as_array_mut() {
        Some(items) => items.push(entry),
        None => *list = Value::Array(vec![entry]),
    }
}

/// Device and inode of a path as the suite sees it.
pub fn file_id(path: &Path) -> Result<(u64, u64), Verdict> {
    use std::os::unix::fs::MetadataExt;
    let m = fs::metadata(path).ctx(format!("stat {}", path.display()))?;
    Ok((m.dev(), m.ino()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_creates_and_appends_in_order() {
        let mut config = json!({"ociVersion": "1.3.0"});
        push(&mut config, HookKind::Poststop, json!({"path": "/a"}));
        push(&mut config, HookKind::Poststop, json!({"path": "/b"}));
        push(&mut config, HookKind::CreateRuntime, json!({"path": "/c"}));
        assert_eq!(
            config["hooks"],
            json!({"poststop": [{"path": "/a"}, {"path": "/b"}], "createRuntime": [{"path": "/c"}]})
        );
    }

    #[test]
    fn entries_write_the_helper_command_lines() {
        let log = HookLog {
            host_path: PathBuf::from("/b/rootfs/hooks.log"),
            root: PathBuf::from("/b/rootfs"),
            runtime_program: PathBuf::from("/b/hook-bin/integ-inside"),
        };
        let hook = Hook {
            exit: 1,
            ..Hook::new("failing")
        };
        assert_eq!(
            log.entry(HookKind::Poststop, &hook),
            json!({ "path": "/b/hook-bin/integ-inside", "args": [
                "integ-inside", "--out", "/b/rootfs/hooks.log", "--append",
                "hook", "failing", "--exit", "1"
            ] })
        );
        assert_eq!(
            log.mounts_entry(HookKind::StartContainer, "sc.json"),
            json!({ "path": "/integ-inside", "args": [
                "integ-inside", "--out", "/b/rootfs/sc.json", "mounts"
            ] })
        );
    }

    #[test]
    fn only_start_container_resolves_in_the_container() {
        let inside: Vec<&str> = HookKind::ALL
            .iter()
            .filter(|k| k.path_in_container())
            .map(|k| k.key())
            .collect();
        assert_eq!(inside, ["startContainer"]);
        let runs_inside: Vec<&str> = HookKind::ALL
            .iter()
            .filter(|k| k.runs_in_container())
            .map(|k| k.key())
            .collect();
        assert_eq!(runs_inside, ["createContainer", "startContainer"]);
    }
}
