//! `JailBackend` on Linux: a recording System, and a stand-in for
//! jail_attach(2) (the container process then runs on the host, unjailed).

// Tests read back the JSON they check (runtime/clippy.toml gates product code).
#![allow(clippy::disallowed_methods)]

use super::backend::{JailBackend, JailRecord, JAIL_JSON};
use super::record::RecordingSystem;
use super::step::Step;
use crate::container_id::ContainerId;
use crate::platform::backend::{Backend, CreateRequest};
use crate::platform::Platform;
use crate::spec::bundle::Bundle;
use crate::state::{Phase, Record, Status};
use serde_json::{json, Value};
use std::os::fd::AsFd;
use std::path::PathBuf;

const ID: &str = "web1";

/// A bundle (tmpfs at /tmp, `args`) and a state root, in one temp dir.
struct Setup {
    tmp: tempfile::TempDir,
    bundle: PathBuf,
    root: PathBuf,
}

fn config(args: &[&str], hooks: Value) -> Value {
    json!({
        "ociVersion": "1.3.0",
        "root": {"path": "rootfs"},
        "process": {
            "user": {"uid": nix::unistd::getuid().as_raw(), "gid": nix::unistd::getgid().as_raw()},
            "args": args,
            "env": ["PATH=/usr/bin:/bin"],
            "cwd": "/"
        },
        "mounts": [{"destination": "/tmp", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid"]}],
        "hooks": hooks,
        // Only for `lifecycle::create`, which validates for the host (Linux here).
        "linux": {"namespaces": [{"type": "mount"}]}
    })
}

fn setup(config: Value) -> Setup {
    let tmp = tempfile::tempdir().expect("tempdir");
    let base = std::fs::canonicalize(tmp.path()).expect("canonical");
    let bundle = base.join("bundle");
    std::fs::create_dir_all(bundle.join("rootfs")).expect("rootfs");
    std::fs::write(bundle.join("config.json"), config.to_string()).expect("config");
    Setup {
        tmp,
        bundle,
        root: base.join("state"),
    }
}

impl Setup {
    fn backend(&self, sys: RecordingSystem) -> JailBackend<RecordingSystem> {
        JailBackend::with_attach(sys, &self.root, |_| Ok(()))
    }

    /// Recorded calls with the temp dir shortened to `$T`.
    fn calls(&self, b: &JailBackend<RecordingSystem>) -> Vec<String> {
        let base = self.bundle.parent().expect("base").display().to_string();
        let calls = &b.system().calls;
        calls.iter().map(|c| c.replace(&base, "$T")).collect()
    }

    /// Runs the backend's create as `lifecycle::create` would: a state
    /// directory with the exec FIFO, then the request.
    fn create(
        &self,
        b: &JailBackend<RecordingSystem>,
        hooks: &mut crate::platform::backend::RuntimeHooks<'_>,
    ) -> Result<i32, String> {
        self.create_with_console(b, hooks, None)
    }

    /// [`Setup::create`] with `--console-socket`.
    fn create_with_console(
        &self,
        b: &JailBackend<RecordingSystem>,
        hooks: &mut crate::platform::backend::RuntimeHooks<'_>,
        console_socket: Option<&std::path::Path>,
    ) -> Result<i32, String> {
        let dir = self.root.join(ID);
        std::fs::create_dir_all(&dir).expect("state dir");
        let dir = std::fs::File::open(&dir).expect("open state dir");
        crate::exec_fifo::create(dir.as_fd()).expect("fifo");
        let bundle = Bundle::load(&self.bundle, Platform::FreeBsd).expect("bundle");
        let req = CreateRequest {
            bundle: &bundle,
            dir: dir.as_fd(),
            close_in_child: &[],
            console_socket,
            state: record().oci_state(Status::Creating),
            trace: false,
        };
        b.create(&req, hooks)
            .map(|c| {
                assert!(!c.own_pid_ns, "killing the first process leaves the jail");
                c.pid
            })
            .map_err(|e| e.to_string())
    }

    fn jail_record(&self) -> Option<JailRecord> {
        let text = std::fs::read(self.root.join(ID).join(JAIL_JSON)).ok()?;
        Some(serde_json::from_slice(&text).expect("jail.json"))
    }
}

fn record() -> Record {
    Record {
        oci_version: "1.3.0".into(),
        id: ID.into(),
        pid: 0,
        pid_start_time: 0,
        bundle: PathBuf::new(),
        rootfs: PathBuf::new(),
        annotations: Default::default(),
        created: String::new(),
        phase: Phase::Created,
        own_pid_ns: false,
        hooks: Default::default(),
    }
}

fn alive(pid: i32) -> bool {
    // SAFETY: kill(2) with signal 0 only checks.
    unsafe { libc::kill(pid, 0) == 0 }
}

fn kill_child(pid: i32) {
    // SAFETY: signalling and reaping our own child.
    unsafe {
        libc::kill(pid, libc::SIGKILL);
        libc::waitpid(pid, std::ptr::null_mut(), 0);
    }
}

const CREATED: [&str; 4] = [
    "mkdir_beneath(\"$T/bundle/rootfs\", \"tmp\")",
    "mount -t tmpfs -o nosuid tmpfs $T/bundle/rootfs/tmp",
    "check_mount_beneath(\"$T/bundle/rootfs\", \"tmp\", tmpfs)",
    "jail -i -c name=web1 path=$T/bundle/rootfs persist=true sysvmsg=new sysvsem=new sysvshm=new enforce_statfs=2",
];

#[test]
fn create_runs_the_plan_then_the_hooks_and_keeps_the_removal_plan() {
    let s = setup(config(&["/bin/true"], json!({})));
    let b = s.backend(RecordingSystem::new());
    let mut hooked = Vec::new();
    let pid = s
        .create(&b, &mut |pid| {
            // After the jail: the process exists, waiting on the exec FIFO;
            // the record comes only once the hooks succeeded.
            assert!(alive(pid));
            assert!(s.jail_record().is_none());
            hooked.push(pid);
            Ok(())
        })
        .expect("create");
    assert_eq!(hooked, [pid]);
    assert!(alive(pid), "the container process waits for start");
    kill_child(pid);
    assert_eq!(s.calls(&b), CREATED);
    let kept = s.jail_record().expect("jail.json");
    assert_eq!(kept.jail, ID);
    let target = s.bundle.join("rootfs/tmp");
    assert_eq!(
        kept.removal,
        [
            Step::RemoveJail {
                name: super::name::JailName::new(ID, None).expect("name")
            },
            Step::Unmount { target },
        ]
    );
}

#[test]
fn a_failing_step_rolls_back_and_runs_no_process() {
    let s = setup(config(&["/bin/true"], json!({})));
    let b = s.backend(RecordingSystem::new().fail_on("jail -i -c"));
    let mut hooked = false;
    let e = s
        .create(&b, &mut |_| {
            hooked = true;
            Ok(())
        })
        .expect_err("jail -c fails");
    assert!(e.starts_with("jail web1: jail -i -c name=web1 "), "{e}");
    assert!(!hooked);
    let mut want = CREATED.to_vec();
    want.push("umount -f $T/bundle/rootfs/tmp");
    assert_eq!(s.calls(&b), want);
    assert!(s.jail_record().is_none());
}

#[test]
fn a_failing_runtime_hook_kills_the_process_and_removes_the_jail() {
    let s = setup(config(&["/bin/true"], json!({})));
    let b = s.backend(RecordingSystem::new());
    let mut seen = 0;
    let e = s
        .create(&b, &mut |pid| {
            seen = pid;
            Err(crate::platform::backend::BackendError::io(
                "createRuntime hook #0 /x",
            )(std::io::Error::other(
                "failed: exit status 1",
            )))
        })
        .expect_err("hook fails");
    assert!(e.ends_with("exit status 1"), "{e}");
    assert!(
        seen > 0 && !alive(seen),
        "the process was killed and reaped"
    );
    let mut want = CREATED.to_vec();
    want.extend(["jail -R web1", "umount -f $T/bundle/rootfs/tmp"]);
    assert_eq!(s.calls(&b), want);
    assert!(s.jail_record().is_none());
}

/// A hook running `sh -c script`.
fn sh_hook(script: &str) -> Value {
    json!([{"path": "/bin/sh", "args": ["sh", "-c", script]}])
}

#[test]
fn a_create_container_hook_runs_in_the_container_process_after_the_runtime_hooks() {
    let s = setup(json!(null));
    let state = s.bundle.join("state.json");
    let log = s.bundle.join("log");
    let script = format!(
        "cat > {}; echo createContainer >> {}",
        state.display(),
        log.display()
    );
    let cfg = config(&["/bin/true"], json!({"createContainer": sh_hook(&script)}));
    std::fs::write(s.bundle.join("config.json"), cfg.to_string()).expect("config");
    let b = s.backend(RecordingSystem::new());
    let pid = s
        .create(&b, &mut |_| {
            std::fs::write(&log, "runtime\n")
                .map_err(crate::platform::backend::BackendError::io("log"))
        })
        .expect("create");
    assert!(alive(pid), "the container process waits for start");
    assert_eq!(
        std::fs::read_to_string(&log).expect("log"),
        "runtime\ncreateContainer\n"
    );
    let got: Value =
        serde_json::from_slice(&std::fs::read(&state).expect("state")).expect("state JSON");
    assert_eq!(got["status"], "creating");
    assert_eq!(got["id"], ID);
    // The pid of the process that ran the hook: jails share the host's pids.
    assert_eq!(got["pid"], pid);
    kill_child(pid);
    assert_eq!(s.calls(&b), CREATED);
}

#[test]
fn a_failing_create_container_hook_fails_create_and_removes_the_jail() {
    let hooks = json!({"createContainer": sh_hook("exit 3")});
    let s = setup(config(&["/bin/true"], hooks));
    let b = s.backend(RecordingSystem::new());
    let e = s.create(&b, &mut |_| Ok(())).expect_err("hook fails");
    assert!(e.starts_with("jail web1: container process: "), "{e}");
    assert!(e.contains(": createContainer hook #0 /bin/sh: "), "{e}");
    assert!(e.ends_with(": failed: exit status 3"), "{e}");
    let mut want = CREATED.to_vec();
    want.extend(["jail -R web1", "umount -f $T/bundle/rootfs/tmp"]);
    assert_eq!(s.calls(&b), want);
    assert!(s.jail_record().is_none());
}

/// The pty master a backend sent to `listener`, and the slave's name sent with it.
fn recv_master(listener: &std::os::unix::net::UnixListener) -> (String, std::fs::File) {
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    let (conn, _) = listener.accept().expect("accept");
    let mut name = [0u8; 64];
    let mut cmsg = nix::cmsg_space!([std::os::fd::RawFd; 1]);
    let mut iov = [std::io::IoSliceMut::new(&mut name)];
    let msg = nix::sys::socket::recvmsg::<()>(
        conn.as_raw_fd(),
        &mut iov,
        Some(&mut cmsg),
        nix::sys::socket::MsgFlags::empty(),
    )
    .expect("recvmsg");
    let len = msg.bytes;
    let fd = msg
        .cmsgs()
        .expect("cmsgs")
        .find_map(|c| match c {
            nix::sys::socket::ControlMessageOwned::ScmRights(fds) => fds.first().copied(),
            _ => None,
        })
        .expect("a descriptor");
    let name = String::from_utf8_lossy(&name[..len]).into_owned();
    // SAFETY: the descriptor just received is ours.
    let master = std::fs::File::from(unsafe { OwnedFd::from_raw_fd(fd) });
    (name, master)
}

/// Everything read from a pty master until the last holder of the slave is gone (EIO).
fn read_all(master: &std::fs::File) -> String {
    let mut out = Vec::new();
    let mut buf = [0u8; 256];
    while let Ok(n @ 1..) = std::io::Read::read(&mut &*master, &mut buf) {
        out.extend_from_slice(&buf[..n]);
    }
    String::from_utf8_lossy(&out).replace("\r\n", "\n")
}

#[test]
fn a_terminal_is_a_pty_whose_master_goes_to_the_console_socket() {
    let s = setup(json!(null));
    let script = "tty; stty size; [ -t 0 ] && [ -t 1 ] && [ -t 2 ] && echo all-ttys";
    let mut cfg = config(&["/bin/sh", "-c", script], json!({}));
    cfg["process"]["terminal"] = json!(true);
    cfg["process"]["consoleSize"] = json!({"height": 24, "width": 80});
    std::fs::write(s.bundle.join("config.json"), cfg.to_string()).expect("config");
    let socket = s.bundle.join("console.sock");
    let listener = std::os::unix::net::UnixListener::bind(&socket).expect("bind");
    let b = s.backend(RecordingSystem::new());
    let e = s.create(&b, &mut |_| Ok(())).expect_err("no socket");
    assert!(e.contains("no --console-socket"), "{e}");
    assert!(b.system().calls.is_empty());
    std::fs::remove_file(s.root.join(ID).join(crate::exec_fifo::EXEC_FIFO)).expect("rm fifo");
    let pid = s
        .create_with_console(&b, &mut |_| Ok(()), Some(&socket))
        .expect("create");
    let (name, master) = recv_master(&listener);
    let dir = std::fs::File::open(s.root.join(ID)).expect("state dir");
    crate::exec_fifo::release(dir.as_fd(), None).expect("start");
    let out = read_all(&master);
    // SAFETY: reaping our own child.
    unsafe { libc::waitpid(pid, std::ptr::null_mut(), 0) };
    assert!(name.starts_with("/dev/"), "{name:?}");
    assert_eq!(out, format!("{name}\n24 80\nall-ttys\n"));
}

#[test]
fn delete_replays_the_stored_plan_and_keeps_what_failed() {
    let s = setup(config(&["/bin/true"], json!({})));
    let pid = s
        .create(&s.backend(RecordingSystem::new()), &mut |_| Ok(()))
        .expect("create");
    kill_child(pid);
    // The plan comes from state, not from the bundle.
    std::fs::remove_file(s.bundle.join("config.json")).expect("rm config");
    let b = s.backend(RecordingSystem::new().fail_on("umount"));
    let e = b.destroy(&record()).expect_err("umount fails").to_string();
    assert!(e.starts_with("remove jail web1: umount -f "), "{e}");
    assert_eq!(
        s.calls(&b),
        ["jail -R web1", "umount -f $T/bundle/rootfs/tmp"]
    );
    let kept = s.jail_record().expect("kept");
    assert_eq!(kept.removal.len(), 1, "{kept:?}");
    // A second delete runs only the step that failed.
    let b = s.backend(RecordingSystem::new());
    b.destroy(&record()).expect("destroy");
    assert_eq!(s.calls(&b), ["umount -f $T/bundle/rootfs/tmp"]);
}

/// Deleting a parent container removes its child's jail with it: the child's
/// delete then finds `jail -R` failing on a jail that is gone, and succeeds.
#[test]
fn delete_succeeds_when_the_jail_is_already_gone() {
    let s = setup(config(&["/bin/true"], json!({})));
    let pid = s
        .create(&s.backend(RecordingSystem::new()), &mut |_| Ok(()))
        .expect("create");
    kill_child(pid);
    let gone = RecordingSystem::new()
        .fail_on("jail -R")
        .reply("jail_exists(web1)", "no");
    let b = s.backend(gone);
    b.destroy(&record()).expect("nothing left to remove");
    assert_eq!(
        s.calls(&b),
        [
            "jail -R web1",
            "jail_exists(web1)",
            "umount -f $T/bundle/rootfs/tmp"
        ]
    );
}

#[test]
fn destroy_without_a_jail_record_does_nothing() {
    let s = setup(config(&["/bin/true"], json!({})));
    let b = s.backend(RecordingSystem::new());
    b.destroy(&record()).expect("nothing to do");
    assert!(b.system().calls.is_empty());
}

#[test]
fn kill_all_goes_through_the_jail_kill_path() {
    let s = setup(config(&["/bin/true"], json!({})));
    let pid = s
        .create(&s.backend(RecordingSystem::new()), &mut |_| Ok(()))
        .expect("create");
    kill_child(pid);
    let b = s.backend(RecordingSystem::new().reply("jls -j web1 jid", "7\n"));
    b.kill_all(&record(), libc::SIGKILL).expect("kill --all");
    assert_eq!(
        s.calls(&b),
        ["jls -j web1 jid", "kill_all(jid 7, signal 9)"]
    );
    let b = s.backend(RecordingSystem::new().fail_on("jls"));
    let e = b.kill_all(&record(), 15).expect_err("no such jail");
    assert!(
        e.to_string().starts_with("kill --all jail web1: jls "),
        "{e}"
    );
}

/// The whole lifecycle (create, start, delete) through `JailBackend`, with
/// the exec FIFO, the state lock and hooks as the Linux backend has them.
#[test]
fn the_lifecycle_drives_the_jail_backend() {
    let s = setup(json!(null));
    let out = s.bundle.join("out");
    let hook_log = s.bundle.join("hooks");
    let hook = |name: &str| json!([{"path": "/bin/sh", "args": ["sh", "-c", format!("echo {name} >> {}", hook_log.display())]}]);
    let script = format!("echo ran > {}", out.display());
    let cfg = config(
        &["/bin/sh", "-c", &script],
        json!({"prestart": hook("prestart"), "createRuntime": hook("createRuntime"),
               "createContainer": hook("createContainer"), "startContainer": hook("startContainer"),
               "poststart": hook("poststart"), "poststop": hook("poststop")}),
    );
    std::fs::write(s.bundle.join("config.json"), cfg.to_string()).expect("config");
    let backend = s.backend(RecordingSystem::new());
    let mut log = crate::log::Log::open(None, crate::log::LogFormat::Text, false).expect("log");
    let mut ctx = crate::lifecycle::Context {
        store: crate::state::store::StateStore::new(&s.root),
        backend: &backend,
        log: &mut log,
    };
    let id = ContainerId::new(ID).expect("id");
    let opts = crate::lifecycle::create::CreateOptions {
        bundle: s.bundle.clone(),
        ..Default::default()
    };
    crate::lifecycle::create::create(&mut ctx, &id, &opts).expect("create");
    let state = crate::lifecycle::state::state(&ctx, &id).expect("state");
    assert_eq!(state.status, Status::Created);
    let pid = state.pid.expect("pid");
    assert!(!out.exists(), "ran before start");
    crate::lifecycle::start::start(&mut ctx, &id).expect("start");
    // SAFETY: reaping our own child (the container process).
    unsafe { libc::waitpid(pid, std::ptr::null_mut(), 0) };
    assert_eq!(std::fs::read_to_string(&out).ok().as_deref(), Some("ran\n"));
    crate::lifecycle::delete::delete(&mut ctx, &id, false).expect("delete");
    assert!(!s.root.join(ID).exists());
    let mut want = CREATED.to_vec();
    want.extend(["jail -R web1", "umount -f $T/bundle/rootfs/tmp"]);
    assert_eq!(s.calls(&backend), want);
    let hooks = std::fs::read_to_string(&hook_log).expect("hooks ran");
    assert!(!hooks.contains("startContainer\npoststart\npoststop\nstartContainer"));
    assert_eq!(
        hooks,
        "prestart\ncreateRuntime\ncreateContainer\nstartContainer\npoststart\npoststop\n"
    );
    drop(s.tmp);
}

#[test]
fn start_reports_a_failure_after_start() {
    let s = setup(config(&["/nonexistent/prog"], json!({})));
    let backend = s.backend(RecordingSystem::new());
    let mut log = crate::log::Log::open(None, crate::log::LogFormat::Text, false).expect("log");
    let mut ctx = crate::lifecycle::Context {
        store: crate::state::store::StateStore::new(&s.root),
        backend: &backend,
        log: &mut log,
    };
    let id = ContainerId::new(ID).expect("id");
    let opts = crate::lifecycle::create::CreateOptions {
        bundle: s.bundle.clone(),
        ..Default::default()
    };
    crate::lifecycle::create::create(&mut ctx, &id, &opts).expect("create");
    let pid = crate::lifecycle::state::state(&ctx, &id)
        .expect("state")
        .pid
        .expect("pid");
    let e = crate::lifecycle::start::start(&mut ctx, &id).expect_err("exec fails");
    assert_eq!(
        e.to_string(),
        format!(
            "exec /nonexistent/prog: {}",
            std::io::Error::from_raw_os_error(libc::ENOENT)
        )
    );
    // SAFETY: reaping our own child.
    unsafe { libc::waitpid(pid, std::ptr::null_mut(), 0) };
}

#[test]
fn a_failing_start_container_hook_fails_start() {
    let s = setup(json!(null));
    let out = s.bundle.join("out");
    let script = format!("echo ran > {}", out.display());
    let cfg = config(
        &["/bin/sh", "-c", &script],
        json!({"startContainer": sh_hook("exit 4")}),
    );
    std::fs::write(s.bundle.join("config.json"), cfg.to_string()).expect("config");
    let backend = s.backend(RecordingSystem::new());
    let mut log = crate::log::Log::open(None, crate::log::LogFormat::Text, false).expect("log");
    let mut ctx = crate::lifecycle::Context {
        store: crate::state::store::StateStore::new(&s.root),
        backend: &backend,
        log: &mut log,
    };
    let id = ContainerId::new(ID).expect("id");
    let opts = crate::lifecycle::create::CreateOptions {
        bundle: s.bundle.clone(),
        ..Default::default()
    };
    crate::lifecycle::create::create(&mut ctx, &id, &opts).expect("create");
    let pid = crate::lifecycle::state::state(&ctx, &id)
        .expect("state")
        .pid
        .expect("pid");
    let e = crate::lifecycle::start::start(&mut ctx, &id)
        .expect_err("hook fails")
        .to_string();
    assert!(e.starts_with("startContainer hook #0 /bin/sh: "), "{e}");
    assert!(e.ends_with(": failed: exit status 4"), "{e}");
    // SAFETY: reaping our own child.
    unsafe { libc::waitpid(pid, std::ptr::null_mut(), 0) };
    assert!(
        !out.exists(),
        "the program ran after a failed startContainer hook"
    );
}

/// The jail_attach(2) stand-in of the exec tests: jail web1 has jid 7, and
/// any other jid is refused, so a process that ran was attached to the right jail.
fn attach_to_7(jid: i32) -> Result<(), i32> {
    if jid == 7 {
        Ok(())
    } else {
        Err(libc::ESRCH)
    }
}

/// A backend on which `jls` says jail web1 has jid 7.
fn exec_backend(s: &Setup, sys: RecordingSystem) -> JailBackend<RecordingSystem> {
    JailBackend::with_attach(sys.reply("jls -j web1 jid", "7\n"), &s.root, attach_to_7)
}

/// A container whose jail was made (its first process is gone: exec needs only the jail).
fn jailed() -> Setup {
    let s = setup(config(&["/bin/true"], json!({})));
    let pid = s.create(&s.backend(RecordingSystem::new()), &mut |_| Ok(()));
    kill_child(pid.expect("create"));
    s
}

/// An exec'd process: `args` as the caller's own uid and gid, in `/`, with a
/// CPU limit (RLIMIT_CPU has the same number on Linux and FreeBSD).
fn exec_process(args: &[&str]) -> crate::spec::config::Process {
    crate::spec::config::Process {
        args: args.iter().map(|a| a.to_string()).collect(),
        env: vec!["PATH=/usr/bin:/bin".into()],
        cwd: "/".into(),
        user: crate::spec::config::User {
            uid: nix::unistd::getuid().as_raw(),
            gid: nix::unistd::getgid().as_raw(),
            umask: Some(0o027),
            additional_gids: Vec::new(),
        },
        rlimits: vec![crate::spec::config::Rlimit {
            kind: "RLIMIT_CPU".into(),
            soft: 64,
            hard: 64,
        }],
        ..Default::default()
    }
}

fn req(process: &crate::spec::config::Process) -> crate::platform::backend::ExecRequest<'_> {
    crate::platform::backend::ExecRequest {
        process,
        console_socket: None,
        trace: false,
    }
}

fn exec_status(pid: i32) -> nix::sys::wait::WaitStatus {
    nix::sys::wait::waitpid(nix::unistd::Pid::from_raw(pid), None).expect("waitpid")
}

#[test]
fn exec_attaches_to_the_jail_and_takes_the_process_identity() {
    let s = jailed();
    let b = exec_backend(&s, RecordingSystem::new());
    let out = s.bundle.join("exec-out");
    let script = format!("umask > {0}.umask; ulimit -t > {0}", out.display());
    let pid = b
        .exec(&record(), &req(&exec_process(&["sh", "-c", &script])))
        .expect("exec");
    assert_eq!(
        exec_status(pid),
        nix::sys::wait::WaitStatus::Exited(nix::unistd::Pid::from_raw(pid), 0)
    );
    assert_eq!(std::fs::read_to_string(&out).expect("out"), "64\n");
    assert_eq!(
        std::fs::read_to_string(out.with_extension("umask")).expect("umask"),
        "0027\n"
    );
    assert_eq!(s.calls(&b), ["jls -j web1 jid"]);
    // The exit status is the process's own.
    let pid = b
        .exec(&record(), &req(&exec_process(&["sh", "-c", "exit 3"])))
        .expect("exec");
    assert_eq!(
        exec_status(pid),
        nix::sys::wait::WaitStatus::Exited(nix::unistd::Pid::from_raw(pid), 3)
    );
    // A program that is not there fails exec itself.
    let e = b
        .exec(&record(), &req(&exec_process(&["/no/such/program"])))
        .expect_err("missing");
    assert_eq!(
        e.to_string(),
        "container process: exec /no/such/program: No such file or directory (os error 2)"
    );
    // Another jail's jid: jail_attach fails, the process never runs.
    let other = JailBackend::with_attach(
        RecordingSystem::new().reply("jls", "8\n"),
        &s.root,
        attach_to_7,
    );
    let e = other
        .exec(&record(), &req(&exec_process(&["/bin/true"])))
        .expect_err("attach");
    assert!(e.to_string().contains("jail_attach(<jid of web1>)"), "{e}");
    // A FreeBSD rlimit name is checked as create checks it.
    let mut bad = exec_process(&["/bin/true"]);
    bad.rlimits[0].kind = "RLIMIT_RTPRIO".into();
    let e = b
        .exec(&record(), &req(&bad))
        .expect_err("not a FreeBSD limit");
    assert!(e.to_string().contains("RLIMIT_RTPRIO"), "{e}");
}

#[test]
fn exec_with_a_terminal_sends_the_master_and_runs_on_the_slave() {
    let s = jailed();
    let b = exec_backend(&s, RecordingSystem::new());
    let socket = s.bundle.join("exec.sock");
    let listener = std::os::unix::net::UnixListener::bind(&socket).expect("bind");
    let mut p = exec_process(&[
        "sh",
        "-c",
        "stty size; [ -t 0 ] && [ -t 1 ] && [ -t 2 ] && echo all-ttys",
    ]);
    p.terminal = true;
    p.console_size = Some(crate::spec::config::ConsoleSize {
        height: 30,
        width: 100,
    });
    let req = crate::platform::backend::ExecRequest {
        process: &p,
        console_socket: None,
        trace: false,
    };
    let e = b.exec(&record(), &req).expect_err("no socket");
    assert!(e.to_string().contains("no --console-socket"), "{e}");
    let req = crate::platform::backend::ExecRequest {
        console_socket: Some(&socket),
        ..req
    };
    let pid = b.exec(&record(), &req).expect("exec");
    let (name, master) = recv_master(&listener);
    let out = read_all(&master);
    exec_status(pid);
    assert!(name.starts_with("/dev/"), "{name:?}");
    assert_eq!(out, "30 100\nall-ttys\n");
}

#[test]
fn ps_lists_the_processes_of_the_jail_and_of_the_jails_below_it() {
    let s = setup(config(&["/bin/true"], json!({})));
    let b = exec_backend(
        &s,
        RecordingSystem::new()
            .reply("jls jid parent", "7 0\n9 7\n12 0\n")
            .reply("jail_pids(jids [7, 9])", "812 813\n"),
    );
    let e = b.pids(&record()).expect_err("no jail yet");
    assert!(e.to_string().contains("no jail record"), "{e}");
    kill_child(
        s.create(&s.backend(RecordingSystem::new()), &mut |_| Ok(()))
            .expect("create"),
    );
    assert_eq!(b.pids(&record()).expect("ps"), [812, 813]);
    assert_eq!(
        s.calls(&b),
        [
            "jls -j web1 jid",
            "jls jid parent",
            "jail_pids(jids [7, 9])"
        ]
    );
    let b = exec_backend(&s, RecordingSystem::new().fail_on("jail_pids"));
    let e = b.pids(&record()).expect_err("table unreadable");
    assert_eq!(
        e.to_string(),
        "jail web1: jail_pids(jids [7]): failed (recorded)"
    );
}
