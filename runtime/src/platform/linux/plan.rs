//! The Linux plan: a validated bundle → how the container process is forked and
//! the steps it runs, in the order it runs them. Pure (it reads nothing), so it
//! is snapshot-tested and printed by `create --dry-run --platform linux`.

use crate::container::step::{CapSets, HookKind, Namespace, ProcessStep, Rlimit};
use crate::container::{exec_path, Fork, LinuxMount};
use crate::platform::linux::mount_options::{self, ms, OptionError};
use crate::spec::bundle::Bundle;
use std::fmt;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Linux resource numbers (asm-generic/resource.h), so the plan is the same
/// whatever the host.
pub const RLIMITS: &[(&str, i32)] = &[
    ("RLIMIT_CPU", 0),
    ("RLIMIT_FSIZE", 1),
    ("RLIMIT_DATA", 2),
    ("RLIMIT_STACK", 3),
    ("RLIMIT_CORE", 4),
    ("RLIMIT_RSS", 5),
    ("RLIMIT_NPROC", 6),
    ("RLIMIT_NOFILE", 7),
    ("RLIMIT_MEMLOCK", 8),
    ("RLIMIT_AS", 9),
    ("RLIMIT_LOCKS", 10),
    ("RLIMIT_SIGPENDING", 11),
    ("RLIMIT_MSGQUEUE", 12),
    ("RLIMIT_NICE", 13),
    ("RLIMIT_RTPRIO", 14),
    ("RLIMIT_RTTIME", 15),
];

/// Devices every container gets (config-linux.md#default-devices), bound from the host.
pub const DEFAULT_DEVICES: &[&str] = &["null", "zero", "full", "random", "urandom", "tty"];

/// The symlinks of runtime-linux.md#dev-symbolic-links.
pub const DEV_SYMLINKS: &[(&str, &str)] = &[
    ("/dev/fd", "/proc/self/fd"),
    ("/dev/stdin", "/proc/self/fd/0"),
    ("/dev/stdout", "/proc/self/fd/1"),
    ("/dev/stderr", "/proc/self/fd/2"),
];

/// Why a validated bundle still has no plan.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum PlanError {
    #[error("mounts[{index}].options: {error}")]
    MountOptions { index: usize, error: OptionError },
    #[error("linux.namespaces: {0:?} is not supported")]
    Namespace(String),
    #[error("process.rlimits: {0:?} is not a Linux rlimit")]
    Rlimit(String),
}

/// How the container process is made, and what it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinuxPlan {
    pub fork: Fork,
    pub steps: Vec<ProcessStep>,
}

/// `/` propagation while the root is built: a slave when the bundle asks for
/// one (it receives the host's mounts), else private; never shared, since
/// pivot_root(2) refuses a shared parent mount.
fn propagation(name: Option<&str>) -> (u64, Option<u64>) {
    let setup = |p| p | ms::REC;
    match name.unwrap_or("rprivate") {
        "slave" | "rslave" => (setup(ms::SLAVE), None),
        // Applied to the new root after pivot_root: a peer group of its own
        // (config-linux.md#rootfs-mount-propagation: not shared with the host).
        "shared" | "rshared" => (setup(ms::PRIVATE), Some(setup(ms::SHARED))),
        "unbindable" | "runbindable" => (setup(ms::PRIVATE), Some(setup(ms::UNBINDABLE))),
        _ => (setup(ms::PRIVATE), None),
    }
}

