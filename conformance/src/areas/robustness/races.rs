//! Races: what engines do when they retry and hurry. Several runtime commands on
//! one container at once, and many containers at once, must each end in one
//! consistent outcome with nothing left.

use crate::req;

use std::sync::{Arc, Barrier};

use crate::areas::robustness::refusal::{expect_no_trace, Snapshot};
use crate::check;
use crate::harness::runtime::driver::{CallIo, Invocation};
use crate::harness::runtime::reaper::{Reaper, Waited};
use crate::harness::sandbox::{populate_root, read_pid_file};
use crate::harness::{CaseResult, CliFeature, Sandbox, State, Verdict};

/// Calls made at once in each race.
const RACERS: usize = 6;

cases! {
    parallel_creates_of_one_id: &[req::ROBUST_PARALLEL_CREATE_ONE_ID, req::LIFECYCLE_CREATE_DUPLICATE_ID];
    parallel_starts_run_once: &[req::ROBUST_PARALLEL_START_ONCE, req::LIFECYCLE_START_NOT_CREATED_FAILS];
    parallel_kill_and_delete: &[req::ROBUST_PARALLEL_KILL_DELETE, req::DELETE_FORCE_CLI], needs &[CliFeature::DeleteForce];
    parallel_distinct_lifecycles: &[req::ROBUST_PARALLEL_DISTINCT_IDS, req::DELETE_REMOVES_RESOURCES];
}

/// Runs every command line at once (released together by a barrier), each with
/// `--root` of the sandbox; returns the invocations in the order given.
fn at_once(
    sb: &mut Sandbox,
    label: &str,
    lines: Vec<Vec<String>>,
) -> Result<Vec<Invocation>, Verdict> {
    let barrier = Arc::new(Barrier::new(lines.len()));
    let handles: Vec<_> = lines
        .into_iter()
        .enumerate()
        .map(|(i, args)| {
            let runtime = sb.suite().runtime.clone();
            let words: Vec<&str> = args.iter().map(String::as_str).collect();
            let line = sb.runtime_line(&words);
            let prefix = sb.dir.join("calls").join(format!("{label}-{i}"));
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                barrier.wait();
                let io = CallIo {
                    prefix: &prefix,
                    cwd: None,
                };
                runtime.run_raw(&line?, &io)
            })
        })
        .collect();
    let mut out = Vec::new();
    for h in handles {
        let inv = h
            .join()
            .map_err(|_| Verdict::Error("a racing call's thread panicked".into()))??;
        sb.transcript.push(format!(
            "$ {} -> {}\n{}",
            inv.command,
            inv.exit,
            inv.stderr.trim_end()
        ));
        out.push(inv);
    }
    Ok(out)
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

/// Every failed call said why, without crashing.
fn failures_explained(invs: &[Invocation]) -> CaseResult {
    for inv in invs.iter().filter(|i| !i.ok()) {
        check!(
            !inv.stderr.trim().is_empty(),
            "`{}` failed ({}) without a message",
            inv.command,
            inv.exit
        );
        check!(
            !inv.stderr.contains("panicked at") && !inv.stderr.contains("panic:"),
            "`{}` crashed: {:.300}",
            inv.command,
            inv.stderr
        );
    }
    Ok(())
}

/// Rounds of the create race: a racy runtime does not lose every round.
const CREATE_ROUNDS: usize = 5;

fn parallel_creates_of_one_id(sb: &mut Sandbox) -> CaseResult {
    sb.write_config()?;
    let before = Snapshot::take(sb);
    let id = sb.id.clone();
    sb.guard.track_id(&id);
    for round in 0..CREATE_ROUNDS {
        create_race(sb, &id, round)?;
        expect_no_trace(sb, &id, &before)?;
    }
    Ok(())
}

/// One round: every racer creates `id`; exactly one may win, and the winner's
/// container must be whole (its program runs) and removable.
fn create_race(sb: &mut Sandbox, id: &str, round: usize) -> CaseResult {
    let bundle = sb.bundle.path.display().to_string();
    let dir = sb.dir.clone();
    let pid_file = |i: usize| dir.join(format!("racer-{round}-{i}.pid"));
    // Without --pid-file, losers cannot have written one.
    let with_pid_file = sb.has_cli(CliFeature::PidFile);
    let lines = (0..RACERS)
        .map(|i| {
            let p = pid_file(i).display().to_string();
            let flags = ["--pid-file", p.as_str()];
            let flags = if with_pid_file { &flags[..] } else { &[] };
            let mut line = strings(&["create", "--bundle", &bundle]);
            line.extend(strings(flags));
            line.push(id.to_string());
            line
        })
        .collect();
    let invs = sb.fresh_root_around(id, |sb| at_once(sb, &format!("create{round}"), lines))?;
    let winners = invs.iter().filter(|i| i.ok()).count();
    check!(
        winners == 1,
        "round {round}: {winners} of {RACERS} creates of one ID succeeded, want exactly 1"
    );
    failures_explained(&invs)?;
    let pid = sb.own().pid()?;
    let lost: Vec<i32> = (0..RACERS)
        .filter_map(|i| read_pid_file(&pid_file(i)))
        .filter(|p| *p != pid)
        .collect();
    check!(
        lost.is_empty(),
        "round {round}: creates that lost the race wrote pid files for processes {lost:?}"
    );
    sb.own().start()?;
    let exit = sb.wait_exit(pid)?;
    check!(
        exit.success(),
        "round {round}: the winner's program ended with {exit}"
    );
    sb.own().delete().map(drop)
}

