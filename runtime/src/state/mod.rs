//! The container record jailrun keeps, and the OCI state derived from it
//! (runtime.md#state); `store` keeps records under `--root`.

pub mod store;

use crate::process_status;
use crate::spec::config::Hooks;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

/// The OCI version jailrun reports in its own outputs.
pub const OCI_VERSION: &str = "1.3.0";

/// A container's status (runtime.md#state).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Creating,
    Created,
    Running,
    /// Every process stopped by `pause` (runc's value; runtime.md#state lets a
    /// runtime add values for new states).
    Paused,
    Stopped,
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Status::Creating => "creating",
            Status::Created => "created",
            Status::Running => "running",
            Status::Paused => "paused",
            Status::Stopped => "stopped",
        })
    }
}

/// How far `create`/`start` got, as recorded on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// `create` is running (or died before finishing).
    Creating,
    /// `create` finished; whether `start` ran is told by the exec FIFO.
    Created,
    /// Started, then `pause`d (until `resume`).
    Paused,
}

/// What jailrun stores in `<root>/<id>/state.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Record {
    pub oci_version: String,
    pub id: String,
    /// Host PID of the container process; 0 before it exists.
    pub pid: i32,
    /// Start time of `pid` (clock ticks since boot), to detect PID reuse.
    pub pid_start_time: u64,
    pub bundle: PathBuf,
    pub rootfs: PathBuf,
    pub annotations: BTreeMap<String, String>,
    /// RFC 3339 creation time.
    pub created: String,
    pub phase: Phase,
    /// Whether the container has its own PID namespace (then killing its init kills all).
    pub own_pid_ns: bool,
    /// The hooks that run after `create`: poststart and poststop.
    pub hooks: Hooks,
}

/// The state document of runtime.md#state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OciState {
    pub oci_version: String,
    pub id: String,
    pub status: Status,
    /// Required when created or running; omitted when stopped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pid: Option<i32>,
    pub bundle: PathBuf,
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub annotations: BTreeMap<String, String>,
}

impl Record {
    /// The status, derived from the process and whether the exec FIFO is still there.
    pub fn status(&self, fifo_exists: bool) -> Status {
        let alive = self.pid > 0 && process_status::is_same_alive(self.pid, self.pid_start_time);
        match (self.phase, alive) {
            (Phase::Creating, true) => Status::Creating,
            (Phase::Creating, false) if self.pid == 0 => Status::Creating,
            (_, false) => Status::Stopped,
            (Phase::Created, true) if fifo_exists => Status::Created,
            (Phase::Created, true) => Status::Running,
            (Phase::Paused, true) => Status::Paused,
        }
    }

    /// The OCI state document for `status`.
    pub fn oci_state(&self, status: Status) -> OciState {
        let pid = match status {
            Status::Stopped => None,
            _ if self.pid > 0 => Some(self.pid),
            _ => None,
        };
        OciState {
            oci_version: self.oci_version.clone(),
            id: self.id.clone(),
            status,
            pid,
            bundle: self.bundle.clone(),
            annotations: self.annotations.clone(),
        }
    }
}

impl OciState {
    /// The document as pretty JSON (what `state` prints and hooks read).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A created container's record (tests).
    pub(crate) fn record() -> Record {
        Record {
            oci_version: "1.3.0".into(),
            id: "web1".into(),
            pid: 4242,
            pid_start_time: 1,
            bundle: "/var/lib/bundles/web1".into(),
            rootfs: "/var/lib/bundles/web1/rootfs".into(),
            annotations: [("org.example.key".to_string(), "value".to_string())].into(),
            created: "2026-01-01T00:00:00.000000000Z".into(),
            phase: Phase::Created,
            own_pid_ns: true,
            hooks: Hooks::default(),
        }
    }

    #[test]
    fn state_created_snapshot() {
        let state = record().oci_state(Status::Created);
        insta::assert_json_snapshot!("state_created", state, {
            ".pid" => "[pid]",
            ".bundle" => "[bundle]",
        });
    }

    #[test]
    fn state_stopped_has_no_pid() {
        let state = record().oci_state(Status::Stopped);
        insta::assert_json_snapshot!("state_stopped", state, { ".bundle" => "[bundle]" });
        assert!(!state.to_json().contains("\"pid\""));
    }

    #[test]
    fn dead_process_is_stopped() {
        let mut r = record();
        r.pid = i32::MAX; // no such process
        assert_eq!(r.status(true), Status::Stopped);
        r.pid = std::process::id() as i32;
        r.pid_start_time = 0; // the PID exists but is another process
        assert_eq!(r.status(true), Status::Stopped);
    }

    #[test]
    fn fifo_tells_created_from_running() {
        let mut r = record();
        r.pid = std::process::id() as i32;
        r.pid_start_time = match crate::process_status::probe(r.pid) {
            crate::process_status::ProcStatus::Alive { start_time } => start_time,
            crate::process_status::ProcStatus::Dead => unreachable!("we are alive"),
        };
        assert_eq!(r.status(true), Status::Created);
        assert_eq!(r.status(false), Status::Running);
        r.phase = Phase::Creating;
        assert_eq!(r.status(false), Status::Creating);
    }
}