/// The plan for a bundle validated for Linux; the pty master goes to `console_socket`.
pub fn build(bundle: &Bundle, console_socket: Option<&Path>) -> Result<LinuxPlan, PlanError> {
    let cfg = &bundle.config;
    let linux = cfg.linux.clone().unwrap_or_default();
    let p = bundle.process();
    let root = bundle.rootfs.clone();
    let mut new = Vec::new();
    let mut joins = Vec::new();
    let mut pid_ns = None;
    for ns in &linux.namespaces {
        let kind =
            Namespace::from_type(&ns.kind).ok_or_else(|| PlanError::Namespace(ns.kind.clone()))?;
        match (&ns.path, kind) {
            (None, _) => new.push(kind),
            (Some(path), Namespace::Pid) => pid_ns = Some(path.clone()),
            (Some(path), _) => joins.push((kind, path.clone())),
        }
    }
    // The mount namespace last, so the other paths are still reachable.
    joins.sort_by_key(|(kind, _)| *kind == Namespace::Mount);
    let mut steps = vec![
        ProcessStep::ParentDeathSignal(true),
        ProcessStep::NewSession,
    ];
    steps.extend(
        joins
            .into_iter()
            .map(|(ns, path)| ProcessStep::JoinNamespace { ns, path }),
    );
    // Names first, so createContainer hooks already see the container's identity.
    if let Some(h) = cfg.hostname.clone().filter(|h| !h.is_empty()) {
        steps.push(ProcessStep::SetHostname(h));
    }
    if let Some(d) = cfg.domainname.clone().filter(|d| !d.is_empty()) {
        steps.push(ProcessStep::SetDomainname(d));
    }
    let (setup, after_pivot) = propagation(linux.rootfs_propagation.as_deref());
    steps.push(ProcessStep::RootPropagation(setup));
    steps.push(ProcessStep::BindRoot(root.clone()));
    let mut own_devpts = false;
    let mut has_ptmx = false;
    for (index, m) in cfg.mounts.iter().enumerate() {
        let kind = m.kind.clone().unwrap_or_default();
        let options = mount_options::parse(&m.options, kind == "bind")
            .map_err(|error| PlanError::MountOptions { index, error })?;
        let destination = Path::new("/").join(&m.destination);
        let raw_source = m.source.clone().unwrap_or_else(|| PathBuf::from(&kind));
        let source = if options.bind.is_some() {
            bundle.dir.join(&raw_source)
        } else {
            raw_source
        };
        own_devpts |= kind == "devpts" && destination == Path::new("/dev/pts");
        has_ptmx |= destination == Path::new("/dev/ptmx");
        steps.push(ProcessStep::Mount(LinuxMount::new(
            &root,
            destination,
            source,
            &kind,
            &options,
        )));
    }
    steps.extend(DEFAULT_DEVICES.iter().map(|d| ProcessStep::DefaultDevice {
        root: root.clone(),
        name: d.to_string(),
    }));
    let symlink = |link: &str, target: &str| ProcessStep::Symlink {
        root: root.clone(),
        link: link.into(),
        target: target.into(),
    };
    if own_devpts && !has_ptmx {
        steps.push(symlink("/dev/ptmx", "pts/ptmx"));
    }
    steps.extend(DEV_SYMLINKS.iter().map(|(l, t)| symlink(l, t)));
    if let Some(v) = p.oom_score_adj {
        steps.push(ProcessStep::OomScoreAdj(v));
    }
    if p.terminal {
        let ptmx = if own_devpts {
            root.join("dev/pts/ptmx")
        } else {
            PathBuf::from("/dev/ptmx")
        };
        steps.push(ProcessStep::OpenPty { ptmx });
        steps.push(ProcessStep::SendConsole {
            socket: console_socket.map_or_else(|| "<--console-socket>".into(), Path::to_path_buf),
        });
        steps.push(ProcessStep::BindConsole { root: root.clone() });
    }
    for path in &linux.masked_paths {
        steps.push(ProcessStep::Mask {
            root: root.clone(),
            path: path.clone(),
        });
    }
    for path in &linux.readonly_paths {
        steps.push(ProcessStep::ReadOnlyPath {
            root: root.clone(),
            path: path.clone(),
        });
    }
    // The round trip in which create runs the runtime's hooks, and after
    // which a failed create runs poststop: left out when there are none.
    let h = &cfg.hooks;
    if !(h.prestart.is_empty() && h.create_runtime.is_empty() && h.poststop.is_empty()) {
        steps.push(ProcessStep::WaitForRuntimeHooks);
    }
    steps.extend(hook_steps(
        HookKind::CreateContainer,
        &cfg.hooks.create_container,
    ));
    steps.push(ProcessStep::PivotRoot(root.clone()));
    if cfg.root.as_ref().is_some_and(|r| r.readonly) {
        steps.push(ProcessStep::RemountRootReadOnly);
    }
    if let Some(p) = after_pivot {
        steps.push(ProcessStep::RootPropagation(p));
    }
    steps.extend(identity_steps(p)?);
    // The uid change cleared the parent-death signal.
    steps.push(ProcessStep::ParentDeathSignal(true));
    if p.no_new_privileges {
        steps.push(ProcessStep::NoNewPrivileges);
    }
    steps.push(ProcessStep::Chdir(p.cwd.clone()));
    let candidates = exec_path::candidates(&p.args[0], &p.env);
    steps.push(ProcessStep::CheckExecutable {
        candidates: candidates.clone(),
    });
    if p.terminal {
        steps.push(ProcessStep::ControllingTerminal {
            size: p.console_size,
        });
    }
    steps.push(ProcessStep::ExitOnSignals);
    // From here on `create` may exit: the container process must outlive it.
    steps.push(ProcessStep::ParentDeathSignal(false));
    steps.push(ProcessStep::WaitForStart);
    steps.extend(hook_steps(
        HookKind::StartContainer,
        &cfg.hooks.start_container,
    ));
    steps.push(ProcessStep::ResetSignals);
    steps.push(ProcessStep::Exec {
        candidates,
        args: p.args.clone(),
        env: p.env.clone(),
    });
    Ok(LinuxPlan {
        fork: Fork::Clone { new, pid_ns },
        steps,
    })
}

