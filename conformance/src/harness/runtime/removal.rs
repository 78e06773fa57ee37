//! How the guard removes a container, per command line: `kill` and
//! `delete --force` where the runtime has `--force`; otherwise kill, wait until
//! the container is stopped, then `delete` (the only delete runj has). Also what
//! the runtime's own `list` still shows.

use std::path::Path;
use std::time::{Duration, Instant};

use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;

use crate::harness::host::container_pid;
use crate::harness::runtime::driver::Invocation;
use crate::harness::runtime::reaper::{Reaper, Waited};
use crate::harness::runtime::state::State;
use crate::harness::verdict::Verdict;

/// One runtime call, as the sandbox makes it.
pub type Call<'a> = dyn FnMut(&[&str]) -> Result<Invocation, Verdict> + 'a;

/// Removes container `id` (rooted at `rootfs`), ignoring errors: the leak check
/// judges the result.
pub fn remove(call: &mut Call, id: &str, rootfs: &Path, has_force: bool, timeout: Duration) {
    if has_force {
        let _ = call(&["kill", id, "KILL"]);
        let _ = call(&["delete", "--force", id]);
        return;
    }
    let Some(state) = state_of(call, id) else {
        // Never created, or already gone: a delete costs nothing and catches a
        // half-made container the runtime still knows.
        let _ = call(&["delete", id]);
        return;
    };
    if state.status() != Some("stopped") {
        let killed = call(&["kill", id, "KILL"]).is_ok_and(|inv| inv.ok());
        if let (false, Some(pid)) = (killed, state.pid()) {
            // runj refuses to signal a container that is only created; its
            // process is ours (we are its subreaper), so end it directly, once
            // it is known to be the container's: a stale state's pid may have
            // been reused by any process of the host.
            if container_pid::mismatch(pid, rootfs).is_none() {
                let _ = kill(Pid::from_raw(pid), Signal::SIGKILL);
            }
        }
        wait_stopped(call, id, state.pid(), timeout);
    }
    let _ = call(&["delete", id]);
}

/// The container's state, when the runtime still knows it.
fn state_of(call: &mut Call, id: &str) -> Option<State> {
    let inv = call(&["state", id]).ok().filter(Invocation::ok)?;
    State::parse(&inv.stdout).ok()
}

/// Waits for the container process to exit (an event, when it is our
/// descendant), then until `state` says stopped. Without an event to wait on
/// (the process is not ours), `state` is asked again with a growing pause.
fn wait_stopped(call: &mut Call, id: &str, pid: Option<i32>, timeout: Duration) {
    let deadline = Instant::now() + timeout;
    if let Some(pid) = pid {
        if let Waited::TimedOut = Reaper::global().wait(pid, timeout) {
            return;
        }
    }
    let mut pause = Duration::from_millis(1);
    while Instant::now() < deadline {
        match state_of(call, id) {
            Some(s) if s.status() != Some("stopped") => {}
            _ => return,
        }
        // No event exists for a runtime's own status change: `state` is the only
        // signal, so it is asked again after a short, growing pause.
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(100));
    }
}

/// Leak messages for the containers `list` still shows after the guard.
pub fn still_listed(call: &mut Call, ids: &[String]) -> Vec<String> {
    let Some(list) = call(&["list"]).ok().filter(Invocation::ok) else {
        return Vec::new();
    };
    ids.iter()
        .filter(|id| list_shows(&list.stdout, id))
        .map(|id| format!("list still shows container {id} after delete"))
        .collect()
}

/// Whether `list` output (a table or JSON) names container `id` as a word of its
/// own, so `jc-a-1` is not found in `jc-a-10`.
pub fn list_shows(text: &str, id: &str) -> bool {
    // JSON (`list --format json`): an entry whose id is `id`; a table: a row whose
    // first column is (other containers' rows may hold `id` as a word elsewhere).
    match serde_json::from_str::<serde_json::Value>(text.trim()) {
        Ok(serde_json::Value::Array(entries)) => entries.iter().any(|e| e["id"] == id),
        _ => text
            .lines()
            .any(|l| l.split_whitespace().next() == Some(id)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_matches_whole_ids_in_tables_and_json() {
        let table = "ID       PID  STATUS\njc-a-10  0    stopped\n";
        assert!(list_shows(table, "jc-a-10"));
        assert!(!list_shows(table, "jc-a-1"));
        let json = r#"[{"id":"jc-b-2","pid":0}]"#;
        assert!(list_shows(json, "jc-b-2"));
        assert!(!list_shows(json, "jc-b"));
        // Another container's row naming the ID elsewhere is not the ID's.
        let shared = "ID   PID  STATUS   BUNDLE\njc-c-3  0  stopped  /w/.\n";
        assert!(!list_shows(shared, "."));
        assert!(!list_shows(shared, "stopped"));
    }
}
