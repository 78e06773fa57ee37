//! Running a `ProcessStep` list in a forked child.
//!
//! Everything that allocates (C strings, pointer arrays, messages) is prepared
//! before fork(2); the child then makes only async-signal-safe calls. The
//! parent learns through a close-on-exec pipe that the child is waiting for
//! `start` (after the jail_attach and the rlimits), or which step failed
//! before that. As in the Linux backend (`exec_fifo`), the child holds the
//! exec FIFO's write end open until execve(2) closes it; a failure after
//! `start` is written into the FIFO, for `start` to report, and ends the
//! child with status 127.
//!
//! Hooks run the same way: forked and waited for by the container process,
//! with the state on stdin; the state is prepared before fork(2) with the pid
//! left out, and the child writes its own pid in.
//!
//! Portable: jail_attach(2) is passed in, so the same code runs under test on
//! Linux with a stand-in.

use super::process::{hook_args, ProcessStep, EXEC_FIFO};
use nix::unistd::{fork, pipe2, ForkResult, Pid};
use std::ffi::{CString, NulError};
use std::fmt;
use std::io;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use std::os::raw::c_char;
use thiserror::Error;

/// A step list ready to run after fork(2).
pub struct Prepared {
    /// Descriptors the child closes first (the state lock of `create`).
    close: Vec<RawFd>,
    ops: Vec<Op>,
    /// Each step as printed, for messages.
    labels: Vec<String>,
    /// The state for createContainer and startContainer hooks, split where
    /// the pid goes.
    states: [StateParts; 2],
    /// The pty slave for [`ProcessStep::Terminal`].
    terminal: RawFd,
}

/// A state document as the bytes before and after the pid's digits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StateParts {
    pub before: Vec<u8>,
    pub after: Vec<u8>,
}

/// The pid put in the state before it is split; the child writes its own.
const PID_MARK: i32 = i32::MAX;

impl StateParts {
    /// Splits `state`, serialised with `"pid":` [`PID_MARK`], around the mark.
    /// Quotes inside strings are escaped and annotation values are strings,
    /// so the first `"pid":` followed by the mark is the top-level pid.
    pub fn split(state: &str) -> StateParts {
        let key = "\"pid\":";
        let mark = PID_MARK.to_string();
        for (at, _) in state.match_indices(key) {
            let rest = &state[at + key.len()..];
            let value = rest.trim_start();
            if let Some(after) = value.strip_prefix(&mark) {
                let before = at + key.len() + (rest.len() - value.len());
                return StateParts {
                    before: state.as_bytes()[..before].to_vec(),
                    after: after.as_bytes().to_vec(),
                };
            }
        }
        StateParts {
            before: state.as_bytes().to_vec(),
            after: Vec::new(),
        }
    }

    /// The state `s` with status `status`, split for the child's pid.
    pub fn of(s: &crate::state::OciState, status: crate::state::Status) -> StateParts {
        let mut s = s.clone();
        s.status = status;
        s.pid = Some(PID_MARK);
        StateParts::split(&s.to_json())
    }
}

enum Op {
    OpenStateDir(CString),
    Attach,
    Rlimit {
        resource: i32,
        soft: i64,
        hard: i64,
    },
    Hook {
        /// 0: createContainer (before start), 1: startContainer.
        state: usize,
        path: CString,
        _args: Vec<CString>,
        argv: Vec<*const c_char>,
        _env: Vec<CString>,
        envp: Vec<*const c_char>,
        timeout: Option<u32>,
    },
    Terminal {
        size: Option<(u16, u16)>,
    },
    WaitForRuntimeHooks,
    WaitForStart(CString),
    SetGroups(Vec<libc::gid_t>),
    SetGid(libc::gid_t),
    SetUid(libc::uid_t),
    Umask(u32),
    Chdir(CString),
    Exec {
        candidates: Vec<CString>,
        _args: Vec<CString>,
        argv: Vec<*const c_char>,
        _env: Vec<CString>,
        envp: Vec<*const c_char>,
    },
}

/// Why the container process did not reach the wait for `start`.
#[derive(Debug, Error)]
pub enum SpawnError {
    #[error("container process: {0}")]
    Io(#[from] io::Error),
    #[error("container process: {step}: {error}")]
    Step { step: String, error: Failure },
    #[error("container process exited before waiting for start")]
    Died,
    /// The runtime's hooks failed (already worded).
    #[error("{0}")]
    Hooks(String),
}

/// Why a step failed: an errno, or how a hook ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    Errno(i32),
    Exit(i32),
    Signal(i32),
    TimedOut(u32),
}

