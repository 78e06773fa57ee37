//! The tests, one module per area. Each test is a small function that names the
//! requirement IDs it checks.

use crate::harness::{CaseResult, CliFeature, Sandbox};

pub mod cli_contract;
pub mod cli_exec;
mod cli_exec_calls;
mod cli_exec_signals;
pub mod common;
pub mod control;
pub mod env_check;
pub mod features_doc;
pub mod freebsd;
pub mod freebsd_checks;
pub mod freebsd_invalid;
pub mod freebsd_jail;
pub mod hook_failures;
pub mod hook_namespaces;
pub mod hooks;
pub mod hooks_observed;
pub mod identity;
pub mod kill;
pub mod lifecycle;
pub mod linux_rootfs;
pub mod mounts;
pub mod mounts_freebsd;
mod mounts_propagation;
pub mod negative;
pub mod net_devices;
pub mod network;
pub mod network_freebsd;
pub mod operations;
pub mod process;
pub mod process_defaults;
pub mod robustness_cli;
pub mod robustness_config;
pub mod robustness_escapes;
pub mod robustness_faults;
pub mod robustness_races;
pub mod robustness_refusal;
pub mod robustness_session;
pub mod root;
pub mod state_pid;
pub mod terminal;
pub mod validation;

/// One conformance test.
pub struct Case {
    /// Name inside its area (`area::name` is the full test name).
    pub name: &'static str,
    /// The requirement IDs this test checks (see the catalogue). A failing check
    /// names its requirement (`Verdict::charged_to`); one that does not belongs
    /// to the first listed.
    pub requirements: &'static [&'static str],
    /// The runc command-line conventions the test cannot run without (beyond
    /// what the sandbox adapts: the state root, the bundle by position, pids
    /// from `state`, removal without `delete --force`). Checked before the test
    /// acts: where the runtime lacks one, it is skipped with the reason.
    pub needs: &'static [CliFeature],
    /// The test body; the sandbox's guard runs after it whatever happens.
    pub body: fn(&mut Sandbox) -> CaseResult,
}

/// Every area with its tests, in report order.
pub fn areas() -> Vec<(&'static str, &'static [Case])> {
    vec![
        ("lifecycle", lifecycle::CASES),
        ("lifecycle", state_pid::CASES),
        ("operations", operations::CASES),
        ("validation", validation::CASES),
        ("kill", kill::CASES),
        ("process", process::CASES),
        ("process", process_defaults::CASES),
        ("identity", identity::CASES),
        ("root", root::CASES),
        ("mounts", mounts::CASES),
        ("mounts", mounts_freebsd::CASES),
        ("mounts", mounts_propagation::CASES),
        ("linux_rootfs", linux_rootfs::CASES),
        ("hooks", hooks::CASES),
        ("hooks", hook_namespaces::CASES),
        ("hooks", hook_failures::CASES),
        ("hooks", hooks_observed::CASES),
        ("features", features_doc::CASES),
        ("terminal", terminal::CASES),
        ("network", network::CASES),
        ("network", net_devices::CASES),
        ("network", network_freebsd::CASES),
        ("freebsd", freebsd::CASES),
        ("robustness", robustness_config::CASES),
        ("robustness", robustness_cli::CASES),
        ("robustness", robustness_escapes::CASES),
        ("robustness", robustness_faults::CASES),
        ("robustness", robustness_races::CASES),
        ("robustness", robustness_session::CASES),
        ("freebsd", freebsd_jail::CASES),
        ("freebsd", freebsd_invalid::CASES),
        ("cli", cli_exec::CASES),
        ("cli", cli_exec_signals::CASES),
        ("cli", cli_contract::CASES),
    ]
}

/// Every test with its full name.
pub fn all() -> Vec<(String, &'static Case)> {
    areas()
        .into_iter()
        .flat_map(|(area, cases)| {
            cases
                .iter()
                .map(move |c| (format!("{area}::{}", c.name), c))
        })
        .collect()
}
