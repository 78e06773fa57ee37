//! Calls on one container of the test: `sb.own()` for the sandbox's own
//! container, `sb.container(id)` for any other ID. Each lifecycle verb comes in
//! two forms: `try_*` returns the call whatever its outcome; the plain form
//! fails the test when the runtime fails.

use std::path::{Path, PathBuf};

use super::Sandbox;
use crate::harness::host::container_pid;
use crate::harness::runtime::cli_profile::{CliFeature, StateRoot};
use crate::harness::runtime::driver::Invocation;
use crate::harness::runtime::reaper::Exit;
use crate::harness::runtime::removal;
use crate::harness::runtime::state::State;
use crate::harness::verdict::Verdict;
use crate::req;

/// One container ID of the test and the sandbox its calls go through.
pub struct Container<'a> {
    sb: &'a mut Sandbox,
    id: String,
}

impl Sandbox {
    /// Calls on the sandbox's own container (the ID in [`Sandbox::id`]).
    pub fn own(&mut self) -> Container<'_> {
        let id = self.id.clone();
        Container { sb: self, id }
    }

    /// Calls on container `id` (another container of the test).
    pub fn container(&mut self, id: &str) -> Container<'_> {
        Container {
            sb: self,
            id: id.to_string(),
        }
    }
}

impl Container<'_> {
    /// The container's ID.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// `create --bundle B --pid-file P [extra…] ID`, whatever the outcome; the ID
    /// is handed to the guard, which removes it.
    pub fn try_create(&mut self, extra: &[&str]) -> Result<Invocation, Verdict> {
        let sb = &mut *self.sb;
        let id = self.id.as_str();
        sb.write_config()?;
        let bundle = sb.bundle.path.display().to_string();
        let pid_file = sb.pid_path(id).display().to_string();
        // The bundle and pid file are the sandbox's, adapted to the command line;
        // the test's own flags must be declared.
        let own: Vec<&str> = ["create"].iter().chain(extra).copied().collect();
        sb.check_declared(StateRoot::Sandbox(&sb.state_root), &own)?;
        let mut args = vec!["create", "--bundle", &bundle, "--pid-file", &pid_file];
        args.extend_from_slice(extra);
        args.push(id);
        sb.guard.track_id(id);
        let inv = sb.adapted(|sb| sb.call(&args))?;
        if inv.ok() && id == sb.id {
            sb.create_stdout = Some(inv.stdout_path.clone());
        }
        if let Some(pid) = super::read_pid_file(&sb.pid_path(id)) {
            sb.track_pid(pid);
        }
        Ok(inv)
    }

    /// Creates the container; failure is the runtime's.
    pub fn create(&mut self) -> Result<Invocation, Verdict> {
        self.try_create(&[])?.expect_ok()
    }

    /// Where `--pid-file` goes for this container, for a test that reads it: a
    /// harness error unless the test needs `create --pid-file` (the sandbox
    /// drops the flag where the runtime lacks it).
    pub fn pid_file(&self) -> Result<PathBuf, Verdict> {
        self.sb.check_declared(
            StateRoot::Sandbox(&self.sb.state_root),
            &["create", "--pid-file"],
        )?;
        Ok(self.sb.pid_path(&self.id))
    }

    /// `start ID`, whatever the outcome.
    pub fn try_start(&mut self) -> Result<Invocation, Verdict> {
        self.sb.call(&["start", &self.id])
    }

    /// Starts the container; failure is the runtime's.
    pub fn start(&mut self) -> Result<Invocation, Verdict> {
        self.try_start()?.expect_ok()
    }

    /// `state ID`, whatever the outcome.
    pub fn try_state(&mut self) -> Result<Invocation, Verdict> {
        self.sb.call(&["state", &self.id])
    }

    /// The parsed state of the container; failure is the runtime's.
    pub fn state(&mut self) -> Result<State, Verdict> {
        let inv = self.try_state()?.expect_ok()?;
        let state = State::parse(&inv.stdout)?;
        if let Some(pid) = state.pid() {
            self.sb.track_pid(pid);
        }
        Ok(state)
    }

    /// The status reported by `state`.
    pub fn status(&mut self) -> Result<String, Verdict> {
        let state = self.state()?;
        state
            .status()
            .map(str::to_string)
            .ok_or_else(|| Verdict::Fail(format!("state has no status: {}", state.raw)))
    }

    /// The container process's pid from `state`, checked to be the container process
    /// while it lives: a wrong one fails `state_pid`, whatever the test checks. A
    /// missing one fails `state_pid_linux` on Linux; elsewhere pid is optional and the
    /// process is found another way (FreeBSD: its jail).
    pub fn pid(&mut self) -> Result<i32, Verdict> {
        let state = State::parse(&self.try_state()?.expect_ok()?.stdout)?;
        let status = state.status().unwrap_or("").to_string();
        let live = matches!(status.as_str(), "created" | "running");
        let root = self.sb.root_in_use();
        match state.pid() {
            Some(pid) if live => match container_pid::mismatch(pid, &root) {
                None => {
                    self.sb.track_pid(pid);
                    Ok(pid)
                }
                Some(why) => Err(Verdict::Broke {
                    requirement: req::STATE_PID,
                    message: format!("state pid {pid}: {why}"),
                }),
            },
            Some(pid) => Ok(pid),
            None if live && cfg!(target_os = "linux") => Err(Verdict::Broke {
                requirement: req::STATE_PID_LINUX,
                message: format!(
                    "state has no pid although status is {status}: {}",
                    state.raw
                ),
            }),
            None => match container_pid::find(&root).filter(|_| live) {
                Some(pid) => {
                    self.sb.track_pid(pid);
                    Ok(pid)
                }
                None => Err(Verdict::Fail(format!(
                    "state has no pid and the container process cannot be found another \
                     way (status {status:?}): {}",
                    state.raw
                ))),
            },
        }
    }

    /// `kill [--all] ID [SIGNAL]`, whatever the outcome; `args` holds `--all`
    /// and/or the signal, in any order.
    pub fn try_kill(&mut self, args: &[&str]) -> Result<Invocation, Verdict> {
        let mut line = vec!["kill"];
        line.extend(args.iter().copied().filter(|a| a.starts_with("--")));
        line.push(&self.id);
        line.extend(args.iter().copied().filter(|a| !a.starts_with("--")));
        self.sb.call(&line)
    }

    /// `delete [--force] ID`, whatever the outcome.
    pub fn try_delete(&mut self, force: bool) -> Result<Invocation, Verdict> {
        if force {
            self.sb.call(&["delete", "--force", &self.id])
        } else {
            self.sb.call(&["delete", &self.id])
        }
    }

    /// Deletes the container; failure is the runtime's.
    pub fn delete(&mut self) -> Result<Invocation, Verdict> {
        self.try_delete(false)?.expect_ok()
    }

    /// Removes the container however the runtime's command line allows (`delete
    /// --force`, or kill, wait for stopped, delete: see `removal`), ignoring errors.
    pub fn remove(&mut self) {
        let force = self.sb.suite.cli.has(CliFeature::DeleteForce);
        let timeout = self.sb.suite.event_timeout;
        let rootfs = self.sb.root_in_use();
        let id = self.id.as_str();
        self.sb
            .adapted(|sb| removal::remove(&mut |args| sb.call(args), id, &rootfs, force, timeout));
    }

    /// `ARGS… ID`: any other command on the container, whatever the outcome
    /// (see [`Sandbox::call`]).
    pub fn call(&mut self, args: &[&str]) -> Result<Invocation, Verdict> {
        let line = with_id(args, &self.id);
        self.sb.call(&line)
    }

    /// [`Container::call`], calling `during(pid)` while the runtime process runs.
    pub fn call_during(
        &mut self,
        args: &[&str],
        during: &mut dyn FnMut(i32) -> Result<(), Verdict>,
    ) -> Result<Invocation, Verdict> {
        let line = with_id(args, &self.id);
        self.sb.call_during(&line, during)
    }

    /// [`Container::call`] with another `--root`.
    pub fn call_in_root(&mut self, root: &Path, args: &[&str]) -> Result<Invocation, Verdict> {
        let line = with_id(args, &self.id);
        self.sb.call_in_root(root, &line)
    }

    /// create, start and wait for the container process to end.
    pub fn run_to_exit(&mut self) -> Result<Exit, Verdict> {
        self.create()?;
        let pid = self.pid()?;
        self.start()?;
        self.sb.wait_exit(pid)
    }
}

/// `args` followed by `id`.
fn with_id<'s>(args: &[&'s str], id: &'s str) -> Vec<&'s str> {
    let mut line = args.to_vec();
    line.push(id);
    line
}
