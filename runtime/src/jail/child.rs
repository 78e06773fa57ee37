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
//! Portable: jail_attach(2) is passed in, so the same code runs under test on
//! Linux with a stand-in.

use super::process::{ProcessStep, EXEC_FIFO};
use nix::unistd::{fork, pipe2, ForkResult, Pid};
use std::ffi::{CString, NulError};
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
}

enum Op {
    OpenStateDir(CString),
    Attach,
    Rlimit {
        resource: i32,
        soft: i64,
        hard: i64,
    },
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
    Step { step: String, error: io::Error },
    #[error("container process exited before waiting for start")]
    Died,
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
                ProcessStep::SetRlimit(r) => Op::Rlimit {
                    resource: r.resource,
                    soft: r.soft,
                    hard: r.hard,
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
        })
    }

    /// Makes the child close `fds` before anything else.
    pub fn closing(mut self, fds: &[RawFd]) -> Prepared {
        self.close = fds.to_vec();
        self
    }
}

/// Index in the pipe message that means "waiting for start".
const READY: u32 = u32::MAX;

/// Forks the container process, which runs `p` with `attach(jid)` as its
/// jail_attach(2); returns its pid once it waits for `start`.
pub fn spawn(
    p: &Prepared,
    jid: i32,
    attach: fn(i32) -> Result<(), i32>,
) -> Result<i32, SpawnError> {
    let (read, write) = pipe2(nix::fcntl::OFlag::O_CLOEXEC).map_err(io::Error::from)?;
    // SAFETY: the child runs `run_ops`, which makes async-signal-safe calls only.
    match unsafe { fork() }.map_err(io::Error::from)? {
        ForkResult::Child => {
            drop(read);
            run_ops(p, jid, attach, &write)
        }
        ForkResult::Parent { child } => {
            drop(write);
            wait_ready(p, child, read)
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

fn wait_ready(p: &Prepared, child: Pid, read: OwnedFd) -> Result<i32, SpawnError> {
    let mut buf = [0u8; 8];
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
    let errno = i32::from_ne_bytes([buf[4], buf[5], buf[6], buf[7]]);
    if got == buf.len() && index == READY {
        return Ok(child.as_raw());
    }
    let _ = nix::sys::wait::waitpid(child, None);
    if got < buf.len() {
        return Err(SpawnError::Died);
    }
    Err(SpawnError::Step {
        step: p.labels.get(index as usize).cloned().unwrap_or_default(),
        error: io::Error::from_raw_os_error(errno),
    })
}

/// The child: runs the ops; never returns.
fn run_ops(p: &Prepared, jid: i32, attach: fn(i32) -> Result<(), i32>, pipe: &OwnedFd) -> ! {
    for fd in &p.close {
        // SAFETY: closing the child's copy of a descriptor the parent keeps.
        unsafe { libc::close(*fd) };
    }
    let mut fds = Fds {
        statedir: -1,
        fifo: -1,
    };
    let mut ready_sent = false;
    for (i, op) in p.ops.iter().enumerate() {
        if matches!(op, Op::WaitForStart(_)) {
            send(pipe, READY, 0);
            ready_sent = true;
        }
        if let Err(errno) = run_op(op, jid, attach, &mut fds) {
            if ready_sent {
                let label = p.labels.get(i).map_or("", String::as_str);
                complain(fds.fifo, label, errno);
            } else {
                send(pipe, i as u32, errno);
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
}

fn run_op(op: &Op, jid: i32, attach: fn(i32) -> Result<(), i32>, fds: &mut Fds) -> Result<(), i32> {
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
                        _ => return Err(e),
                    }
                }
                return Err(err);
            }
        }
    }
    Ok(())
}

fn send(pipe: &OwnedFd, index: u32, errno: i32) {
    let mut msg = [0u8; 8];
    msg[..4].copy_from_slice(&index.to_ne_bytes());
    msg[4..].copy_from_slice(&errno.to_ne_bytes());
    // SAFETY: writes 8 bytes from a stack buffer.
    unsafe { libc::write(pipe.as_raw_fd(), msg.as_ptr().cast(), msg.len()) };
}

/// Writes "<label>: errno <n>" to the exec FIFO (stderr if it is not open)
/// without allocating.
fn complain(fifo: libc::c_int, label: &str, errno: i32) {
    let to = if fifo >= 0 { fifo } else { 2 };
    let mut digits = [0u8; 12];
    let mut n = errno.unsigned_abs();
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 || at == 0 {
            break;
        }
    }
    for part in [label.as_bytes(), b": errno ", &digits[at..]] {
        // SAFETY: writes a borrowed byte slice to an open descriptor.
        unsafe { libc::write(to, part.as_ptr().cast(), part.len()) };
    }
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
                resource: libc::RLIMIT_NOFILE as i32,
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
