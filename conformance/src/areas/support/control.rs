//! Positive controls for negative tests.
//!
//! A negative test ("create must fail when …") proves nothing about a runtime that
//! fails every create. So each one first shows that the runtime accepts the same
//! bundle without the defect; only then does a refusal mean the runtime saw the
//! defect. A control that fails makes the test a harness error, never a pass.
//!
//! Use: set up the sandbox's config as the test wants it, minus the defect; call
//! [`accepted`] (or [`accepted_with`] when the control must also show an operation
//! working); then add the defect and drive the runtime. [`create_rejected`] does the
//! whole create-must-fail shape in one call.

use crate::areas::support::common::expect_failure;
use crate::harness::{bundle::config, CaseResult, Invocation, Sandbox, Verdict};

/// How far the control container goes before it is deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upto {
    /// `create` succeeds (for defects the runtime must refuse at create).
    Create,
    /// `create` and `start` succeed and the program exits 0 (for defects a runtime
    /// may refuse at create or at start).
    Exit,
}

/// Shows that the runtime accepts the sandbox's bundle as it is now, with `extra`
/// flags on `create`. The control runs `integ-inside exit 0` under its own ID (so it
/// writes nothing the test later looks for) and is deleted again.
pub fn accepted(sb: &mut Sandbox, upto: Upto, extra: &[&str]) -> CaseResult {
    accepted_with(sb, upto, extra, |_, _| Ok(()))
}

/// As [`accepted`], and `also` must pass on the control container (given its ID)
/// before it is deleted: for negative tests of other operations (state, kill, start,
/// delete of an unknown ID), `also` shows the same operation working on a real one.
pub fn accepted_with(
    sb: &mut Sandbox,
    upto: Upto,
    extra: &[&str],
    also: impl FnOnce(&mut Sandbox, &str) -> CaseResult,
) -> CaseResult {
    let saved = sb.config["process"]["args"].clone();
    config::set_helper_args(&mut sb.config, &["exit", "0"]);
    let id = sb.other_id("control");
    let outcome = run_control(sb, &id, upto, extra, also);
    sb.config["process"]["args"] = saved;
    let result = outcome.and_then(|()| remove(sb, &id));
    result.map_err(|v| match v {
        // A requirement the control itself showed broken (a wrong pid) is known.
        Verdict::Broke { .. } => v,
        Verdict::Fail(why) | Verdict::Error(why) | Verdict::Skip(why) => Verdict::Error(format!(
            "positive control failed, so the negative test proves nothing: the same \
             bundle without the defect was not accepted: {why}"
        )),
    })
}

/// Deletes the control container unless `also` already did, as the guard would
/// (runtimes without `delete --force` included).
fn remove(sb: &mut Sandbox, id: &str) -> CaseResult {
    if !sb.container(id).try_state()?.ok() {
        return Ok(());
    }
    sb.container(id).remove();
    if !sb.container(id).try_state()?.ok() {
        return Ok(());
    }
    Err(Verdict::Fail("it could not be deleted".into()))
}

fn run_control(
    sb: &mut Sandbox,
    id: &str,
    upto: Upto,
    extra: &[&str],
    also: impl FnOnce(&mut Sandbox, &str) -> CaseResult,
) -> CaseResult {
    sb.container(id).try_create(extra)?.expect_ok()?;
    if upto == Upto::Exit {
        let pid = sb.container(id).pid()?;
        sb.container(id).try_start()?.expect_ok()?;
        // A runtime that keeps the process from us (a monitor) still passed the
        // control once start succeeded.
        match sb.wait_exit(pid) {
            Ok(exit) if !exit.success() => {
                return Err(Verdict::Fail(format!("its program ended with {exit}")))
            }
            Err(v @ (Verdict::Fail(_) | Verdict::Error(_) | Verdict::Broke { .. })) => {
                return Err(v)
            }
            _ => {}
        }
    }
    also(sb, id)
}

/// The create-must-fail shape: the control shows the bundle is accepted as it is,
/// `defect` breaks it, and `create` of the main container must then fail. Returns
/// the refused create for further checks.
pub fn create_rejected(
    sb: &mut Sandbox,
    what: &str,
    defect: impl FnOnce(&mut Sandbox) -> CaseResult,
) -> Result<Invocation, Verdict> {
    accepted(sb, Upto::Create, &[])?;
    defect(sb)?;
    let inv = sb.own().try_create(&[])?;
    expect_failure(&inv, what)?;
    Ok(inv)
}
