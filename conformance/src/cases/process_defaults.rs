//! What the process keeps when a field is unset (config.md#posix-platform-user):
//! without user.umask the caller's umask.

use integ_inside::ProcessReport;

use super::Case;
use crate::check_eq;
use crate::harness::{CaseResult, Sandbox, Verdict};

/// The process-default tests.
pub static CASES: &[Case] = &[Case {
    name: "umask_unset_keeps_callers",
    requirements: &["process_umask_unset"],
    needs: &[],
    body: umask_unset_keeps_callers,
}];

/// The suite's own umask, which the runtime inherits and should pass on.
fn own_umask() -> Result<u32, Verdict> {
    let status = std::fs::read_to_string("/proc/self/status")
        .map_err(|e| Verdict::Skip(format!("the suite's umask is not readable here: {e}")))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("Umask:"))
        .and_then(|v| u32::from_str_radix(v.trim(), 8).ok())
        .ok_or_else(|| Verdict::Skip("no Umask line in /proc/self/status".into()))
}

fn umask_unset_keeps_callers(sb: &mut Sandbox) -> CaseResult {
    let want = own_umask()?;
    if let Some(user) = sb.config["process"]["user"].as_object_mut() {
        user.remove("umask");
    }
    let r: ProcessReport = sb.run_helper(&["process"])?;
    check_eq!(
        format!("{:04o}", r.umask),
        format!("{want:04o}"),
        "umask without user.umask"
    );
    Ok(())
}
