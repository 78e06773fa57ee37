//! A test's private world: its directory, bundle, state root and container IDs.
//! The parts live in the submodules: the bundle on disk (`bundle`), calls on one
//! container (`container`), runtime calls and their transcript (`calls`), the
//! helper's requests (`requests`) and the handle that reads their replies
//! (`program`), and the guard that removes every container
//! the test made and checks for leaks (`guard`).

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use serde_json::Value;

use super::suite::Suite;
use crate::harness::bundle::config;
use crate::harness::runtime::cli_profile::CliFeature;
use crate::harness::runtime::driver::read_lossy;
use crate::harness::runtime::reaper::{Exit, Reaper, Waited};

mod bundle;
mod calls;
mod container;
mod guard;
mod program;
mod requests;
use super::verdict::{Context, Verdict};
pub use bundle::{populate_root, Bundle, ROOTFS_DIRS};
pub use container::Container;
pub use guard::Guard;
pub use program::{helper_argv, helper_program, Program};

static SEQUENCE: AtomicUsize = AtomicUsize::new(0);

/// One test's bundle, state root and containers.
pub struct Sandbox {
    suite: Arc<Suite>,
    /// The test's own directory: the bundle, the state root, pid files, the
    /// output of each call.
    pub dir: PathBuf,
    /// The bundle directory and its root filesystem.
    pub bundle: Bundle,
    /// The `--root` state directory given to every runtime call.
    pub state_root: PathBuf,
    /// The test's main container ID (unique across the run).
    pub id: String,
    /// The config.json written to the bundle on `create`.
    pub config: Value,
    /// What the guard removes and releases when the test ends.
    pub guard: Guard,
    calls: usize,
    /// Every runtime call made, with its stderr, for the report.
    pub transcript: Vec<String>,
    create_stdout: Option<PathBuf>,
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
        let state_root = dir.join("root");
        for d in [&state_root, &dir.join("calls")] {
            fs::create_dir_all(d).ctx(format!("mkdir {}", d.display()))?;
        }
        let bundle = Bundle::make(dir.join("bundle"), &suite.helper)?;
        let id = format!("jc-{short}-{}-{n}", std::process::id());
        Ok(Sandbox {
            config: config::base(&format!("jc{n}"), suite.spec.version),
            suite,
            dir,
            bundle,
            state_root,
            id,
            guard: Guard::default(),
            calls: 0,
            transcript: Vec::new(),
            create_stdout: None,
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

    /// Writes [`Sandbox::config`] to the bundle's config.json.
    pub fn write_config(&self) -> Result<(), Verdict> {
        self.bundle.write_config(&self.config)
    }

    /// The root filesystem config.json names (relative to the bundle, or absolute).
    fn root_in_use(&self) -> PathBuf {
        self.bundle.root_in_use(&self.config)
    }

    fn pid_path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.pid"))
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

    /// Reads a file of the root filesystem as the host sees it: something the
    /// container was to write, so a missing one is the runtime's failure.
    pub fn read_rootfs(&self, path: &str) -> Result<String, Verdict> {
        self.bundle.read_rootfs(path)?.ok_or_else(|| {
            Verdict::Fail(format!(
                "the container did not write {path}; its stdout was {:.300}",
                self.container_stdout()
            ))
        })
    }
}

/// The pid in a `--pid-file`, if the file exists and holds one.
pub fn read_pid_file(path: &Path) -> Option<i32> {
    fs::read_to_string(path).ok()?.trim().parse().ok()
}
