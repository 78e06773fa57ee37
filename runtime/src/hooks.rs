//! Running hooks (config.md#posix-platform-hooks): the state on stdin, path, args and
//! env exactly as configured, and a timeout after which the hook is killed.

use crate::exit_watch::ExitWatch;
use crate::spec::config::Hook;
use nix::sys::signal::{killpg, SigSet, SigmaskHow, Signal};
use nix::sys::wait::{waitpid, WaitStatus};
use nix::unistd::{fork, pipe2, ForkResult, Pid};
use std::ffi::CString;
use std::io;
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::time::Duration;
use thiserror::Error;

/// Why a hook failed.
#[derive(Debug, Error)]
#[error("{kind} hook #{index} {path}: {failure}")]
pub struct HookError {
    pub kind: &'static str,
    pub index: usize,
    pub path: String,
    pub failure: HookFailure,
}

/// How one hook failed.
#[derive(Debug, Error)]
pub enum HookFailure {
    #[error("an argument or variable contains a NUL byte")]
    Nul,
    #[error("cannot run: {0}")]
    Spawn(io::Error),
    #[error("wait: {0}")]
    Wait(io::Error),
    #[error("failed: exit status {0}")]
    Exit(i32),
    #[error("failed: killed by signal {0}")]
    Signal(i32),
    #[error("timed out after {0}s and was killed")]
    TimedOut(i64),
}

/// Runs `hooks` of `kind` in order, each with `state` (JSON) on stdin; stops at the
/// first failure.
pub fn run_all(kind: &'static str, hooks: &[Hook], state: &str) -> Result<(), HookError> {
    for (index, hook) in hooks.iter().enumerate() {
        run_one(hook, state).map_err(|failure| HookError {
            kind,
            index,
            path: hook.path.display().to_string(),
            failure,
        })?;
    }
    Ok(())
}

/// Runs every hook of `kind`, turning failures into warnings.
pub fn run_all_warn(kind: &'static str, hooks: &[Hook], state: &str, warn: &mut dyn FnMut(String)) {
    for (index, hook) in hooks.iter().enumerate() {
        if let Err(failure) = run_one(hook, state) {
            let e = HookError {
                kind,
                index,
                path: hook.path.display().to_string(),
                failure,
            };
            warn(e.to_string());
        }
    }
}

