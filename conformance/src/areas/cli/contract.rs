//! cli: the rest of the command-line contract engines rely on: ps JSON,
//! pause/resume, idempotent delete --force, kill of a stopped container, JSON
//! errors in --log, the --version form. runc is the reference; a runtime whose
//! command line lacks a command or flag is skipped for it with the reason.

use crate::req;

use crate::areas::support::common::{expect_failure, expect_status};
use crate::harness::{CaseResult, CliFeature, Exit, Sandbox, Verdict};
use crate::{check, check_eq};

cases! {
    ps_json_lists_processes: &[req::CLI_PS_JSON], needs &[CliFeature::Ps, CliFeature::PsFormat];
    pause_resume: &[req::CLI_PAUSE_RESUME], needs &[CliFeature::Pause, CliFeature::Resume];
    delete_force_missing: &[req::CLI_DELETE_FORCE_MISSING], needs &[CliFeature::DeleteForce];
    kill_stopped_words: &[req::CLI_KILL_STOPPED_WORDS];
    log_json_errors: &[req::CLI_LOG_JSON_ERRORS], needs &[CliFeature::Log, CliFeature::LogFormat];
    log_json_usage_errors: &[req::CLI_LOG_JSON_USAGE_ERRORS], needs &[CliFeature::Log, CliFeature::LogFormat];
    version_form: &[req::CLI_VERSION_FORM];
}

/// `ps --format json` of the main container, parsed.
fn ps_json(sb: &mut Sandbox) -> Result<Vec<i32>, Verdict> {
    let inv = sb.own().call(&["ps", "--format", "json"])?.expect_ok()?;
    serde_json::from_str(inv.stdout.trim()).map_err(|e| {
        Verdict::Fail(format!(
            "ps --format json printed no JSON array of PIDs ({e}): {:.200}",
            inv.stdout
        ))
    })
}

fn ps_json_lists_processes(sb: &mut Sandbox) -> CaseResult {
    sb.suite().cli.require(CliFeature::Ps)?;
    let (mut ready, inside) = sb.bundle.ready_fifo("ready")?;
    sb.helper_args(&[
        "--out", "/signals", "--append", "--ready", &inside, "spawn", "2",
    ]);
    sb.own().create()?;
    let init = sb.own().pid()?;
    sb.own().start()?;
    ready.wait(sb.suite().event_timeout, "container processes")?;
    let pids = ps_json(sb)?;
    check!(
        pids.contains(&init),
        "ps lists {pids:?}, not the init {init}"
    );
    check!(
        pids.len() >= 3,
        "ps lists {pids:?}: not the init and its 2 children"
    );
    Ok(())
}

fn pause_resume(sb: &mut Sandbox) -> CaseResult {
    sb.suite().cli.require(CliFeature::Pause)?;
    sb.suite().cli.require(CliFeature::Resume)?;
    // `sleep` waits in pause(2): neither a freezer nor SIGSTOP/SIGCONT ends it.
    sb.helper_args(&["sleep"]);
    sb.own().create()?;
    let pid = sb.own().pid()?;
    sb.own().start()?;
    sb.own().call(&["pause"])?.expect_ok()?;
    expect_status(sb, "paused")?;
    #[cfg(target_os = "linux")]
    {
        let state = host_process_state(pid);
        check!(
            frozen(&state, pid),
            "the container process still runs after pause (/proc state {state:?})"
        );
    }
    sb.own().call(&["resume"])?.expect_ok()?;
    expect_status(sb, "running")?;
    #[cfg(target_os = "linux")]
    {
        let state = host_process_state(pid);
        check!(
            !frozen(&state, pid),
            "the container process is still stopped after resume (/proc state {state:?})"
        );
    }
    sb.own().try_kill(&["KILL"])?.expect_ok()?;
    let exit = sb.wait_exit(pid)?;
    check_eq!(
        exit,
        Exit::Signal(libc::SIGKILL),
        "end of the resumed process"
    );
    Ok(())
}

/// The state letter of /proc/PID/stat.
#[cfg(target_os = "linux")]
fn host_process_state(pid: i32) -> String {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    stat.rfind(')')
        .and_then(|i| stat[i + 1..].split_whitespace().next())
        .unwrap_or("")
        .to_string()
}

/// Whether a paused process is stopped (T) or frozen by a cgroup freezer (v1
/// freezer.state FROZEN, or v2 cgroup.freeze 1, at the usual mount points).
#[cfg(target_os = "linux")]
fn frozen(state: &str, pid: i32) -> bool {
    if matches!(state, "T" | "t") {
        return true;
    }
    let read = |p: String| std::fs::read_to_string(p).unwrap_or_default();
    read(format!("/proc/{pid}/cgroup")).lines().any(|l| {
        let mut parts = l.splitn(3, ':');
        let (_, controllers, path) = (parts.next(), parts.next(), parts.next().unwrap_or(""));
        match controllers {
            Some("") => read(format!("/sys/fs/cgroup{path}/cgroup.freeze")).trim() == "1",
            Some(c) if c.split(',').any(|c| c == "freezer") => {
                read(format!("/sys/fs/cgroup/freezer{path}/freezer.state")).trim() == "FROZEN"
            }
            _ => false,
        }
    })
}

