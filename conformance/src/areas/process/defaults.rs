//! What the process keeps when a field is unset (config.md#posix-platform-user):
//! without user.umask the caller's umask.

use crate::req;

use integ_inside::ProcessReport;

use crate::check_eq;
use crate::harness::{host::command, CaseResult, Sandbox, Verdict};

cases! {
    umask_unset_keeps_callers: &[req::PROCESS_UMASK_UNSET];
}

/// The suite's own umask, which the runtime inherits and should pass on, as a
/// child of the suite sees it: `sh -c umask` (POSIX; /proc/self/status has it on
/// Linux only, and umask(2) cannot read it without setting it for every thread).
fn own_umask() -> Result<u32, Verdict> {
    let out = command::output("sh", &["-c", "umask"]).map_err(Verdict::Error)?;
    parse_umask(&out).ok_or_else(|| Verdict::Error(format!("sh -c umask printed {out:?}")))
}

/// The octal mask `umask` prints (`0022`, `022`).
fn parse_umask(out: &str) -> Option<u32> {
    let digits = out.trim();
    (!digits.is_empty() && digits.len() <= 4)
        .then(|| u32::from_str_radix(digits, 8).ok())
        .flatten()
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

#[cfg(test)]
mod tests {
    use super::parse_umask;

    #[test]
    fn reads_the_mask_sh_prints() {
        assert_eq!(parse_umask("0022\n"), Some(0o022));
        assert_eq!(parse_umask("077\n"), Some(0o077));
        assert_eq!(parse_umask("u=rwx,g=rx,o=rx\n"), None);
        assert_eq!(parse_umask(""), None);
    }
}
