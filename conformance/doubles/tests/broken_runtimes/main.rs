//! Self-test: jailcheck must catch runtimes that break one behaviour each, naming
//! the requirement broken and nothing else, and must pass the same tests for the
//! runtime they wrap.
//!
//! One trial per mode (`PLATFORM::REQUIREMENT::MODE`, PLATFORM being where the
//! requirement applies), a control trial, and the coverage checks. A mode runs
//! jailcheck on `jailcheck-broken-runtime` filtered to its requirement's tests;
//! with `JAILCHECK_SELFTEST_SCOPE=suite` it runs the whole suite instead and prints
//! the tests of other requirements the mode also fails (a measurement: minutes).
//! Needs root (containers are created for real), the static helper (`make
//! integ-inside`) and a runtime to wrap (see [`run::wrapped_runtime`]). Where one
//! is missing, or the requirement is for another platform, the trial is reported
//! ignored with the reason.

mod coverage;
mod run;
#[path = "../support/mod.rs"]
mod support;
mod verdict;

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use jailcheck::areas::broken_modes;
use jailcheck::broken_mode::Mode;
use jailcheck::catalogue::{self, ReqId};
use libtest_mimic::{Arguments, Completion, Failed, Trial};

use run::Run;

/// Trials run at once unless `--test-threads` says otherwise: each is a jailcheck
/// run that mostly waits on containers.
const DEFAULT_THREADS: usize = 4;

fn main() -> std::process::ExitCode {
    let mut args = Arguments::from_args();
    if args.test_threads.is_none() {
        args.test_threads = Some(DEFAULT_THREADS);
    }
    let control = Arc::new(Control::default());
    let mut trials = vec![
        Trial::test("verdict::judges_synthetic_runs", || {
            verdict::judges_synthetic_runs().map_err(Failed::from)
        }),
        Trial::test("coverage::every_must_has_a_mode_or_a_reason", || {
            coverage::every_must_has_a_mode_or_a_reason().map_err(Failed::from)
        }),
        Trial::test("coverage::mode_names_are_unique", || {
            coverage::mode_names_are_unique().map_err(Failed::from)
        }),
        Trial::test("coverage::the_wrapper_lists_every_mode", || {
            coverage::the_wrapper_lists_every_mode().map_err(Failed::from)
        }),
    ];
    let c = control.clone();
    trials.push(Trial::ignorable_test(
        "quirk::dev_fd_once_does_not_cascade",
        move || quirk_trial(&c),
    ));
    let c = control.clone();
    trials.push(Trial::ignorable_test(
        "control::unbroken_runtime_passes",
        move || control_trial(&c),
    ));
    for (mode, id) in broken() {
        let c = control.clone();
        let platform = catalogue::find(&id)
            .map(|r| r.platforms.to_string())
            .unwrap_or_else(|| "unknown".into());
        let name = format!("{platform}::{id}::{}", mode.name);
        trials.push(Trial::ignorable_test(name, move || {
            mode_trial(mode, id, &c)
        }));
    }
    libtest_mimic::run(&args, trials).exit_code()
}

/// Every mode with each requirement it breaks, area by area (each area's
/// `broken.rs` in the jailcheck library).
fn broken() -> impl Iterator<Item = (&'static Mode, ReqId)> {
    broken_modes().flat_map(|m| m.breaks.iter().map(move |id| (m, *id)))
}

/// The unbroken run, made once for every trial that needs it.
#[derive(Default)]
struct Control {
    run: OnceLock<Result<(PathBuf, Run), String>>,
}

impl Control {
    fn get(&self) -> &Result<(PathBuf, Run), String> {
        self.run.get_or_init(|| {
            let real = run::wrapped_runtime()?;
            let ids: Vec<&str> = if whole_suite() {
                Vec::new()
            } else {
                broken()
                    .filter(|(m, id)| here(m, *id).is_none())
                    .map(|(_, id)| id.as_str())
                    .collect()
            };
            let run = run::jailcheck(&real, "none", &ids)?;
            Ok((real, run))
        })
    }
}

