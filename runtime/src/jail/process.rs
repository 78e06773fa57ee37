//! config → what the container process does, from its fork to its exec.
//!
//! The process is forked by `create` and enters the jail at once, so that
//! `kill --all` (attach, then kill(-1)) reaches it even before `start`:
//!
//! 1. open the container's state directory (a host path, unreachable after
//!    the attach) — close-on-exec;
//! 2. jail_attach(2) into the new jail (the jid printed by `jail -i -c`);
//! 3. setrlimit(2) for each `process.rlimits` entry, while still root;
//! 4. open the exec FIFO through the state directory for writing: this blocks
//!    until `start` opens the other end; close the state directory and hold
//!    the FIFO, close-on-exec, so `start` sees end-of-file at the execve (a
//!    failure from here on is written into the FIFO for `start` to report);
//! 5. setgroups(2) with the gid first — FreeBSD 14 takes the first entry as the
//!    effective gid — then the `additionalGids`; setgid(2), setuid(2);
//! 6. umask(2) if `process.user.umask` is set; chdir(2) to `process.cwd`;
//! 7. execve(2) of `process.args[0]`, searched in the container's `PATH`
//!    (from `process.env`, else `/usr/bin:/bin`) when it has no '/'.
//!
//! No binary of the container's root runs before the user's own program.

use super::bundle::JailBundle;
use super::name::JailName;
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
    steps.extend(p.rlimits.iter().copied().map(ProcessStep::SetRlimit));
    steps.push(ProcessStep::WaitForStart);
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
