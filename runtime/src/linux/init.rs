//! The container process from clone to execve: runs inside the new namespaces.

use super::plan::Plan;
use super::sync::{Channel, Msg};
use super::{process, rootfs};
use crate::bundle::Bundle;
use crate::state::{OciState, Status};
use crate::{console, exec_fifo, hooks};
use std::os::fd::{AsRawFd, BorrowedFd, OwnedFd};
use std::path::{Path, PathBuf};

/// Everything the container process needs, inherited across clone.
pub struct Init<'a> {
    pub plan: &'a Plan,
    pub bundle: &'a Bundle,
    pub sync: Channel,
    /// The container's state directory (holds the exec FIFO).
    pub dir: BorrowedFd<'a>,
    /// Namespaces to join, mount last.
    pub join: Vec<(OwnedFd, u64)>,
    pub console_socket: Option<&'a Path>,
    pub state: OciState,
}

/// Runs the container process; never returns.
pub fn run(init: Init<'_>) -> ! {
    set_parent_death_signal();
    let error = match setup(&init) {
        Ok(fifo) => {
            let msg = start(&init);
            exec_fifo::report_failure(&fifo, &msg);
            // SAFETY: leaving the forked child without running destructors.
            unsafe { libc::_exit(127) }
        }
        Err(e) => e,
    };
    let _ = init.sync.send(&Msg::Error(error));
    // SAFETY: as above.
    unsafe { libc::_exit(1) }
}

/// Dies with `create` until setup is done (`create` killed by a timeout, say).
fn set_parent_death_signal() {
    // SAFETY: prctl with integer arguments.
    unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0) };
}

fn expect(sync: &Channel, want: &Msg) -> Result<(), String> {
    match sync.recv() {
        Ok(Some(m)) if &m == want => Ok(()),
        Ok(Some(Msg::Pid(_))) if matches!(want, Msg::Pid(_)) => Ok(()),
        Ok(other) => Err(format!("unexpected message from create: {other:?}")),
        Err(e) => Err(format!("sync: {e}")),
    }
}

/// Setup during `create`; returns the exec FIFO once `start` opened it.
fn setup(init: &Init<'_>) -> Result<OwnedFd, String> {
    let plan = init.plan;
    let proc = init.bundle.process();
    process::close_inherited_on_exec()?;
    // The PID `create` saw; the handshake also proves `create` is still there.
    match init.sync.recv() {
        Ok(Some(Msg::Pid(_))) => {}
        other => return Err(format!("no pid from create: {other:?}")),
    };
    for (fd, flag) in &init.join {
        super::sys::setns(fd.as_raw_fd(), *flag).map_err(|e| format!("setns: {e}"))?;
    }
    // Names first, so createContainer hooks already see the container's identity.
    set_names(plan)?;
    rootfs::prepare(plan)?;
    process::set_oom_score_adj(proc.oom_score_adj)?;
    let console = if plan.terminal {
        Some(open_console(init)?)
    } else {
        None
    };
    rootfs::protect_paths(plan)?;

    init.sync
        .send(&Msg::MountsDone)
        .map_err(|e| format!("sync: {e}"))?;
    expect(&init.sync, &Msg::Continue)?;
    let mut state = init.state.clone();
    state.status = Status::Creating;
    // Hooks in the container's namespaces see the PID from there (runc does the same).
    state.pid = Some(std::process::id() as i32);
    let hooks = &init.bundle.config.hooks;
    hooks::run_all("createContainer", &hooks.create_container, &state.to_json())
        .map_err(|e| e.to_string())?;

    rootfs::pivot(&plan.rootfs, plan.readonly_root)?;
    process::set_rlimits(&proc.rlimits)?;
    process::drop_bounding(proc.capabilities.as_ref())?;
    process::set_user(proc)?;
    process::set_capabilities(proc.capabilities.as_ref())?;
    set_parent_death_signal(); // a uid change cleared it
    process::set_no_new_privileges(proc.no_new_privileges)?;
    process::enter_cwd(&proc.cwd)?;
    process::find_executable(&proc.args[0], &proc.env)?;
    if let Some(slave) = console {
        console::become_session_leader_on(&slave).map_err(|e| format!("console: {e}"))?;
    }
    process::exit_on_termination_signals();
    // From here on `create` may exit: the container process must outlive it.
    // SAFETY: prctl with integer arguments.
    unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, 0, 0, 0, 0) };
    init.sync
        .send(&Msg::Ready)
        .map_err(|e| format!("sync: {e}"))?;
    let fifo = exec_fifo::wait_for_start(init.dir);
    // The sync channel and the state directory are close-on-exec; nothing else is held.
    fifo.map_err(|e| format!("exec fifo: {e}"))
}

/// After `start`: startContainer hooks, then execve. Returns why exec did not happen.
fn start(init: &Init<'_>) -> String {
    let proc = init.bundle.process();
    let mut state = init.state.clone();
    state.status = Status::Created;
    state.pid = Some(std::process::id() as i32);
    if let Err(e) = hooks::run_all(
        "startContainer",
        &init.bundle.config.hooks.start_container,
        &state.to_json(),
    ) {
        return e.to_string();
    }
    let path = match process::find_executable(&proc.args[0], &proc.env) {
        Ok(p) => p,
        Err(e) => return e,
    };
    process::reset_signals();
    process::exec(&path, &proc.args, &proc.env)
}

fn set_names(plan: &Plan) -> Result<(), String> {
    if let Some(h) = &plan.hostname {
        nix::unistd::sethostname(h).map_err(|e| format!("sethostname: {e}"))?;
    }
    if let Some(d) = &plan.domainname {
        // SAFETY: pointer and length of the name.
        let r = unsafe { libc::setdomainname(d.as_ptr().cast(), d.len()) };
        if r < 0 {
            return Err(format!(
                "setdomainname: {}",
                std::io::Error::last_os_error()
            ));
        }
    }
    Ok(())
}

/// Opens the pty, sends its master to the console socket, binds the slave onto
/// /dev/console, and returns the slave.
fn open_console(init: &Init<'_>) -> Result<OwnedFd, String> {
    let plan = init.plan;
    let socket = init
        .console_socket
        .ok_or("process.terminal is set but no --console-socket was given")?;
    let own_devpts = plan
        .mounts
        .iter()
        .any(|m| m.fstype == "devpts" && m.destination == Path::new("/dev/pts"));
    let ptmx = if own_devpts {
        rootfs::inside(&plan.rootfs, Path::new("/dev/pts/ptmx"))?
    } else {
        PathBuf::from("/dev/ptmx")
    };
    let pty = console::open_pty(&ptmx).map_err(|e| format!("open pty {}: {e}", ptmx.display()))?;
    if let Some(size) = init.bundle.process().console_size {
        console::set_size(pty.master.as_raw_fd(), size)
            .map_err(|e| format!("console size: {e}"))?;
    }
    let sock = console::connect(socket)
        .map_err(|e| format!("console socket {}: {e}", socket.display()))?;
    console::send_master(&sock, &pty.master, &pty.name)
        .map_err(|e| format!("console socket {}: {e}", socket.display()))?;
    let fd_path = PathBuf::from(format!("/proc/self/fd/{}", pty.slave.as_raw_fd()));
    rootfs::bind_console(&plan.rootfs, &fd_path)?;
    Ok(pty.slave)
}
