//! `exec` on Linux: a new process inside a running container, by joining the
//! namespaces of its init (setns), then the same process settings as the container
//! process (rlimits, user, capabilities, cwd, terminal), then execve.
//!
//! The child reports a failure before execve on a close-on-exec pipe: end of file
//! without a message means the program is running. When the container process of
//! the unified step list (one-process-core issue) lands, the child's work here
//! becomes a step list: join namespaces, then the process steps.

use super::process;
use super::sys;
use crate::backend::{BackendError, ExecRequest};
use crate::config::Process;
use crate::console;
use crate::inherited_fds;
use crate::state::Record;
use nix::sys::stat::fstat;
use nix::unistd::{fork, ForkResult};
use std::fs::File;
use std::io::Read;
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::net::UnixStream;
use std::path::Path;

/// The namespaces an exec'd process joins, in order (mount last: after it the
/// host's /proc paths are out of reach).
const NAMESPACES: &[(&str, u64)] = &[
    ("ipc", libc::CLONE_NEWIPC as u64),
    ("uts", libc::CLONE_NEWUTS as u64),
    ("net", libc::CLONE_NEWNET as u64),
    ("cgroup", libc::CLONE_NEWCGROUP as u64),
    ("mnt", libc::CLONE_NEWNS as u64),
];

/// A namespace of the container that differs from ours.
struct Join {
    fd: File,
    flag: u64,
}

/// Starts `req.process` in the container of `record`; returns its host PID.
pub fn spawn(record: &Record, req: &ExecRequest<'_>) -> Result<i32, BackendError> {
    let pid_ns = differing(record.pid, "pid")?;
    let mut joins = Vec::new();
    for (kind, flag) in NAMESPACES {
        if let Some(fd) = differing(record.pid, kind)? {
            joins.push(Join { fd, flag: *flag });
        }
    }
    // The descriptors pin the namespaces; make sure they are the container's.
    if !crate::process_status::is_same_alive(record.pid, record.pid_start_time) {
        return Err(BackendError("container not running".into()));
    }
    let own_mount_ns = joins.iter().any(|j| j.flag == libc::CLONE_NEWNS as u64);
    // The socket path is the caller's: connect before entering the mount namespace.
    let console = match (req.process.terminal, req.console_socket) {
        (true, Some(s)) => Some(
            console::connect(s)
                .map_err(|e| BackendError::new(format!("console socket {}", s.display()), e))?,
        ),
        _ => None,
    };
    let (read_end, write_end) = nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC)
        .map_err(|e| BackendError::new("pipe", e))?;

    let ours = match &pid_ns {
        Some(theirs) => {
            let ours = File::open("/proc/self/ns/pid")
                .map_err(|e| BackendError::new("own pid namespace", e))?;
            sys::setns(theirs.as_raw_fd(), libc::CLONE_NEWPID as u64)
                .map_err(|e| BackendError::new("join pid namespace", e))?;
            Some(ours)
        }
        None => None,
    };
    // SAFETY: jailrun is single-threaded; the child only runs the code below and
    // leaves by execve or _exit.
    let forked = unsafe { fork() };
    if let Some(ours) = &ours {
        let _ = sys::setns(ours.as_raw_fd(), libc::CLONE_NEWPID as u64);
    }
    match forked.map_err(|e| BackendError::new("fork", e))? {
        ForkResult::Child => {
            drop(read_end);
            let why = enter(record, req, &joins, own_mount_ns, console.as_ref());
            let _ = crate::fdio::write_all(write_end.as_raw_fd(), why.as_bytes());
            // SAFETY: leaving the forked child without running destructors.
            unsafe { libc::_exit(127) }
        }
        ForkResult::Parent { child } => {
            drop(write_end);
            let mut why = String::new();
            let _ = File::from(read_end).read_to_string(&mut why);
            if why.is_empty() {
                return Ok(child.as_raw());
            }
            let _ = nix::sys::wait::waitpid(child, None);
            Err(BackendError(why))
        }
    }
}

