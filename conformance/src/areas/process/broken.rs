//! The broken modes of the process area: faults the self-test's wrapper runtime adds
//! to a working one, each with the requirements whose tests must catch it (see
//! `crate::broken_mode`), and the MUSTs of the area no mode breaks.
//!
//! Modes that mishandle the process (config.md#process, #posix-platform-user,
//! #posix-process). The unit tests of the config edits that moved to the identity,
//! root and lifecycle areas stay here, with the fixture they share.

use std::process::{Command, Stdio};

use nix::fcntl::{fcntl, FcntlArg, FdFlag};
use serde_json::Value;

use crate::broken_mode::edit::{pop, remove, retain};
use crate::broken_mode::roles::HOLD_PTY_ENV;
use crate::broken_mode::{wants_terminal, Error, Flow, Mode, Unbroken};
use crate::req;

/// The modes that break this area's requirements.
pub(crate) static MODES: &[Mode] = &[
    Mode::config(
        "drop-empty-args",
        &[req::PROCESS_ARGS],
        "drops empty strings from process.args",
        |c, _| retain(c, "/process/args", |a| a != ""),
    ),
    Mode::config(
        "drop-env",
        &[req::PROCESS_ENV],
        "removes the last process.env entry",
        |c, _| pop(c, "/process/env"),
    ),
    Mode::config(
        "ignore-cwd",
        &[req::PROCESS_CWD],
        "runs the process in / whatever process.cwd says",
        |c, _| c["process"]["cwd"] = Value::from("/"),
    ),
    Mode::config(
        "ignore-uid",
        &[req::PROCESS_USER_UID_GID],
        "runs the process as uid 0 whatever process.user.uid says",
        |c, _| c["process"]["user"]["uid"] = Value::from(0),
    ),
    Mode::config(
        "drop-additional-gids",
        &[req::PROCESS_ADDITIONAL_GIDS],
        "removes process.user.additionalGids",
        |c, _| remove(c, "/process/user", "additionalGids"),
    ),
    Mode::config(
        "ignore-rlimits",
        &[req::PROCESS_RLIMITS],
        "removes process.rlimits",
        |c, _| remove(c, "/process", "rlimits"),
    ),
    Mode::config(
        "dedupe-rlimits",
        &[req::PROCESS_RLIMITS_DUPLICATE],
        "keeps only the last rlimit of each type instead of refusing duplicates",
        |c, _| dedupe_rlimits(c),
    ),
    Mode::command(
        "stdin-tty",
        &[req::PROCESS_NO_TERMINAL],
        "without process.terminal, the process still gets a terminal as stdin",
        &["create"],
        |c| {
            if !wants_terminal(&c)? {
                stdin_from_new_pty()?;
            }
            Ok(Flow::Forward(c))
        },
    ),
];

/// The MUSTs of this area no mode breaks, and why.
pub(crate) static UNBROKEN: &[Unbroken] = &[];

fn dedupe_rlimits(c: &mut Value) {
    let Some(list) = c
        .pointer_mut("/process/rlimits")
        .and_then(Value::as_array_mut)
    else {
        return;
    };
    let mut kept: Vec<Value> = Vec::new();
    for r in list.drain(..) {
        kept.retain(|k| k["type"] != r["type"]);
        kept.push(r);
    }
    *list = kept;
}

/// Replaces this process's stdin with the replica side of a new pseudoterminal; the
/// runtime and the container process inherit it. A terminal whose controller side
/// is closed hangs up (isatty() is then false), and runtimes close the descriptors
/// they do not pass on, so a child of the wrapper holds the controller until the
/// last replica is closed.
fn stdin_from_new_pty() -> Result<(), Error> {
    let pty = nix::pty::openpty(None, None).map_err(Error::sys("openpty"))?;
    for fd in [&pty.master, &pty.slave] {
        fcntl(fd, FcntlArg::F_SETFD(FdFlag::FD_CLOEXEC)).map_err(Error::sys("cloexec"))?;
    }
    nix::unistd::dup2_stdin(&pty.slave).map_err(Error::sys("dup2 stdin"))?;
    let me = std::env::current_exe().map_err(Error::io("/proc/self/exe"))?;
    Command::new(&me)
        .env(HOLD_PTY_ENV, "1")
        .stdin(Stdio::from(pty.master))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|source| Error::Exec {
            program: me.display().to_string(),
            source,
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::broken_mode::testing::{apply, ctx};
    use serde_json::json;

    #[test]
    fn drops_the_last_env_entry_and_empty_args() {
        let c = json!({"process": {"env": ["A=1", "B=2"], "args": ["/p", "", "x"]}});
        assert_eq!(apply("drop-env", &c)["process"]["env"], json!(["A=1"]));
        assert_eq!(
            apply("drop-empty-args", &c)["process"]["args"],
            json!(["/p", "x"])
        );
    }

    #[test]
    fn exit_status_is_lost_only_for_the_exit_action() {
        let exit = json!({"process": {"args": ["/integ-inside", "exit", "42"]}});
        assert_eq!(
            apply("exit-status-lost", &exit)["process"]["args"],
            json!(["/integ-inside", "exit", "0"])
        );
        let other = json!({"process": {"args": ["/integ-inside", "process"]}});
        assert_eq!(apply("exit-status-lost", &other), other);
    }

    #[test]
    fn dedupes_rlimits_keeping_the_last_of_each_type() {
        let c = json!({"process": {"rlimits": [
            {"type": "RLIMIT_NOFILE", "soft": 1, "hard": 1},
            {"type": "RLIMIT_CORE", "soft": 0, "hard": 0},
            {"type": "RLIMIT_NOFILE", "soft": 2, "hard": 2},
        ]}});
        assert_eq!(
            apply("dedupe-rlimits", &c)["process"]["rlimits"],
            json!([
                {"type": "RLIMIT_CORE", "soft": 0, "hard": 0},
                {"type": "RLIMIT_NOFILE", "soft": 2, "hard": 2},
            ])
        );
    }

    #[test]
    fn root_path_modes_touch_only_their_kind_of_path() {
        let rel = json!({"root": {"path": "rootfs"}});
        let abs = json!({"root": {"path": "/srv/root"}});
        let cwd = ctx().cwd.join("rootfs").display().to_string();
        assert_eq!(
            apply("root-relative-to-cwd", &rel)["root"]["path"],
            json!(cwd)
        );
        assert_eq!(apply("root-relative-to-cwd", &abs), abs);
        assert_eq!(
            apply("root-absolute-as-relative", &abs)["root"]["path"],
            json!("srv/root")
        );
        assert_eq!(apply("root-absolute-as-relative", &rel), rel);
    }

    #[test]
    fn readonly_by_default_keeps_an_explicit_false() {
        let unset = json!({"root": {"path": "rootfs"}});
        let off = json!({"root": {"path": "rootfs", "readonly": false}});
        assert_eq!(
            apply("root-readonly-by-default", &unset)["root"]["readonly"],
            json!(true)
        );
        assert_eq!(apply("root-readonly-by-default", &off), off);
    }
}