impl Failure {
    fn encode(self) -> (u32, i32) {
        match self {
            Failure::Errno(e) => (0, e),
            Failure::Exit(n) => (1, n),
            Failure::Signal(n) => (2, n),
            Failure::TimedOut(t) => (3, t as i32),
        }
    }

    fn decode(kind: u32, value: i32) -> Failure {
        match kind {
            1 => Failure::Exit(value),
            2 => Failure::Signal(value),
            3 => Failure::TimedOut(value as u32),
            _ => Failure::Errno(value),
        }
    }

    /// The words before and after the number, as `complain` writes them.
    fn words(self) -> (&'static str, i64, &'static str) {
        match self {
            Failure::Errno(e) => ("errno ", e.into(), ""),
            Failure::Exit(n) => ("failed: exit status ", n.into(), ""),
            Failure::Signal(n) => ("failed: killed by signal ", n.into(), ""),
            Failure::TimedOut(t) => ("timed out after ", t.into(), "s and was killed"),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Errno(e) => write!(f, "{}", io::Error::from_raw_os_error(*e)),
            other => {
                let (before, n, after) = other.words();
                write!(f, "{before}{n}{after}")
            }
        }
    }
}

impl From<i32> for Failure {
    fn from(errno: i32) -> Failure {
        Failure::Errno(errno)
    }
}

fn cstring(s: &str) -> Result<CString, NulError> {
    CString::new(s)
}

fn pointers(strings: &[CString]) -> Vec<*const c_char> {
    strings
        .iter()
        .map(|s| s.as_ptr())
        .chain([std::ptr::null()])
        .collect()
}

impl Prepared {
    /// Prepares `steps`; fails if a string holds a NUL byte.
    pub fn new(steps: &[ProcessStep]) -> Result<Prepared, NulError> {
        let mut ops = Vec::with_capacity(steps.len());
        for step in steps {
            ops.push(match step {
                ProcessStep::OpenStateDir { path } => {
                    Op::OpenStateDir(cstring(&path.display().to_string())?)
                }
                ProcessStep::JailAttach { .. } => Op::Attach,
                ProcessStep::WaitForRuntimeHooks => Op::WaitForRuntimeHooks,
                ProcessStep::SetRlimit(r) => Op::Rlimit {
                    resource: r.resource,
                    soft: r.soft,
                    hard: r.hard,
                },
                ProcessStep::Hook { kind, hook, .. } => {
                    let args = hook_args(hook)
                        .iter()
                        .map(|a| cstring(a))
                        .collect::<Result<Vec<_>, _>>()?;
                    let env = hook
                        .env
                        .iter()
                        .map(|e| cstring(e))
                        .collect::<Result<Vec<_>, _>>()?;
                    Op::Hook {
                        state: usize::from(*kind == "startContainer"),
                        path: cstring(&hook.path.display().to_string())?,
                        argv: pointers(&args),
                        _args: args,
                        envp: pointers(&env),
                        _env: env,
                        timeout: hook.timeout.map(|t| t.clamp(1, i64::from(u32::MAX)) as u32),
                    }
                }
                ProcessStep::Terminal { size } => Op::Terminal {
                    size: size.map(|s| (s.height, s.width)),
                },
                ProcessStep::WaitForStart => Op::WaitForStart(cstring(EXEC_FIFO)?),
                ProcessStep::SetGroups(g) => {
                    Op::SetGroups(g.iter().map(|g| *g as libc::gid_t).collect())
                }
                ProcessStep::SetGid(g) => Op::SetGid(*g as libc::gid_t),
                ProcessStep::SetUid(u) => Op::SetUid(*u as libc::uid_t),
                ProcessStep::Umask(m) => Op::Umask(*m),
                ProcessStep::Chdir(d) => Op::Chdir(cstring(d)?),
                ProcessStep::Exec {
                    candidates,
                    args,
                    env,
                } => {
                    let args = args
                        .iter()
                        .map(|a| cstring(a))
                        .collect::<Result<Vec<_>, _>>()?;
                    let env = env
                        .iter()
                        .map(|e| cstring(e))
                        .collect::<Result<Vec<_>, _>>()?;
                    Op::Exec {
                        candidates: candidates
                            .iter()
                            .map(|c| cstring(c))
                            .collect::<Result<_, _>>()?,
                        argv: pointers(&args),
                        _args: args,
                        envp: pointers(&env),
                        _env: env,
                    }
                }
            });
        }
        let labels = steps.iter().map(ToString::to_string).collect();
        Ok(Prepared {
            close: Vec::new(),
            ops,
            labels,
            states: Default::default(),
            terminal: -1,
        })
    }

