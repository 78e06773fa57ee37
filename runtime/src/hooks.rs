//! Running hooks (config.md#posix-platform-hooks): the state on stdin, path, args and
//! env exactly as configured, and a timeout after which the hook is killed.

use crate::config::Hook;
use std::io::{self, Write};
use std::os::fd::AsFd;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
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
    let mut cmd = Command::new(&hook.path);
    if let Some((arg0, rest)) = hook.args.split_first() {
        cmd.arg0(arg0).args(rest);
    }
    cmd.env_clear();
    for kv in &hook.env {
        match kv.split_once('=') {
            Some((k, v)) => cmd.env(k, v),
            None => cmd.env(kv, ""),
        };
    }
    // Hook output goes to our stderr, so nothing the caller reads as our stdout
    // (e.g. `state`) is polluted and no pipe of ours is held by a lingering hook.
    let stdout: Stdio = match io::stderr().as_fd().try_clone_to_owned() {
        Ok(fd) => fd.into(),
        Err(_) => Stdio::null(),
    };
    cmd.stdin(Stdio::piped())
        .stdout(stdout)
        .stderr(Stdio::inherit());
    let mut child = cmd.spawn().map_err(|e| format!("cannot run: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        // A hook that exits without reading gives EPIPE; that is not a failure.
        let _ = stdin.write_all(state.as_bytes());
    }
    let timeout = hook.timeout.map(|t| Duration::from_secs(t.max(1) as u64));
    if timeout.is_some() {
        let exited = wait_with_timeout(child.id() as i32, timeout)?;
        if !exited {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "timed out after {}s and was killed",
                hook.timeout.unwrap_or_default()
            ));
        }
    }
    let status = child.wait().map_err(|e| format!("wait: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("failed: {status}"))
    }
}

#[cfg(target_os = "linux")]
fn wait_with_timeout(pid: i32, timeout: Option<Duration>) -> Result<bool, String> {
    let pidfd = crate::pidfd::PidFd::open(pid).map_err(|e| format!("pidfd: {e}"))?;
    pidfd.wait_exit(timeout).map_err(|e| format!("wait: {e}"))
}

/// Without pidfds the timeout is not enforced (the FreeBSD backend may add kqueue).
#[cfg(not(target_os = "linux"))]
fn wait_with_timeout(_pid: i32, _timeout: Option<Duration>) -> Result<bool, String> {
    Ok(true)
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
        assert!(err.why.contains("timed out"));
        assert!(t.elapsed() < Duration::from_secs(10));
    }
}