/// Why `mode` cannot be shown breaking `id` on this host, if it cannot.
fn here(mode: &Mode, id: ReqId) -> Option<String> {
    let applies = catalogue::find(&id).is_some_and(|r| r.platforms.includes_host());
    if !applies {
        return Some(format!(
            "{id} applies to another platform; this host is {} (on FreeBSD, ci/freebsd-ci.sh \
             runs this self-test)",
            std::env::consts::OS
        ));
    }
    if mode.linux_only && !cfg!(target_os = "linux") {
        return Some(format!("mode {} works on Linux only", mode.name));
    }
    not_root()
}

fn not_root() -> Option<String> {
    (!nix::unistd::geteuid().is_root())
        .then(|| "needs root: containers are created for real".to_string())
}

/// The control run must have run and passed tests; a requirement whose tests it
/// does not pass is reported by that requirement's modes, ignored with the reason.
fn control_trial(control: &Control) -> Result<Completion, Failed> {
    if let Some(why) = not_root() {
        return Ok(Completion::ignored_with(why));
    }
    let (_, run) = control
        .get()
        .as_ref()
        .map_err(|e| Failed::from(e.as_str()))?;
    let errors = run.lines(|t| t.outcome == "error");
    if !run.tests.iter().any(|t| t.outcome == "pass") || !errors.is_empty() {
        return Err(Failed::from(format!(
            "the unbroken runtime passed nothing or hit harness errors; exit {:?}\n{errors}{}",
            run.code, run.tail
        )));
    }
    let failed = run.lines(|t| matches!(t.outcome.as_str(), "fail" | "warn"));
    if !failed.is_empty() {
        eprintln!("the unbroken runtime fails these tests (their modes are ignored):\n{failed}");
    }
    Ok(Completion::Completed)
}

/// A runtime that refuses to recreate the /dev/fd it made in an earlier create
/// fails nothing: each container of a test (its positive control, repeated helper
/// runs) starts from the root filesystem the test made.
fn quirk_trial(control: &Control) -> Result<Completion, Failed> {
    if let Some(why) = not_root() {
        return Ok(Completion::ignored_with(why));
    }
    let (real, _) = control
        .get()
        .as_ref()
        .map_err(|e| Failed::from(e.as_str()))?;
    // Tests with a positive control before their own container, and repeated runs.
    let scope = [
        "robust_invalid_config_fails",
        "hooks_create_failure",
        "process_env",
    ];
    let run = run::jailcheck(real, "dev-fd-once", &scope)?;
    let bad = run.lines(|t| matches!(t.outcome.as_str(), "fail" | "error" | "warn"));
    let passed = run.tests.iter().filter(|t| t.outcome == "pass").count();
    if !bad.is_empty() || passed < 10 {
        return Err(Failed::from(format!(
            "{passed} passed; the quirk cascaded:\n{bad}{}",
            run.tail
        )));
    }
    Ok(Completion::Completed)
}

fn mode_trial(mode: &Mode, id: ReqId, control: &Control) -> Result<Completion, Failed> {
    if let Some(why) = here(mode, id) {
        return Ok(Completion::ignored_with(why));
    }
    let (real, unbroken) = control
        .get()
        .as_ref()
        .map_err(|e| Failed::from(e.as_str()))?;
    if let Err(why) = verdict::control_passes(unbroken, &id) {
        return Ok(Completion::ignored_with(why));
    }
    let scope: &[&str] = if whole_suite() { &[] } else { &[id.as_str()] };
    let broken = run::jailcheck(real, mode.name, scope)?;
    let also = verdict::caught(
        mode.name,
        &id,
        mode.or_counted_against.map(ReqId::as_str),
        &broken,
        !whole_suite(),
    )?;
    if !also.is_empty() {
        eprintln!(
            "mode {} breaks {id} and also fails {} other tests:\n  {}",
            mode.name,
            also.len(),
            also.join("\n  ")
        );
    }
    Ok(Completion::Completed)
}

/// Whether each mode runs the whole suite (`JAILCHECK_SELFTEST_SCOPE=suite`).
fn whole_suite() -> bool {
    std::env::var("JAILCHECK_SELFTEST_SCOPE").is_ok_and(|v| v == "suite")
}
