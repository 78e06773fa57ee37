//! A test's private world: bundle, root filesystem, state root, container IDs, and
//! the guard that removes every container it made and checks for leaks.

use crate::req;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::suite::Suite;
use crate::harness::bundle::config;
use crate::harness::host::container_pid;
use crate::harness::host::host_leaks;
use crate::harness::host::host_traces;
use crate::harness::host::leaks::{self, HostResource};
use crate::harness::runtime::cli_profile::{CliFeature, StateRoot};
use crate::harness::runtime::driver::{read_lossy, Invocation};
use crate::harness::runtime::ready::ReadyFifo;
use crate::harness::runtime::reaper::{Exit, Reaper, Waited};
use crate::harness::runtime::removal;
use crate::harness::runtime::state::State;

mod calls;
mod requests;
use super::verdict::{Context, Verdict};

static SEQUENCE: AtomicUsize = AtomicUsize::new(0);

/// Directories every test root filesystem has (besides the helper).
pub const ROOTFS_DIRS: &[&str] = &["proc", "dev", "tmp", "etc", "sys", "mnt"];

/// One test's bundle, state root and containers.
pub struct Sandbox {
    suite: Arc<Suite>,
    pub dir: PathBuf,
    pub bundle: PathBuf,
    pub rootfs: PathBuf,
    /// The `--root` state directory given to every runtime call.
    pub state_root: PathBuf,
    /// The test's main container ID (unique across the run).
    pub id: String,
    /// The config.json written on `create`.
    pub config: Value,
    calls: usize,
    created: Vec<String>,
    pids: Vec<i32>,
    /// Every runtime call made, with its stderr, for the report.
    pub transcript: Vec<String>,
    create_stdout: Option<PathBuf>,
    resources: Vec<Box<dyn HostResource>>,
    /// The conventions the test declared it needs, or asked about (`has_cli`).
    declared: Vec<CliFeature>,
    /// Calls adapt to the command line rather than need it (the guard, removal).
    adapting: bool,
    /// What the runtime wrote into the root filesystem in creates (relative
    /// paths), undone before the next container once none is alive.
    runtime_made: Vec<PathBuf>,
}

impl Sandbox {
    /// Makes the directories, the root filesystem with the helper, and the base config.
    pub fn new(suite: Arc<Suite>, test: &str) -> Result<Sandbox, Verdict> {
        let n = SEQUENCE.fetch_add(1, Ordering::SeqCst);
        let short: String = test
            .rsplit("::")
            .next()
            .unwrap_or(test)
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .take(20)
            .collect();
        let dir = suite.workdir.join(format!("{n:03}"));
        let bundle = dir.join("bundle");
        let rootfs = bundle.join("rootfs");
        let state_root = dir.join("root");
        for d in [&rootfs, &state_root, &dir.join("calls")] {
            fs::create_dir_all(d).ctx(format!("mkdir {}", d.display()))?;
        }
        populate_root(&rootfs, &suite.helper)?;
        let id = format!("jc-{short}-{}-{n}", std::process::id());
        Ok(Sandbox {
            config: config::base(&format!("jc{n}"), suite.spec.version),
            suite,
            dir,
            bundle,
            rootfs,
            state_root,
            id,
            calls: 0,
            created: Vec::new(),
            pids: Vec::new(),
            transcript: Vec::new(),
            create_stdout: None,
            resources: Vec::new(),
            declared: Vec::new(),
            adapting: false,
            runtime_made: Vec::new(),
        })
    }

    /// The suite settings.
    pub fn suite(&self) -> &Suite {
        &self.suite
    }

    /// A fresh container ID derived from the main one.
    pub fn other_id(&self, suffix: &str) -> String {
        format!("{}-{suffix}", self.id)
    }

    /// Writes `config` to the bundle's config.json.
    pub fn write_config(&self) -> Result<(), Verdict> {
        let text = serde_json::to_string_pretty(&self.config)?;
        fs::write(self.bundle.join("config.json"), text).ctx("write config.json")
    }

