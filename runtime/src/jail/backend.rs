//! The jail backend behind the lifecycle's `Backend` trait.
//!
//! `create`: load the bundle's FreeBSD view, plan, run the host steps with
//! rollback, fork the container process into the jail (it waits on the exec
//! FIFO exactly as the Linux backend's does), run the prestart and
//! createRuntime hooks, and keep the jail's name and removal plan in the
//! container's state directory (`jail.json`). `destroy` replays that plan, so
//! `delete` does not depend on the bundle being unchanged; `kill_all` attaches
//! to the jail and signals everything in it. Portable: the host is a
//! [`System`] and jail_attach(2) is passed in, so all of it runs under test on
//! Linux.

use super::bundle::JailBundle;
use super::child::{self, Prepared};
use super::exec::{self, System};
use super::plan;
use super::step::Step;
use crate::backend::{Backend, BackendError, CreateRequest, Created, RuntimeHooks};
use crate::state::Record;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
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

/// Refuses what the jail backend does not do yet, before anything is made.
fn check_supported(req: &CreateRequest<'_>) -> Result<(), BackendError> {
    let hooks = &req.bundle.config.hooks;
    for (field, set) in [
        ("hooks.createContainer", !hooks.create_container.is_empty()),
        ("hooks.startContainer", !hooks.start_container.is_empty()),
        ("process.terminal", req.bundle.process().terminal),
    ] {
        if set {
            return Err(BackendError(format!(
                "config.json: {field} is not supported by the jail backend yet"
            )));
        }
    }
    Ok(())
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
        check_supported(req)?;
        let id = req.id.as_str();
        let bundle = JailBundle::load(&req.bundle.dir).map_err(|e| BackendError(e.to_string()))?;
        let state_dir = self.state_root.join(id);
        let plan =
            plan::create(&bundle, id, &state_dir).map_err(|e| BackendError(e.to_string()))?;
        let prepared = Prepared::new(&plan.process)
            .map_err(|e| BackendError::new("process", e))?
            .closing(req.close_in_child);
        let record = JailRecord {
            jail: plan.name.to_string(),
            removal: plan::removal(&plan.steps),
        };
        let record_path = self.record_path(id);
        let attach = self.attach;
        // After the jail exists: the container process, waiting on the exec
        // FIFO; then the runtime hooks; then the record. Any failure kills the
        // process, and `create_container` removes the jail.
        let start_process = |jid: i32| -> Result<i32, String> {
            let pid = child::spawn(&prepared, jid, attach).map_err(|e| e.to_string())?;
            runtime_hooks(pid)
                .and_then(|()| write_record(&record_path, &record))
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
