//! config.json is deserialized once per command. runtime/clippy.toml makes any
//! deserialization outside the marked call sites a clippy error; these tests
//! count the calls of the one function that parses config.json
//! (`schema::parse`) over the commands, on a bundle both platforms accept.

use crate::container_id::ContainerId;
use crate::lifecycle::exec::ExecOptions;
use crate::lifecycle::{Context, Error};
use crate::platform::backend::{Backend, BackendError, CreateRequest, Created, RuntimeHooks};
use crate::platform::Platform;
use crate::process_status::{probe, ProcStatus};
use crate::spec::schema::parse_count;
use crate::state::{Record, Status};
use serde_json::json;
use std::path::{Path, PathBuf};

/// A bundle both platforms accept, in a temporary directory.
fn bundle() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(tmp.path().join("rootfs")).expect("rootfs");
    let config = json!({
        "ociVersion": "1.3.0",
        "process": {"user": {"uid": 0, "gid": 0}, "args": ["/bin/true"],
            "env": ["PATH=/bin"], "cwd": "/",
            "rlimits": [{"type": "RLIMIT_NOFILE", "soft": 64, "hard": 64}]},
        "root": {"path": "rootfs"},
        "hostname": "h",
        "linux": {"namespaces": [{"type": "pid"}, {"type": "mount"}, {"type": "uts"}]},
        "freebsd": {"jail": {"host": "new", "ip4": "inherit"}}
    });
    std::fs::write(tmp.path().join("config.json"), config.to_string()).expect("config");
    tmp
}

/// How many times `f` parsed a config.json.
fn parses<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = parse_count();
    let out = f();
    (parse_count() - before, out)
}

/// A backend that refuses `create` and `exec` (so the commands stop after
/// reading what they read) and kills and destroys nothing, successfully.
struct Fake;

impl Backend for Fake {
    fn create(
        &self,
        _: &CreateRequest<'_>,
        _: &mut RuntimeHooks<'_>,
    ) -> Result<Created, BackendError> {
        Err(BackendError::NotOnThisPlatform("create in a parse count"))
    }

    fn kill_all(&self, _: &Record, _: i32) -> Result<(), BackendError> {
        Ok(())
    }

    fn destroy(&self, _: &Record) -> Result<(), BackendError> {
        Ok(())
    }
}