    /// `create --bundle B --pid-file P ID` for any ID and extra flags; the ID is
    /// remembered so the guard removes it.
    pub fn try_create_id(&mut self, id: &str, extra: &[&str]) -> Result<Invocation, Verdict> {
        self.write_config()?;
        let bundle = self.bundle.display().to_string();
        let pid_file = self.pid_path(id).display().to_string();
        // The bundle and pid file are the sandbox's, adapted to the command line;
        // the test's own flags must be declared.
        let own: Vec<&str> = ["create"].iter().chain(extra).copied().collect();
        self.check_declared(StateRoot::Sandbox(&self.state_root), &own)?;
        let mut args = vec!["create", "--bundle", &bundle, "--pid-file", &pid_file];
        args.extend_from_slice(extra);
        args.push(id);
        if !self.created.iter().any(|c| c == id) {
            self.created.push(id.to_string());
        }
        let inv = self.adapted(|sb| sb.call(&args))?;
        if inv.ok() && id == self.id {
            self.create_stdout = Some(inv.stdout_path.clone());
        }
        if let Some(pid) = read_pid_file(&self.pid_path(id)) {
            self.track(pid);
        }
        Ok(inv)
    }

    /// Makes the guard remove container `id` too (one made outside
    /// `try_create_id`, e.g. by calls from several threads at once).
    pub fn track_id(&mut self, id: &str) {
        if !self.created.iter().any(|c| c == id) {
            self.created.push(id.to_string());
        }
    }

    /// Creates the main container; failure is the runtime's.
    pub fn create(&mut self) -> Result<Invocation, Verdict> {
        let id = self.id.clone();
        self.try_create_id(&id, &[])?.expect_ok()
    }

    /// Where `--pid-file` goes for a container ID, for a test that reads it: a
    /// harness error unless the test needs `create --pid-file` (the sandbox
    /// drops the flag where the runtime lacks it).
    pub fn pid_file(&self, id: &str) -> Result<PathBuf, Verdict> {
        self.check_declared(
            StateRoot::Sandbox(&self.state_root),
            &["create", "--pid-file"],
        )?;
        Ok(self.pid_path(id))
    }

