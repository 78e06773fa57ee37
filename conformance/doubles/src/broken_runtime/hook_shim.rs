//! The hook shim: the wrapper's binary, installed by the hook modes in place of a
//! runtime-namespace hook. The runtime runs it as it would run the hook; the shim
//! runs the real hook (its path is in `JAILCHECK_HOOK_PATH`) with one fault added,
//! so the suite sees what a runtime with that fault would do.

use std::ffi::CString;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::ffi::OsStringExt;
use std::process::{Command, ExitCode};

use nix::spawn::{posix_spawn, PosixSpawnAttr, PosixSpawnFileActions};
use nix::sys::signal::{kill, Signal};
use nix::sys::wait::{waitpid, WaitStatus};
use nix::unistd::{dup2_stdin, execve, getppid, Pid};
use serde_json::{json, Value};

use jailcheck::broken_mode::roles::{Shim, SHIM_ENV, SHIM_PATH_ENV};
use jailcheck::broken_mode::Error;

/// Runs as the shim named `name`: reads the state from stdin, then runs the hook
/// with the same argv and environment (in order, without the shim's variables).
pub fn run(name: &str) -> Result<ExitCode, Error> {
    let shim = Shim::parse(name).ok_or_else(|| Error::Call(format!("unknown shim {name:?}")))?;
    let path = std::env::var(SHIM_PATH_ENV)
        .map_err(|_| Error::Call(format!("{SHIM_PATH_ENV} is not set")))?;
    let mut input = Vec::new();
    std::io::stdin()
        .read_to_end(&mut input)
        .map_err(Error::io("stdin"))?;
    let mut state: Value = serde_json::from_slice(&input).unwrap_or(Value::Null);
    edit_state(shim, &mut state, getppid().as_raw());
    if state != Value::Null {
        input = state.to_string().into_bytes();
    }
    if shim == Shim::SkipDuringCreate && ancestor_runs_create(getppid()) {
        return Ok(ExitCode::SUCCESS);
    }
    if shim == Shim::EnterContainerUts {
        enter_uts_of(&state)?;
    }
    let hook = Hook::new(&path)?;
    let stdin = state_pipe(&input)?;
    match shim {
        Shim::IgnoreFailure => {
            hook.spawn_and_wait(stdin)?;
            Ok(ExitCode::SUCCESS)
        }
        Shim::AbortOnFailure => {
            let code = hook.spawn_and_wait(stdin)?;
            if code != 0 {
                let _ = kill(getppid(), Signal::SIGKILL);
            }
            Ok(ExitCode::from(code))
        }
        // The hook replaces the shim, so the runtime's timeout and exit status
        // apply to it directly.
        _ => Err(hook.exec(stdin)),
    }
}

/// The real hook: its path, and the shim's argv and environment.
struct Hook {
    path: CString,
    argv: Vec<CString>,
    env: Vec<CString>,
}

impl Hook {
    fn new(path: &str) -> Result<Hook, Error> {
        let cstring = |b: Vec<u8>| {
            CString::new(b).map_err(|e| Error::Call(format!("NUL in an argument: {e}")))
        };
        let argv = std::env::args_os()
            .map(|a| cstring(a.into_vec()))
            .collect::<Result<_, _>>()?;
        let env = std::env::vars_os()
            .filter(|(k, _)| k != SHIM_ENV && k != SHIM_PATH_ENV)
            .map(|(k, v)| {
                let mut kv = k.into_vec();
                kv.push(b'=');
                kv.extend(v.into_vec());
                cstring(kv)
            })
            .collect::<Result<_, _>>()?;
        Ok(Hook {
            path: cstring(path.as_bytes().to_vec())?,
            argv,
            env,
        })
    }

    /// Replaces the shim with the hook, `stdin` as its standard input.
    fn exec(&self, stdin: OwnedFd) -> Error {
        if let Err(e) = dup2_stdin(&stdin) {
            return Error::sys("dup2 stdin")(e);
        }
        match execve(&self.path, &self.argv, &self.env) {
            Err(e) => Error::sys("execve hook")(e),
            Ok(never) => match never {},
        }
    }

