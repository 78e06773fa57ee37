//! The driver: runs the runtime under test through its command line, with a
//! timeout on every call, and keeps what it printed.

use std::fs::{self, File};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{killpg, Signal};
use nix::unistd::Pid;

use super::cancel;
use super::reaper::{Exit, Reaper, Waited};
use super::verdict::Verdict;

/// The runtime under test.
#[derive(Debug, Clone)]
pub struct RuntimeCli {
    /// The runtime binary, as given (not resolved: a runtime reached through a
    /// symlink sees that name as argv[0]).
    pub path: PathBuf,
    /// Time allowed for one command.
    pub timeout: Duration,
}

/// One finished runtime command.
#[derive(Debug, Clone)]
pub struct Invocation {
    /// The command line, for messages.
    pub command: String,
    pub exit: Exit,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
    /// Where the runtime's stdout went (the container may keep writing to it).
    pub stdout_path: PathBuf,
    /// Peak resident set size of the runtime process, in KiB.
    pub max_rss_kib: Option<i64>,
}

impl Invocation {
    /// True when the command exited 0.
    pub fn ok(&self) -> bool {
        self.exit.success()
    }

    /// The last non-empty line of stderr, for short messages.
    pub fn stderr_tail(&self) -> &str {
        self.stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
    }

    /// Fails unless the command succeeded.
    pub fn expect_ok(self) -> Result<Invocation, Verdict> {
        if self.ok() {
            Ok(self)
        } else {
            Err(Verdict::Fail(format!(
                "`{}` failed ({}): {}",
                self.command,
                self.exit,
                self.stderr_tail()
            )))
        }
    }
}

/// Where one call's output goes and what it reads.
pub struct CallIo<'a> {
    /// Files `<prefix>.out` and `<prefix>.err` receive stdout and stderr.
    pub prefix: &'a Path,
    pub cwd: Option<&'a Path>,
}

impl RuntimeCli {
    /// Runs `runtime --root ROOT ARGS…`, waiting at most `self.timeout`.
    pub fn run(&self, root: &Path, args: &[String], io: &CallIo) -> Result<Invocation, Verdict> {
        let mut full = vec!["--root".to_string(), root.display().to_string()];
        full.extend(args.iter().cloned());
        self.run_raw(&full, io)
    }

    /// Runs the runtime with exactly these arguments.
    pub fn run_raw(&self, args: &[String], io: &CallIo) -> Result<Invocation, Verdict> {
        self.run_raw_during(args, io, &mut |_| Ok(()))
    }

    /// [`RuntimeCli::run_raw`], calling `during(pid)` once the runtime process
    /// runs (to signal it, say) before waiting for it. An error from `during`
    /// is the call's, once the runtime has been killed and reaped.
    pub fn run_raw_during(
        &self,
        args: &[String],
        io: &CallIo,
        during: &mut dyn FnMut(i32) -> Result<(), Verdict>,
    ) -> Result<Invocation, Verdict> {
        if let Some(why) = cancel::refusal() {
            return Err(Verdict::Fail(why.to_string()));
        }
        let out_path = io.prefix.with_extension("out");
        let err_path = io.prefix.with_extension("err");
        let out = File::create(&out_path).map_err(|e| io_err(&out_path, e))?;
        let err = File::create(&err_path).map_err(|e| io_err(&err_path, e))?;
        let command = format!("{} {}", self.path.display(), args.join(" "));
        let mut cmd = Command::new(&self.path);
        cmd.args(args)
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .process_group(0);
        if let Some(dir) = io.cwd {
            cmd.current_dir(dir);
        }
        let started = Instant::now();
        let child = Reaper::global()
            .spawn(&mut cmd)
            .map_err(|e| Verdict::Error(format!("cannot run {}: {e}", self.path.display())))?;
        let pid = child.id() as i32;
        let registered = cancel::register(pid);
        if let Err(v) = during(pid) {
            let _ = killpg(Pid::from_raw(pid), Signal::SIGKILL);
            let _ = Reaper::global().wait(pid, self.timeout);
            return Err(v);
        }
        let waited = Reaper::global().wait(pid, self.timeout);
        drop(registered);
        if cancel::refusal().is_some() {
            let _ = killpg(Pid::from_raw(pid), Signal::SIGKILL);
            return Err(Verdict::Fail(format!(
                "`{command}` was cancelled: the test ran past its time limit"
            )));
        }
        let exit = match waited {
            Waited::Exited(exit) => exit,
            Waited::TimedOut | Waited::NotOurs => {
                let _ = killpg(Pid::from_raw(pid), Signal::SIGKILL);
                let _ = Reaper::global().wait(pid, Duration::from_secs(5));
                return Err(Verdict::Fail(format!(
                    "`{command}` did not finish within {:?}",
                    self.timeout
                )));
            }
        };
        let elapsed = started.elapsed();
        let max_rss_kib = Reaper::global().take_max_rss(pid);
        Ok(Invocation {
            command,
            exit,
            stdout: read_lossy(&out_path),
            stderr: read_lossy(&err_path),
            elapsed,
            stdout_path: out_path,
            max_rss_kib,
        })
    }
}

fn io_err(path: &Path, e: std::io::Error) -> Verdict {
    Verdict::Error(format!("{}: {e}", path.display()))
}

/// Reads a file as UTF-8, replacing what is not; empty when unreadable.
pub fn read_lossy(path: &Path) -> String {
    fs::read(path)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}
