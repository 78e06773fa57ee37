//! How the cli tests call `exec`: the process as engines give it, in a
//! process.json passed by `--process`, and the helper's report on exec's stdout.

use std::sync::atomic::{AtomicUsize, Ordering};

use integ_inside::{Request, HELPER_PATH};
use serde_json::{json, Value};

use crate::areas::support::common::start_waiting;
use crate::harness::sandbox::{helper_program, Program};
use crate::harness::{CliFeature, Invocation, Sandbox, Verdict};

/// Starts the main container waiting for a signal, after checking that the
/// runtime has `exec`. Returns the container's pid.
pub fn running(sb: &mut Sandbox) -> Result<i32, Verdict> {
    sb.suite().cli.require(CliFeature::Exec)?;
    start_waiting(sb)
}

/// A process.json running the helper making `request` as root in `/`, after
/// `edit`; written to a file of its own in the test's directory. Returns its path
/// and the handle that reads the helper's reply.
pub fn process_file<R: Request>(
    sb: &Sandbox,
    request: &R,
    edit: impl FnOnce(&mut Value),
) -> Result<(String, Program<R>), Verdict> {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let (argv, program) = helper_program(HELPER_PATH, request);
    let mut process = json!({
        "terminal": false,
        "user": { "uid": 0, "gid": 0 },
        "args": argv,
        "env": ["PATH=/bin"],
        "cwd": "/",
    });
    edit(&mut process);
    let file = sb.dir.join(format!(
        "process-{}.json",
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&file, process.to_string())?;
    Ok((file.display().to_string(), program))
}

/// `exec [FLAGS] --process FILE ID`, FILE running the helper making `request`
/// (after `edit`), whatever the outcome; with the handle that reads the reply
/// on exec's stdout ([`Program::reply_on`]).
pub fn exec_with<R: Request>(
    sb: &mut Sandbox,
    flags: &[&str],
    request: &R,
    edit: impl FnOnce(&mut Value),
) -> Result<(Invocation, Program<R>), Verdict> {
    let (file, program) = process_file(sb, request, edit)?;
    let mut args = vec!["exec"];
    args.extend_from_slice(flags);
    args.extend(["--process", &file]);
    Ok((sb.own().call(&args)?, program))
}

/// [`exec_with`] the process file as written.
pub fn exec<R: Request>(
    sb: &mut Sandbox,
    flags: &[&str],
    request: &R,
) -> Result<(Invocation, Program<R>), Verdict> {
    exec_with(sb, flags, request, |_| {})
}

/// `exec --detach --pid-file` of the helper making `request`, which must succeed;
/// returns the pid file and its path as passed.
pub fn exec_detached(
    sb: &mut Sandbox,
    request: &impl Request,
) -> Result<(std::path::PathBuf, String), Verdict> {
    let pid_file = sb.dir.join("exec.pid");
    let pf = pid_file.display().to_string();
    exec(sb, &["--detach", "--pid-file", &pf], request)?
        .0
        .expect_ok()?;
    Ok((pid_file, pf))
}
