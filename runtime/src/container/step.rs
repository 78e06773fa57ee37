//! What the container process does between its fork and its execve, one step at
//! a time, as data. The planners (`platform::linux::plan`, `platform::freebsd::process`) make the list,
//! `run` carries it out, and each step prints as the call it makes: the dry run
//! prints the same list the interpreter runs.

use crate::platform::linux::mount::LinuxMount;
pub use crate::platform::linux::namespace::Namespace;
use crate::spec::config::{ConsoleSize, Hook};
use std::fmt;
use std::path::PathBuf;

/// The hooks the container process runs itself (config.md#posix-platform-hooks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HookKind {
    CreateContainer,
    StartContainer,
}

impl HookKind {
    /// The name in config.json.
    pub fn name(self) -> &'static str {
        match self {
            HookKind::CreateContainer => "createContainer",
            HookKind::StartContainer => "startContainer",
        }
    }
}

/// One resource limit, with the number of the platform it is planned for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rlimit {
    pub name: String,
    pub resource: i32,
    pub soft: u64,
    pub hard: u64,
}

/// `process.capabilities` as masks (Linux).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CapSets {
    pub effective: u64,
    pub permitted: u64,
    pub inheritable: u64,
    /// Raised one by one; a capability not in `inheritable` is skipped, as runc does.
    pub ambient: u64,
}

/// One action of the container process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProcessStep {
    /// Linux: SIGKILL when `create` dies (`true`), or no such signal (`false`).
    ParentDeathSignal(bool),
    /// setsid(2): the process leads a session and process group of its own, so
    /// signals to the caller's group (a timeout killing its runtime call) miss
    /// it, as runc's container process does.
    NewSession,
    /// Linux: setns(2) into the namespace at `path`.
    JoinNamespace {
        ns: Namespace,
        path: PathBuf,
    },
    /// FreeBSD: jail_attach(2) into the jail just made.
    JailAttach {
        jail: String,
    },
    SetHostname(String),
    SetDomainname(String),
    /// Linux: propagation of `/` and everything below (`MS_*` flags, `MS_REC` included).
    RootPropagation(u64),
    /// Linux: the root filesystem bound onto itself, so it can be pivoted into.
    BindRoot(PathBuf),
    /// Linux: one of `mounts`.
    Mount(LinuxMount),
    /// Linux: the host's `/dev/<name>` bound into the root unless a device is there.
    DefaultDevice {
        root: PathBuf,
        name: String,
    },
    /// Creates `link` (inside `root`) pointing to `target`, unless `link` exists.
    Symlink {
        root: PathBuf,
        link: PathBuf,
        target: PathBuf,
    },
    /// Linux: writes `/proc/self/oom_score_adj`.
    OomScoreAdj(i32),
    /// Linux: opens a pty from `ptmx` (a host path) for the console.
    OpenPty {
        ptmx: PathBuf,
    },
    /// Linux: sends the pty master to the console socket (SCM_RIGHTS).
    SendConsole {
        socket: PathBuf,
    },
    /// Linux: binds the pty slave onto `<root>/dev/console`.
    BindConsole {
        root: PathBuf,
    },
    /// Linux: `linux.maskedPaths` entry.
    Mask {
        root: PathBuf,
        path: PathBuf,
    },
    /// Linux: `linux.readonlyPaths` entry.
    ReadOnlyPath {
        root: PathBuf,
        path: PathBuf,
    },
    /// Tells `create` the runtime's hooks (prestart, createRuntime) are due and
    /// waits until they ran; they come before createContainer hooks.
    WaitForRuntimeHooks,
    /// Runs hook `index` of `kind` with the state on its stdin.
    Hook {
        kind: HookKind,
        index: usize,
        hook: Hook,
    },
    /// Linux: pivot_root(2) into `root`; the old root is made a slave (so
    /// unmounting it never reaches the host) and detached.
    PivotRoot(PathBuf),
    /// Linux: `/` remounted read-only (`root.readonly`).
    RemountRootReadOnly,
    SetRlimit(Rlimit),
    /// Linux: drops every bounding capability not in the mask.
    DropBounding(u64),
    SetGroups(Vec<u32>),
    /// FreeBSD, after `SetGid(gid)`: the supplementary groups `additional`,
    /// in the form this binary's setgroups(2) takes (FreeBSD 14: the egid
    /// first; 15: supplementary only), read back and checked
    /// (`platform::freebsd::groups`).
    SetGroupsChecked {
        gid: u32,
        additional: Vec<u32>,
    },
    SetGid(u32),
    /// Linux: keeps the permitted capabilities across the uid change.
    KeepCaps,
    SetUid(u32),
    Umask(u32),
    /// Linux: capset(2), then the ambient set.
    SetCapabilities(CapSets),
    /// Linux: `process.noNewPrivileges`.
    NoNewPrivileges,
    Chdir(String),
    /// Fails `create` when no candidate is an executable file.
    CheckExecutable {
        candidates: Vec<String>,
    },
    /// The pty slave becomes the controlling terminal (of the session made by
    /// [`ProcessStep::NewSession`]) and fds 0, 1 and 2.
    ControllingTerminal {
        size: Option<ConsoleSize>,
    },
    /// Linux: a handler that exits on each terminating signal, since PID 1 of
    /// a namespace ignores signals without one (execve resets them).
    ExitOnSignals,
    /// Tells `create` the process is ready, then opens the exec FIFO for
    /// writing: blocks until `start`, and is held until execve closes it.
    WaitForStart,
    /// Default dispositions and an empty signal mask for the program.
    ResetSignals,
    /// execve(2) of the first candidate that is there, as execvp(3) searches.
    Exec {
        candidates: Vec<String>,
        args: Vec<String>,
        env: Vec<String>,
    },
}

