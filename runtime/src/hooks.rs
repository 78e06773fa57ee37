//! Running hooks (config.md#posix-platform-hooks): the state on stdin, path, args and
//! env exactly as configured, and a timeout after which the hook is killed.

use crate::config::Hook;
use std::ffi::CString;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::time::Duration;
use thiserror::Error;

/// Why a hook failed.
#[derive(Debug, Error)]
#[error("{kind} hook #{index} {path}: {why}")]
pub struct HookError {
    pub kind: &'static str,
    pub index: usize,
    pub path: String,
    pub why: String,
}

/// Runs `hooks` of `kind` in order, each with `state` (JSON) on stdin; stops at the
/// first failure.
pub fn run_all(kind: &'static str, hooks: &[Hook], state: &str) -> Result<(), HookError> {
    for (index, hook) in hooks.iter().enumerate() {
        run_one(hook, state).map_err(|why| HookError {
            kind,
            index,
            path: hook.path.display().to_string(),
            why,
        })?;
    }
    Ok(())
}

/// Runs every hook of `kind`, turning failures into warnings on stderr.
pub fn run_all_warn(kind: &'static str, hooks: &[Hook], state: &str, warn: &mut dyn FnMut(String)) {
    for (index, hook) in hooks.iter().enumerate() {
        if let Err(why) = run_one(hook, state) {
            warn(
                HookError {
                    kind,
                    index,
                    path: hook.path.display().to_string(),
                    why,
                }
                .to_string(),
            );
        }
    }
}

fn run_one(hook: &Hook, state: &str) -> Result<(), String> {
    let path = cstring(hook.path.as_os_str().as_bytes())?;
    let argv0 = [hook.path.as_os_str().as_bytes().to_vec()];
    let args: Vec<CString> = if hook.args.is_empty() {
        argv0.iter().map(|a| cstring(a)).collect::<Result<_, _>>()?
    } else {
        hook.args
            .iter()
            .map(|a| cstring(a.as_bytes()))
            .collect::<Result<_, _>>()?
    };
    let env: Vec<CString> = hook
        .env
        .iter()
        .map(|e| cstring(e.as_bytes()))
        .collect::<Result<_, _>>()?;
    let child = spawn_exact(&path, &args, &env).map_err(|e| format!("cannot run: {e}"))?;
    // A hook that exits without reading gives EPIPE; that is not a failure.
    let _ = crate::fdio::write_all(child.stdin.as_raw_fd(), state.as_bytes());
    drop(child.stdin);
    let timeout = hook.timeout.map(|t| Duration::from_secs(t.max(1) as u64));
    if timeout.is_some() && !wait_with_timeout(child.pid, timeout)? {
        // SAFETY: killing and reaping our own child.
        unsafe {
            libc::kill(child.pid, libc::SIGKILL);
        }
        let _ = reap(child.pid);
        return Err(format!(
            "timed out after {}s and was killed",
            hook.timeout.unwrap_or_default()
        ));
    }
    let status = reap(child.pid).map_err(|e| format!("wait: {e}"))?;
    if libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0 {
        Ok(())
    } else if libc::WIFEXITED(status) {
        Err(format!("failed: exit status {}", libc::WEXITSTATUS(status)))
    } else {
        Err(format!(
            "failed: killed by signal {}",
            libc::WTERMSIG(status)
        ))
    }
}

fn cstring(b: &[u8]) -> Result<CString, String> {
    CString::new(b).map_err(|_| "an argument or variable contains a NUL byte".to_string())
}

/// The child side of a hook's fork, shared by the Linux path and the jail backend:
/// stdin from `stdin_fd`, stdout to our stderr, the default signal mask and SIGPIPE
/// disposition, then execve; if that fails, errno goes to `err_fd` and the child
/// exits 127.
///
/// # Safety
/// Call only in a freshly forked child; it makes async-signal-safe calls only, and
/// the pointers must be valid NUL-terminated strings and NULL-terminated arrays.
pub(crate) unsafe fn exec_hook(
    stdin_fd: libc::c_int,
    err_fd: libc::c_int,
    path: *const libc::c_char,
    argv: *const *const libc::c_char,
    envp: *const *const libc::c_char,
) -> ! {
    unsafe {
        if stdin_fd == 0 {
            // Already in place: only drop close-on-exec.
            libc::fcntl(0, libc::F_SETFD, 0);
        } else {
            libc::dup2(stdin_fd, 0);
        }
        libc::dup2(2, 1);
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigprocmask(libc::SIG_SETMASK, &set, std::ptr::null_mut());
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        libc::execve(path, argv, envp);
        let errno = io::Error::last_os_error()
            .raw_os_error()
            .unwrap_or(libc::ENOEXEC);
        let bytes = errno.to_ne_bytes();
        libc::write(err_fd, bytes.as_ptr().cast(), bytes.len());
        libc::_exit(127)
    }
}