/// Limits, user and capabilities of `p`, in the order they must be applied:
/// rlimits and the bounding set while still privileged, then the ids, then the
/// capability sets (shared by the container process and `exec`).
pub fn identity_steps(p: &crate::spec::config::Process) -> Result<Vec<ProcessStep>, PlanError> {
    let mut steps = Vec::new();
    for r in &p.rlimits {
        let resource = RLIMITS
            .iter()
            .find(|(n, _)| *n == r.kind)
            .map(|(_, n)| *n)
            .ok_or_else(|| PlanError::Rlimit(r.kind.clone()))?;
        steps.push(ProcessStep::SetRlimit(Rlimit {
            name: r.kind.clone(),
            resource,
            soft: r.soft,
            hard: r.hard,
        }));
    }
    let caps = p.capabilities.as_ref();
    if let Some(c) = caps {
        steps.push(ProcessStep::DropBounding(
            crate::platform::linux::capabilities::mask(&c.bounding),
        ));
    }
    let u = &p.user;
    steps.push(ProcessStep::SetGroups(u.additional_gids.clone()));
    steps.push(ProcessStep::SetGid(u.gid));
    if caps.is_some() {
        steps.push(ProcessStep::KeepCaps);
    }
    steps.push(ProcessStep::SetUid(u.uid));
    if let Some(m) = u.umask {
        steps.push(ProcessStep::Umask(m));
    }
    if let Some(c) = caps {
        let mask = crate::platform::linux::capabilities::mask;
        steps.push(ProcessStep::SetCapabilities(CapSets {
            effective: mask(&c.effective),
            permitted: mask(&c.permitted),
            inheritable: mask(&c.inheritable),
            ambient: mask(&c.ambient),
        }));
    }
    Ok(steps)
}

/// The steps running `hooks` of `kind`, in order.
pub fn hook_steps(kind: HookKind, hooks: &[crate::spec::config::Hook]) -> Vec<ProcessStep> {
    hooks
        .iter()
        .enumerate()
        .map(|(index, hook)| ProcessStep::Hook {
            kind,
            index,
            hook: hook.clone(),
        })
        .collect()
}

impl fmt::Display for LinuxPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.fork)?;
        for step in &self.steps {
            writeln!(f, "  {step}")?;
        }
        writeln!(f, "# delete")?;
        writeln!(
            f,
            "# nothing: the mounts and namespaces go with the container's last process"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::Platform;

    /// The plan of a bundle whose config.json has `hooks`.
    fn plan_with(hooks: serde_json::Value) -> LinuxPlan {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join("rootfs")).expect("rootfs");
        let config = serde_json::json!({
            "ociVersion": "1.3.0",
            "process": { "args": ["/bin/true"], "cwd": "/", "user": { "uid": 0, "gid": 0 } },
            "root": { "path": "rootfs" },
            "hooks": hooks,
            "linux": { "namespaces": [{ "type": "mount" }] }
        });
        std::fs::write(dir.path().join("config.json"), config.to_string()).expect("config");
        let bundle = Bundle::load(dir.path(), Platform::Linux).expect("bundle");
        build(&bundle, None).expect("plan")
    }

    fn waits_for_runtime_hooks(plan: &LinuxPlan) -> bool {
        plan.steps
            .iter()
            .any(|s| matches!(s, ProcessStep::WaitForRuntimeHooks))
    }

    #[test]
    fn the_runtime_hooks_round_trip_is_there_only_for_hooks_that_need_it() {
        let hook = serde_json::json!([{ "path": "/bin/true" }]);
        assert!(!waits_for_runtime_hooks(&plan_with(serde_json::json!({}))));
        // Hooks the container process runs itself need no round trip.
        let own = serde_json::json!({ "createContainer": hook, "startContainer": hook });
        assert!(!waits_for_runtime_hooks(&plan_with(own)));
        for kind in ["prestart", "createRuntime", "poststop"] {
            let plan = plan_with(serde_json::json!({ kind: hook }));
            assert!(waits_for_runtime_hooks(&plan), "{kind}");
        }
    }
}
