//! The tests, one module per area. Each test is a small function that names the
//! requirement IDs it checks.

use crate::harness::{CaseResult, Sandbox};

pub mod common;
pub mod freebsd;
pub mod hook_failures;
pub mod hook_namespaces;
pub mod hooks;
pub mod identity;
pub mod kill;
pub mod lifecycle;
pub mod mounts;
pub mod mounts_freebsd;
pub mod net_devices;
pub mod network;
pub mod network_freebsd;
pub mod process;
pub mod robustness_cli;
pub mod robustness_config;
pub mod robustness_escapes;
pub mod robustness_faults;
pub mod robustness_races;
pub mod robustness_refusal;
pub mod root;
pub mod terminal;

/// One conformance test.
pub struct Case {
    /// Name inside its area (`area::name` is the full test name).
    pub name: &'static str,
    /// The requirement IDs this test checks (see the catalogue).
    pub requirements: &'static [&'static str],
    /// The test body; the sandbox's guard runs after it whatever happens.
    pub body: fn(&mut Sandbox) -> CaseResult,
}

/// Every area with its tests, in report order.
pub fn areas() -> Vec<(&'static str, &'static [Case])> {
    vec![
        ("lifecycle", lifecycle::CASES),
        ("kill", kill::CASES),
        ("process", process::CASES),
        ("identity", identity::CASES),
        ("root", root::CASES),
        ("mounts", mounts::CASES),
        ("mounts", mounts_freebsd::CASES),
        ("hooks", hooks::CASES),
        ("hooks", hook_namespaces::CASES),
        ("hooks", hook_failures::CASES),
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
