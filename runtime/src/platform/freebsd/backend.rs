//! The jail backend behind the lifecycle's `Backend` trait.
//!
//! `create`: load the bundle's FreeBSD view, plan, run the host steps with
//! rollback, fork the container process into the jail (it waits on the exec
//! FIFO exactly as the Linux backend's does, after running the
//! createContainer hooks in the jail), send the pty master to the console
//! socket when `process.terminal` is set, run the prestart and
//! createRuntime hooks, and keep the jail's name and removal plan in the
//! container's state directory (`jail.json`). `destroy` replays that plan, so
//! `delete` does not depend on the bundle being unchanged; `kill_all` attaches
//! to the jail and signals everything in it; `exec` attaches a new process to
//! it (`process::exec_plan`) and `pids` reads the jail's processes from the
//! kernel's process table. Portable: the host is a
//! [`System`] and jail_attach(2) is passed in, so all of it runs under test on
//! Linux.

use super::bundle::{JailBundle, ProcessSpec};
use super::exec::{self, System};
use super::plan;
use super::process;
use super::step::Step;
use super::JailError;
use crate::container::run::Attach;
use crate::container::{kill_and_reap, spawn, spawn_exec, Fork, Spawn};
use crate::platform::backend::{
    Backend, BackendError, CreateRequest, Created, ExecRequest, RuntimeHooks,
};
use crate::state::Record;
use nix::fcntl::{FcntlArg, FdFlag};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};

/// Name of the jail record in the container's state directory.
pub const JAIL_JSON: &str = "jail.json";

/// What `create` keeps for `kill --all` and `delete`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JailRecord {
    /// The jail's full name (`<parent>.<id>` under a parent).
    pub jail: String,
    /// The steps `delete` still has to run, in order.
    pub removal: Vec<Step>,
}

/// Containers as FreeBSD jails, made through `S`.
pub struct JailBackend<S: System> {
    sys: RefCell<S>,
    /// `--root`: container `id`'s state is in `<state_root>/<id>`.
    state_root: PathBuf,
    attach: Attach,
}

impl<S: System> JailBackend<S> {
    /// A backend running steps through `sys`, entering jails with jail_attach(2).
    #[cfg(target_os = "freebsd")]
    pub fn new(sys: S, state_root: impl Into<PathBuf>) -> JailBackend<S> {
        Self::with_attach(sys, state_root, super::sys_freebsd::attach)
    }

    /// [`JailBackend::new`] with `attach` standing in for jail_attach(2).
    pub fn with_attach(sys: S, state_root: impl Into<PathBuf>, attach: Attach) -> JailBackend<S> {
        JailBackend {
            sys: RefCell::new(sys),
            state_root: state_root.into(),
            attach,
        }
    }

    /// The system, to look at what it was asked (tests).
    #[cfg(test)]
    pub fn system(&self) -> std::cell::Ref<'_, S> {
        self.sys.borrow()
    }

    fn record_path(&self, id: &str) -> PathBuf {
        self.state_root.join(id).join(JAIL_JSON)
    }

    /// The jail record of container `id`; `None` if create never made a jail.
    pub fn record(&self, id: &str) -> Result<Option<JailRecord>, BackendError> {
        let path = self.record_path(id);
        match std::fs::read(&path) {
            // jail.json, the jail record jailrun wrote at create.
            #[allow(clippy::disallowed_methods)]
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|source| BackendError::Jail(JailError::Record { path, source })),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(BackendError::io(path.display().to_string())(e)),
        }
    }
}

/// The pty of a container with `process.terminal`, and the console socket
/// its master goes to.
struct Console {
    master: OwnedFd,
    slave: OwnedFd,
    socket: UnixStream,
    socket_path: PathBuf,
}

impl Console {
    /// Opens the pty and connects to `socket`, before anything is made, when
    /// the process has a `terminal`. Both ends are close-on-exec: hooks never
    /// hold them, and the process gets the slave as 0, 1 and 2 through dup2.
    fn open(terminal: bool, socket: Option<&Path>) -> Result<Option<Console>, BackendError> {
        if !terminal {
            return Ok(None);
        }
        let Some(socket_path) = socket else {
            return Err(BackendError::io("--console-socket")(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "process.terminal is set but no --console-socket was given",
            )));
        };
        let pty =
            nix::pty::openpty(None, None).map_err(|e| BackendError::io("openpty")(e.into()))?;
        for fd in [&pty.master, &pty.slave] {
            nix::fcntl::fcntl(fd, FcntlArg::F_SETFD(FdFlag::FD_CLOEXEC))
                .map_err(|e| BackendError::io("openpty")(e.into()))?;
        }
        let socket = crate::console::connect(socket_path).map_err(BackendError::io(format!(
            "console socket {}",
            socket_path.display()
        )))?;
        Ok(Some(Console {
            master: pty.master,
            slave: pty.slave,
            socket,
            socket_path: socket_path.to_path_buf(),
        }))
    }

    /// The descriptors a forked process must close at once.
    fn fds(&self) -> [i32; 2] {
        [self.master.as_raw_fd(), self.socket.as_raw_fd()]
    }

    /// Sends the master, named after the slave, with SCM_RIGHTS.
    fn send(&self) -> Result<(), BackendError> {
        let name = nix::unistd::ttyname(&self.slave)
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        crate::console::send_master(&self.socket, &self.master, &name).map_err(BackendError::io(
            format!("console socket {}", self.socket_path.display()),
        ))
    }
}

/// Writes `record` to `path` atomically.
fn write_record(path: &Path, record: &JailRecord) -> Result<(), BackendError> {
    let json = serde_json::to_vec_pretty(record).map_err(|source| {
        BackendError::Jail(JailError::Record {
            path: path.to_path_buf(),
            source,
        })
    })?;
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, json)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(BackendError::io(path.display().to_string()))
}