/// A running hook: its PID and the write end of its stdin.
struct Spawned {
    pid: i32,
    stdin: OwnedFd,
}

/// fork + execve with exactly `args` and `env` (std's Command would sort the
/// environment). The hook's stdout goes to our stderr, so nothing callers read as
/// our stdout (e.g. `state`) is polluted. An exec failure comes back over a
/// close-on-exec pipe.
fn spawn_exact(path: &CString, args: &[CString], env: &[CString]) -> io::Result<Spawned> {
    let mut argv: Vec<*const libc::c_char> = args.iter().map(|a| a.as_ptr()).collect();
    argv.push(std::ptr::null());
    let mut envp: Vec<*const libc::c_char> = env.iter().map(|e| e.as_ptr()).collect();
    envp.push(std::ptr::null());
    let (stdin_r, stdin_w) = pipe()?;
    let (err_r, err_w) = pipe()?;
    // SAFETY: the child only calls async-signal-safe functions before execve/_exit.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(io::Error::last_os_error());
    }
    if pid == 0 {
        // SAFETY: a freshly forked child; exec_hook makes only async-signal-safe calls.
        unsafe {
            exec_hook(
                stdin_r.as_raw_fd(),
                err_w.as_raw_fd(),
                path.as_ptr(),
                argv.as_ptr(),
                envp.as_ptr(),
            )
        }
    }
    drop(stdin_r);
    drop(err_w);
    let mut buf = [0u8; 4];
    let n = crate::fdio::read(err_r.as_raw_fd(), &mut buf)?;
    if n == 4 {
        let _ = reap(pid);
        return Err(io::Error::from_raw_os_error(i32::from_ne_bytes(buf)));
    }
    Ok(Spawned {
        pid,
        stdin: stdin_w,
    })
}

fn pipe() -> io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0; 2];
    // SAFETY: pipe2 fills two fds.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: fresh fds.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

