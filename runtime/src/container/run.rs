//! The one interpreter of [`ProcessStep`]s, run by the container process after
//! its fork on both platforms, and by an exec'd process alike: it runs the steps
//! in order, tells `create` where it is over the [`Channel`], and stops at the
//! first failure, which goes to `create` before `start` and into the exec FIFO
//! after it (for `start` to report).
//!
//! jailrun starts no threads, so the forked child may allocate. Steps that only
//! exist on Linux are in `linux_steps`; elsewhere the planners never make them.

use super::exec_path::keep_searching;
use super::message::{Channel, Failure, ToChild, ToParent};
use super::step::{HookKind, ProcessStep};
use crate::state::{OciState, Status};
use nix::errno::Errno;
use std::ffi::CString;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};

/// jail_attach(2) (or a stand-in under test), returning the errno.
pub type Attach = fn(i32) -> Result<(), i32>;

/// What the steps run with, inherited across the fork.
pub struct ChildContext<'a> {
    pub sync: Channel,
    /// The container's state directory (holds the exec FIFO), close-on-exec.
    pub state_dir: RawFd,
    /// The state document for the container's own hooks (status and pid are set here).
    pub state: &'a OciState,
    /// The pty slave, when the runtime opened it before the fork (jails).
    pub terminal: Option<OwnedFd>,
    /// jail_attach(2) and the jail's id, for [`ProcessStep::JailAttach`].
    pub attach: Attach,
    pub jid: i32,
    /// Where each step is written as it starts (`--debug`), if anywhere.
    pub trace: Option<OwnedFd>,
}

/// What the steps leave for later steps.
#[derive(Default)]
pub struct Held {
    /// The pty master (Linux, until sent) and slave.
    #[cfg(target_os = "linux")]
    pub pty_master: Option<OwnedFd>,
    pub pty_slave: Option<OwnedFd>,
    /// The slave's name in its devpts (`/dev/pts/N`), sent with the master.
    #[cfg(target_os = "linux")]
    pub pty_name: String,
    /// The exec FIFO's write end once `start` opened it.
    pub fifo: Option<OwnedFd>,
}

/// Runs `steps`; never returns (execve, or _exit on failure).
pub fn run(steps: &[ProcessStep], mut ctx: ChildContext<'_>) -> ! {
    let mut held = Held {
        pty_slave: ctx.terminal.take(),
        ..Held::default()
    };
    for (i, step) in steps.iter().enumerate() {
        if let Some(t) = &ctx.trace {
            let _ = crate::fdio::write_all(
                t.as_raw_fd(),
                format!("jailrun: debug: step: {step}\n").as_bytes(),
            );
        }
        if let Err(failure) = run_step(step, &ctx, &mut held) {
            match &held.fifo {
                Some(fifo) => crate::exec_fifo::report_failure(
                    fifo,
                    &format!("{}: {failure}", step.context()),
                ),
                None => {
                    let _ = ctx.sync.send(&ToParent::Failed { step: i, failure });
                }
            }
            // SAFETY: ends the forked child without running the parent's destructors.
            unsafe { libc::_exit(127) }
        }
    }
    // Only reached when the list has no Exec.
    // SAFETY: as above.
    unsafe { libc::_exit(127) }
}

fn errno(e: Errno) -> Failure {
    Failure::Errno(e as i32)
}

