//! `ps` (a runc convention): the host PIDs of a container's processes.

use super::{Context, Error};
use crate::container_id::ContainerId;
use crate::state::Status;

/// Host PIDs of every process of container `id` (empty when it is stopped).
pub fn pids(ctx: &Context<'_>, id: &ContainerId) -> Result<Vec<i32>, Error> {
    let (record, fifo) = ctx.store.read(id)?;
    if record.status(fifo) == Status::Stopped {
        return Ok(Vec::new());
    }
    let mut pids = ctx.backend.pids(&record)?;
    pids.sort_unstable();
    Ok(pids)
}

/// `--format json`: a JSON array of PIDs, as runc prints (containerd reads it).
pub fn json(pids: &[i32]) -> String {
    serde_json::to_string(pids).unwrap_or_default() + "\n"
}

/// `--format table`: PID and command name, one process a line.
pub fn table(pids: &[i32]) -> String {
    let mut out = String::from("PID     CMD\n");
    for pid in pids {
        out.push_str(&format!("{pid:<7} {}\n", command_name(*pid)));
    }
    out
}

#[cfg(target_os = "linux")]
fn command_name(pid: i32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .map(|s| s.trim_end().to_string())
        .unwrap_or_else(|_| "?".into())
}

#[cfg(not(target_os = "linux"))]
fn command_name(_pid: i32) -> String {
    "?".into()
}

#[cfg(test)]
mod tests {
    #[test]
    fn json_is_a_plain_array() {
        assert_eq!(super::json(&[7, 42]), "[7,42]\n");
        assert_eq!(super::json(&[]), "[]\n");
    }
}
