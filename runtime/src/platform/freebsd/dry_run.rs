//! `create --dry-run` and `exec --dry-run` for the jail backend: the plan,
//! printed, with nothing run.

use super::bundle::{BundleError, JailBundle, ProcessSpec};
use super::name::JailName;
use super::plan::{self, PlanError};
use super::process;
use std::path::Path;
use thiserror::Error;

/// Why a dry run found the bundle unusable (the same errors a real create gives).
#[derive(Debug, Error)]
pub enum DryRunError {
    #[error(transparent)]
    Bundle(#[from] BundleError),
    #[error(transparent)]
    Load(#[from] crate::spec::bundle::BundleError),
    #[error(transparent)]
    Plan(#[from] PlanError),
}

/// [`dry_run_in`] with the default `--root`, as the fixture snapshots show it.
#[cfg(test)]
pub(super) fn dry_run(bundle_dir: &Path, id: &str) -> Result<String, DryRunError> {
    let root = crate::platform::Platform::FreeBsd.default_state_root();
    dry_run_in(bundle_dir, id, Path::new(root))
}

/// Checks the bundle in `bundle_dir` as `create` would and returns, one per
/// line, what the jail backend would run to create container `id` with state
/// under `state_root` (the `--root` option): host steps, then the container
/// process's calls, indented under `fork()`, a `# delete` line, and what it
/// would run to delete it. Reads the bundle only; runs on any OS.
pub fn dry_run_in(bundle_dir: &Path, id: &str, state_root: &Path) -> Result<String, DryRunError> {
    let bundle = crate::spec::bundle::Bundle::load(bundle_dir, crate::platform::Platform::FreeBsd)?;
    let jail = JailBundle::of(&bundle)?;
    let plan = plan::create(&jail, id, &state_root.join(id))?;
    let mut out = String::new();
    for step in &plan.steps {
        out.push_str(&format!("{step}\n"));
    }
    out.push_str("fork()\n");
    for step in &plan.process {
        out.push_str(&format!("  {step}\n"));
    }
    out.push_str("# delete\n");
    for step in plan::removal(&plan.steps) {
        out.push_str(&format!("{step}\n"));
    }
    Ok(out)
}

/// What the jail backend would run to `exec` `process` (validated) in
/// container `id` of `bundle` (loaded for FreeBSD): the jid lookup on the
/// host, then the new process's calls under `fork()`. Uses the bundle only
/// for the jail's name under `freebsd.jail.parent`; runs on any OS.
pub fn dry_run_exec(
    bundle: &crate::spec::bundle::Bundle,
    id: &str,
    process: &crate::spec::config::Process,
) -> Result<String, DryRunError> {
    let jail = JailBundle::of(bundle)?;
    let name = JailName::new(id, jail.freebsd.jail.parent.as_deref()).map_err(PlanError::from)?;
    let spec = ProcessSpec::new(process)?;
    let lookup = super::shell::join(&super::name::jail_id_argv(&name.to_string()));
    let mut out = format!("{lookup}\nfork()\n");
    for step in process::exec_plan(&spec, &name.to_string()) {
        out.push_str(&format!("  {step}\n"));
    }
    Ok(out)
}