    /// Runs the hook as a child and returns its exit status (1 for a signal).
    fn spawn_and_wait(&self, stdin: OwnedFd) -> Result<u8, Error> {
        let mut actions = PosixSpawnFileActions::init().map_err(Error::sys("spawn actions"))?;
        actions
            .add_dup2(stdin.as_raw_fd(), 0)
            .map_err(Error::sys("spawn dup2"))?;
        let attr = PosixSpawnAttr::init().map_err(Error::sys("spawn attributes"))?;
        let pid = posix_spawn(self.path.as_c_str(), &actions, &attr, &self.argv, &self.env)
            .map_err(Error::sys("posix_spawn hook"))?;
        drop(stdin);
        match waitpid(pid, None).map_err(Error::sys("waitpid hook"))? {
            WaitStatus::Exited(_, code) => Ok(u8::try_from(code).unwrap_or(1)),
            _ => Ok(1),
        }
    }
}

/// A pipe holding `input`, closed for writing: the hook's stdin.
fn state_pipe(input: &[u8]) -> Result<OwnedFd, Error> {
    let (read, write) = nix::unistd::pipe().map_err(Error::sys("pipe"))?;
    // The state is far below the pipe's buffer, so this write does not block.
    std::fs::File::from(write)
        .write_all(input)
        .map_err(Error::io("state pipe"))?;
    Ok(read)
}

/// The state edits of the shims that alter what the hook reads.
fn edit_state(shim: Shim, state: &mut Value, runtime_pid: i32) {
    let Some(o) = state.as_object_mut() else {
        return;
    };
    match shim {
        Shim::DropAnnotations => {
            o.remove("annotations");
        }
        Shim::WrongStatus => {
            let wrong = match o.get("status").and_then(Value::as_str) {
                Some("running") => "created",
                _ => "running",
            };
            o.insert("status".into(), json!(wrong));
        }
        Shim::WrongPid => {
            o.insert("pid".into(), json!(runtime_pid));
        }
        _ => {}
    }
}

/// Joins the UTS namespace of the state's pid (nothing when there is no pid).
#[cfg(target_os = "linux")]
fn enter_uts_of(state: &Value) -> Result<(), Error> {
    use nix::sched::CloneFlags;
    let Some(pid) = state["pid"].as_i64() else {
        return Ok(());
    };
    let path = format!("/proc/{pid}/ns/uts");
    let ns = std::fs::File::open(&path).map_err(Error::io(&path))?;
    nix::sched::setns(ns, CloneFlags::CLONE_NEWUTS).map_err(Error::sys("setns uts"))
}

/// Namespaces are Linux's: elsewhere the shim refuses (the self-test runs this
/// mode on Linux only).
#[cfg(not(target_os = "linux"))]
fn enter_uts_of(_state: &Value) -> Result<(), Error> {
    Err(Error::Call(
        "enter-container-uts needs Linux namespaces".into(),
    ))
}

/// Whether `pid` or one of its next few ancestors is a runtime doing `create`
/// (`ps` reads the command lines the same way on Linux and FreeBSD).
fn ancestor_runs_create(mut pid: Pid) -> bool {
    for _ in 0..4 {
        let Ok(out) = Command::new("ps")
            .args(["-o", "ppid=,args=", "-p", &pid.to_string()])
            .output()
        else {
            return false;
        };
        let text = String::from_utf8_lossy(&out.stdout);
        let mut words = text.split_whitespace();
        let parent = words.next().and_then(|p| p.parse::<i32>().ok());
        if words.any(|w| w == "create") {
            return true;
        }
        match parent {
            Some(p) if p > 1 => pid = Pid::from_raw(p),
            _ => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn state_edits_change_one_field() {
        let state = json!({"ociVersion": "1.3.0", "id": "c", "status": "creating", "pid": 42,
                           "bundle": "/b", "annotations": {"a": "b"}});
        let edited = |shim| {
            let mut s = state.clone();
            edit_state(shim, &mut s, 7);
            s
        };
        let mut want = state.clone();
        if let Some(o) = want.as_object_mut() {
            o.remove("annotations");
        }
        assert_eq!(edited(Shim::DropAnnotations), want);
        assert_eq!(edited(Shim::WrongStatus)["status"], "running");
        assert_eq!(edited(Shim::WrongPid)["pid"], 7);
        assert_eq!(edited(Shim::IgnoreFailure), state);
        let mut running = state.clone();
        running["status"] = json!("running");
        edit_state(Shim::WrongStatus, &mut running, 7);
        assert_eq!(running["status"], "created");
    }
}