fn parallel_starts_run_once(sb: &mut Sandbox) -> CaseResult {
    sb.helper_args(&["process"]);
    sb.own().create()?;
    let pid = sb.own().pid()?;
    let id = sb.id.clone();
    let invs = at_once(
        sb,
        "start",
        (0..RACERS).map(|_| strings(&["start", &id])).collect(),
    )?;
    let winners = invs.iter().filter(|i| i.ok()).count();
    check!(
        winners == 1,
        "{winners} of {RACERS} starts of one created container succeeded, want exactly 1"
    );
    failures_explained(&invs)?;
    let exit = sb.wait_exit(pid)?;
    check!(exit.success(), "the program ended with {exit}");
    let runs = sb
        .container_stdout()
        .lines()
        .filter(|l| l.starts_with('{'))
        .count();
    check!(runs == 1, "the program ran {runs} times, want once");
    sb.own().delete().map(drop)
}

fn parallel_kill_and_delete(sb: &mut Sandbox) -> CaseResult {
    let pid = crate::areas::support::common::start_waiting(sb)?;
    let id = sb.id.clone();
    let lines = (0..RACERS)
        .map(|i| match i % 2 {
            0 => strings(&["kill", &id, "KILL"]),
            _ => strings(&["delete", "--force", &id]),
        })
        .collect();
    let invs = at_once(sb, "kill-delete", lines)?;
    failures_explained(&invs)?;
    check!(
        invs.iter()
            .any(|i| i.ok() && i.command.contains(" delete ")),
        "no forced delete succeeded"
    );
    sb.wait_exit(pid)?;
    let before = Snapshot::take(sb);
    expect_no_trace(sb, &id, &before)?;
    check!(
        !sb.state_root.join(&id).exists(),
        "the state directory survived the forced deletes"
    );
    Ok(())
}

/// Each racer runs a whole lifecycle of its own container: create, start, wait
/// for the program's exit, delete.
fn parallel_distinct_lifecycles(sb: &mut Sandbox) -> CaseResult {
    sb.helper_args(&["exit", "0"]);
    let ids: Vec<String> = (0..RACERS).map(|i| sb.other_id(&format!("r{i}"))).collect();
    // Each container has a bundle of its own, as engines give them: a runtime may
    // write into its root filesystem (runc makes /dev/ptmx there), and racing
    // writers of one shared root are not what this test is about.
    let config = serde_json::to_string_pretty(&sb.config)?;
    let mut bundles = Vec::new();
    for i in 0..RACERS {
        let bundle = sb.dir.join(format!("bundle-r{i}"));
        populate_root(&bundle.join("rootfs"), &sb.suite().helper)?;
        std::fs::write(bundle.join("config.json"), &config)
            .map_err(|e| Verdict::Error(format!("write {}/config.json: {e}", bundle.display())))?;
        bundles.push(bundle.display().to_string());
    }
    let before = Snapshot::take(sb);
    for id in &ids {
        sb.guard.track_id(id);
    }
    // Pids come from --pid-file where the runtime has it, else from state.
    let with_pid_file = sb.has_cli(CliFeature::PidFile);
    let mut creates = Vec::new();
    for (id, bundle) in ids.iter().zip(&bundles) {
        let mut line = strings(&["create", "--bundle", bundle]);
        if with_pid_file {
            line.push("--pid-file".into());
            line.push(sb.container(id).pid_file()?.display().to_string());
        }
        line.push(id.clone());
        creates.push(line);
    }
    let invs = at_once(sb, "create", creates)?;
    all_ok(&invs, "create")?;
    let mut pids = Vec::new();
    for id in &ids {
        let pid = if with_pid_file {
            read_pid_file(&sb.container(id).pid_file()?)
        } else {
            State::parse(&sb.container(id).try_state()?.expect_ok()?.stdout)?.pid()
        };
        pids.push(pid.ok_or_else(|| Verdict::Fail(format!("no pid for {id}")))?);
    }
    let starts = ids.iter().map(|id| strings(&["start", id])).collect();
    all_ok(&at_once(sb, "start", starts)?, "start")?;
    for pid in pids {
        match Reaper::global().wait(pid, sb.suite().event_timeout) {
            Waited::Exited(exit) if exit.success() => {}
            Waited::Exited(exit) => {
                return Err(Verdict::Fail(format!("pid {pid} ended with {exit}")))
            }
            Waited::TimedOut => return Err(Verdict::Fail(format!("pid {pid} never exited"))),
            Waited::NotOurs => {}
        }
    }
    let deletes = ids.iter().map(|id| strings(&["delete", id])).collect();
    all_ok(&at_once(sb, "delete", deletes)?, "delete")?;
    for id in &ids {
        expect_no_trace(sb, id, &before)?;
    }
    Ok(())
}

fn all_ok(invs: &[Invocation], what: &str) -> CaseResult {
    let failed: Vec<String> = invs
        .iter()
        .filter(|i| !i.ok())
        .map(|i| format!("{} ({})", i.first_error_line(), i.exit))
        .collect();
    check!(
        failed.is_empty(),
        "{} of {} parallel {what}s of distinct containers failed: {}",
        failed.len(),
        invs.len(),
        failed.join("; ")
    );
    Ok(())
}
