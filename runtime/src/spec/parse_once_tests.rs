//! config.json is deserialized once per command: counted through the one
//! function that parses it (`schema::parse`), over the commands that read a
//! bundle, and found by reading the source for any other deserialization.

use crate::platform::backend::{Backend, BackendError, CreateRequest, Created, RuntimeHooks};
use crate::platform::Platform;
use crate::spec::schema::parse_count;
use crate::state::Record;
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

#[test]
fn create_reads_config_json_once_for_either_platform() {
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

/// A backend for operations that must not reach one (a dry run).
struct NoBackend;

impl Backend for NoBackend {
    fn create(
        &self,
        _: &CreateRequest<'_>,
        _: &mut RuntimeHooks<'_>,
    ) -> Result<Created, BackendError> {
        Err(BackendError::NotOnThisPlatform("create in a dry run"))
    }

    fn kill_all(&self, _: &Record, _: i32) -> Result<(), BackendError> {
        Err(BackendError::NotOnThisPlatform("kill in a dry run"))
    }

    fn destroy(&self, _: &Record) -> Result<(), BackendError> {
        Err(BackendError::NotOnThisPlatform("delete in a dry run"))
    }
}

/// `exec --dry-run` takes its process from the bundle and plans with the
/// same bundle: one parse for both.
#[test]
fn exec_dry_run_reads_config_json_once() {
    let dir = bundle();
    let root = tempfile::tempdir().expect("root");
    let mut log = crate::log::Log::open(None, crate::log::LogFormat::Text, false).expect("log");
    let ctx = crate::lifecycle::Context {
        store: crate::state::store::StateStore::new(root.path()),
        backend: &NoBackend,
        log: &mut log,
    };
    let id = crate::container_id::ContainerId::new("c1").expect("id");
    let opts = crate::lifecycle::exec::ExecOptions {
        args: vec!["/bin/sh".into()],
        ..Default::default()
    };
    let (n, plan) = parses(|| {
        crate::lifecycle::exec::dry_run(&ctx, &id, &opts, Platform::FreeBsd, Some(dir.path()))
    });
    plan.expect("exec --dry-run --platform freebsd");
    assert_eq!(n, 1);
}

/// Every deserialization call in jailrun's code: file, call, what it reads.
/// config.json is read by `schema::parse` alone; a new deserialization
/// anywhere fails this test until it is listed here with what it reads.
const DESERIALIZATIONS: &[(&str, &str, &str)] = &[
    ("container/message.rs", FROM_SLICE, "a protocol message"),
    ("spec/freebsd/runj_ext.rs", FROM_STR, "runj.ext.json's text"),
    (
        "spec/freebsd/runj_ext.rs",
        PATH_TO_ERROR,
        "runj.ext.json's JSON",
    ),
    ("platform/freebsd/backend.rs", FROM_SLICE, "jail.json"),
    ("lifecycle/exec.rs", FROM_STR, "process.json's text"),
    ("lifecycle/exec.rs", FROM_VALUE, "process.json's JSON"),
    (
        "spec/schema.rs",
        FROM_SLICE,
        "config.json's text, in `parse`",
    ),
    (
        "spec/schema.rs",
        PATH_TO_ERROR,
        "config.json's JSON, in `parse`",
    ),
    (
        "spec/schema.rs",
        PATH_TO_ERROR,
        "the freebsd section, handed over by the line above",
    ),
    ("state/store.rs", FROM_SLICE, "state.json"),
];

const FROM_SLICE: &str = "serde_json::from_slice";
const FROM_STR: &str = "serde_json::from_str";
const FROM_VALUE: &str = "serde_json::from_value";
const PATH_TO_ERROR: &str = "serde_path_to_error::deserialize";
const CALLS: [&str; 5] = [
    FROM_SLICE,
    FROM_STR,
    FROM_VALUE,
    PATH_TO_ERROR,
    "serde_json::from_reader",
];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src").flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs")
            && !path.to_string_lossy().contains("test")
        {
            out.push(path);
        }
    }
}

#[test]
fn config_json_is_deserialized_in_one_function() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("source");
        // The code before the file's unit tests.
        let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
        let name = file
            .strip_prefix(&src)
            .expect("under src")
            .to_string_lossy()
            .into_owned();
        for call in CALLS {
            found.extend(code.matches(call).map(|_| (name.clone(), call)));
        }
    }
    found.sort();
    let mut listed: Vec<(String, &str)> = DESERIALIZATIONS
        .iter()
        .map(|(file, call, _)| (file.to_string(), *call))
        .collect();
    listed.sort();
    assert_eq!(found, listed);
}
