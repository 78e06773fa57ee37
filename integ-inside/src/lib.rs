//! The report protocol of `integ-inside`, shared by the helper and by the suite.
//!
//! Every subcommand of the helper prints exactly one JSON document: one of the
//! report types below. Observation subcommands describe what the helper sees inside
//! the container; action subcommands do something the suite asked for and report how
//! it went. The suite deserializes these types, so a change here is a protocol change
//! for both sides.

pub mod failure;
pub mod request;

pub use request::{NoReport, Request};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Name of the helper binary inside a test root filesystem (at its top level).
pub const HELPER_NAME: &str = "integ-inside";

/// Absolute path of the helper inside the container, as the suite places it.
pub const HELPER_PATH: &str = "/integ-inside";

/// Soft and hard values of one resource limit; `None` means unlimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rlimit {
    pub soft: Option<u64>,
    pub hard: Option<u64>,
}

/// Rows and columns of a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WinSize {
    pub rows: u16,
    pub cols: u16,
}

/// `integ-inside process`: the process as the runtime set it up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessReport {
    /// argv, exactly as received.
    pub args: Vec<String>,
    /// The environment, `KEY=VALUE`, in the order the kernel handed it over.
    pub env: Vec<String>,
    pub cwd: String,
    pub pid: i32,
    pub ppid: i32,
    pub uid: u32,
    pub gid: u32,
    pub euid: u32,
    pub egid: u32,
    /// Supplementary groups (getgroups), sorted, duplicates removed.
    pub groups: Vec<u32>,
    pub umask: u32,
    /// Keyed by the spec's name, e.g. `RLIMIT_NOFILE`.
    pub rlimits: BTreeMap<String, Rlimit>,
    /// isatty() of fds 0, 1 and 2.
    pub isatty: [bool; 3],
    /// Size of the terminal on fd 0, 1 or 2 (the first that is a tty).
    pub terminal_size: Option<WinSize>,
    /// Whether the process has a controlling terminal (`/dev/tty` opens).
    pub controlling_terminal: bool,
    /// Whether this process is a session leader (getsid(0) == getpid()).
    pub session_leader: bool,
}

/// `integ-inside identity`: UTS-like identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityReport {
    pub hostname: String,
    pub domainname: String,
}

/// One mounted filesystem as the helper sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MountEntry {
    pub source: String,
    pub target: String,
    pub fstype: String,
    pub options: Vec<String>,
}

/// `integ-inside mounts`: every mount visible to the process.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MountsReport {
    pub mounts: Vec<MountEntry>,
}

/// One network interface and its addresses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interface {
    pub name: String,
    pub up: bool,
    pub loopback: bool,
    /// Addresses with prefix length, e.g. `10.0.0.2/24`, `::1/128`.
    pub addresses: Vec<String>,
}

/// `integ-inside network`: interfaces and addresses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkReport {
    pub interfaces: Vec<Interface>,
}

/// `integ-inside jail`: jail facts (FreeBSD; on other systems `jailed` is false and
/// `params` empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JailReport {
    pub os: String,
    /// `security.jail.jailed`.
    pub jailed: bool,
    /// Every readable `security.jail.*` sysctl, name without the prefix → value.
    pub params: BTreeMap<String, String>,
}

/// `integ-inside wait-signal`: the first signal that arrived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignalReport {
    pub pid: i32,
    pub signal: i32,
    /// Name without the `SIG` prefix, e.g. `USR1`; the number as text for a
    /// signal without a portable name (real-time signals).
    pub name: String,
}

/// `integ-inside write-file`: outcome of creating/writing a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WriteReport {
    pub path: String,
    pub ok: bool,
    /// errno when the write failed.
    pub errno: Option<i32>,
    pub error: Option<String>,
}

/// `integ-inside read-file`: contents of a file, or why it could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadReport {
    pub path: String,
    pub contents: Option<String>,
    pub errno: Option<i32>,
}

/// `integ-inside connect` / `listen`: outcome of a network action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetReport {
    pub address: String,
    pub ok: bool,
    /// What was received from the peer (listen) or echoed back (connect).
    pub received: Option<String>,
    pub error: Option<String>,
}

/// `integ-inside hook`: what a hook program observed when the runtime ran it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HookReport {
    /// A label given on the command line, so a log of several hooks is readable.
    pub label: String,
    pub args: Vec<String>,
    pub env: Vec<String>,
    /// The state JSON read on stdin, verbatim.
    pub stdin: String,
    pub cwd: String,
    pub hostname: String,
    /// Device and inode of "/" as the hook sees it: tells runtime namespace from
    /// container namespace.
    pub root_dev: u64,
    pub root_ino: u64,
    pub pid: i32,
    /// `--container-mounts`: mount targets of the container process (Linux).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_mounts: Option<Vec<String>>,
    /// `--await`: whether the program's ready line arrived while the hook ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub awaited: Option<bool>,
    /// `--probe-pid-file`: whether the container process still existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pid_alive: Option<bool>,
}

/// `integ-inside paths`: whether each path exists, and its permission bits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathsReport {
    pub entries: Vec<PathEntry>,
}

