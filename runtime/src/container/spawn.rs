//! The runtime's side of the container process: fork it (into new namespaces on
//! Linux), then follow the protocol until it waits for `start`, running the
//! runtime's hooks when it asks. Any failure kills and reaps it.

use super::message::{self, Channel, Failure, ToChild, ToParent};
use super::run::{self, Attach, ChildContext};
use super::step::{Namespace, ProcessStep};
use crate::state::OciState;
use nix::sys::signal::{kill, Signal};
use nix::sys::wait::waitpid;
use nix::unistd::Pid;
use std::fmt;
use std::io;
use std::os::fd::{AsFd, OwnedFd, RawFd};
use std::path::PathBuf;
use thiserror::Error;

/// How the container process comes to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fork {
    /// fork(2) (jails: the process attaches to the jail itself).
    Plain,
    /// Linux clone3(2) with `CLONE_NEW*` for `new`; with `pid_ns`, `create`
    /// first joins that PID namespace so the process is born in it.
    Clone {
        new: Vec<Namespace>,
        pid_ns: Option<PathBuf>,
    },
}

impl Fork {
    /// The `CLONE_NEW*` flags.
    pub fn clone_flags(&self) -> u64 {
        match self {
            Fork::Plain => 0,
            Fork::Clone { new, .. } => new.iter().fold(0, |f, ns| f | ns.clone_flag()),
        }
    }

    /// Whether the process is PID 1 of a namespace of its own.
    pub fn own_pid_ns(&self) -> bool {
        matches!(self, Fork::Clone { new, .. } if new.contains(&Namespace::Pid))
    }
}

impl fmt::Display for Fork {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fork::Plain => write!(f, "fork()"),
            Fork::Clone { new, pid_ns } => {
                if let Some(p) = pid_ns {
                    writeln!(
                        f,
                        "setns(open({:?}), CLONE_NEWPID) /* the container process is born in it */",
                        p.display().to_string()
                    )?;
                }
                let names: Vec<&str> = new.iter().map(|n| n.flag_name()).collect();
                let flags = if names.is_empty() {
                    "0".to_string()
                } else {
                    names.join("|")
                };
                write!(f, "clone3({{flags: {flags}, exit_signal: SIGCHLD}})")?;
                if pid_ns.is_some() {
                    write!(f, "\nsetns(<create's own pid namespace>, CLONE_NEWPID)")?;
                }
                Ok(())
            }
        }
    }
}

/// Everything the container process is made from.
pub struct Spawn<'a> {
    pub fork: &'a Fork,
    pub steps: &'a [ProcessStep],
    /// Descriptors the child closes first (the state lock of `create`).
    pub close_in_child: &'a [RawFd],
    /// The container's state directory, inherited (close-on-exec).
    pub state_dir: RawFd,
    pub state: &'a OciState,
    /// A pty slave opened by the runtime (jails), handed to the process.
    pub terminal: Option<&'a OwnedFd>,
    pub attach: Attach,
    pub jid: i32,
    /// Write each step to stderr as it starts (`--debug`).
    pub trace: bool,
}

