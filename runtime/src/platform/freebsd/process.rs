//! config → what the container process does, from its fork to its exec.
//!
//! The process is forked by `create` and enters the jail at once, so that
//! `kill --all` (attach, then kill(-1)) reaches it even before `start`:
//!
//! 1. setsid(2), so the process leaves the session and process group of the
//!    caller of `create`; jail_attach(2) into the new jail (the jid printed by
//!    `jail -i -c`); the state directory stays open from the host (close-on-exec);
//! 2. tell the runtime its prestart and createRuntime hooks are due (the pty
//!    master goes to `--console-socket` then) and wait until they ran; then run
//!    each `hooks.createContainer` hook in the jail (its path resolves under
//!    the jail's root) with the state on stdin (status `creating`, the pid of
//!    this process: jails share the host's pid space); a failure fails `create`;
//! 3. setrlimit(2) for each `process.rlimits` entry, while still root;
//! 4. with `process.terminal`: the pty slave (opened on the host before the
//!    fork) as controlling terminal of that session, `consoleSize`, and as
//!    descriptors 0, 1 and 2;
//! 5. open the exec FIFO through the state directory for writing: this blocks
//!    until `start` opens the other end; hold it, close-on-exec, so `start`
//!    sees end-of-file at the execve (a failure from here on is written into
//!    the FIFO for `start` to report);
//! 6. run each `hooks.startContainer` hook as in 2 (status `created`); a
//!    failure fails `start`;
//! 7. setresgid(2); setgroups(2) to the `additionalGids`, in the form this
//!    binary's setgroups takes (FreeBSD 14 wants the gid first, 15 only the
//!    supplementary groups: `platform::freebsd::groups`), checked with getgroups(2);
//!    setresuid(2);
//! 8. umask(2) if `process.user.umask` is set; chdir(2) to `process.cwd`;
//! 9. execve(2) of `process.args[0]`, searched as execvp(3) does
//!    (`container::exec_path`).
//!
//! No binary of the container's root runs before the user's own program,
//! except the hooks the bundle names.

use super::bundle::{JailBundle, ProcessSpec};
use super::name::JailName;
use crate::container::exec_path::candidates;
use crate::container::step::{HookKind, ProcessStep, Rlimit};
use crate::platform::linux::plan::hook_steps;

/// The container process of `b` in jail `name`.
pub fn plan(b: &JailBundle, name: &JailName) -> Vec<ProcessStep> {
    let p = &b.process;
    let mut steps = vec![
        ProcessStep::NewSession,
        ProcessStep::JailAttach {
            jail: name.to_string(),
        },
        ProcessStep::WaitForRuntimeHooks,
    ];
    steps.extend(hook_steps(
        HookKind::CreateContainer,
        &b.create_container_hooks,
    ));
    steps.extend(limits_and_terminal(p));
    steps.push(ProcessStep::WaitForStart);
    steps.extend(hook_steps(
        HookKind::StartContainer,
        &b.start_container_hooks,
    ));
    steps.extend(identity(p));
    steps.push(exec(p));
    steps
}

/// A process `jailrun exec` starts in the running jail `jail`: the same steps as
/// the container process's, without hooks and the wait for `start`:
///
/// 1. setsid(2); jail_attach(2) into the jail (its jid looked up with jls(8) by the runtime);
/// 2. setrlimit(2) for each `rlimits` entry;
/// 3. with `terminal`: the pty the runtime opened (its master already sent to
///    `--console-socket`) as controlling terminal and descriptors 0, 1 and 2;
/// 4. groups, gid, uid, umask and cwd as in steps 7 and 8 above;
/// 5. default signal dispositions and an empty mask (the runtime forwards
///    signals while it waits), then execve(2).
pub fn exec_plan(p: &ProcessSpec, jail: &str) -> Vec<ProcessStep> {
    let mut steps = vec![
        ProcessStep::NewSession,
        ProcessStep::JailAttach {
            jail: jail.to_string(),
        },
    ];
    steps.extend(limits_and_terminal(p));
    steps.extend(identity(p));
    steps.push(ProcessStep::ResetSignals);
    steps.push(exec(p));
    steps
}

/// setrlimit(2) for each limit, then the controlling terminal when asked for.
fn limits_and_terminal(p: &ProcessSpec) -> Vec<ProcessStep> {
    let mut steps: Vec<ProcessStep> = p
        .rlimits
        .iter()
        .map(|r| {
            ProcessStep::SetRlimit(Rlimit {
                name: r.name.to_string(),
                resource: r.resource,
                soft: r.soft as u64,
                hard: r.hard as u64,
            })
        })
        .collect();
    if p.terminal {
        steps.push(ProcessStep::ControllingTerminal {
            size: p.console_size,
        });
    }
    steps
}

/// Gid, then the groups (set and checked for FreeBSD 14 or 15, see
/// `platform::freebsd::groups`), uid, umask, cwd.
fn identity(p: &ProcessSpec) -> Vec<ProcessStep> {
    let mut steps = vec![
        ProcessStep::SetGid(p.gid),
        ProcessStep::SetGroupsChecked {
            gid: p.gid,
            additional: p.additional_gids.clone(),
        },
        ProcessStep::SetUid(p.uid),
    ];
    if let Some(m) = p.umask {
        steps.push(ProcessStep::Umask(m));
    }
    steps.push(ProcessStep::Chdir(p.cwd.clone()));
    steps
}

/// execve(2) of `args[0]`, searched as execvp(3) does.
fn exec(p: &ProcessSpec) -> ProcessStep {
    ProcessStep::Exec {
        candidates: candidates(&p.args[0], &p.env),
        args: p.args.clone(),
        env: p.env.clone(),
    }
}
