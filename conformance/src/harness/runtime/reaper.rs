//! The suite as a subreaper: every process it starts, and every container process
//! orphaned below it, is reaped here, so a container's exit status is observable.
//!
//! One thread calls `waitpid(-1)` and records statuses; callers wait on a condition
//! variable. All processes the suite starts must go through [`Reaper::spawn`],
//! because a stray `Child::wait` would race with this thread.

use std::collections::HashMap;
use std::io;
use std::process::{Child, Command};
use std::sync::{Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

use nix::errno::Errno;
use nix::sys::signal::kill;
use nix::sys::wait::{waitid, Id, WaitPidFlag};
use nix::unistd::Pid;

/// How a process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Exit {
    Code(i32),
    Signal(i32),
}

impl Exit {
    /// True for exit code 0.
    pub fn success(self) -> bool {
        self == Exit::Code(0)
    }
}

impl std::fmt::Display for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Exit::Code(c) => write!(f, "exit code {c}"),
            Exit::Signal(s) => write!(
                f,
                "killed by SIG{}",
                integ_inside::signal_name(*s).unwrap_or("?")
            ),
        }
    }
}

/// What waiting for a process found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Waited {
    Exited(Exit),
    /// Still running when the timeout expired.
    TimedOut,
    /// Gone, but not reaped here: it was not our descendant.
    NotOurs,
}

#[derive(Default)]
struct Table {
    exited: HashMap<i32, Exit>,
    /// Peak resident set size (KiB) of each reaped process, from wait4(2).
    max_rss: HashMap<i32, i64>,
    spawned: u64,
}

/// The process-wide reaper.
pub struct Reaper {
    table: Mutex<Table>,
    changed: Condvar,
}

static REAPER: OnceLock<Reaper> = OnceLock::new();

impl Reaper {
    /// The reaper, started on first use (which also makes this process a subreaper).
    pub fn global() -> &'static Reaper {
        REAPER.get_or_init(|| {
            if let Err(e) = become_subreaper() {
                eprintln!("jailcheck: warning: cannot become a subreaper: {e}");
            }
            std::thread::Builder::new()
                .name("reaper".into())
                .spawn(|| Reaper::global().reap_forever())
                .ok();
            Reaper {
                table: Mutex::new(Table::default()),
                changed: Condvar::new(),
            }
        })
    }

    /// Spawns a command; its exit is collected by the reaper (never `wait` on it).
    pub fn spawn(&self, cmd: &mut Command) -> io::Result<Child> {
        let child = cmd.spawn()?;
        let mut t = self.lock();
        t.spawned += 1;
        self.changed.notify_all();
        Ok(child)
    }

    /// Waits until `pid` exits (reaped here), or the timeout passes.
    pub fn wait(&self, pid: i32, timeout: Duration) -> Waited {
        let deadline = Instant::now() + timeout;
        let mut t = self.lock();
        loop {
            if let Some(exit) = t.exited.remove(&pid) {
                return Waited::Exited(exit);
            }
            let now = Instant::now();
            if now >= deadline {
                return Waited::TimedOut;
            }
            // A process that is not our descendant is never reaped here: notice
            // that it has vanished instead of waiting for the whole timeout.
            if kill(Pid::from_raw(pid), None) == Err(Errno::ESRCH) {
                if let Some(exit) = t.exited.remove(&pid) {
                    return Waited::Exited(exit);
                }
                return Waited::NotOurs;
            }
            let slice = (deadline - now).min(Duration::from_millis(50));
            t = match self.changed.wait_timeout(t, slice) {
                Ok((guard, _)) => guard,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
    }

    /// Peak resident set size in KiB of a reaped process (consumed).
    pub fn take_max_rss(&self, pid: i32) -> Option<i64> {
        self.lock().max_rss.remove(&pid)
    }

    /// The exit of `pid` if it has been reaped already (without consuming it).
    pub fn peek(&self, pid: i32) -> Option<Exit> {
        self.lock().exited.get(&pid).copied()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Table> {
        self.table.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn reap_forever(&self) {
        let mut seen = 0;
        loop {
            // Peek first (WNOWAIT), then reap while holding the table lock: a waiter
            // that holds the lock sees either the recorded exit or a zombie that
            // still answers kill(pid, 0), never a gap between the two.
            match waitid(Id::All, WaitPidFlag::WEXITED | WaitPidFlag::WNOWAIT) {
                Ok(status) => {
                    let Some(pid) = status.pid() else { continue };
                    let mut t = self.lock();
                    let Some((exit, rss)) = reap_with_usage(pid.as_raw()) else {
                        continue;
                    };
                    t.exited.insert(pid.as_raw(), exit);
                    t.max_rss.insert(pid.as_raw(), rss);
                    self.changed.notify_all();
                }
                Err(Errno::EINTR) => {}
                Err(_) => {
                    // No children: sleep until something is spawned.
                    let mut t = self.lock();
                    while t.spawned == seen {
                        t = match self.changed.wait(t) {
                            Ok(g) => g,
                            Err(p) => p.into_inner(),
                        };
                    }
                    seen = t.spawned;
                }
            }
        }
    }
}

/// Reaps `pid` (known to have exited) with wait4(2), returning its exit and peak RSS.
fn reap_with_usage(pid: i32) -> Option<(Exit, i64)> {
    let mut status = 0;
    // SAFETY: rusage is plain old data; wait4 fills it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
    if rc != pid {
        return None;
    }
    let exit = if libc::WIFEXITED(status) {
        Exit::Code(libc::WEXITSTATUS(status))
    } else if libc::WIFSIGNALED(status) {
        Exit::Signal(libc::WTERMSIG(status))
    } else {
        return None;
    };
    Some((exit, usage.ru_maxrss))
}

#[cfg(target_os = "linux")]
fn become_subreaper() -> nix::Result<()> {
    nix::sys::prctl::set_child_subreaper(true)
}

#[cfg(target_os = "freebsd")]
fn become_subreaper() -> nix::Result<()> {
    // procctl(2) PROC_REAP_ACQUIRE on ourselves.
    let rc = unsafe {
        libc::procctl(
            libc::P_PID,
            libc::getpid() as libc::id_t,
            libc::PROC_REAP_ACQUIRE,
            std::ptr::null_mut(),
        )
    };
    Errno::result(rc).map(drop)
}

#[cfg(not(any(target_os = "linux", target_os = "freebsd")))]
fn become_subreaper() -> nix::Result<()> {
    Err(Errno::ENOSYS)
}