/// Waits for our child `pid`; returns its wait status.
fn reap(pid: i32) -> io::Result<i32> {
    let mut status = 0;
    loop {
        // SAFETY: waiting for our own child.
        let r = unsafe { libc::waitpid(pid, &mut status, 0) };
        if r >= 0 {
            return Ok(status);
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
}

#[cfg(target_os = "linux")]
fn wait_with_timeout(pid: i32, timeout: Option<Duration>) -> Result<bool, String> {
    let pidfd = crate::pidfd::PidFd::open(pid).map_err(|e| format!("pidfd: {e}"))?;
    pidfd.wait_exit(timeout).map_err(|e| format!("wait: {e}"))
}

/// Without pidfds (FreeBSD): a thread waits for the exit.
#[cfg(not(target_os = "linux"))]
fn wait_with_timeout(pid: i32, timeout: Option<Duration>) -> Result<bool, String> {
    exits_within(pid, timeout)
}

/// Whether our child `pid` exits within `timeout`, leaving it unreaped (as a
/// pidfd wait does). A thread blocks in waitid(WNOWAIT) and reports on a
/// channel, so no platform-specific descriptor is needed.
#[cfg_attr(all(target_os = "linux", not(test)), allow(dead_code))]
fn exits_within(pid: i32, timeout: Option<Duration>) -> Result<bool, String> {
    use std::sync::mpsc::RecvTimeoutError;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || loop {
        // SAFETY: zeroed siginfo_t is a valid out-parameter.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        // SAFETY: waitid(2) on our child, writing into `info`.
        let r = unsafe {
            libc::waitid(
                libc::P_PID,
                pid as libc::id_t,
                &mut info,
                libc::WEXITED | libc::WNOWAIT,
            )
        };
        if r == 0 || io::Error::last_os_error().kind() != io::ErrorKind::Interrupted {
            let _ = tx.send(());
            return;
        }
    });
    let got = match timeout {
        Some(t) => rx.recv_timeout(t),
        None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
    };
    match got {
        // Exited (or waitid failed, which the reap that follows reports).
        Ok(()) => Ok(true),
        Err(RecvTimeoutError::Timeout) => Ok(false),
        Err(RecvTimeoutError::Disconnected) => Err("wait: the waiting thread died".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str) -> Hook {
        Hook {
            path: "/bin/sh".into(),
            args: vec!["sh".into(), "-c".into(), script.into()],
            env: vec!["A=1".into()],
            timeout: None,
        }
    }

    #[test]
    fn passes_state_args_and_env() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("out");
        let script = format!(
            "cat > {o}; echo \"$0 $A $(env | wc -l)\" >> {o}",
            o = out.display()
        );
        run_all("createRuntime", &[sh(&script)], "{\"id\":\"x\"}").expect("hook");
        let text = std::fs::read_to_string(&out).expect("read");
        // sh adds PWD, SHLVL and _ to what it sees, but only A came from us.
        assert!(text.starts_with("{\"id\":\"x\"}sh 1 "), "{text}");
    }

    #[test]
    fn env_order_is_kept() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("env");
        let hook = Hook {
            path: "/usr/bin/env".into(),
            args: vec![],
            env: vec!["Z=1".into(), "A=2".into(), "M=".into()],
            timeout: None,
        };
        let redirect = Hook {
            path: "/bin/sh".into(),
            args: vec![
                "sh".into(),
                "-c".into(),
                format!("/usr/bin/env -0 > {}", out.display()),
            ],
            env: hook.env.clone(),
            timeout: None,
        };
        run_all("poststop", &[hook, redirect], "{}").expect("hooks");
        let text = std::fs::read_to_string(&out).expect("read");
        assert!(text.starts_with("Z=1\0A=2\0M=\0"), "{text:?}");
    }

    #[test]
    fn missing_program_is_an_error() {
        let h = Hook {
            path: "/nonexistent/hook".into(),
            ..Default::default()
        };
        let err = run_all("createRuntime", &[h], "{}").expect_err("fails");
        assert!(err.why.starts_with("cannot run"), "{err}");
    }

    #[test]
    fn failure_names_the_hook() {
        let err = run_all("prestart", &[sh("true"), sh("exit 3")], "{}").expect_err("fails");
        assert_eq!(err.index, 1);
        assert!(
            err.to_string()
                .starts_with("prestart hook #1 /bin/sh: failed"),
            "{err}"
        );
    }

    #[test]
    fn the_portable_wait_times_out_and_sees_exits() {
        let spawn = |script: &std::ffi::CStr| {
            let args = [c"sh".to_owned(), c"-c".to_owned(), script.to_owned()];
            spawn_exact(&c"/bin/sh".to_owned(), &args, &[])
                .expect("spawn")
                .pid
        };
        let pid = spawn(c"exec sleep 30");
        let t = std::time::Instant::now();
        assert_eq!(
            exits_within(pid, Some(Duration::from_millis(200))),
            Ok(false)
        );
        assert!(t.elapsed() < Duration::from_secs(10));
        // SAFETY: killing our own child.
        unsafe { libc::kill(pid, libc::SIGKILL) };
        assert_eq!(exits_within(pid, Some(Duration::from_secs(10))), Ok(true));
        // Not reaped by the wait: the status is still ours to collect.
        let status = reap(pid).expect("reap");
        assert!(libc::WIFSIGNALED(status) && libc::WTERMSIG(status) == libc::SIGKILL);
        let pid = spawn(c"exit 0");
        assert_eq!(exits_within(pid, None), Ok(true));
        assert_eq!(reap(pid).ok(), Some(0));
    }

    #[test]
    fn timeout_kills() {
        let mut h = sh("exec sleep 30");
        h.timeout = Some(1);
        let t = std::time::Instant::now();
        let err = run_all("poststop", &[h], "{}").expect_err("times out");
        assert!(err.why.contains("timed out"));
        assert!(t.elapsed() < Duration::from_secs(10));
    }
}