    /// The state hooks get: `creating` for createContainer, `created` for
    /// startContainer.
    pub fn with_states(mut self, creating: StateParts, created: StateParts) -> Prepared {
        self.states = [creating, created];
        self
    }

    /// The pty slave the terminal step takes over (the child closes it after).
    pub fn with_terminal(mut self, slave: RawFd) -> Prepared {
        self.terminal = slave;
        self
    }

    /// Makes the child close `fds` before anything else.
    pub fn closing(mut self, fds: &[RawFd]) -> Prepared {
        self.close = fds.to_vec();
        self
    }
}

/// Index in the pipe message that means "waiting for start".
const READY: u32 = u32::MAX;

/// Index in the pipe message that means "run the runtime's hooks now".
const HOOKS_DUE: u32 = u32::MAX - 1;

/// Forks the container process, which runs `p` with `attach(jid)` as its
/// jail_attach(2); returns its pid once it waits for `start`.
pub fn spawn(
    p: &Prepared,
    jid: i32,
    attach: fn(i32) -> Result<(), i32>,
) -> Result<i32, SpawnError> {
    spawn_with(p, jid, attach, &mut |_| Ok(()))
}

/// [`spawn`], calling `runtime_hooks(pid)` once: where the child waits for
/// them ([`ProcessStep::WaitForRuntimeHooks`]), else once it waits for
/// `start`. If they fail, the child is killed and reaped.
pub fn spawn_with(
    p: &Prepared,
    jid: i32,
    attach: fn(i32) -> Result<(), i32>,
    runtime_hooks: &mut dyn FnMut(i32) -> Result<(), String>,
) -> Result<i32, SpawnError> {
    let (read, write) = pipe2(nix::fcntl::OFlag::O_CLOEXEC).map_err(io::Error::from)?;
    let (go_read, go_write) = pipe2(nix::fcntl::OFlag::O_CLOEXEC).map_err(io::Error::from)?;
    // SAFETY: the child runs `run_ops`, which makes async-signal-safe calls only.
    match unsafe { fork() }.map_err(io::Error::from)? {
        ForkResult::Child => {
            drop(read);
            drop(go_write);
            run_ops(p, jid, attach, &write, &go_read)
        }
        ForkResult::Parent { child } => {
            drop(write);
            drop(go_read);
            wait_ready(p, child, read, go_write, runtime_hooks)
        }
    }
}

/// [`spawn`] with the real jail_attach(2); jails exist only on FreeBSD.
pub fn spawn_in_jail(p: &Prepared, jid: i32) -> Result<i32, SpawnError> {
    spawn(p, jid, host_attach)
}

/// jail_attach(2) returning the errno; ENOSYS where there are no jails.
pub fn host_attach(jid: i32) -> Result<(), i32> {
    #[cfg(target_os = "freebsd")]
    {
        super::sys_freebsd::attach(jid)
    }
    #[cfg(not(target_os = "freebsd"))]
    {
        let _ = jid;
        Err(libc::ENOSYS)
    }
}

fn wait_ready(
    p: &Prepared,
    child: Pid,
    read: OwnedFd,
    go: OwnedFd,
    runtime_hooks: &mut dyn FnMut(i32) -> Result<(), String>,
) -> Result<i32, SpawnError> {
    let mut hooks_ran = false;
    loop {
        match read_message(p, child, &read)? {
            HOOKS_DUE => {
                hooks_ran = true;
                if let Err(e) = runtime_hooks(child.as_raw()) {
                    kill_and_reap(child);
                    return Err(SpawnError::Hooks(e));
                }
                // SAFETY: writes one byte from a stack buffer.
                unsafe { libc::write(go.as_raw_fd(), [1u8].as_ptr().cast(), 1) };
            }
            _ if hooks_ran => return Ok(child.as_raw()),
            _ => {
                return match runtime_hooks(child.as_raw()) {
                    Ok(()) => Ok(child.as_raw()),
                    Err(e) => {
                        kill_and_reap(child);
                        Err(SpawnError::Hooks(e))
                    }
                };
            }
        }
    }
}

fn kill_and_reap(child: Pid) {
    let _ = nix::sys::signal::kill(child, nix::sys::signal::Signal::SIGKILL);
    let _ = nix::sys::wait::waitpid(child, None);
}

