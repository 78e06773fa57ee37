//! The one way the robustness area judges a refused input (runtime.md#errors): the
//! same bundle without the defect is accepted first (a positive control), then the
//! defective call must exit non-zero, print a short error that names the problem,
//! and leave nothing behind. Every bad-input case goes through [`refuses_create`]
//! or [`expect_named`], so the judging lives in this file only.

use crate::catalogue::ReqId;
use crate::req;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::areas::support::control::{self, Upto};
use crate::check;
use crate::harness::host::host_leaks;
use crate::harness::host::host_traces;
use crate::harness::host::leaks;
use crate::harness::{CaseResult, Invocation, Sandbox, Verdict};

/// Most lines a refusal may print: an error plus a warning or two, never a stack
/// trace or a usage page.
const MAX_ERROR_LINES: usize = 4;

/// A `create` call as a case may bend it.
pub struct CreateCall {
    /// The container ID given on the command line.
    pub id: String,
    /// `--bundle`.
    pub bundle: PathBuf,
    /// Written as config.json instead of the sandbox's config, when set.
    pub raw_config: Option<String>,
    /// Flags after `--bundle B` (`--pid-file P`, `--console-socket S`).
    pub flags: Vec<String>,
    /// Whether the ID is a valid one the guard may clean up by name.
    pub valid_id: bool,
}

impl CreateCall {
    fn new(sb: &Sandbox) -> CreateCall {
        CreateCall {
            id: sb.id.clone(),
            bundle: sb.bundle.path.clone(),
            raw_config: None,
            flags: Vec::new(),
            valid_id: true,
        }
    }
}

/// `create` with `defect` applied to the sandbox and the call must be refused:
/// named by one of `names` (case-insensitive), with no trace left. `defect` runs
/// after the positive control, so it may break the sandbox's config freely.
pub fn refuses_create(
    sb: &mut Sandbox,
    names: &[&str],
    defect: impl FnOnce(&mut Sandbox, &mut CreateCall) -> CaseResult,
) -> CaseResult {
    positive_control(sb, Upto::Create)?;
    let mut call = CreateCall::new(sb);
    defect(sb, &mut call)?;
    let before = Snapshot::take(sb);
    let inv = run_create(sb, &call)?;
    if inv.ok() {
        sb.container(&call.id).remove();
        return Err(Verdict::Fail(format!(
            "create succeeded (`{}` exited 0) but must fail",
            inv.command
        )));
    }
    // What is left matters more than how the refusal is worded: check it first.
    expect_no_trace(sb, &call.id, &before).map_err(|v| v.charged_to(LEAVES_NOTHING))?;
    expect_named(sb, &inv, names)
}

/// The configuration as it is (before any defect) must be accepted: otherwise a
/// runtime whose every create fails would pass every bad-input case. `upto`:
/// how far the control must get (create, or the program's exit for defects a
/// runtime may find at start).
pub fn positive_control(sb: &mut Sandbox, upto: Upto) -> CaseResult {
    control::accepted(sb, upto, &[])
}

fn run_create(sb: &mut Sandbox, call: &CreateCall) -> Result<Invocation, Verdict> {
    match &call.raw_config {
        Some(text) => fs::write(call.bundle.join("config.json"), text)?,
        None if call.bundle == sb.bundle.path => sb.write_config()?,
        None => {}
    }
    if call.valid_id {
        sb.guard.track_id(&call.id);
    }
    let bundle = call.bundle.display().to_string();
    let mut args = vec!["create", "--bundle", &bundle];
    args.extend(call.flags.iter().map(String::as_str));
    args.push(&call.id);
    sb.call(&args)
}

/// The call failed with a short error that names the problem: one of `names`
/// appears in stderr once the test's own ID and paths are taken out (so that a
/// path which happens to contain the word does not count).
pub fn expect_named(sb: &Sandbox, inv: &Invocation, names: &[&str]) -> CaseResult {
    check!(!inv.ok(), "`{}` succeeded but must fail", inv.command);
    error_names_problem(sb, inv, names).map_err(|v| v.charged_to(NAMES_PROBLEM))
}