impl ProcessStep {
    /// What the step is about, to begin its error message with: the step
    /// itself, shortened for hooks and execve.
    pub fn context(&self) -> String {
        match self {
            ProcessStep::Hook { kind, index, hook } => {
                format!("{} hook #{index} {}", kind.name(), hook.path.display())
            }
            ProcessStep::Exec { candidates, .. } | ProcessStep::CheckExecutable { candidates } => {
                let first = candidates.first().map_or("", String::as_str);
                let name = first.rsplit('/').next().unwrap_or(first);
                if candidates.len() == 1 {
                    format!("exec {first}")
                } else {
                    format!("exec {name}")
                }
            }
            ProcessStep::Mount(m) => format!("mount {}", m.destination.display()),
            ProcessStep::DefaultDevice { name, .. } => format!("bind /dev/{name}"),
            ProcessStep::Symlink { link, .. } => format!("symlink {}", link.display()),
            ProcessStep::Mask { path, .. } => format!("mask {}", path.display()),
            ProcessStep::ReadOnlyPath { path, .. } => format!("read-only {}", path.display()),
            ProcessStep::PivotRoot(root) => format!("pivot_root {}", root.display()),
            ProcessStep::BindRoot(root) => format!("bind root {}", root.display()),
            ProcessStep::JoinNamespace { path, .. } => format!("setns {}", path.display()),
            ProcessStep::WaitForRuntimeHooks => "waiting for the runtime's hooks".into(),
            ProcessStep::WaitForStart => "exec fifo".into(),
            other => other.to_string(),
        }
    }
}

fn list<T: fmt::Debug>(items: &[T]) -> String {
    let parts: Vec<String> = items.iter().map(|i| format!("{i:?}")).collect();
    format!("[{}]", parts.join(", "))
}

fn limit(v: u64) -> String {
    // RLIM_INFINITY: all ones on Linux, i64::MAX on FreeBSD.
    if v == u64::MAX || v == i64::MAX as u64 {
        "RLIM_INFINITY".into()
    } else {
        v.to_string()
    }
}

/// The argv of `hook`: its `args`, or its path alone when they are empty.
pub fn hook_args(hook: &Hook) -> Vec<String> {
    if hook.args.is_empty() {
        vec![hook.path.display().to_string()]
    } else {
        hook.args.clone()
    }
}

fn quoted(p: &std::path::Path) -> String {
    format!("{:?}", p.display().to_string())
}

