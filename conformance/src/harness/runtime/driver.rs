//! The driver: runs the runtime under test through its command line, with a
//! timeout on every call, and keeps what it printed.

use std::fs::File;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{killpg, Signal};
use nix::unistd::Pid;

use crate::harness::runtime::cancel;
use crate::harness::runtime::reaper::{Exit, Reaper, Waited};
use crate::harness::runtime::runtime_env;
use crate::harness::verdict::Verdict;

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

    /// The runtime's first error line, for short messages: the first line of
    /// stderr that says "error" (a backtrace or usage text may follow it, a
    /// warning may come before it), else its first non-empty line.
    pub fn first_error_line(&self) -> &str {
        first_error_line(&self.stderr)
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
                self.first_error_line()
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
        runtime_env::apply(&mut cmd);
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

/// How much of one output of the runtime the suite keeps in memory: a runtime
/// that prints without end must not make the suite hold all of it.
pub const KEPT_OUTPUT: u64 = 1 << 20;

/// Reads at most [`KEPT_OUTPUT`] bytes of a file as UTF-8, replacing what is not,
/// with a closing line saying how much was left out; empty when unreadable.
pub fn read_lossy(path: &Path) -> String {
    let Ok(file) = File::open(path) else {
        return String::new();
    };
    let total = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut kept = Vec::new();
    let _ = file.take(KEPT_OUTPUT).read_to_end(&mut kept);
    let mut text = String::from_utf8_lossy(&kept).into_owned();
    if total > kept.len() as u64 {
        text.push_str(&truncation_note(kept.len() as u64, total));
    }
    text
}

/// The line closing an output kept in part.
fn truncation_note(kept: u64, total: u64) -> String {
    format!("\n[jailcheck: output truncated: kept the first {kept} of {total} bytes]\n")
}

/// See [`Invocation::first_error_line`].
pub fn first_error_line(stderr: &str) -> &str {
    let mut lines = stderr.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.clone().next().unwrap_or("");
    lines
        .find(|l| l.to_ascii_lowercase().contains("error"))
        .unwrap_or(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_error_line_is_quoted_not_the_last_line() {
        let backtrace = "Error: create c1: config.json: no such file\n\
                         \nStack backtrace:\n   0: std::backtrace\n   1: main\n";
        assert_eq!(
            first_error_line(backtrace),
            "Error: create c1: config.json: no such file"
        );
        let warned = "warning: ignoring x\nruntime: error: no such container\nusage: rt";
        assert_eq!(
            first_error_line(warned),
            "runtime: error: no such container"
        );
        assert_eq!(
            first_error_line("\n  container c1 not found\n"),
            "container c1 not found"
        );
        assert_eq!(first_error_line(""), "");
    }

    #[test]
    fn a_huge_output_is_kept_in_part_and_says_so() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("out");
        let big = KEPT_OUTPUT as usize * 3;
        std::fs::write(&path, vec![b'x'; big]).expect("write");
        let text = read_lossy(&path);
        assert!(text.len() < KEPT_OUTPUT as usize + 200, "{}", text.len());
        assert!(
            text.ends_with(&truncation_note(KEPT_OUTPUT, big as u64)),
            "{}",
            &text[text.len() - 100..]
        );
        std::fs::write(&path, "short\n").expect("write");
        assert_eq!(read_lossy(&path), "short\n");
    }
}
