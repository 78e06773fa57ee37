//! config → what the container process does, from its fork to its exec.
//!
//! The process is forked by `create` and enters the jail at once, so that
//! `kill --all` (attach, then kill(-1)) reaches it even before `start`:
//!
//! 1. open the container's state directory (a host path, unreachable after
//!    the attach) — close-on-exec;
//! 2. jail_attach(2) into the new jail (the jid printed by `jail -i -c`);
//! 3. with createContainer hooks: wait until the runtime ran the prestart and
//!    createRuntime hooks (they come first); then run each
//!    `hooks.createContainer` hook in the jail (its path resolves
//!    under the jail's root): fork, execve, the state (status `creating`, the
//!    pid of this process: jails share the host's pid space) on its stdin,
//!    SIGKILL at its timeout; a failure fails `create`;
//! 4. setrlimit(2) for each `process.rlimits` entry, while still root;
//! 5. with `process.terminal`: setsid(2), the pty slave (opened on the host
//!    before the fork; its master goes to `--console-socket`) as controlling
//!    terminal, `consoleSize`, and as descriptors 0, 1 and 2;
//! 6. open the exec FIFO through the state directory for writing: this blocks
//!    until `start` opens the other end; close the state directory and hold
//!    the FIFO, close-on-exec, so `start` sees end-of-file at the execve (a
//!    failure from here on is written into the FIFO for `start` to report);
//! 7. run each `hooks.startContainer` hook as in 3 (status `created`); a
//!    failure fails `start`;
//! 8. setgroups(2) with the gid first — FreeBSD 14 takes the first entry as the
//!    effective gid — then the `additionalGids`; setgid(2), setuid(2);
//! 9. umask(2) if `process.user.umask` is set; chdir(2) to `process.cwd`;
//! 10. execve(2) of `process.args[0]`, searched in the container's `PATH`
//!     (from `process.env`, else `/usr/bin:/bin`) when it has no '/'.
//!
//! No binary of the container's root runs before the user's own program,
//! except the hooks the bundle names.

use super::bundle::JailBundle;
use super::name::JailName;
use crate::config::{ConsoleSize, Hook};
use crate::freebsd::rlimit::{Rlimit, NAMES, RLIM_INFINITY};
use std::fmt;
use std::path::{Path, PathBuf};

/// Name of the exec FIFO in the container's state directory.
pub const EXEC_FIFO: &str = "exec.fifo";

/// `PATH` when `process.env` has none (FreeBSD's `_PATH_DEFPATH`).
pub const DEFAULT_PATH: &str = "/usr/bin:/bin";

/// One action of the container process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProcessStep {
    OpenStateDir {
        path: PathBuf,
    },
    JailAttach {
        jail: JailName,
    },
    SetRlimit(Rlimit),
    /// Blocks until the runtime ran the prestart and createRuntime hooks,
    /// which come before createContainer hooks.
    WaitForRuntimeHooks,
    /// Runs hook `index` of `kind` (`createContainer`, `startContainer`).
    Hook {
        kind: &'static str,
        index: usize,
        hook: Hook,
    },
    /// The pty slave becomes the controlling terminal and fds 0, 1 and 2.
    Terminal {
        size: Option<ConsoleSize>,
    },
    WaitForStart,
    SetGroups(Vec<u32>),
    SetGid(u32),
    SetUid(u32),
    Umask(u32),
    Chdir(String),
    /// execve(2) of the first candidate that exists.
    Exec {
        candidates: Vec<String>,
        args: Vec<String>,
        env: Vec<String>,
    },
}

/// The container process of `b` in jail `name`, with state in `state_dir`.
pub fn plan(b: &JailBundle, name: &JailName, state_dir: &Path) -> Vec<ProcessStep> {
    let p = &b.process;
    let mut steps = vec![
        ProcessStep::OpenStateDir {
            path: state_dir.to_path_buf(),
        },
        ProcessStep::JailAttach { jail: name.clone() },
    ];
    if !b.create_container_hooks.is_empty() {
        steps.push(ProcessStep::WaitForRuntimeHooks);
    }
    steps.extend(hook_steps("createContainer", &b.create_container_hooks));
    steps.extend(p.rlimits.iter().copied().map(ProcessStep::SetRlimit));
    if p.terminal {
        steps.push(ProcessStep::Terminal {
            size: p.console_size,
        });
    }
    steps.push(ProcessStep::WaitForStart);
    steps.extend(hook_steps("startContainer", &b.start_container_hooks));
    let mut groups = vec![p.gid];
    groups.extend(p.additional_gids.iter().filter(|g| **g != p.gid));
    steps.extend([
        ProcessStep::SetGroups(groups),
        ProcessStep::SetGid(p.gid),
        ProcessStep::SetUid(p.uid),
    ]);
    if let Some(m) = p.umask {
        steps.push(ProcessStep::Umask(m));
    }
    steps.push(ProcessStep::Chdir(p.cwd.clone()));
    steps.push(ProcessStep::Exec {
        candidates: candidates(&p.args[0], &p.env),
        args: p.args.clone(),
        env: p.env.clone(),
    });
    steps
}