/// Runs one hook: the one hook spawner of jailrun, used by the runtime and by
/// the container process alike. Path, argv and envp exactly as configured (std's
/// Command would sort the environment), the state on stdin, stdout to our
/// stderr (so nothing callers read as our stdout is polluted), its own process
/// group, so a timeout kills whatever it started as well.
pub fn run_one(hook: &Hook, state: &str) -> Result<(), HookFailure> {
    let path = cstring(hook.path.as_os_str().as_bytes())?;
    let args: Vec<CString> = if hook.args.is_empty() {
        vec![path.clone()]
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
    let (pid, stdin) = spawn(&path, &args, &env).map_err(HookFailure::Spawn)?;
    // A hook that exits without reading gives EPIPE (SIGPIPE is ignored by the
    // Rust runtime); that is not a failure.
    let _ = crate::fdio::write_all(stdin.as_raw_fd(), state.as_bytes());
    drop(stdin);
    if let Some(secs) = hook.timeout {
        let watch = ExitWatch::open(pid.as_raw()).map_err(HookFailure::Wait)?;
        let limit = Duration::from_secs(secs.max(1) as u64);
        if !watch.wait(Some(limit)).map_err(HookFailure::Wait)? {
            let _ = killpg(pid, Signal::SIGKILL);
            let _ = reap(pid);
            return Err(HookFailure::TimedOut(secs));
        }
    }
    match reap(pid).map_err(HookFailure::Wait)? {
        WaitStatus::Exited(_, 0) => Ok(()),
        WaitStatus::Exited(_, n) => Err(HookFailure::Exit(n)),
        WaitStatus::Signaled(_, sig, _) => Err(HookFailure::Signal(sig as i32)),
        other => Err(HookFailure::Wait(io::Error::other(format!("{other:?}")))),
    }
}

fn cstring(b: &[u8]) -> Result<CString, HookFailure> {
    CString::new(b).map_err(|_| HookFailure::Nul)
}

/// fork + execve; returns the pid and the write end of the hook's stdin. An exec
/// failure comes back as its errno over a close-on-exec pipe.
fn spawn(path: &CString, args: &[CString], env: &[CString]) -> io::Result<(Pid, OwnedFd)> {
    let (stdin_r, stdin_w) = pipe2(nix::fcntl::OFlag::O_CLOEXEC)?;
    let (err_r, err_w) = pipe2(nix::fcntl::OFlag::O_CLOEXEC)?;
    // SAFETY: jailrun is single-threaded whenever it forks (it starts no
    // threads), so the child may run ordinary code until execve.
    match unsafe { fork() }? {
        ForkResult::Child => {
            let errno = exec_hook(&stdin_r, path, args, env);
            let _ = nix::unistd::write(&err_w, &(errno as i32).to_ne_bytes());
            // SAFETY: ends the forked child without running the parent's destructors.
            unsafe { libc::_exit(127) }
        }
        ForkResult::Parent { child } => {
            drop(stdin_r);
            drop(err_w);
            let mut buf = [0u8; 4];
            let n = crate::fdio::read(err_r.as_raw_fd(), &mut buf)?;
            if n == 4 {
                let _ = reap(child);
                return Err(io::Error::from_raw_os_error(i32::from_ne_bytes(buf)));
            }
            Ok((child, stdin_w))
        }
    }
}

/// The hook's side of the fork: its own process group, stdin from the pipe,
/// stdout to our stderr, the default signal mask and SIGPIPE action, execve.
/// Returns only on failure.
fn exec_hook(
    stdin: &OwnedFd,
    path: &CString,
    args: &[CString],
    env: &[CString],
) -> nix::errno::Errno {
    let setup = || -> nix::Result<std::convert::Infallible> {
        nix::unistd::setpgid(Pid::from_raw(0), Pid::from_raw(0))?;
        nix::unistd::dup2_stdin(stdin)?;
        nix::unistd::dup2_stdout(std::io::stderr())?;
        nix::sys::signal::sigprocmask(SigmaskHow::SIG_SETMASK, Some(&SigSet::empty()), None)?;
        // SAFETY: restoring the default action installs no handler.
        unsafe { nix::sys::signal::signal(Signal::SIGPIPE, nix::sys::signal::SigHandler::SigDfl) }?;
        nix::unistd::execve(path, args, env)
    };
    match setup() {
        Ok(never) => match never {},
        Err(e) => e,
    }
}

/// Waits for our child `pid`.
fn reap(pid: Pid) -> io::Result<WaitStatus> {
    loop {
        match waitpid(pid, None) {
            Ok(s @ (WaitStatus::Exited(..) | WaitStatus::Signaled(..))) => return Ok(s),
            Ok(_) | Err(nix::errno::Errno::EINTR) => continue,
            Err(e) => return Err(e.into()),
        }
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
        assert!(matches!(err.failure, HookFailure::Spawn(_)), "{err}");
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
    fn timeout_kills() {
        let mut h = sh("exec sleep 30");
        h.timeout = Some(1);
        let t = std::time::Instant::now();
        let err = run_all("poststop", &[h], "{}").expect_err("times out");
        assert!(t.elapsed() < Duration::from_secs(10));
        assert!(matches!(err.failure, HookFailure::TimedOut(1)), "{err}");
    }

    #[test]
    fn a_timeout_kills_the_hooks_whole_group() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let pidfile = tmp.path().join("child");
        let mut h = sh(&format!("sleep 30 & echo $! > {}; wait", pidfile.display()));
        h.timeout = Some(1);
        let err = run_all("poststop", &[h], "{}").expect_err("times out");
        assert!(matches!(err.failure, HookFailure::TimedOut(1)), "{err}");
        let pid: i32 = std::fs::read_to_string(&pidfile)
            .expect("the hook wrote its child's pid")
            .trim()
            .parse()
            .expect("a pid");
        // The hook's own child is gone too (or about to be: a watch sees it exit).
        if let Ok(w) = ExitWatch::open(pid) {
            assert!(
                w.wait(Some(Duration::from_secs(10))).expect("wait"),
                "the hook's child survived"
            );
        }
    }
}