/// The requirement an error's wording belongs to (a CONVENTION: the spec asks
/// for a failure, not for its text).
pub const NAMES_PROBLEM: ReqId = req::ROBUST_ERROR_NAMES_PROBLEM;

/// The requirement that a failed create leaves nothing behind.
pub const LEAVES_NOTHING: ReqId = req::LIFECYCLE_CREATE_ERROR_LEAVES_NOTHING;

/// The wording half of [`expect_named`].
fn error_names_problem(sb: &Sandbox, inv: &Invocation, names: &[&str]) -> CaseResult {
    let text = inv.stderr.trim();
    check!(
        !text.is_empty(),
        "`{}` failed ({}) without any error message",
        inv.command,
        inv.exit
    );
    check!(
        !is_crash(text),
        "`{}` crashed instead of reporting the problem: {:.300}",
        inv.command,
        text
    );
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    check!(
        lines.len() <= MAX_ERROR_LINES,
        "`{}` printed {} lines instead of a short error: {:.300}",
        inv.command,
        lines.len(),
        text
    );
    let plain = text
        .replace(&sb.dir.display().to_string(), "<dir>")
        .replace(&sb.id, "<id>")
        .to_lowercase();
    check!(
        names.iter().any(|n| plain.contains(&n.to_lowercase())),
        "the error does not name the problem (it should mention one of {names:?}): {}",
        inv.first_error_line()
    );
    Ok(())
}

/// A Rust panic, a Go panic or a signal-killed runtime.
fn is_crash(text: &str) -> bool {
    ["panicked at", "panic:", "goroutine ", "SIGSEGV"]
        .iter()
        .any(|m| text.contains(m))
}

/// What exists before a call that must change nothing.
pub struct Snapshot {
    state_root: BTreeSet<String>,
    dir: BTreeSet<String>,
    bundle: BTreeSet<String>,
}

impl Snapshot {
    /// The entries of the state root, the sandbox directory and the bundle.
    pub fn take(sb: &Sandbox) -> Snapshot {
        Snapshot {
            state_root: entries(&sb.state_root),
            dir: entries(&sb.dir),
            bundle: entries(&sb.bundle.path),
        }
    }
}

fn entries(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Nothing of container `id` is left: `state` fails, `list` does not show it, no
/// new file in the state root, sandbox or bundle, no mount, process or jail.
pub fn expect_no_trace(sb: &mut Sandbox, id: &str, before: &Snapshot) -> CaseResult {
    let state = sb.container(id).try_state()?;
    check!(
        !state.ok(),
        "state of container {id:?} still succeeds: {:.200}",
        state.stdout.trim()
    );
    // `list` where the runtime has it (runj has none: `state` above must do).
    let list = crate::areas::support::common::listing(sb)?;
    check!(
        id.is_empty() || !crate::harness::runtime::removal::list_shows(&list, id),
        "list still shows container {id:?}"
    );
    let after = Snapshot::take(sb);
    for (what, old, new) in [
        ("--root", &before.state_root, &after.state_root),
        ("the test directory", &before.dir, &after.dir),
        ("the bundle", &before.bundle, &after.bundle),
    ] {
        // Pid files are the caller's: the suite names them and removes them.
        let added: Vec<&String> = new
            .difference(old)
            .filter(|n| !n.ends_with(".pid"))
            .collect();
        check!(added.is_empty(), "left in {what}: {added:?}");
    }
    let mounts = leaks::mounts_under(&sb.dir);
    check!(mounts.is_empty(), "mounts left: {mounts:?}");
    let procs = host_traces::lingering_processes(&sb.dir, Duration::from_secs(2));
    check!(
        procs.is_empty(),
        "processes left: {}",
        procs
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    );
    let left = host_leaks::left_in(&sb.dir, &sb.bundle.rootfs);
    check!(left.is_empty(), "left on the host: {}", left.join("; "));
    Ok(())
}