fn hook_steps<'a>(kind: &'static str, hooks: &'a [Hook]) -> impl Iterator<Item = ProcessStep> + 'a {
    hooks
        .iter()
        .enumerate()
        .map(move |(index, hook)| ProcessStep::Hook {
            kind,
            index,
            hook: hook.clone(),
        })
}

/// The argv of `hook`: its `args`, or its path alone when they are empty.
pub fn hook_args(hook: &Hook) -> Vec<String> {
    if hook.args.is_empty() {
        vec![hook.path.display().to_string()]
    } else {
        hook.args.clone()
    }
}

/// Where execve(2) looks for `arg0`, in order, as execvp(3) would.
pub fn candidates(arg0: &str, env: &[String]) -> Vec<String> {
    if arg0.contains('/') {
        return vec![arg0.to_string()];
    }
    let path = env
        .iter()
        .rev()
        .find_map(|e| e.strip_prefix("PATH="))
        .unwrap_or(DEFAULT_PATH);
    path.split(':')
        .map(|dir| if dir.is_empty() { "." } else { dir })
        .map(|dir| format!("{}/{arg0}", dir.trim_end_matches('/')))
        .collect()
}

fn limit(v: i64) -> String {
    if v == RLIM_INFINITY {
        "RLIM_INFINITY".into()
    } else {
        v.to_string()
    }
}

fn list<T: fmt::Debug>(items: &[T]) -> String {
    let parts: Vec<String> = items.iter().map(|i| format!("{i:?}")).collect();
    format!("[{}]", parts.join(", "))
}

impl fmt::Display for ProcessStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProcessStep::OpenStateDir { path } => write!(
                f,
                "statedir = open({:?}, O_RDONLY|O_DIRECTORY|O_CLOEXEC)",
                path.display().to_string()
            ),
            ProcessStep::JailAttach { jail } => write!(f, "jail_attach(<jid of {jail}>)"),
            ProcessStep::SetRlimit(r) => {
                let name = NAMES
                    .iter()
                    .find(|(_, n)| *n == r.resource)
                    .map_or(r.name, |(n, _)| *n);
                write!(
                    f,
                    "setrlimit({name} /* {} */, {{rlim_cur: {}, rlim_max: {}}})",
                    r.resource,
                    limit(r.soft),
                    limit(r.hard)
                )
            }
            ProcessStep::WaitForRuntimeHooks => write!(
                f,
                "read(sync pipe, 1) /* blocks until the runtime ran the prestart and createRuntime hooks */"
            ),
            ProcessStep::Hook { kind, index, hook } => {
                let timeout = hook
                    .timeout
                    .map(|t| format!("; SIGKILL after {}s", t.max(1)))
                    .unwrap_or_default();
                write!(
                    f,
                    "{kind} hook #{index}: fork(); execve({:?}, {}, {}) /* state on stdin, stdout to stderr{timeout} */; waitpid() == exit 0",
                    hook.path.display().to_string(),
                    list(&hook_args(hook)),
                    list(&hook.env)
                )
            }
            ProcessStep::Terminal { size } => {
                write!(
                    f,
                    "/* pty = openpty() on the host before fork; master sent to --console-socket */ setsid(); ioctl(pty slave, TIOCSCTTY, 0); "
                )?;
                if let Some(s) = size {
                    write!(
                        f,
                        "ioctl(pty slave, TIOCSWINSZ, {{ws_row: {}, ws_col: {}}}); ",
                        s.height, s.width
                    )?;
                }
                write!(f, "dup2(pty slave, 0|1|2); close(pty slave)")
            }
            ProcessStep::WaitForStart => write!(
                f,
                "fifo = openat(statedir, {EXEC_FIFO:?}, O_WRONLY|O_CLOEXEC) /* blocks until start; held until execve */; close(statedir)"
            ),
            ProcessStep::SetGroups(g) => write!(f, "setgroups({}, {})", g.len(), list(g)),
            ProcessStep::SetGid(g) => write!(f, "setgid({g})"),
            ProcessStep::SetUid(u) => write!(f, "setuid({u})"),
            ProcessStep::Umask(m) => write!(f, "umask({m:04o})"),
            ProcessStep::Chdir(d) => write!(f, "chdir({d:?})"),
            ProcessStep::Exec {
                candidates,
                args,
                env,
            } => {
                let paths: Vec<String> = candidates.iter().map(|c| format!("{c:?}")).collect();
                write!(f, "execve({}, {}, {})", paths.join(" | "), list(args), list(env))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn searches_path_like_execvp() {
        let env = vec!["PATH=/usr/local/bin:/bin/".to_string()];
        assert_eq!(candidates("sh", &env), vec!["/usr/local/bin/sh", "/bin/sh"]);
        assert_eq!(candidates("/bin/sh", &env), vec!["/bin/sh"]);
        assert_eq!(candidates("sh", &[]), vec!["/usr/bin/sh", "/bin/sh"]);
    }
}