impl<S: System> Backend for JailBackend<S> {
    fn create(
        &self,
        req: &CreateRequest<'_>,
        runtime_hooks: &mut RuntimeHooks<'_>,
    ) -> Result<Created, BackendError> {
        let console = Console::open(req.bundle.process().terminal, req.console_socket)?;
        let id = req.state.id.as_str();
        let bundle = JailBundle::of(req.bundle)?;
        let plan = plan::create(&bundle, id, &self.state_root.join(id))?;
        let mut close = req.close_in_child.to_vec();
        if let Some(c) = &console {
            close.extend(c.fds());
        }
        let record = JailRecord {
            jail: plan.name.to_string(),
            removal: plan::removal(&plan.steps),
        };
        let record_path = self.record_path(id);
        // After the jail exists: the container process; when it asks for the
        // runtime hooks, the pty master to the console socket, then the hooks;
        // then the record. Any failure kills the process, and
        // `create_container` removes the jail.
        let start_process = |jid: i32| -> Result<i32, crate::container::SpawnError> {
            let spawn_req = Spawn {
                fork: &Fork::Plain,
                steps: &plan.process,
                close_in_child: &close,
                state_dir: req.dir.as_raw_fd(),
                state: &req.state,
                terminal: console.as_ref().map(|c| &c.slave),
                attach: self.attach,
                jid,
                trace: req.trace,
            };
            let pid = spawn(&spawn_req, &mut |pid| {
                if let Some(c) = &console {
                    c.send()?;
                }
                runtime_hooks(pid)
            })?;
            write_record(&record_path, &record).map_err(|e| {
                kill_and_reap(pid);
                crate::container::SpawnError::RuntimeHooks(Box::new(e))
            })?;
            Ok(pid)
        };
        let mut sys = self.sys.borrow_mut();
        let (_, pid) =
            exec::create_container(&plan.steps, &mut *sys, start_process).map_err(|source| {
                BackendError::Jail(JailError::Create {
                    jail: plan.name.to_string(),
                    source,
                })
            })?;
        Ok(Created {
            pid,
            // The jail outlives its first process: kill --all and delete see to the rest.
            own_pid_ns: false,
        })
    }

    fn kill_all(&self, record: &Record, signal: i32) -> Result<(), BackendError> {
        let Some(jail) = self.record(&record.id)? else {
            return Err(BackendError::Jail(JailError::NoRecord(record.id.clone())));
        };
        let mut sys = self.sys.borrow_mut();
        exec::kill_all(&jail.jail, signal, &mut *sys)
            .map(drop)
            .map_err(|source| {
                BackendError::Jail(JailError::Kill {
                    jail: jail.jail.clone(),
                    source,
                })
            })
    }

    /// Runs the stored removal plan; keeps the steps that failed, so a second
    /// `delete` runs only those. A step on a jail that is already gone (removed
    /// with its parent) counts as done (`exec::settle`).
    fn destroy(&self, record: &Record) -> Result<(), BackendError> {
        let Some(mut jail) = self.record(&record.id)? else {
            return Ok(());
        };
        let mut sys = self.sys.borrow_mut();
        let mut errors = Vec::new();
        jail.removal.retain(
            |step| match exec::remove(std::slice::from_ref(step), &mut *sys) {
                Ok(()) => false,
                Err(exec::RemoveError(e)) => {
                    errors.extend(e);
                    true
                }
            },
        );
        if errors.is_empty() {
            return Ok(());
        }
        let kept = write_record(&self.record_path(&record.id), &jail)
            .err()
            .map(|e| format!("; {e}"))
            .unwrap_or_default();
        Err(BackendError::Jail(JailError::Remove {
            jail: jail.jail,
            errors: exec::RemoveError(errors),
            kept,
        }))
    }

    /// Attaches a new process to the container's jail (looked up by the name
    /// kept at create), with the pty's master sent to the console socket first.
    fn exec(&self, record: &Record, req: &ExecRequest<'_>) -> Result<i32, BackendError> {
        let Some(jail) = self.record(&record.id)? else {
            return Err(BackendError::Jail(JailError::NoRecord(record.id.clone())));
        };
        let process = ProcessSpec::new(req.process)?;
        let steps = process::exec_plan(&process, &jail.jail);
        let jid = exec::jail_id(&jail.jail, &mut *self.sys.borrow_mut()).map_err(|source| {
            BackendError::Jail(JailError::Lookup {
                jail: jail.jail.clone(),
                source,
            })
        })?;
        let console = Console::open(process.terminal, req.console_socket)?;
        if let Some(c) = &console {
            c.send()?;
        }
        if req.trace {
            crate::container::spawn::trace(&Fork::Plain.to_string());
        }
        let state = record.oci_state(crate::state::Status::Running);
        let close: Vec<i32> = console.iter().flat_map(Console::fds).collect();
        let pid = spawn_exec(&Spawn {
            fork: &Fork::Plain,
            steps: &steps,
            close_in_child: &close,
            state_dir: -1,
            state: &state,
            terminal: console.as_ref().map(|c| &c.slave),
            attach: self.attach,
            jid,
            trace: req.trace,
        })?;
        Ok(pid)
    }

    fn pids(&self, record: &Record) -> Result<Vec<i32>, BackendError> {
        let Some(jail) = self.record(&record.id)? else {
            return Err(BackendError::Jail(JailError::NoRecord(record.id.clone())));
        };
        let mut sys = self.sys.borrow_mut();
        exec::jail_pids(&jail.jail, &mut *sys).map_err(|source| {
            BackendError::Jail(JailError::Lookup {
                jail: jail.jail.clone(),
                source,
            })
        })
    }
}