/// The next message: [`READY`] or [`HOOKS_DUE`]; a failure otherwise (the
/// child is reaped).
fn read_message(p: &Prepared, child: Pid, read: &OwnedFd) -> Result<u32, SpawnError> {
    let mut buf = [0u8; 12];
    let mut got = 0;
    while got < buf.len() {
        // SAFETY: reads into the unfilled tail of `buf`.
        let n = unsafe {
            libc::read(
                read.as_raw_fd(),
                buf[got..].as_mut_ptr().cast(),
                buf.len() - got,
            )
        };
        match n {
            0 => break,
            n if n > 0 => got += n as usize,
            _ if io::Error::last_os_error().kind() == io::ErrorKind::Interrupted => continue,
            _ => return Err(io::Error::last_os_error().into()),
        }
    }
    let index = u32::from_ne_bytes([buf[0], buf[1], buf[2], buf[3]]);
    let kind = u32::from_ne_bytes([buf[4], buf[5], buf[6], buf[7]]);
    let value = i32::from_ne_bytes([buf[8], buf[9], buf[10], buf[11]]);
    if got == buf.len() && (index == READY || index == HOOKS_DUE) {
        return Ok(index);
    }
    let _ = nix::sys::wait::waitpid(child, None);
    if got < buf.len() {
        return Err(SpawnError::Died);
    }
    Err(SpawnError::Step {
        step: p.labels.get(index as usize).cloned().unwrap_or_default(),
        error: Failure::decode(kind, value),
    })
}

/// The child: runs the ops; never returns.
fn run_ops(
    p: &Prepared,
    jid: i32,
    attach: fn(i32) -> Result<(), i32>,
    pipe: &OwnedFd,
    go: &OwnedFd,
) -> ! {
    for fd in &p.close {
        // SAFETY: closing the child's copy of a descriptor the parent keeps.
        unsafe { libc::close(*fd) };
    }
    let mut fds = Fds {
        statedir: -1,
        fifo: -1,
        go: go.as_raw_fd(),
    };
    // SAFETY: reading our pid.
    let pid = unsafe { libc::getpid() };
    let mut ready_sent = false;
    for (i, op) in p.ops.iter().enumerate() {
        if matches!(op, Op::WaitForStart(_)) {
            send(pipe, READY, Failure::Errno(0));
            ready_sent = true;
        }
        if matches!(op, Op::WaitForRuntimeHooks) {
            send(pipe, HOOKS_DUE, Failure::Errno(0));
        }
        if let Err(why) = run_op(p, op, pid, jid, attach, &mut fds) {
            if ready_sent {
                let label = p.labels.get(i).map_or("", String::as_str);
                complain(fds.fifo, label, why);
            } else {
                send(pipe, i as u32, why);
            }
            // SAFETY: ends the child.
            unsafe { libc::_exit(127) }
        }
    }
    // Only reached when the list has no Exec.
    // SAFETY: ends the child.
    unsafe { libc::_exit(127) }
}

fn check(rc: libc::c_int) -> Result<libc::c_int, i32> {
    if rc < 0 {
        Err(super::fork::errno())
    } else {
        Ok(rc)
    }
}

/// The descriptors the child opens: the state directory, then the exec FIFO.
struct Fds {
    statedir: libc::c_int,
    fifo: libc::c_int,
    /// Read end of the parent's go-ahead after the runtime's hooks.
    go: libc::c_int,
}

