//! Containers as Linux namespaces, behind the lifecycle's `Backend` trait.

use super::LinuxError;
use super::{exec_plan, plan};
use crate::container::{self, spawn, Spawn};
use crate::platform::backend::{
    Backend, BackendError, CreateRequest, Created, ExecRequest, RuntimeHooks,
};
use crate::state::Record;
use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;
use std::os::fd::AsRawFd;

/// Containers as Linux namespaces.
#[derive(Debug, Default, Clone, Copy)]
pub struct LinuxBackend;

/// No jails on Linux.
fn no_attach(_: i32) -> Result<(), i32> {
    Err(libc::ENOSYS)
}

impl Backend for LinuxBackend {
    fn create(
        &self,
        req: &CreateRequest<'_>,
        runtime_hooks: &mut RuntimeHooks<'_>,
    ) -> Result<Created, BackendError> {
        let plan = plan::build(req.bundle, req.console_socket)?;
        if req.trace {
            for line in plan.fork.to_string().lines() {
                container::spawn::trace(line);
            }
        }
        let pid = spawn(
            &Spawn {
                fork: &plan.fork,
                steps: &plan.steps,
                close_in_child: req.close_in_child,
                state_dir: req.dir.as_raw_fd(),
                state: &req.state,
                terminal: None,
                attach: no_attach,
                jid: 0,
                trace: req.trace,
            },
            runtime_hooks,
        )?;
        Ok(Created {
            pid,
            own_pid_ns: plan.fork.own_pid_ns(),
        })
    }

    fn kill_all(&self, record: &Record, signal: i32) -> Result<(), BackendError> {
        let sig = Signal::try_from(signal).map_err(|e| BackendError::io("kill")(e.into()))?;
        for pid in container_pids(record) {
            // A process that vanished in between is fine.
            let _ = kill(Pid::from_raw(pid), sig);
        }
        Ok(())
    }

    fn destroy(&self, _record: &Record) -> Result<(), BackendError> {
        // Mounts and namespaces go away with the container's last process.
        Ok(())
    }

    fn exec(&self, record: &Record, req: &ExecRequest<'_>) -> Result<i32, BackendError> {
        let target = exec_target(record)?;
        let plan = exec_plan::build(&target, req.process, req.console_socket)?;
        if req.trace {
            for line in plan.fork.to_string().lines() {
                container::spawn::trace(line);
            }
        }
        let state = record.oci_state(crate::state::Status::Running);
        let pid = container::spawn_exec(&Spawn {
            fork: &plan.fork,
            steps: &plan.steps,
            close_in_child: &[],
            state_dir: -1,
            state: &state,
            terminal: None,
            attach: no_attach,
            jid: 0,
            trace: req.trace,
        })?;
        Ok(pid)
    }

    fn pids(&self, record: &Record) -> Result<Vec<i32>, BackendError> {
        Ok(container_pids(record))
    }
}

/// The namespaces of the container's init that differ from ours, and its ptmx.
fn exec_target(record: &Record) -> Result<exec_plan::Target, BackendError> {
    use crate::container::Namespace as N;
    let link = |pid: &str, ns: N| {
        std::fs::read_link(format!("/proc/{pid}/ns/{}", exec_plan::proc_name(ns)))
    };
    let mut differing = Vec::new();
    for ns in [N::Pid, N::Network, N::Mount, N::Ipc, N::Uts, N::Cgroup] {
        let ours = link("self", ns);
        match link(&record.pid.to_string(), ns) {
            Ok(theirs) if ours.as_ref().ok() != Some(&theirs) => differing.push(ns),
            Ok(_) => {}
            // A kernel without that namespace type has the link for neither.
            Err(_) if ours.is_err() => {}
            Err(_) => return Err(BackendError::Linux(LinuxError::NotRunning)),
        }
    }
    // Read the links of the process we created, not of a stranger with its PID.
    if !crate::process_status::is_same_alive(record.pid, record.pid_start_time) {
        return Err(BackendError::Linux(LinuxError::NotRunning));
    }
    if !differing.contains(&N::Mount) {
        return Err(BackendError::Linux(LinuxError::ExecSharedMountNamespace));
    }
    let root = format!("/proc/{}/root/dev", record.pid);
    let pts = std::path::PathBuf::from(format!("{root}/pts/ptmx"));
    let ptmx = if pts.exists() {
        pts
    } else {
        format!("{root}/ptmx").into()
    };
    Ok(exec_plan::Target {
        init: record.pid,
        differing,
        ptmx,
    })
}

/// Every process of the container: its PID namespace's members when it has one,
/// else the init and its descendants.
fn container_pids(record: &Record) -> Vec<i32> {
    let init = record.pid;
    let all: Vec<i32> = std::fs::read_dir("/proc")
        .map(|d| {
            d.flatten()
                .filter_map(|e| e.file_name().to_str().and_then(|s| s.parse().ok()))
                .collect()
        })
        .unwrap_or_default();
    if record.own_pid_ns {
        let ns = |p: i32| std::fs::read_link(format!("/proc/{p}/ns/pid")).ok();
        let Some(target) = ns(init) else {
            return vec![];
        };
        let mut pids: Vec<i32> = all
            .into_iter()
            .filter(|p| ns(*p).as_ref() == Some(&target))
            .collect();
        // Children first, the init last, so a dying init does not race the others.
        pids.sort_by_key(|p| *p == init);
        return pids;
    }
    let parent_of = |p: i32| -> Option<i32> {
        let stat = std::fs::read_to_string(format!("/proc/{p}/stat")).ok()?;
        let rest = &stat[stat.rfind(')')? + 1..];
        rest.split_whitespace().nth(1)?.parse().ok()
    };
    let links: Vec<(i32, i32)> = all
        .iter()
        .filter_map(|p| parent_of(*p).map(|pp| (*p, pp)))
        .collect();
    let mut out = vec![init];
    let mut i = 0;
    while i < out.len() {
        let cur = out[i];
        out.extend(links.iter().filter(|(_, pp)| *pp == cur).map(|(p, _)| *p));
        i += 1;
    }
    out.reverse();
    out
}