    fn pid_path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.pid"))
    }

    /// `start ID`, whatever the outcome.
    pub fn try_start(&mut self, id: &str) -> Result<Invocation, Verdict> {
        self.call(&["start", id])
    }

    /// Starts the main container; failure is the runtime's.
    pub fn start(&mut self) -> Result<Invocation, Verdict> {
        let id = self.id.clone();
        self.try_start(&id)?.expect_ok()
    }

    /// `state ID`, whatever the outcome.
    pub fn try_state(&mut self, id: &str) -> Result<Invocation, Verdict> {
        self.call(&["state", id])
    }

    /// The parsed state of the main container; failure is the runtime's.
    pub fn state(&mut self) -> Result<State, Verdict> {
        let id = self.id.clone();
        let inv = self.try_state(&id)?.expect_ok()?;
        let state = State::parse(&inv.stdout)?;
        if let Some(pid) = state.pid() {
            self.track(pid);
        }
        Ok(state)
    }

    /// The status reported by `state` for the main container.
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
        let id = self.id.clone();
        self.pid_of(&id)
    }

    /// As [`Sandbox::pid`], for any container of the test.
    pub fn pid_of(&mut self, id: &str) -> Result<i32, Verdict> {
        let state = State::parse(&self.try_state(id)?.expect_ok()?.stdout)?;
        let status = state.status().unwrap_or("").to_string();
        let live = matches!(status.as_str(), "created" | "running");
        match state.pid() {
            Some(pid) if live => match container_pid::mismatch(pid, &self.root_in_use()) {
                None => {
                    self.track(pid);
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
            None => match container_pid::find(&self.root_in_use()).filter(|_| live) {
                Some(pid) => {
                    self.track(pid);
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

    /// The root filesystem config.json names (relative to the bundle, or absolute).
    pub fn root_in_use(&self) -> PathBuf {
        match self.config["root"]["path"].as_str() {
            Some(p) => self.bundle.join(p),
            None => self.rootfs.clone(),
        }
    }

    /// Hands a pid to the guard, which waits for it after delete, once it is known to
    /// be the container process (a wrong pid must never be waited for or killed).
    fn track(&mut self, pid: i32) {
        if !self.pids.contains(&pid) && container_pid::mismatch(pid, &self.root_in_use()).is_none()
        {
            self.pids.push(pid);
        }
    }

    /// `kill [--all] ID [SIGNAL]`, whatever the outcome; `args` holds `--all`
    /// and/or the signal, in any order.
    pub fn try_kill(&mut self, id: &str, args: &[&str]) -> Result<Invocation, Verdict> {
        let mut line = vec!["kill"];
        line.extend(args.iter().copied().filter(|a| a.starts_with("--")));
        line.push(id);
        line.extend(args.iter().copied().filter(|a| !a.starts_with("--")));
        self.call(&line)
    }

    /// Removes a container however the runtime's command line allows (`delete
    /// --force`, or kill, wait for stopped, delete: see `removal`), ignoring errors.
    pub fn remove_container(&mut self, id: &str) {
        let force = self.suite.cli.has(CliFeature::DeleteForce);
        let timeout = self.suite.event_timeout;
        let rootfs = self.root_in_use();
        self.adapted(|sb| removal::remove(&mut |args| sb.call(args), id, &rootfs, force, timeout));
    }

    /// `delete [--force] ID`, whatever the outcome.
    pub fn try_delete(&mut self, id: &str, force: bool) -> Result<Invocation, Verdict> {
        if force {
            self.call(&["delete", "--force", id])
        } else {
            self.call(&["delete", id])
        }
    }

    /// Deletes the main container; failure is the runtime's.
    pub fn delete(&mut self) -> Result<Invocation, Verdict> {
        let id = self.id.clone();
        self.try_delete(&id, false)?.expect_ok()
    }

    /// Waits for a container process to exit and returns how it ended.
    pub fn wait_exit(&self, pid: i32) -> Result<Exit, Verdict> {
        match Reaper::global().wait(pid, self.suite.event_timeout) {
            Waited::Exited(exit) => Ok(exit),
            Waited::TimedOut => Err(Verdict::Fail(format!(
                "container process {pid} still running after {:?}",
                self.suite.event_timeout
            ))),
            Waited::NotOurs => Err(Verdict::Skip(format!(
                "container process {pid} was not reparented to jailcheck, so its exit \
                 status cannot be observed (does the runtime keep a monitor process?)"
            ))),
        }
    }

    /// What the main container wrote to its stdout (inherited from `create`).
    pub fn container_stdout(&self) -> String {
        self.create_stdout
            .as_deref()
            .map(read_lossy)
            .unwrap_or_default()
    }

    /// Parses the helper's JSON report from the container's stdout.
    pub fn report<T: DeserializeOwned>(&self) -> Result<T, Verdict> {
        let out = self.container_stdout();
        let line = out.lines().rev().find(|l| l.starts_with('{')).unwrap_or("");
        serde_json::from_str(line).map_err(|e| {
            Verdict::Fail(format!(
                "no helper report on the container's stdout ({e}); stdout was {:.300}",
                out
            ))
        })
    }

    /// create, start and wait for the container process to end.
    pub fn run_to_exit(&mut self) -> Result<Exit, Verdict> {
        self.create()?;
        let pid = self.pid()?;
        self.start()?;
        self.wait_exit(pid)
    }

    /// A ready FIFO at `name` in the root filesystem; returns it and its path inside.
    pub fn ready_fifo(&self, name: &str) -> Result<(ReadyFifo, String), Verdict> {
        let fifo = ReadyFifo::create(&self.rootfs.join(name))?;
        Ok((fifo, format!("/{name}")))
    }

    /// Hands a host resource to the guard, which releases it (and reports what the
    /// runtime left of it) after every container of the test is deleted.
    pub fn hold(&mut self, resource: Box<dyn HostResource>) {
        self.resources.push(resource);
    }

    /// Reads a file of the root filesystem as the host sees it: something the
    /// container was to write, so a missing one is the runtime's failure.
    pub fn read_rootfs(&self, path: &str) -> Result<String, Verdict> {
        let p = self.rootfs.join(path.trim_start_matches('/'));
        match fs::read_to_string(&p) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Verdict::Fail(format!(
                "the container did not write {path}; its stdout was {:.300}",
                self.container_stdout()
            ))),
            other => other.ctx(format!("read {}", p.display())),
        }
    }

    /// The guard: kill and force-delete every container this test made, then check
    /// that nothing is left. Returns the leaks found.
    pub fn teardown(&mut self) -> Vec<String> {
        self.adapting = true;
        let mut leaks = Vec::new();
        for id in self.created.clone() {
            self.remove_container(&id);
            match self.try_state(&id) {
                Ok(inv) if inv.ok() => leaks.push(format!(
                    "container {id} still exists after delete --force: {}",
                    inv.stdout.trim()
                )),
                _ => {}
            }
            if self.suite.cli.has(CliFeature::Root) && self.state_root.join(&id).exists() {
                leaks.push(format!(
                    "state directory {} left behind",
                    self.state_root.join(&id).display()
                ));
            }
        }
        for pid in self.pids.clone() {
            if Reaper::global().peek(pid).is_some() {
                continue;
            }
            if let Waited::TimedOut = Reaper::global().wait(pid, self.suite.event_timeout) {
                leaks.push(format!(
                    "container process {pid} still running after delete"
                ));
                let _ = nix::sys::signal::kill(
                    nix::unistd::Pid::from_raw(pid),
                    nix::sys::signal::Signal::SIGKILL,
                );
            }
        }
        if self.suite.cli.has(CliFeature::List) {
            let ids = self.created.clone();
            leaks.extend(removal::still_listed(&mut |args| self.call(args), &ids));
        }
        leaks.extend(host_leaks::left_in(&self.dir, &self.rootfs));
        // Processes the pid list does not know (a runtime's own helper processes, a
        // container whose pid was never reported) still name the test's paths.
        for p in host_traces::lingering_processes(&self.dir, self.suite.event_timeout) {
            leaks.push(format!("{p} still running after delete"));
            let _ = nix::sys::signal::kill(
                nix::unistd::Pid::from_raw(p.pid),
                nix::sys::signal::Signal::SIGKILL,
            );
        }
        // Last held, first released: an interface goes before the namespace it is in.
        while let Some(mut resource) = self.resources.pop() {
            leaks.extend(resource.release());
        }
        let mounts = leaks::mounts_under(&self.dir);
        if !mounts.is_empty() {
            leaks.push(format!("mounts left behind: {}", mounts.join(", ")));
            leaks::detach_mounts_under(&self.dir);
        }
        if !self.suite.keep && leaks::mounts_under(&self.dir).is_empty() {
            let _ = fs::remove_dir_all(&self.dir);
        }
        leaks
    }
}

/// Makes `dir` a standard test root filesystem: the directories every test root has
/// and the helper. Every root a test builds starts from this, so a runtime that
/// populates /dev (or needs /proc) never fails for reasons the test does not check.
pub fn populate_root(dir: &Path, helper: &Path) -> Result<(), Verdict> {
    for d in ROOTFS_DIRS {
        fs::create_dir_all(dir.join(d)).ctx(format!("mkdir {d} in {}", dir.display()))?;
    }
    install_helper(helper, &dir.join(integ_inside::HELPER_NAME))
}

/// Hard-links the helper into the root filesystem, or copies it across devices.
fn install_helper(helper: &Path, dest: &Path) -> Result<(), Verdict> {
    if fs::hard_link(helper, dest).is_ok() {
        return Ok(());
    }
    fs::copy(helper, dest).map(drop).ctx(format!(
        "copy helper {} to {}",
        helper.display(),
        dest.display()
    ))
}

/// The pid in a `--pid-file`, if the file exists and holds one.
pub fn read_pid_file(path: &Path) -> Option<i32> {
    fs::read_to_string(path).ok()?.trim().parse().ok()
}