fn run_op(
    p: &Prepared,
    op: &Op,
    pid: i32,
    jid: i32,
    attach: fn(i32) -> Result<(), i32>,
    fds: &mut Fds,
) -> Result<(), Failure> {
    // SAFETY (all calls below): plain system calls on prepared, NUL-terminated
    // strings and arrays that outlive the calls.
    unsafe {
        match op {
            Op::OpenStateDir(path) => {
                fds.statedir = check(libc::open(
                    path.as_ptr(),
                    libc::O_RDONLY | libc::O_DIRECTORY | libc::O_CLOEXEC,
                ))?;
            }
            Op::Attach => attach(jid)?,
            Op::WaitForRuntimeHooks => {
                let mut byte = 0u8;
                let n = loop {
                    let n = libc::read(fds.go, (&mut byte as *mut u8).cast(), 1);
                    if n >= 0 || super::fork::errno() != libc::EINTR {
                        break check(n as libc::c_int)?;
                    }
                };
                if n != 1 {
                    return Err(Failure::Errno(libc::EPIPE));
                }
            }
            Op::Hook {
                state,
                path,
                argv,
                envp,
                timeout,
                ..
            } => {
                let spawned = spawn_hook(path, argv, envp)?;
                feed_state(spawned.stdin, &p.states[*state], pid);
                wait_hook(spawned.pid, *timeout)?;
            }
            Op::Terminal { size } => {
                let s = p.terminal;
                check(libc::setsid())?;
                check(libc::ioctl(s, libc::TIOCSCTTY as _, 0))?;
                if let Some((rows, cols)) = size {
                    let ws = libc::winsize {
                        ws_row: *rows,
                        ws_col: *cols,
                        ws_xpixel: 0,
                        ws_ypixel: 0,
                    };
                    check(libc::ioctl(s, libc::TIOCSWINSZ as _, &ws))?;
                }
                for target in 0..3 {
                    check(libc::dup2(s, target))?;
                }
                if s > 2 {
                    libc::close(s);
                }
            }
            Op::Rlimit {
                resource,
                soft,
                hard,
            } => {
                let lim = libc::rlimit {
                    rlim_cur: *soft as libc::rlim_t,
                    rlim_max: *hard as libc::rlim_t,
                };
                check(libc::setrlimit(*resource as _, &lim))?;
            }
            Op::WaitForStart(name) => {
                // Blocks until `start` opens the read end; held until execve.
                fds.fifo = loop {
                    let fd = libc::openat(
                        fds.statedir,
                        name.as_ptr(),
                        libc::O_WRONLY | libc::O_CLOEXEC,
                    );
                    if fd >= 0 || super::fork::errno() != libc::EINTR {
                        break check(fd)?;
                    }
                };
                libc::close(fds.statedir);
            }
            Op::SetGroups(g) => {
                check(libc::setgroups(g.len() as _, g.as_ptr()))?;
            }
            Op::SetGid(g) => {
                check(libc::setgid(*g))?;
            }
            Op::SetUid(u) => {
                check(libc::setuid(*u))?;
            }
            Op::Umask(m) => {
                libc::umask(*m as libc::mode_t);
            }
            Op::Chdir(d) => {
                check(libc::chdir(d.as_ptr()))?;
            }
            Op::Exec {
                candidates,
                argv,
                envp,
                ..
            } => {
                let mut err = libc::ENOENT;
                for c in candidates {
                    libc::execve(c.as_ptr(), argv.as_ptr(), envp.as_ptr());
                    let e = super::fork::errno();
                    // As execvp(3): go on past missing or inaccessible entries.
                    match e {
                        libc::ENOENT | libc::ENOTDIR => {}
                        libc::EACCES => err = e,
                        _ => return Err(e.into()),
                    }
                }
                return Err(err.into());
            }
        }
    }
    Ok(())
}

fn send(pipe: &OwnedFd, index: u32, why: Failure) {
    let (kind, value) = why.encode();
    let mut msg = [0u8; 12];
    msg[..4].copy_from_slice(&index.to_ne_bytes());
    msg[4..8].copy_from_slice(&kind.to_ne_bytes());
    msg[8..].copy_from_slice(&value.to_ne_bytes());
    // SAFETY: writes 12 bytes from a stack buffer.
    unsafe { libc::write(pipe.as_raw_fd(), msg.as_ptr().cast(), msg.len()) };
}

/// The decimal digits of `n` (its absolute value), at the end of `buf`.
fn digits(n: i64, buf: &mut [u8; 20]) -> &[u8] {
    let mut n = n.unsigned_abs();
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 || at == 0 {
            break;
        }
    }
    &buf[at..]
}

/// Writes "<label>: <why>" (e.g. "errno 2") to the exec FIFO (stderr if it is
/// not open) without allocating.
fn complain(fifo: libc::c_int, label: &str, why: Failure) {
    let to = if fifo >= 0 { fifo } else { 2 };
    let (before, n, after) = why.words();
    let mut buf = [0u8; 20];
    let number = digits(n, &mut buf);
    for part in [
        label.as_bytes(),
        b": ",
        before.as_bytes(),
        number,
        after.as_bytes(),
    ] {
        // SAFETY: writes a borrowed byte slice to an open descriptor.
        unsafe { libc::write(to, part.as_ptr().cast(), part.len()) };
    }
}

/// A hook process: its pid and the write end of its stdin.
struct HookProcess {
    pid: libc::pid_t,
    stdin: libc::c_int,
}