fn run_step(step: &ProcessStep, ctx: &ChildContext<'_>, held: &mut Held) -> Result<(), Failure> {
    use nix::unistd::{Gid, Uid};
    use ProcessStep as S;
    match step {
        S::NewSession => nix::unistd::setsid().map(drop).map_err(errno),
        S::JailAttach { .. } => (ctx.attach)(ctx.jid).map_err(Failure::Errno),
        S::SetHostname(h) => nix::unistd::sethostname(h).map_err(errno),
        S::WaitForRuntimeHooks => {
            ctx.sync.send(&ToParent::RuntimeHooksDue)?;
            match ctx.sync.recv::<ToChild>()? {
                Some(ToChild::Continue) => Ok(()),
                None => Err(Failure::Refused("create went away".into())),
            }
        }
        S::Hook { kind, hook, .. } => {
            let mut state = ctx.state.clone();
            state.status = match kind {
                HookKind::CreateContainer => Status::Creating,
                HookKind::StartContainer => Status::Created,
            };
            // Hooks in the container's namespaces see the PID from there (runc does the same).
            state.pid = Some(nix::unistd::getpid().as_raw());
            crate::hooks::run_one(hook, &state.to_json()).map_err(|e| Failure::Hook(e.to_string()))
        }
        S::SetRlimit(r) => {
            let lim = libc::rlimit {
                rlim_cur: r.soft as libc::rlim_t,
                rlim_max: r.hard as libc::rlim_t,
            };
            // SAFETY: setrlimit(2) with a valid struct; the resource is a plain
            // number (nix's enum cannot name every FreeBSD resource).
            Errno::result(unsafe { libc::setrlimit(r.resource as _, &lim) })
                .map(drop)
                .map_err(errno)
        }
        S::SetGroups(g) => {
            let gids: Vec<Gid> = g.iter().map(|g| Gid::from_raw(*g)).collect();
            nix::unistd::setgroups(&gids).map_err(errno)
        }
        S::SetGroupsChecked { gid, additional } => {
            crate::platform::freebsd::groups::apply(*gid, additional).map_err(Failure::Refused)
        }
        S::SetGid(g) => {
            let g = Gid::from_raw(*g);
            nix::unistd::setresgid(g, g, g).map_err(errno)
        }
        S::SetUid(u) => {
            let u = Uid::from_raw(*u);
            nix::unistd::setresuid(u, u, u).map_err(errno)
        }
        S::Umask(m) => {
            nix::sys::stat::umask(nix::sys::stat::Mode::from_bits_truncate(*m as _));
            Ok(())
        }
        S::Chdir(d) => {
            nix::unistd::chdir(d.as_str()).map_err(errno)?;
            // A cwd such as /proc/self/fd/N can name a host directory still open
            // here (runc's CVE-2024-21626): it must be reachable from the root.
            nix::unistd::getcwd().map(drop).map_err(|e| {
                Failure::Refused(format!(
                    "process.cwd {d:?} is not inside the container's root ({e})"
                ))
            })
        }
        S::CheckExecutable { candidates } => check_executable(candidates),
        S::ControllingTerminal { size } => {
            let slave = held
                .pty_slave
                .take()
                .ok_or_else(|| Failure::Refused("no pty was opened".into()))?;
            crate::console::become_controlling_terminal(slave, *size).map_err(Failure::from)
        }
        S::WaitForStart => {
            ctx.sync.send(&ToParent::Ready)?;
            // SAFETY: the state directory stays open in `create` for as long as this runs.
            let dir = unsafe { std::os::fd::BorrowedFd::borrow_raw(ctx.state_dir) };
            held.fifo = Some(crate::exec_fifo::wait_for_start(dir)?);
            let _ = nix::unistd::close(ctx.state_dir);
            Ok(())
        }
        S::ResetSignals => reset_signals(),
        S::Exec {
            candidates,
            args,
            env,
        } => exec(candidates, args, env),
        #[cfg(target_os = "linux")]
        linux => crate::platform::linux::linux_steps::run(linux, ctx, held),
        #[cfg(not(target_os = "linux"))]
        other => Err(Failure::Refused(format!(
            "{other}: a Linux step, not available here"
        ))),
    }
}

/// Whether one of `candidates` is an executable file (a directory is not).
fn check_executable(candidates: &[String]) -> Result<(), Failure> {
    let mut last = Errno::ENOENT;
    for c in candidates {
        match std::fs::metadata(c) {
            Ok(m) if m.is_dir() => last = Errno::EACCES,
            Ok(_) => match nix::unistd::access(c.as_str(), nix::unistd::AccessFlags::X_OK) {
                Ok(()) => return Ok(()),
                Err(e) => last = e,
            },
            Err(e) if e.raw_os_error().is_some_and(keep_searching) => {}
            Err(e) => return Err(e.into()),
        }
    }
    if candidates.len() > 1 && last == Errno::ENOENT {
        return Err(Failure::Refused(
            "executable file not found in $PATH".into(),
        ));
    }
    Err(errno(last))
}

/// Default dispositions and an empty mask, for the program.
fn reset_signals() -> Result<(), Failure> {
    use nix::sys::signal::{sigaction, SaFlags, SigAction, SigHandler, SigSet, SigmaskHow, Signal};
    let default = SigAction::new(SigHandler::SigDfl, SaFlags::empty(), SigSet::empty());
    // Real-time signals are left: jailrun neither catches nor ignores them.
    for sig in nix::sys::signal::Signal::iterator() {
        if matches!(sig, Signal::SIGKILL | Signal::SIGSTOP) {
            continue;
        }
        // SAFETY: installs the default action, no handler.
        let _ = unsafe { sigaction(sig, &default) };
    }
    nix::sys::signal::sigprocmask(SigmaskHow::SIG_SETMASK, Some(&SigSet::empty()), None)
        .map_err(errno)
}

/// execve(2) of the first candidate that is there, as execvp(3). Returns only on failure.
fn exec(candidates: &[String], args: &[String], env: &[String]) -> Result<(), Failure> {
    let c = |v: &[String]| -> Result<Vec<CString>, Failure> {
        v.iter()
            .map(|s| CString::new(s.as_str()))
            .collect::<Result<_, _>>()
            .map_err(|_| Failure::Refused("an argument contains a NUL byte".into()))
    };
    let (argv, envp, paths) = (c(args)?, c(env)?, c(candidates)?);
    let mut last = Errno::ENOENT;
    for path in &paths {
        let Err(e) = nix::unistd::execve(path, &argv, &envp);
        if !keep_searching(e as i32) {
            return Err(errno(e));
        }
        if e == Errno::EACCES || last != Errno::EACCES {
            last = e;
        }
    }
    Err(errno(last))
}