fn delete_force_missing(sb: &mut Sandbox) -> CaseResult {
    let id = sb.other_id("never-created");
    let inv = sb.container(&id).try_delete(true)?;
    check!(
        inv.ok(),
        "delete --force of a container that does not exist exited {} ({})",
        inv.exit,
        inv.first_error_line()
    );
    // Without --force it remains an error (runtime.md#delete's unknown-ID case).
    let plain = sb.container(&id).try_delete(false)?;
    expect_failure(&plain, "delete of a container that does not exist")
}

/// What containerd's go-runc treats as "the process is gone already".
const GONE_WORDS: &[&str] = &["container not running", "no such process", "does not exist"];

fn kill_stopped_words(sb: &mut Sandbox) -> CaseResult {
    sb.helper_args(&["exit", "0"]);
    sb.own().run_to_exit()?;
    // `--all` too where the runtime has it.
    let forms = if sb.has_cli(CliFeature::KillAll) {
        2
    } else {
        1
    };
    for args in [vec!["KILL"], vec!["--all", "KILL"]]
        .into_iter()
        .take(forms)
    {
        let inv = sb.own().try_kill(&args)?;
        let text = inv.stderr.to_lowercase();
        check!(
            inv.ok() || GONE_WORDS.iter().any(|w| text.contains(w)),
            "`{}` of a stopped container failed with {:?}, which an engine does not read as \
             already exited (it looks for one of {GONE_WORDS:?})",
            inv.command,
            inv.first_error_line()
        );
    }
    expect_status(sb, "stopped")
}

fn log_json_errors(sb: &mut Sandbox) -> CaseResult {
    let unknown = sb.other_id("nosuch");
    expect_json_error_logged(sb, "state of an unknown ID", &["state", &unknown])
}

fn log_json_usage_errors(sb: &mut Sandbox) -> CaseResult {
    let unknown = sb.other_id("nosuch");
    // Control: an error the runtime reports after parsing reaches the log.
    expect_json_error_logged(sb, "state of an unknown ID", &["state", &unknown])?;
    let usage = ["kill", "--no-such-flag", &unknown];
    expect_json_error_logged(sb, "a usage error", &usage)
}

/// Runs `--log FILE --log-format json ARGS…`, which must fail and append a JSON
/// record with level `error` and a msg to FILE (one per test, so appends add up).
fn expect_json_error_logged(sb: &mut Sandbox, what: &str, tail: &[&str]) -> CaseResult {
    sb.suite().cli.require(CliFeature::Log)?;
    sb.suite().cli.require(CliFeature::LogFormat)?;
    let log = sb.dir.join("runtime-log.json");
    let lines = |text: &str| text.lines().filter(|l| !l.trim().is_empty()).count();
    let seen = lines(&std::fs::read_to_string(&log).unwrap_or_default());
    let lp = log.display().to_string();
    let mut args = vec!["--log", &lp, "--log-format", "json"];
    args.extend(tail);
    let inv = sb.call(&args)?;
    expect_failure(&inv, what)?;
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    check!(
        lines(&text) > seen,
        "{what}: no line appended to --log (it holds {text:?})"
    );
    let last_line = text.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("");
    let last: serde_json::Value = serde_json::from_str(last_line).map_err(|e| {
        Verdict::Fail(format!(
            "{what}: --log line is not JSON ({e}): {last_line:?}"
        ))
    })?;
    check_eq!(
        last["level"].as_str(),
        Some("error"),
        "{what}: level of the last --log record"
    );
    check!(
        last["msg"].as_str().is_some_and(|m| !m.trim().is_empty()),
        "{what}: the last --log record has no msg: {last}"
    );
    Ok(())
}

fn version_form(sb: &mut Sandbox) -> CaseResult {
    let inv = sb.call(&["--version"])?.expect_ok()?;
    let first = inv.stdout.lines().next().unwrap_or("");
    let words: Vec<&str> = first.split_whitespace().collect();
    check!(
        words.len() >= 3 && words[1] == "version",
        "--version's first line is {first:?}, not `NAME version X`"
    );
    let spec = inv
        .stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("spec:"))
        .map(str::trim);
    check!(
        spec.is_some_and(
            |v| v.split('.').count() >= 2 && v.starts_with(|c: char| c.is_ascii_digit())
        ),
        "--version has no `spec: VERSION` line: {:?}",
        inv.stdout
    );
    Ok(())
}