/// fork + execve of a hook, stdout to our stderr (as `crate::hooks`); an exec
/// failure comes back over a close-on-exec pipe. Async-signal-safe.
fn spawn_hook(
    path: &CString,
    argv: &[*const c_char],
    envp: &[*const c_char],
) -> Result<HookProcess, Failure> {
    let mut stdin = [-1; 2];
    let mut err = [-1; 2];
    // SAFETY: plain system calls on descriptors made here; the hook process
    // makes async-signal-safe calls only before execve or _exit.
    unsafe {
        check(libc::pipe2(stdin.as_mut_ptr(), libc::O_CLOEXEC))?;
        if let Err(e) = check(libc::pipe2(err.as_mut_ptr(), libc::O_CLOEXEC)) {
            libc::close(stdin[0]);
            libc::close(stdin[1]);
            return Err(e.into());
        }
        let pid = libc::fork();
        if pid == 0 {
            crate::hooks::exec_hook(
                stdin[0],
                err[1],
                path.as_ptr(),
                argv.as_ptr(),
                envp.as_ptr(),
            );
        }
        let forked = super::fork::errno();
        libc::close(stdin[0]);
        libc::close(err[1]);
        if pid < 0 {
            libc::close(stdin[1]);
            libc::close(err[0]);
            return Err(Failure::Errno(forked));
        }
        let mut buf = [0u8; 4];
        let n = loop {
            let n = libc::read(err[0], buf.as_mut_ptr().cast(), buf.len());
            if n >= 0 || super::fork::errno() != libc::EINTR {
                break n;
            }
        };
        libc::close(err[0]);
        if n == 4 {
            libc::close(stdin[1]);
            reap(pid);
            return Err(Failure::Errno(i32::from_ne_bytes(buf)));
        }
        Ok(HookProcess {
            pid,
            stdin: stdin[1],
        })
    }
}

/// Writes `state` with `pid` in it to `fd`, then closes it. A hook that exits
/// without reading is not a failure, so SIGPIPE is ignored meanwhile.
fn feed_state(fd: libc::c_int, state: &StateParts, pid: i32) {
    let mut buf = [0u8; 20];
    let number = digits(pid.into(), &mut buf);
    // SAFETY: sigaction with zeroed, then filled, structs; writes of borrowed
    // byte slices to a descriptor we own, which we then close.
    unsafe {
        let mut ignore: libc::sigaction = std::mem::zeroed();
        ignore.sa_sigaction = libc::SIG_IGN;
        let mut old: libc::sigaction = std::mem::zeroed();
        libc::sigaction(libc::SIGPIPE, &ignore, &mut old);
        'parts: for part in [state.before.as_slice(), number, state.after.as_slice()] {
            let mut done = 0;
            while done < part.len() {
                let n = libc::write(fd, part[done..].as_ptr().cast(), part.len() - done);
                if n > 0 {
                    done += n as usize;
                } else if n < 0 && super::fork::errno() == libc::EINTR {
                    continue;
                } else {
                    break 'parts;
                }
            }
        }
        libc::close(fd);
        libc::sigaction(libc::SIGPIPE, &old, std::ptr::null_mut());
    }
}

/// Waits for hook `pid`, at most `timeout` seconds (then SIGKILL): polls, as
/// the child has no threads and must not rely on signal handlers.
fn wait_hook(pid: libc::pid_t, timeout: Option<u32>) -> Result<(), Failure> {
    let status = match timeout {
        None => reap(pid),
        Some(secs) => {
            let started = now();
            loop {
                let mut status = 0;
                // SAFETY: polling our own child.
                let r = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
                if r == pid {
                    break status;
                }
                if r < 0 && super::fork::errno() != libc::EINTR {
                    return Err(Failure::Errno(super::fork::errno()));
                }
                if now() - started >= i64::from(secs) * 1_000_000_000 {
                    // SAFETY: killing our own child.
                    unsafe { libc::kill(pid, libc::SIGKILL) };
                    reap(pid);
                    return Err(Failure::TimedOut(secs));
                }
                let pause = libc::timespec {
                    tv_sec: 0,
                    tv_nsec: 10_000_000,
                };
                // SAFETY: sleeps; a signal only shortens the pause.
                unsafe { libc::nanosleep(&pause, std::ptr::null_mut()) };
            }
        }
    };
    if libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0 {
        Ok(())
    } else if libc::WIFEXITED(status) {
        Err(Failure::Exit(libc::WEXITSTATUS(status)))
    } else {
        Err(Failure::Signal(libc::WTERMSIG(status)))
    }
}

/// CLOCK_MONOTONIC in nanoseconds.
fn now() -> i64 {
    // SAFETY: zeroed timespec is a valid out-parameter.
    let mut t: libc::timespec = unsafe { std::mem::zeroed() };
    // SAFETY: clock_gettime(2) writes `t`.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut t) };
    t.tv_sec as i64 * 1_000_000_000 + t.tv_nsec as i64
}