/// One path of a `paths` report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathEntry {
    pub path: String,
    pub exists: bool,
    /// `st_mode & 07777` when it exists.
    pub mode: Option<u32>,
    pub errno: Option<i32>,
}

/// `integ-inside sysv`: whether each SysV IPC kind could be created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SysvReport {
    pub msg: IpcAttempt,
    pub sem: IpcAttempt,
    pub shm: IpcAttempt,
}

/// One SysV IPC creation attempt (IPC_PRIVATE), removed again when it worked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IpcAttempt {
    pub ok: bool,
    pub errno: Option<i32>,
}

/// Device and inode of a file: identifies it across mount namespaces and roots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileId {
    pub dev: u64,
    pub ino: u64,
}

/// One open descriptor of the process.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenFd {
    pub fd: i32,
    /// `dir`, `file`, `fifo`, `socket`, `char`, `block`, `link` or `unknown`.
    pub kind: String,
    pub id: FileId,
    /// What `/proc/self/fd/N` names, where that exists (Linux with /proc mounted).
    pub target: Option<String>,
}

/// `integ-inside descriptors`: what the process holds that the runtime handed over:
/// open descriptors, working directory, root and executable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DescriptorsReport {
    /// Every open descriptor, the helper's own (none beyond 0, 1, 2) excepted.
    pub fds: Vec<OpenFd>,
    /// getcwd(), or `None` when the directory is not reachable from the root.
    pub cwd: Option<String>,
    /// Why getcwd() failed, when it did.
    pub cwd_error: Option<String>,
    /// The working directory, whatever its path.
    pub cwd_id: FileId,
    /// "/" as the process sees it.
    pub root_id: FileId,
    /// `/proc/self/exe`, where procfs offers it.
    pub exe_id: Option<FileId>,
}

/// `integ-inside tty-echo`: a line read from stdin (the terminal), for terminal tests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EchoReport {
    pub line: String,
    pub isatty: [bool; 3],
    pub terminal_size: Option<WinSize>,
    pub controlling_terminal: bool,
}

/// `integ-inside spawn`: the processes the helper started and signals they got.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpawnReport {
    /// One entry per process (parent first), written when it receives a signal.
    pub signals: Vec<SignalReport>,
}

/// Maps a signal number to its name without `SIG` (`None` if unknown here).
pub fn signal_name(sig: i32) -> Option<&'static str> {
    SIGNALS
        .iter()
        .find(|(n, _)| *n == sig)
        .map(|(_, name)| *name)
}

/// Maps a name (`USR1` or `SIGUSR1`, any case) to the host's signal number.
pub fn signal_number(name: &str) -> Option<i32> {
    let upper = name.to_ascii_uppercase();
    let bare = upper.strip_prefix("SIG").unwrap_or(&upper);
    SIGNALS
        .iter()
        .find(|(_, n)| *n == bare)
        .map(|(num, _)| *num)
}

/// The signals whose numbers are the same in name on every host we support; the
/// numbers come from the host's libc.
pub const SIGNALS: &[(i32, &str)] = &[
    (libc::SIGHUP, "HUP"),
    (libc::SIGINT, "INT"),
    (libc::SIGQUIT, "QUIT"),
    (libc::SIGILL, "ILL"),
    (libc::SIGTRAP, "TRAP"),
    (libc::SIGABRT, "ABRT"),
    (libc::SIGBUS, "BUS"),
    (libc::SIGFPE, "FPE"),
    (libc::SIGKILL, "KILL"),
    (libc::SIGUSR1, "USR1"),
    (libc::SIGSEGV, "SEGV"),
    (libc::SIGUSR2, "USR2"),
    (libc::SIGPIPE, "PIPE"),
    (libc::SIGALRM, "ALRM"),
    (libc::SIGTERM, "TERM"),
    (libc::SIGCHLD, "CHLD"),
    (libc::SIGCONT, "CONT"),
    (libc::SIGSTOP, "STOP"),
    (libc::SIGTSTP, "TSTP"),
    (libc::SIGTTIN, "TTIN"),
    (libc::SIGTTOU, "TTOU"),
    (libc::SIGURG, "URG"),
    (libc::SIGXCPU, "XCPU"),
    (libc::SIGXFSZ, "XFSZ"),
    (libc::SIGVTALRM, "VTALRM"),
    (libc::SIGPROF, "PROF"),
    (libc::SIGWINCH, "WINCH"),
    (libc::SIGIO, "IO"),
    (libc::SIGSYS, "SYS"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signal_names_round_trip() {
        assert_eq!(signal_number("SIGUSR1"), Some(libc::SIGUSR1));
        assert_eq!(signal_number("usr1"), Some(libc::SIGUSR1));
        assert_eq!(signal_name(libc::SIGTERM), Some("TERM"));
        assert_eq!(signal_number("NOPE"), None);
    }

    #[test]
    fn reports_round_trip_through_json() {
        let r = IdentityReport {
            hostname: "h".into(),
            domainname: "d".into(),
        };
        let text = serde_json::to_string(&r).expect("serialize");
        let back: IdentityReport = serde_json::from_str(&text).expect("parse");
        assert_eq!(back, r);
    }
}
