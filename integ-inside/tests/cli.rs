//! Runs the built helper as the suite does and checks what it reports.

use integ_inside::{HookReport, NetReport, ProcessReport, SignalReport, WriteReport};
use std::ffi::CString;
use std::fs;
use std::io::{Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::OpenOptionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

const HELPER: &str = env!("CARGO_BIN_EXE_integ-inside");
const TIMEOUT: Duration = Duration::from_secs(20);

/// A scratch directory removed at the end of the test.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("integ-inside-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("create scratch dir");
        Scratch(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    /// Creates a FIFO and opens it for reading without blocking.
    fn fifo(&self, name: &str) -> (PathBuf, fs::File) {
        let path = self.path(name);
        let c = CString::new(path.as_os_str().as_bytes()).expect("path");
        // SAFETY: c is a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
        let file = fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&path)
            .expect("open fifo");
        (path, file)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Waits until the helper wrote "ready\n" to the FIFO.
fn wait_ready(fifo: &mut fs::File, child: &mut Child) {
    let deadline = Instant::now() + TIMEOUT;
    let mut got = Vec::new();
    while !got.ends_with(b"ready\n") {
        assert!(Instant::now() < deadline, "helper never became ready");
        if let Some(status) = child.try_wait().expect("try_wait") {
            panic!("helper exited before ready: {status}");
        }
        let mut pfd = libc::pollfd {
            fd: std::os::unix::io::AsRawFd::as_raw_fd(fifo),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd.
        unsafe { libc::poll(&mut pfd, 1, 100) };
        let mut buf = [0u8; 16];
        match fifo.read(&mut buf) {
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) => panic!("reading fifo: {e}"),
        }
    }
    assert_eq!(got, b"ready\n");
}

/// Waits for the child with a deadline, killing it if it hangs.
fn wait_exit(child: &mut Child) -> ExitStatus {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("helper did not exit in time");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn run(args: &[&str]) -> Output {
    Command::new(HELPER)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run helper")
}

fn lines(path: &Path) -> Vec<String> {
    fs::read_to_string(path)
        .expect("read log")
        .lines()
        .map(String::from)
        .collect()
}

#[test]
fn process_reports_args_env_and_cwd() {
    let scratch = Scratch::new("process");
    let out = Command::new(HELPER)
        .args(["process", "one", "two words"])
        .env_clear()
        .env("FOO", "bar")
        .env("EMPTY", "")
        .current_dir(&scratch.0)
        .stdin(Stdio::null())
        .output()
        .expect("run");
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).expect("utf8");
    assert!(
        text.ends_with('\n') && text.matches('\n').count() == 1,
        "one line: {text:?}"
    );
    let report: ProcessReport = serde_json::from_str(&text).expect("ProcessReport");
    assert_eq!(report.args[1..], ["process", "one", "two words"]);
    let mut env = report.env.clone();
    env.sort();
    assert_eq!(env, ["EMPTY=", "FOO=bar"]);
    assert_eq!(
        Path::new(&report.cwd),
        scratch.0.canonicalize().expect("canon")
    );
    assert!(report.pid > 0);
    // SAFETY: getuid cannot fail.
    assert_eq!(report.uid, unsafe { libc::getuid() });
    assert!(report.rlimits.contains_key("RLIMIT_NOFILE"));
    assert_eq!(report.isatty, [false, false, false]);
    assert_eq!(report.terminal_size, None);
}

#[test]
fn exit_code_is_passed_through_silently() {
    let out = run(&["exit", "7"]);
    assert_eq!(out.status.code(), Some(7));
    assert!(out.stdout.is_empty());
    assert_eq!(run(&["exit", "0"]).status.code(), Some(0));
}

#[test]
fn usage_errors_exit_2_with_one_line() {
    for args in [&["nope"][..], &["exit", "x"], &["--append", "process"], &[]] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).expect("utf8");
        assert!(err.starts_with("integ-inside: "), "{err:?}");
        assert_eq!(err.matches('\n').count(), 1, "{err:?}");
    }
}

#[test]
fn write_file_writes_and_reports() {
    let scratch = Scratch::new("write");
    let target = scratch.path("f.txt");
    let report_path = scratch.path("report.json");
    let target_str = target.to_str().expect("utf8");
    let out = run(&[
        "--out",
        report_path.to_str().expect("utf8"),
        "write-file",
        target_str,
    ]);
    assert!(out.status.success(), "{out:?}");
    assert!(out.stdout.is_empty());
    assert_eq!(fs::read_to_string(&target).expect("read"), "jailcheck\n");
    let report: WriteReport =
        serde_json::from_str(&fs::read_to_string(&report_path).expect("report")).expect("json");
    assert!(report.ok);
    let leftovers: Vec<_> = fs::read_dir(&scratch.0).expect("dir").collect();
    assert_eq!(leftovers.len(), 2, "no temporary file left behind");

    let missing = scratch.path("no/such/dir");
    let out = run(&["write-file", missing.to_str().expect("utf8"), "x"]);
    assert!(out.status.success(), "a refused write is a result: {out:?}");
    let report: WriteReport = serde_json::from_slice(&out.stdout).expect("json");
    assert!(!report.ok);
    assert_eq!(report.errno, Some(libc::ENOENT));
}

