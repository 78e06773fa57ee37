//! How the cli tests call `exec`: the process as engines give it, in a
//! process.json passed by `--process`, and the helper's report on exec's stdout.

use std::sync::atomic::{AtomicUsize, Ordering};

use integ_inside::HELPER_PATH;
use serde_json::{json, Value};

use crate::areas::support::common::start_waiting;
use crate::harness::{CliFeature, Invocation, Sandbox, Verdict};

/// Starts the main container waiting for a signal, after checking that the
/// runtime has `exec`. Returns the container's pid.
pub fn running(sb: &mut Sandbox) -> Result<i32, Verdict> {
    sb.suite().cli.require(CliFeature::Exec)?;
    start_waiting(sb)
}

/// A process.json running the helper with `helper_args` as root in `/`, after
/// `edit`; written to a file of its own in the test's directory. Returns its path.
pub fn process_file(
    sb: &Sandbox,
    helper_args: &[&str],
    edit: impl FnOnce(&mut Value),
) -> Result<String, Verdict> {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let mut args = vec![HELPER_PATH];
    args.extend_from_slice(helper_args);
    let mut process = json!({
        "terminal": false,
        "user": { "uid": 0, "gid": 0 },
        "args": args,
        "env": ["PATH=/bin"],
        "cwd": "/",
    });
    edit(&mut process);
    let file = sb.dir.join(format!(
        "process-{}.json",
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&file, process.to_string())?;
    Ok(file.display().to_string())
}

/// `exec [FLAGS] --process FILE ID`, FILE running the helper with `helper_args`
/// (after `edit`), whatever the outcome.
pub fn exec_with(
    sb: &mut Sandbox,
    flags: &[&str],
    helper_args: &[&str],
    edit: impl FnOnce(&mut Value),
) -> Result<Invocation, Verdict> {
    let file = process_file(sb, helper_args, edit)?;
    let mut args = vec!["exec"];
    args.extend_from_slice(flags);
    args.extend(["--process", &file]);
    sb.own().call(&args)
}

/// [`exec_with`] the process file as written.
pub fn exec(sb: &mut Sandbox, flags: &[&str], helper_args: &[&str]) -> Result<Invocation, Verdict> {
    exec_with(sb, flags, helper_args, |_| {})
}

/// `exec --detach --pid-file` of the helper with `helper_args`, which must succeed;
/// returns the pid file and its path as passed.
pub fn exec_detached(
    sb: &mut Sandbox,
    helper_args: &[&str],
) -> Result<(std::path::PathBuf, String), Verdict> {
    let pid_file = sb.dir.join("exec.pid");
    let pf = pid_file.display().to_string();
    exec(sb, &["--detach", "--pid-file", &pf], helper_args)?.expect_ok()?;
    Ok((pid_file, pf))
}

/// The helper's report on an exec call's stdout.
pub fn report_of<T: serde::de::DeserializeOwned>(inv: &Invocation) -> Result<T, Verdict> {
    let line = inv
        .stdout
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .unwrap_or("");
    serde_json::from_str(line).map_err(|e| {
        Verdict::Fail(format!(
            "no helper report on exec's stdout ({e}): {:.300}",
            inv.stdout
        ))
    })
}