/// The container's namespace `kind`, when it is not the one we are in.
fn differing(pid: i32, kind: &str) -> Result<Option<File>, BackendError> {
    let theirs_path = format!("/proc/{pid}/ns/{kind}");
    let theirs = match File::open(&theirs_path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return if Path::new(&format!("/proc/{pid}")).exists() {
                Ok(None) // the kernel has no such namespace type
            } else {
                Err(BackendError("container not running".into()))
            };
        }
        Err(e) => return Err(BackendError::new(theirs_path, e)),
    };
    let ours = File::open(format!("/proc/self/ns/{kind}"))
        .map_err(|e| BackendError::new(format!("own {kind} namespace"), e))?;
    let id = |f: &File| fstat(f).map(|s| (s.st_dev, s.st_ino));
    match (id(&theirs), id(&ours)) {
        (Ok(a), Ok(b)) if a == b => Ok(None),
        (Ok(_), Ok(_)) => Ok(Some(theirs)),
        (Err(e), _) | (_, Err(e)) => Err(BackendError::new(theirs_path, e)),
    }
}

/// In the forked child: joins the container and executes the program. Returns why
/// it could not.
fn enter(
    record: &Record,
    req: &ExecRequest<'_>,
    joins: &[Join],
    own_mount_ns: bool,
    console: Option<&UnixStream>,
) -> String {
    match enter_steps(record, req, joins, own_mount_ns, console) {
        Ok(path) => {
            process::reset_signals();
            process::exec(&path, &req.process.args, &req.process.env)
        }
        Err(e) => e,
    }
}

fn enter_steps(
    record: &Record,
    req: &ExecRequest<'_>,
    joins: &[Join],
    own_mount_ns: bool,
    console: Option<&UnixStream>,
) -> Result<std::path::PathBuf, String> {
    let p: &Process = req.process;
    // Caller descriptors past the preserved ones must not reach the container
    // (listed through the host's /proc, before the mount namespace changes).
    inherited_fds::cloexec_from(3 + req.preserve_fds as i32)
        .map_err(|e| format!("close inherited descriptors: {e}"))?;
    process::set_oom_score_adj(p.oom_score_adj)?;
    for j in joins {
        sys::setns(j.fd.as_raw_fd(), j.flag).map_err(|e| format!("setns: {e}"))?;
    }
    if !own_mount_ns {
        // The container shares our mount namespace: its root is a directory of ours.
        nix::unistd::chroot(&record.rootfs)
            .map_err(|e| format!("chroot {}: {e}", record.rootfs.display()))?;
    }
    let terminal = match console {
        Some(sock) => Some(open_terminal(p, sock)?),
        None => None,
    };
    process::set_rlimits(&p.rlimits)?;
    process::drop_bounding(p.capabilities.as_ref())?;
    process::set_user(p)?;
    process::set_capabilities(p.capabilities.as_ref())?;
    process::set_no_new_privileges(p.no_new_privileges)?;
    sys::chdir(Path::new(&p.cwd)).map_err(|e| format!("chdir {}: {e}", p.cwd))?;
    let path = process::find_executable(&p.args[0], &p.env)?;
    if let Some(slave) = terminal {
        console::become_session_leader_on(&slave).map_err(|e| format!("console: {e}"))?;
    }
    Ok(path)
}

/// A pty of the container's devpts; the master goes to the console socket.
fn open_terminal(p: &Process, sock: &UnixStream) -> Result<OwnedFd, String> {
    let ptmx = Path::new("/dev/ptmx");
    let pty = console::open_pty(ptmx).map_err(|e| format!("open pty {}: {e}", ptmx.display()))?;
    if let Some(size) = p.console_size {
        console::set_size(pty.master.as_raw_fd(), size)
            .map_err(|e| format!("console size: {e}"))?;
    }
    console::send_master(sock, &pty.master, &pty.name)
        .map_err(|e| format!("console socket: {e}"))?;
    Ok(pty.slave)
}