impl fmt::Display for ProcessStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ProcessStep as S;
        match self {
            S::ParentDeathSignal(on) => write!(
                f,
                "prctl(PR_SET_PDEATHSIG, {})",
                if *on { "SIGKILL" } else { "0" }
            ),
            S::JoinNamespace { ns, path } => {
                write!(f, "setns(open({}), {})", quoted(path), ns.flag_name())
            }
            S::NewSession => write!(f, "setsid()"),
            S::JailAttach { jail } => write!(f, "jail_attach(<jid of {jail}>)"),
            S::SetHostname(h) => write!(f, "sethostname({h:?})"),
            S::SetDomainname(d) => write!(f, "setdomainname({d:?})"),
            S::RootPropagation(flags) => write!(
                f,
                "mount(NULL, \"/\", NULL, {})",
                crate::platform::linux::mount_options::flag_names(*flags)
            ),
            S::BindRoot(root) => write!(
                f,
                "mount({0}, {0}, NULL, MS_BIND|MS_REC)",
                quoted(root)
            ),
            S::Mount(m) => m.fmt(f),
            S::DefaultDevice { root, name } => write!(
                f,
                "mount(\"/dev/{name}\", {}, NULL, MS_BIND) /* unless a device is there */",
                quoted(&root.join("dev").join(name))
            ),
            S::Symlink { root, link, target } => write!(
                f,
                "symlink({}, {}) /* unless it exists */",
                quoted(target),
                quoted(&crate::platform::linux::mount::host_path(root, link))
            ),
            S::OomScoreAdj(v) => write!(f, "write(\"/proc/self/oom_score_adj\", \"{v}\")"),
            S::OpenPty { ptmx } => write!(
                f,
                "pty = open({}, O_RDWR|O_NOCTTY); ioctl(pty, TIOCSPTLCK, 0); ioctl(pty, TIOCGPTPEER)",
                quoted(ptmx)
            ),
            S::SendConsole { socket } => write!(
                f,
                "sendmsg(connect({}), pty master, SCM_RIGHTS)",
                quoted(socket)
            ),
            S::BindConsole { root } => write!(
                f,
                "mount(<pty slave>, {}, NULL, MS_BIND)",
                quoted(&root.join("dev/console"))
            ),
            S::Mask { root, path } => write!(
                f,
                "mask {}: mount(\"tmpfs\", dir, \"tmpfs\", MS_RDONLY) | mount(\"/dev/null\", file, NULL, MS_BIND) /* if it exists */",
                quoted(&crate::platform::linux::mount::host_path(root, path))
            ),
            S::ReadOnlyPath { root, path } => write!(
                f,
                "mount({0}, {0}, NULL, MS_BIND|MS_REC); remount MS_RDONLY /* if it exists */",
                quoted(&crate::platform::linux::mount::host_path(root, path))
            ),
            S::WaitForRuntimeHooks => write!(
                f,
                "send(sync, RuntimeHooksDue); recv(sync) == Continue /* the runtime ran the prestart and createRuntime hooks */"
            ),
            S::Hook { kind, index, hook } => {
                let timeout = hook
                    .timeout
                    .map(|t| format!("; SIGKILL to its group after {}s", t.max(1)))
                    .unwrap_or_default();
                write!(
                    f,
                    "{} hook #{index}: fork(); setpgid(0, 0); execve({}, {}, {}) /* state on stdin, stdout to stderr{timeout} */; waitpid() == exit 0",
                    kind.name(),
                    quoted(&hook.path),
                    list(&hook_args(hook)),
                    list(&hook.env)
                )
            }
            S::PivotRoot(root) => write!(
                f,
                "chdir({}); pivot_root(\".\", \".\"); mount(NULL, \".\", NULL, MS_SLAVE|MS_REC); umount2(\".\", MNT_DETACH); chdir(\"/\")",
                quoted(root)
            ),
            S::RemountRootReadOnly => {
                write!(f, "mount(NULL, \"/\", NULL, MS_REMOUNT|MS_BIND|MS_RDONLY)")
            }
            S::SetRlimit(r) => write!(
                f,
                "setrlimit({} /* {} */, {{rlim_cur: {}, rlim_max: {}}})",
                r.name,
                r.resource,
                limit(r.soft),
                limit(r.hard)
            ),
            S::DropBounding(keep) => write!(
                f,
                "prctl(PR_CAPBSET_DROP, c) for each capability c not in {keep:#x}"
            ),
            S::SetGroups(g) => write!(f, "setgroups({}, {})", g.len(), list(g)),
            S::SetGroupsChecked { gid, additional } => write!(
                f,
                "setgroups to additional gids {} (egid {gid} first where setgroups(0) leaves it), checked with getgroups and getegid",
                list(additional)
            ),
            S::SetGid(g) => write!(f, "setresgid({g}, {g}, {g})"),
            S::KeepCaps => write!(f, "prctl(PR_SET_KEEPCAPS, 1)"),
            S::SetUid(u) => write!(f, "setresuid({u}, {u}, {u})"),
            S::Umask(m) => write!(f, "umask({m:04o})"),
            S::SetCapabilities(c) => write!(
                f,
                "capset({{effective: {:#x}, permitted: {:#x}, inheritable: {:#x}}}); prctl(PR_CAP_AMBIENT_RAISE) for each of {:#x}",
                c.effective, c.permitted, c.inheritable, c.ambient
            ),
            S::NoNewPrivileges => write!(f, "prctl(PR_SET_NO_NEW_PRIVS, 1)"),
            S::Chdir(d) => write!(f, "chdir({d:?})"),
            S::CheckExecutable { candidates } => {
                let paths: Vec<String> = candidates.iter().map(|c| format!("{c:?}")).collect();
                write!(f, "access({}, X_OK)", paths.join(" | "))
            }
            S::ControllingTerminal { size } => {
                write!(f, "ioctl(pty slave, TIOCSCTTY, 0); ")?;
                if let Some(s) = size {
                    write!(
                        f,
                        "ioctl(pty slave, TIOCSWINSZ, {{ws_row: {}, ws_col: {}}}); ",
                        s.height, s.width
                    )?;
                }
                write!(f, "dup2(pty slave, 0|1|2); close(pty slave)")
            }
            S::ExitOnSignals => write!(
                f,
                "sigaction(each terminating signal, _exit(128 + signal)) /* PID 1 ignores signals it has no handler for */"
            ),
            S::WaitForStart => write!(
                f,
                "send(sync, Ready); fifo = openat(statedir, {:?}, O_WRONLY|O_CLOEXEC) /* blocks until start; held until execve */; close(statedir)",
                crate::exec_fifo::EXEC_FIFO
            ),
            S::ResetSignals => write!(
                f,
                "signal(each signal, SIG_DFL); sigprocmask(SIG_SETMASK, {{}})"
            ),
            S::Exec {
                candidates,
                args,
                env,
            } => {
                let paths: Vec<String> = candidates.iter().map(|c| format!("{c:?}")).collect();
                write!(
                    f,
                    "execve({}, {}, {})",
                    paths.join(" | "),
                    list(args),
                    list(env)
                )
            }
        }
    }
}
