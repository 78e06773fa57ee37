//! The Linux backend: namespaces, pivot_root, mounts, and the container process.

pub mod enter;
pub mod init;
pub mod plan;
pub mod process;
pub mod rootfs;
pub mod sync;
pub mod sys;

use crate::backend::{Backend, BackendError, CreateRequest, Created, RuntimeHooks};
use crate::state::Record;
use plan::clone;
use std::fs::File;
use std::os::fd::{AsRawFd, OwnedFd};
use sync::Msg;

/// Containers as Linux namespaces.
#[derive(Debug, Default, Clone, Copy)]
pub struct LinuxBackend;

/// Kills and reaps a child unless disarmed.
struct ChildGuard(Option<i32>);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        if let Some(pid) = self.0 {
            // SAFETY: signalling and reaping our own child.
            unsafe {
                libc::kill(pid, libc::SIGKILL);
                libc::waitpid(pid, std::ptr::null_mut(), 0);
            }
        }
    }
}

fn open_ns(path: &std::path::Path, kind: &str) -> Result<OwnedFd, BackendError> {
    File::open(path)
        .map(OwnedFd::from)
        .map_err(|e| BackendError::new(format!("{kind} namespace {}", path.display()), e))
}

impl Backend for LinuxBackend {
    fn create(
        &self,
        req: &CreateRequest<'_>,
        runtime_hooks: &mut RuntimeHooks<'_>,
    ) -> Result<Created, BackendError> {
        let plan = plan::build(req.bundle).map_err(BackendError)?;
        let mut join = Vec::new();
        let mut pid_ns = None;
        for j in &plan.join {
            let fd = open_ns(&j.path, &j.kind)?;
            if j.flag == clone::NEWPID {
                pid_ns = Some(fd);
            } else {
                join.push((fd, j.flag));
            }
        }
        // Joining the mount namespace last keeps the other namespace paths reachable.
        join.sort_by_key(|(_, flag)| *flag == clone::NEWNS);
        let (parent, child) = sync::pair().map_err(|e| BackendError::new("socketpair", e))?;

        let own_pid_ns = match &pid_ns {
            Some(fd) => {
                let ours = open_ns(std::path::Path::new("/proc/self/ns/pid"), "own pid")?;
                sys::setns(fd.as_raw_fd(), clone::NEWPID)
                    .map_err(|e| BackendError::new("join pid namespace", e))?;
                Some(ours)
            }
            None => None,
        };
        // SAFETY: jailrun is single-threaded while it creates a container.
        let forked = unsafe { sys::clone_fork(plan.clone_flags()) };
        if let Some(ours) = &own_pid_ns {
            let _ = sys::setns(ours.as_raw_fd(), clone::NEWPID);
        }
        let pid = forked.map_err(|e| BackendError::new("clone3", e))?;
        if pid == 0 {
            for fd in req.close_in_child {
                // SAFETY: closing our copy of the state lock; the parent keeps its own.
                unsafe { libc::close(*fd) };
            }
            drop(parent);
            init::run(init::Init {
                plan: &plan,
                bundle: req.bundle,
                sync: child,
                dir: req.dir,
                join,
                console_socket: req.console_socket,
                state: req.state.clone(),
            });
        }
        drop(child);
        let mut guard = ChildGuard(Some(pid));
        let step = |m: std::io::Result<Option<Msg>>, want: Msg| -> Result<(), BackendError> {
            match m {
                Ok(Some(got)) if got == want => Ok(()),
                Ok(Some(Msg::Error(e))) => Err(BackendError(e)),
                Ok(other) => Err(BackendError(format!(
                    "container process exited during setup ({other:?})"
                ))),
                Err(e) => Err(BackendError::new("sync", e)),
            }
        };
        parent
            .send(&Msg::Pid(pid))
            .map_err(|e| BackendError::new("sync", e))?;
        step(parent.recv(), Msg::MountsDone)?;
        runtime_hooks(pid).map_err(BackendError)?;
        parent
            .send(&Msg::Continue)
            .map_err(|e| BackendError::new("sync", e))?;
        step(parent.recv(), Msg::Ready)?;
        guard.0 = None;
        Ok(Created {
            pid,
            own_pid_ns: plan.own_pid_ns(),
        })
    }

    fn kill_all(&self, record: &Record, signal: i32) -> Result<(), BackendError> {
        for pid in container_pids(record) {
            // SAFETY: kill(2); a process that vanished in between is fine.
            unsafe { libc::kill(pid, signal) };
        }
        Ok(())
    }

    fn destroy(&self, _record: &Record) -> Result<(), BackendError> {
        // Mounts and namespaces go away with the container's last process.
        Ok(())
    }

    fn exec(
        &self,
        record: &Record,
        req: &crate::backend::ExecRequest<'_>,
    ) -> Result<i32, BackendError> {
        enter::spawn(record, req)
    }

    fn pids(&self, record: &Record) -> Result<Vec<i32>, BackendError> {
        Ok(container_pids(record))
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
