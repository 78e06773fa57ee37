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
//! to the jail and signals everything in it. Portable: the host is a
//! [`System`] and jail_attach(2) is passed in, so all of it runs under test on
//! Linux.

use super::bundle::JailBundle;
use super::child::{self, Prepared, StateParts};
use super::exec::{self, System};
use super::plan;
use super::step::Step;
use crate::backend::{Backend, BackendError, CreateRequest, Created, RuntimeHooks};
use crate::state::{Record, Status};
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
    attach: fn(i32) -> Result<(), i32>,
}

impl<S: System> JailBackend<S> {
    /// A backend running steps through `sys`, entering jails with jail_attach(2).
    pub fn new(sys: S, state_root: impl Into<PathBuf>) -> JailBackend<S> {
        Self::with_attach(sys, state_root, child::host_attach)
    }

    /// [`JailBackend::new`] with `attach` standing in for jail_attach(2).
    pub fn with_attach(
        sys: S,
        state_root: impl Into<PathBuf>,
        attach: fn(i32) -> Result<(), i32>,
    ) -> JailBackend<S> {
        JailBackend {
            sys: RefCell::new(sys),
            state_root: state_root.into(),
            attach,
        }
    }

    /// The system, to look at what it was asked (tests).
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
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|e| BackendError::new(path.display(), e)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(BackendError::new(path.display(), e)),
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
    /// Opens the pty and connects to `--console-socket`, before anything is
    /// made. Both ends are close-on-exec: hooks never hold them, and the
    /// container process gets the slave as 0, 1 and 2 through dup2.
    fn open(req: &CreateRequest<'_>) -> Result<Option<Console>, BackendError> {
        if !req.bundle.process().terminal {
            return Ok(None);
        }
        let Some(socket_path) = req.console_socket else {
            return Err(BackendError(
                "config.json: process.terminal is set but no --console-socket was given".into(),
            ));
        };
        let pty = nix::pty::openpty(None, None).map_err(|e| BackendError::new("openpty", e))?;
        for fd in [&pty.master, &pty.slave] {
            nix::fcntl::fcntl(fd, FcntlArg::F_SETFD(FdFlag::FD_CLOEXEC))
                .map_err(|e| BackendError::new("openpty", e))?;
        }
        let socket = crate::console::connect(socket_path).map_err(|e| {
            BackendError::new(format!("console socket {}", socket_path.display()), e)
        })?;
        Ok(Some(Console {
            master: pty.master,
            slave: pty.slave,
            socket,
            socket_path: socket_path.to_path_buf(),
        }))
    }

    /// Sends the master, named after the slave, with SCM_RIGHTS.
    fn send(&self) -> Result<(), String> {
        let name = nix::unistd::ttyname(&self.slave)
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        crate::console::send_master(&self.socket, &self.master, &name)
            .map_err(|e| format!("console socket {}: {e}", self.socket_path.display()))
    }
}

/// Writes `record` to `path` atomically.
fn write_record(path: &Path, record: &JailRecord) -> Result<(), String> {
    let json = serde_json::to_vec_pretty(record).map_err(|e| e.to_string())?;
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, json)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Kills and reaps our child `pid`.
fn kill_child(pid: i32) {
    // SAFETY: signalling and reaping our own child.
    unsafe {
        libc::kill(pid, libc::SIGKILL);
        libc::waitpid(pid, std::ptr::null_mut(), 0);
    }
}

impl<S: System> Backend for JailBackend<S> {
    fn create(
        &self,
        req: &CreateRequest<'_>,
        runtime_hooks: &mut RuntimeHooks<'_>,
    ) -> Result<Created, BackendError> {
        let console = Console::open(req)?;
        let id = req.id.as_str();
        let bundle = JailBundle::load(&req.bundle.dir).map_err(|e| BackendError(e.to_string()))?;
        let state_dir = self.state_root.join(id);
        let plan =
            plan::create(&bundle, id, &state_dir).map_err(|e| BackendError(e.to_string()))?;
        let mut close = req.close_in_child.to_vec();
        let mut prepared = Prepared::new(&plan.process)
            .map_err(|e| BackendError::new("process", e))?
            .with_states(
                StateParts::of(&req.state, Status::Creating),
                StateParts::of(&req.state, Status::Created),
            );
        if let Some(c) = &console {
            close.extend([c.master.as_raw_fd(), c.socket.as_raw_fd()]);
            prepared = prepared.with_terminal(c.slave.as_raw_fd());
        }
        let prepared = prepared.closing(&close);
        let record = JailRecord {
            jail: plan.name.to_string(),
            removal: plan::removal(&plan.steps),
        };
        let record_path = self.record_path(id);
        let attach = self.attach;
        // After the jail exists: the container process; when it waits for
        // them (before createContainer hooks, else on the exec FIFO), the pty
        // master to the console socket and the runtime hooks; then the
        // record. Any failure kills the process, and `create_container`
        // removes the jail.
        let start_process = |jid: i32| -> Result<i32, String> {
            let pid = child::spawn_with(&prepared, jid, attach, &mut |pid| {
                console
                    .as_ref()
                    .map_or(Ok(()), Console::send)
                    .and_then(|()| runtime_hooks(pid))
            })
            .map_err(|e| e.to_string())?;
            write_record(&record_path, &record)
                .map(|()| pid)
                .inspect_err(|_| kill_child(pid))
        };
        let mut sys = self.sys.borrow_mut();
        let (_, pid) = exec::create_container(&plan.steps, &mut *sys, start_process)
            .map_err(|e| BackendError::new(format!("jail {}", plan.name), e))?;
        Ok(Created {
            pid,
            // The jail outlives its first process: kill --all and delete see to the rest.
            own_pid_ns: false,
        })
    }

    fn kill_all(&self, record: &Record, signal: i32) -> Result<(), BackendError> {
        let Some(jail) = self.record(&record.id)? else {
            return Err(BackendError(format!(
                "container {} has no jail record ({JAIL_JSON})",
                record.id
            )));
        };
        let mut sys = self.sys.borrow_mut();
        exec::kill_all(&jail.jail, signal, &mut *sys)
            .map(drop)
            .map_err(|e| BackendError::new(format!("kill --all jail {}", jail.jail), e))
    }

    /// Runs the stored removal plan; keeps the steps that failed, so a second
    /// `delete` runs only those.
    fn destroy(&self, record: &Record) -> Result<(), BackendError> {
        let Some(mut jail) = self.record(&record.id)? else {
            return Ok(());
        };
        let mut sys = self.sys.borrow_mut();
        let mut errors = Vec::new();
        jail.removal.retain(
            |step| match exec::remove(std::slice::from_ref(step), &mut *sys) {
                Ok(()) => false,
                Err(e) => {
                    errors.push(e.to_string());
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
        Err(BackendError(format!(
            "remove jail {}: {}{kept}",
            jail.jail,
            errors.join("; ")
        )))
    }
}