/// Runs `f` with the fake backend and a state store under `root`.
fn with_context<T>(root: &Path, f: impl FnOnce(&mut Context<'_>) -> T) -> T {
    let mut log = crate::log::Log::open(None, crate::log::LogFormat::Text, false).expect("log");
    let mut ctx = Context {
        store: crate::state::store::StateStore::new(root),
        backend: &Fake,
        log: &mut log,
    };
    f(&mut ctx)
}

/// Whether `r` is the fake backend's refusal, i.e. the command got that far.
fn refused_by_backend<T>(r: &Result<T, Error>) -> bool {
    matches!(r, Err(Error::Backend(BackendError::NotOnThisPlatform(_))))
}

#[test]
fn loading_a_bundle_and_create_dry_run_parse_once_for_either_platform() {
    let dir = bundle();
    for platform in [Platform::Linux, Platform::FreeBsd] {
        let (n, b) = parses(|| crate::spec::bundle::Bundle::load(dir.path(), platform));
        let b = b.unwrap_or_else(|e| panic!("{platform:?}: {e}"));
        assert_eq!(n, 1, "{platform:?}");
        assert_eq!(b.jail.is_some(), platform == Platform::FreeBsd);
    }
    let (n, plan) =
        parses(|| crate::platform::freebsd::dry_run_in(dir.path(), "c1", Path::new("/run/x")));
    plan.expect("create --dry-run --platform freebsd");
    assert_eq!(n, 1, "create --dry-run --platform freebsd");
}

/// `create` parses once, up to the backend (which the fake refuses).
#[test]
fn create_parses_config_json_once() {
    let dir = bundle();
    let root = tempfile::tempdir().expect("root");
    let id = ContainerId::new("c1").expect("id");
    let opts = crate::lifecycle::create::CreateOptions {
        bundle: dir.path().to_path_buf(),
        ..Default::default()
    };
    let (n, created) = with_context(root.path(), |ctx| {
        parses(|| crate::lifecycle::create::create(ctx, &id, &opts))
    });
    assert!(refused_by_backend(&created), "{created:?}");
    assert_eq!(n, 1);
}

/// `exec --dry-run` takes its process from the bundle and plans with the
/// same bundle: one parse for both.
#[test]
fn exec_dry_run_parses_config_json_once() {
    let dir = bundle();
    let root = tempfile::tempdir().expect("root");
    let id = ContainerId::new("c1").expect("id");
    let opts = ExecOptions {
        args: vec!["/bin/sh".into()],
        ..Default::default()
    };
    let (n, plan) = with_context(root.path(), |ctx| {
        parses(|| {
            crate::lifecycle::exec::dry_run(ctx, &id, &opts, Platform::FreeBsd, Some(dir.path()))
        })
    });
    plan.expect("exec --dry-run --platform freebsd");
    assert_eq!(n, 1);
}

/// On a stored container, only `exec` without `--process` reads config.json
/// (for the container's own process); the rest work from the record.
#[test]
fn commands_on_a_stored_container_parse_only_for_exec_from_the_bundle() {
    let dir = bundle();
    let root = tempfile::tempdir().expect("root");
    let process_json = dir.path().join("process.json");
    let process = json!({"user": {"uid": 0, "gid": 0}, "args": ["/bin/true"], "cwd": "/"});
    std::fs::write(&process_json, process.to_string()).expect("process.json");
    let id = ContainerId::new("c1").expect("id");
    // A running container: this test's own process stands for its process
    // (the fake backend signals nothing).
    let pid = std::process::id() as i32;
    let ProcStatus::Alive { start_time } = probe(pid) else {
        panic!("this process is not alive")
    };
    let mut record = Record {
        id: id.to_string(),
        pid,
        pid_start_time: start_time,
        bundle: dir.path().to_path_buf(),
        ..crate::state::tests::record()
    };
    let exec = |process_file: Option<PathBuf>| ExecOptions {
        args: vec!["/bin/true".into()],
        process_file,
        detach: true,
        ..Default::default()
    };
    with_context(root.path(), |ctx| {
        ctx.store
            .create(&id)
            .and_then(|d| d.write(&record))
            .expect("stored");
        let (n, state) = parses(|| crate::lifecycle::state::state(ctx, &id));
        assert_eq!(state.expect("state").status, Status::Running);
        assert_eq!(n, 0, "state");
        let (n, ran) = parses(|| crate::lifecycle::exec::exec(ctx, &id, &exec(None)));
        assert!(refused_by_backend(&ran), "{ran:?}");
        assert_eq!(n, 1, "exec");
        let (n, ran) = parses(|| crate::lifecycle::exec::exec(ctx, &id, &exec(Some(process_json))));
        assert!(refused_by_backend(&ran), "{ran:?}");
        assert_eq!(n, 0, "exec --process");
        let (n, started) = parses(|| crate::lifecycle::start::start(ctx, &id));
        assert!(
            matches!(started, Err(Error::NotCreated(Status::Running))),
            "{started:?}"
        );
        assert_eq!(n, 0, "start");
        let (n, killed) = parses(|| crate::lifecycle::kill::kill(ctx, &id, 0, true));
        killed.expect("kill --all");
        assert_eq!(n, 0, "kill");
        // Stopped, so that delete goes all the way.
        record.pid = 0;
        ctx.store
            .lock(&id)
            .and_then(|d| d.write(&record))
            .expect("stopped");
        let (n, deleted) = parses(|| crate::lifecycle::delete::delete(ctx, &id, false));
        deleted.expect("delete");
        assert_eq!(n, 0, "delete");
        assert!(!root.path().join("c1").exists());
    });
}
