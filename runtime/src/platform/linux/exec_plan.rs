//! The Linux plan of `exec`: the steps of a process started in a running
//! container, for the same interpreter as the container process. It joins the
//! container's namespaces (through its init's `/proc/PID/ns/*`) instead of making
//! them, opens its terminal from the container's devpts before leaving the host's
//! mount namespace (the console socket is a host path), then takes the user,
//! limits, capabilities and cwd of the process, and executes it. No hooks and
//! no wait for `start`. Pure: the caller says which namespaces differ.

use super::plan::{identity_steps, LinuxPlan, PlanError};
use crate::container::step::{Namespace, ProcessStep};
use crate::container::{exec_path, Fork};
use crate::spec::config::Process;
use std::path::{Path, PathBuf};

/// Where the running container is, as seen from the host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Host PID of the container's init.
    pub init: i32,
    /// The namespaces of the init that are not jailrun's own (any order).
    pub differing: Vec<Namespace>,
    /// The pty multiplexer through the init's root (`/proc/PID/root/dev/…`).
    pub ptmx: PathBuf,
}

/// The `/proc` name of a namespace.
pub fn proc_name(ns: Namespace) -> &'static str {
    match ns {
        Namespace::Pid => "pid",
        Namespace::Network => "net",
        Namespace::Mount => "mnt",
        Namespace::Ipc => "ipc",
        Namespace::Uts => "uts",
        Namespace::Cgroup => "cgroup",
    }
}

/// The plan of `exec`ing `p` (validated) into `target`; the pty master, when
/// `p.terminal`, goes to `console_socket`.
pub fn build(
    target: &Target,
    p: &Process,
    console_socket: Option<&Path>,
) -> Result<LinuxPlan, PlanError> {
    let ns_path = |ns| PathBuf::from(format!("/proc/{}/ns/{}", target.init, proc_name(ns)));
    let pid_ns = target
        .differing
        .contains(&Namespace::Pid)
        .then(|| ns_path(Namespace::Pid));
    // A session of its own, as runc's exec'd process (and the container's) has.
    let mut steps = vec![ProcessStep::NewSession];
    if p.terminal {
        steps.push(ProcessStep::OpenPty {
            ptmx: target.ptmx.clone(),
        });
        steps.push(ProcessStep::SendConsole {
            socket: console_socket.map_or_else(|| "<--console-socket>".into(), Path::to_path_buf),
        });
    }
    let mut joins: Vec<Namespace> = target
        .differing
        .iter()
        .copied()
        .filter(|ns| *ns != Namespace::Pid)
        .collect();
    // The mount namespace last, so the other /proc paths are still reachable.
    joins.sort_by_key(|ns| (*ns == Namespace::Mount, proc_name(*ns)));
    steps.extend(joins.into_iter().map(|ns| ProcessStep::JoinNamespace {
        ns,
        path: ns_path(ns),
    }));
    if let Some(v) = p.oom_score_adj {
        steps.push(ProcessStep::OomScoreAdj(v));
    }
    steps.extend(identity_steps(p)?);
    if p.no_new_privileges {
        steps.push(ProcessStep::NoNewPrivileges);
    }
    steps.push(ProcessStep::Chdir(p.cwd.clone()));
    let candidates = exec_path::candidates(&p.args[0], &p.env);
    if p.terminal {
        steps.push(ProcessStep::ControllingTerminal {
            size: p.console_size,
        });
    }
    steps.push(ProcessStep::ResetSignals);
    steps.push(ProcessStep::Exec {
        candidates,
        args: p.args.clone(),
        env: p.env.clone(),
    });
    Ok(LinuxPlan {
        // clone3 without CLONE_NEW* flags is a fork, born in the container's PID namespace.
        fork: Fork::Clone {
            new: Vec::new(),
            pid_ns,
        },
        steps,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::config::User;

    fn process(terminal: bool) -> Process {
        Process {
            terminal,
            user: User {
                uid: 1000,
                gid: 1000,
                ..User::default()
            },
            args: vec!["sh".into(), "-c".into(), "echo hi".into()],
            env: vec!["PATH=/bin".into()],
            cwd: "/tmp".into(),
            ..Process::default()
        }
    }

    #[test]
    fn plan_exec_into_namespaces() {
        let target = Target {
            init: 4242,
            differing: vec![
                Namespace::Mount,
                Namespace::Pid,
                Namespace::Uts,
                Namespace::Ipc,
            ],
            ptmx: "/proc/4242/root/dev/pts/ptmx".into(),
        };
        let sock = Path::new("/run/conmon/term.sock");
        let plan = build(&target, &process(true), Some(sock)).unwrap();
        let text: Vec<String> = std::iter::once(plan.fork.to_string())
            .chain(plan.steps.iter().map(|s| format!("  {s}")))
            .collect();
        insta::assert_snapshot!("exec_plan_namespaces_tty", text.join("\n"));
        let plain = build(&target, &process(false), None).unwrap();
        assert!(!plain
            .steps
            .iter()
            .any(|s| matches!(s, ProcessStep::OpenPty { .. })));
    }
}