#[test]
fn hooks_append_in_order_and_exit_as_told() {
    let scratch = Scratch::new("hook");
    let log = scratch.path("hooks.log");
    let log_str = log.to_str().expect("utf8");
    for (label, state, code) in [
        ("prestart", "{\"id\":\"a\"}", 0),
        ("poststart", "{\"id\":\"b\"}", 5),
    ] {
        let code_str = code.to_string();
        let mut child = Command::new(HELPER)
            .args([
                "--out", log_str, "--append", "hook", label, "--exit", &code_str,
            ])
            .stdin(Stdio::piped())
            .spawn()
            .expect("spawn");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(state.as_bytes())
            .expect("write state");
        assert_eq!(wait_exit(&mut child).code(), Some(code));
    }
    let reports: Vec<HookReport> = lines(&log)
        .iter()
        .map(|l| serde_json::from_str(l).expect("HookReport"))
        .collect();
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[0].label, "prestart");
    assert_eq!(reports[0].stdin, "{\"id\":\"a\"}");
    assert_eq!(reports[1].label, "poststart");
    assert_eq!(reports[1].stdin, "{\"id\":\"b\"}");
    let root = fs::metadata("/").expect("stat /");
    assert_eq!(
        reports[0].root_ino,
        std::os::unix::fs::MetadataExt::ino(&root)
    );
}

#[test]
fn hook_records_before_blocking() {
    let scratch = Scratch::new("hookblock");
    let log = scratch.path("hooks.log");
    let mut child = Command::new(HELPER)
        .args([
            "--out",
            log.to_str().expect("utf8"),
            "--append",
            "hook",
            "slow",
            "--block",
        ])
        .stdin(Stdio::null())
        .spawn()
        .expect("spawn");
    let deadline = Instant::now() + TIMEOUT;
    while lines_or_empty(&log).is_empty() {
        assert!(Instant::now() < deadline, "hook never recorded");
        assert!(
            child.try_wait().expect("try_wait").is_none(),
            "hook must block"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(
        child.try_wait().expect("try_wait").is_none(),
        "hook must block"
    );
    child.kill().expect("kill");
    let _ = child.wait();
}

fn lines_or_empty(path: &Path) -> Vec<String> {
    fs::read_to_string(path)
        .map(|t| t.lines().map(String::from).collect())
        .unwrap_or_default()
}

#[test]
fn wait_signal_reports_the_signal() {
    let scratch = Scratch::new("waitsignal");
    let (fifo, mut reader) = scratch.fifo("ready");
    let mut child = Command::new(HELPER)
        .args(["--ready", fifo.to_str().expect("utf8"), "wait-signal"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    wait_ready(&mut reader, &mut child);
    // SAFETY: the pid is our live child.
    assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGUSR1) }, 0);
    assert!(wait_exit(&mut child).success());
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .expect("stdout")
        .read_to_string(&mut stdout)
        .expect("read");
    let report: SignalReport = serde_json::from_str(&stdout).expect("SignalReport");
    assert_eq!(report.signal, libc::SIGUSR1);
    assert_eq!(report.name, "USR1");
    assert_eq!(report.pid, child.id() as i32);
}

#[test]
fn spawn_reports_one_signal_per_process() {
    let scratch = Scratch::new("spawn");
    let (fifo, mut reader) = scratch.fifo("ready");
    let log = scratch.path("signals.log");
    let mut child = Command::new(HELPER)
        .args([
            "--out",
            log.to_str().expect("utf8"),
            "--append",
            "--ready",
            fifo.to_str().expect("utf8"),
            "spawn",
            "2",
        ])
        .stdin(Stdio::null())
        .process_group(0)
        .spawn()
        .expect("spawn");
    wait_ready(&mut reader, &mut child);
    let group = child.id() as i32;
    // SAFETY: the group holds only the helper and its children.
    assert_eq!(unsafe { libc::kill(-group, libc::SIGUSR1) }, 0);
    assert!(wait_exit(&mut child).success());
    let reports: Vec<SignalReport> = lines(&log)
        .iter()
        .map(|l| serde_json::from_str(l).expect("SignalReport"))
        .collect();
    assert_eq!(reports.len(), 3, "{reports:?}");
    assert!(reports.iter().all(|r| r.signal == libc::SIGUSR1));
    let mut pids: Vec<i32> = reports.iter().map(|r| r.pid).collect();
    pids.sort_unstable();
    pids.dedup();
    assert_eq!(pids.len(), 3);
    assert!(pids.contains(&group));
}

#[test]
fn connect_talks_to_listen() {
    let scratch = Scratch::new("net");
    let (fifo, mut reader) = scratch.fifo("ready");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let address = format!("127.0.0.1:{port}");
    let mut listener = Command::new(HELPER)
        .args(["--ready", fifo.to_str().expect("utf8"), "listen", &address])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    wait_ready(&mut reader, &mut listener);
    let out = run(&["connect", &address, "hello\n"]);
    assert!(out.status.success(), "{out:?}");
    let sent: NetReport = serde_json::from_slice(&out.stdout).expect("NetReport");
    assert!(sent.ok, "{sent:?}");
    assert_eq!(sent.received.as_deref(), Some("hello\n"));
    assert!(wait_exit(&mut listener).success());
    let mut stdout = String::new();
    listener
        .stdout
        .take()
        .expect("stdout")
        .read_to_string(&mut stdout)
        .expect("read");
    let served: NetReport = serde_json::from_str(&stdout).expect("NetReport");
    assert!(served.ok, "{served:?}");
    assert_eq!(served.received.as_deref(), Some("hello\n"));
    assert_eq!(served.address, address);
}

#[test]
fn connect_failure_is_a_result() {
    // Port 1 on loopback: nothing listens there on a test machine.
    let out = run(&["connect", "127.0.0.1:1"]);
    assert!(out.status.success(), "{out:?}");
    let report: NetReport = serde_json::from_slice(&out.stdout).expect("NetReport");
    assert!(!report.ok);
    assert!(report.error.is_some());
}