/// Why the container process did not reach the wait for `start`.
#[derive(Debug, Error)]
pub enum SpawnError {
    #[error("container process: {0}")]
    Io(#[from] io::Error),
    #[error("container process: {step}: {failure}")]
    Step { step: String, failure: Failure },
    #[error("container process exited during setup")]
    Died,
    #[error(transparent)]
    RuntimeHooks(Box<crate::platform::backend::BackendError>),
}

/// Writes a trace line as `--debug` lines look.
pub fn trace(line: &str) {
    eprintln!("jailrun: debug: step: {line}");
}

/// Forks the container process running `s.steps`; calls `runtime_hooks(pid)`
/// when it asks for them; returns its pid once it waits for `start`.
pub fn spawn(
    s: &Spawn<'_>,
    runtime_hooks: &mut dyn FnMut(i32) -> Result<(), crate::platform::backend::BackendError>,
) -> Result<i32, SpawnError> {
    let (pid, parent) = start_child(s)?;
    let pid = Pid::from_raw(pid);
    let result = follow(s, &parent, pid, runtime_hooks);
    if result.is_err() {
        kill_and_reap(pid.as_raw());
    }
    result.map(|()| pid.as_raw())
}

fn follow(
    s: &Spawn<'_>,
    parent: &Channel,
    pid: Pid,
    runtime_hooks: &mut dyn FnMut(i32) -> Result<(), crate::platform::backend::BackendError>,
) -> Result<(), SpawnError> {
    loop {
        match parent.recv::<ToParent>()? {
            Some(ToParent::RuntimeHooksDue) => {
                runtime_hooks(pid.as_raw()).map_err(|e| SpawnError::RuntimeHooks(Box::new(e)))?;
                parent.send(&ToChild::Continue)?;
            }
            Some(ToParent::Ready) => return Ok(()),
            Some(ToParent::Failed { step, failure }) => return Err(step_failed(s, step, failure)),
            None => return Err(SpawnError::Died),
        }
    }
}

/// Forks a process whose steps end in Exec without waiting for `start`
/// (`jailrun exec`); returns its pid once it has executed the program: the
/// channel closes on execve (close-on-exec) with no failure sent.
pub fn spawn_exec(s: &Spawn<'_>) -> Result<i32, SpawnError> {
    let (pid, parent) = start_child(s)?;
    let result = match parent.recv::<ToParent>() {
        Ok(None) => return Ok(pid),
        Ok(Some(ToParent::Failed { step, failure })) => Err(step_failed(s, step, failure)),
        Ok(Some(_)) => Err(SpawnError::Died),
        Err(e) => Err(e.into()),
    };
    kill_and_reap(pid);
    result
}

/// Forks the process; the child runs the steps, the parent gets its pid and
/// its end of the channel.
fn start_child(s: &Spawn<'_>) -> Result<(i32, Channel), SpawnError> {
    let (parent, child) = message::pair()?;
    let pid = fork(s)?;
    if pid == 0 {
        drop(parent);
        run_child(s, child);
    }
    drop(child);
    Ok((pid, parent))
}

/// The error for step number `step` failing.
fn step_failed(s: &Spawn<'_>, step: usize, failure: Failure) -> SpawnError {
    let step = s
        .steps
        .get(step)
        .map(ProcessStep::context)
        .unwrap_or_default();
    SpawnError::Step { step, failure }
}

/// SIGKILL and reap our child `pid` (the one way jailrun disposes of a child).
pub fn kill_and_reap(pid: i32) {
    let pid = Pid::from_raw(pid);
    let _ = kill(pid, Signal::SIGKILL);
    let _ = waitpid(pid, None);
}

/// The child's side: close what it must not hold, then the interpreter.
fn run_child(s: &Spawn<'_>, sync: Channel) -> ! {
    for fd in s.close_in_child {
        let _ = nix::unistd::close(*fd);
    }
    let trace = s
        .trace
        .then(|| std::io::stderr().as_fd().try_clone_to_owned().ok())
        .flatten();
    let terminal = s.terminal.and_then(|t| t.try_clone().ok());
    run::run(
        s.steps,
        ChildContext {
            sync,
            state_dir: s.state_dir,
            state: s.state,
            terminal,
            attach: s.attach,
            jid: s.jid,
            trace,
        },
    )
}

/// Forks as `s.fork` says; 0 in the child.
fn fork(s: &Spawn<'_>) -> io::Result<i32> {
    match s.fork {
        Fork::Plain => {
            // SAFETY: jailrun starts no threads, so the child may run ordinary code.
            match unsafe { nix::unistd::fork() }? {
                nix::unistd::ForkResult::Child => Ok(0),
                nix::unistd::ForkResult::Parent { child } => Ok(child.as_raw()),
            }
        }
        #[cfg(target_os = "linux")]
        Fork::Clone { pid_ns, .. } => {
            crate::platform::linux::clone::clone_into(s.fork.clone_flags(), pid_ns.as_deref())
        }
        #[cfg(not(target_os = "linux"))]
        Fork::Clone { .. } => Err(io::Error::from_raw_os_error(libc::ENOSYS)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Status;
    use nix::unistd::{getpgid, getsid};
    use std::collections::BTreeMap;

    fn no_jail(_: i32) -> Result<(), i32> {
        Err(libc::ENOSYS)
    }

    /// The NewSession step, run by the interpreter in a forked child, makes the
    /// child lead a session and a process group of its own (setsid(2) on a
    /// process that leads no group: sys/kern/kern_prot.c `sys_setsid`).
    #[test]
    fn the_new_session_step_cuts_the_process_off_from_its_parent_session() {
        let state = OciState {
            oci_version: "1.3.0".into(),
            id: "t".into(),
            status: Status::Creating,
            pid: None,
            bundle: "/".into(),
            annotations: BTreeMap::new(),
        };
        // The shell stops itself: it stays alive (a zombie has no session to
        // ask about on FreeBSD) until it is killed.
        let steps = [
            ProcessStep::NewSession,
            ProcessStep::Exec {
                candidates: vec!["/bin/sh".into()],
                args: vec!["sh".into(), "-c".into(), "kill -STOP $$".into()],
                env: Vec::new(),
            },
        ];
        let pid = spawn_exec(&Spawn {
            fork: &Fork::Plain,
            steps: &steps,
            close_in_child: &[],
            state_dir: -1,
            state: &state,
            terminal: None,
            attach: no_jail,
            jid: 0,
            trace: false,
        })
        .expect("spawn");
        let child = Pid::from_raw(pid);
        let sid = getsid(Some(child));
        let pgid = getpgid(Some(child));
        let ours = getsid(None).expect("getsid");
        kill_and_reap(pid);
        assert_eq!(sid, Ok(child), "the child leads its own session");
        assert_eq!(pgid, Ok(child), "and its own process group");
        assert_ne!(ours, child);
    }
}
