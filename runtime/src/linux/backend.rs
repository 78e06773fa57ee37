//! Containers as Linux namespaces, behind the lifecycle's `Backend` trait.

use super::plan;
use crate::backend::{Backend, BackendError, CreateRequest, Created, RuntimeHooks};
use crate::container::{self, spawn, Spawn};
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