/// Reaps our child `pid`; its wait status (0 if waiting failed).
fn reap(pid: libc::pid_t) -> libc::c_int {
    let mut status = 0;
    // SAFETY: waiting for our own child.
    while unsafe { libc::waitpid(pid, &mut status, 0) } < 0 {
        if super::fork::errno() != libc::EINTR {
            return 0;
        }
    }
    status
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::freebsd::rlimit::Rlimit;
    use crate::jail::name::JailName;
    use crate::jail::process::candidates;
    use std::io::Read;
    use std::os::fd::AsFd;

    fn steps(dir: &std::path::Path, attach_ok: bool) -> Vec<ProcessStep> {
        let jail = JailName::new(if attach_ok { "ok" } else { "nope" }, None).expect("name");
        let mut steps = vec![
            ProcessStep::OpenStateDir {
                path: dir.to_path_buf(),
            },
            ProcessStep::JailAttach { jail },
            ProcessStep::SetRlimit(Rlimit {
                name: "RLIMIT_NOFILE",
                resource: libc::RLIMIT_NOFILE as libc::c_int,
                soft: 100,
                hard: 100,
            }),
            ProcessStep::WaitForStart,
        ];
        let (uid, gid) = (
            nix::unistd::getuid().as_raw(),
            nix::unistd::getgid().as_raw(),
        );
        if uid == 0 {
            steps.push(ProcessStep::SetGroups(vec![gid]));
        }
        steps.extend([
            ProcessStep::SetGid(gid),
            ProcessStep::SetUid(uid),
            ProcessStep::Umask(0o027),
            ProcessStep::Chdir(dir.display().to_string()),
            ProcessStep::Exec {
                candidates: candidates("sh", &["PATH=/nonexistent:/bin:/usr/bin".to_string()]),
                args: vec![
                    "sh".into(),
                    "-c".into(),
                    "umask > out; ulimit -n >> out; pwd >> out".into(),
                ],
                env: vec![],
            },
        ]);
        steps
    }

    /// A state directory with the exec FIFO, as `create` leaves it.
    fn state_dir() -> (tempfile::TempDir, std::path::PathBuf, std::fs::File) {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = std::fs::canonicalize(tmp.path()).expect("canonical");
        let fd = std::fs::File::open(&dir).expect("open dir");
        crate::exec_fifo::create(fd.as_fd()).expect("mkfifo");
        (tmp, dir, fd)
    }

    fn wait(pid: i32) -> nix::sys::wait::WaitStatus {
        nix::sys::wait::waitpid(Pid::from_raw(pid), None).expect("wait")
    }

    #[test]
    fn runs_the_steps_after_start() {
        let (_tmp, dir, fd) = state_dir();
        let p = Prepared::new(&steps(&dir, true)).expect("prepared");
        let pid = spawn(&p, 3, |_| Ok(())).expect("waiting for start");
        assert!(!dir.join("out").exists(), "ran before start");
        // The same release as `start`: end-of-file at the execve, no message.
        crate::exec_fifo::release(fd.as_fd(), None).expect("released");
        assert_eq!(
            wait(pid),
            nix::sys::wait::WaitStatus::Exited(Pid::from_raw(pid), 0)
        );
        let out = std::fs::read_to_string(dir.join("out")).expect("out");
        assert_eq!(out, format!("0027\n100\n{}\n", dir.display()));
    }

    fn hook(kind: &'static str, script: &str, timeout: Option<i64>) -> ProcessStep {
        ProcessStep::Hook {
            kind,
            index: 0,
            hook: crate::config::Hook {
                path: "/bin/sh".into(),
                args: vec!["sh".into(), "-c".into(), script.into()],
                env: vec![],
                timeout,
            },
        }
    }

    #[test]
    fn the_state_is_split_at_the_top_level_pid() {
        let state = "{\"a\":{\"x\":\"\\\"pid\\\":2147483647\"},\"pid\": 2147483647,\"b\":1}";
        let parts = StateParts::split(state);
        assert_eq!(parts.before, br#"{"a":{"x":"\"pid\":2147483647"},"pid": "#);
        assert_eq!(parts.after, br#","b":1}"#);
    }

    #[test]
    fn hooks_run_before_the_wait_and_after_start_with_the_state() {
        let (_tmp, dir, fd) = state_dir();
        let created = dir.join("created");
        let started = dir.join("started");
        let mut steps = steps(&dir, true);
        let at = steps
            .iter()
            .position(|s| *s == ProcessStep::WaitForStart)
            .expect("wait");
        steps.insert(
            at + 1,
            hook(
                "startContainer",
                &format!("cat > {}", started.display()),
                None,
            ),
        );
        steps.insert(
            2,
            hook(
                "createContainer",
                &format!("cat > {}", created.display()),
                Some(5),
            ),
        );
        steps.insert(2, ProcessStep::WaitForRuntimeHooks);
        let p = Prepared::new(&steps).expect("prepared").with_states(
            StateParts::split("{\"status\":\"creating\",\"pid\":2147483647}"),
            StateParts::split("{\"status\":\"created\",\"pid\":2147483647}"),
        );
        let mut runtime_hooks_saw = None;
        let pid = spawn_with(&p, 3, |_| Ok(()), &mut |_| {
            runtime_hooks_saw = Some(created.exists());
            Ok(())
        })
        .expect("waiting for start");
        assert_eq!(runtime_hooks_saw, Some(false), "createContainer ran first");
        let text = std::fs::read_to_string(&created).expect("createContainer ran");
        assert_eq!(text, format!("{{\"status\":\"creating\",\"pid\":{pid}}}"));
        assert!(!started.exists(), "startContainer ran before start");
        crate::exec_fifo::release(fd.as_fd(), None).expect("released");
        assert_eq!(
            wait(pid),
            nix::sys::wait::WaitStatus::Exited(Pid::from_raw(pid), 0)
        );
        let text = std::fs::read_to_string(&started).expect("startContainer ran");
        assert_eq!(text, format!("{{\"status\":\"created\",\"pid\":{pid}}}"));
    }

    #[test]
    fn a_hook_past_its_timeout_is_killed_and_fails_the_step() {
        let (_tmp, dir, _fd) = state_dir();
        let mut steps = steps(&dir, true);
        steps.insert(2, hook("createContainer", "exec sleep 30", Some(1)));
        let p = Prepared::new(&steps).expect("prepared");
        let t = std::time::Instant::now();
        let e = spawn(&p, 3, |_| Ok(())).expect_err("times out");
        assert!(t.elapsed() < std::time::Duration::from_secs(10));
        assert!(
            e.to_string().ends_with(
                "SIGKILL after 1s */; waitpid() == exit 0: timed out after 1s and was killed"
            ),
            "{e}"
        );
    }

    #[test]
    fn a_failure_after_start_reaches_start_through_the_fifo() {
        let (_tmp, dir, fd) = state_dir();
        let mut steps = steps(&dir, true);
        for s in &mut steps {
            if let ProcessStep::Chdir(d) = s {
                *d = "/nonexistent".into();
            }
        }
        let p = Prepared::new(&steps).expect("prepared");
        let pid = spawn(&p, 3, |_| Ok(())).expect("waiting for start");
        let e = crate::exec_fifo::release(fd.as_fd(), None).expect_err("chdir fails");
        assert_eq!(
            e.to_string(),
            format!("chdir(\"/nonexistent\"): errno {}", libc::ENOENT)
        );
        assert_eq!(
            wait(pid),
            nix::sys::wait::WaitStatus::Exited(Pid::from_raw(pid), 127)
        );
    }

    #[test]
    fn closes_the_given_descriptors_first() {
        let (_tmp, dir, fd) = state_dir();
        let (keep_r, keep_w) = nix::unistd::pipe().expect("pipe");
        let p = Prepared::new(&steps(&dir, true))
            .expect("prepared")
            .closing(&[keep_w.as_raw_fd()]);
        let pid = spawn(&p, 3, |_| Ok(())).expect("waiting for start");
        drop(keep_w);
        // Only the child could still hold the write end: end-of-file (not
        // EAGAIN) on a non-blocking read proves it closed it.
        nix::fcntl::fcntl(
            &keep_r,
            nix::fcntl::FcntlArg::F_SETFL(nix::fcntl::OFlag::O_NONBLOCK),
        )
        .expect("non-blocking");
        let mut buf = [0u8; 1];
        let n = std::fs::File::from(keep_r).read(&mut buf);
        assert_eq!(n.ok(), Some(0), "the child still holds the descriptor");
        crate::exec_fifo::release(fd.as_fd(), None).expect("released");
        wait(pid);
    }

    #[test]
    fn reports_the_step_that_failed_before_start() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = Prepared::new(&steps(dir.path(), false)).expect("prepared");
        let e = spawn(&p, 3, |_| Err(libc::EPERM)).expect_err("attach fails");
        let msg = e.to_string();
        assert!(
            msg.starts_with("container process: jail_attach(<jid of nope>): "),
            "{msg}"
        );
    }
}
