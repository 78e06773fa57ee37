//! The tests, one folder per area. Each area folder holds its requirements
//! (`requirements.rs`), its tests (files that register them with `cases!`), the
//! broken modes that show those tests failing (`broken.rs`, feature
//! `broken-modes`) and the helpers only it uses; `support` holds what several
//! areas share.

#[cfg(feature = "broken-modes")]
use crate::broken_mode::{Mode, Unbroken};
use crate::catalogue::{ReqId, Requirement};
use crate::harness::{CaseResult, CliFeature, Sandbox};

/// Registers a file's tests, in report order: `name: REQUIREMENTS[, needs FEATURES];`
/// where `name` is the test function (and the test's name in its area),
/// `REQUIREMENTS` an expression of type `&[ReqId]` and `FEATURES` a `&[CliFeature]`.
macro_rules! cases {
    ($($name:ident: $reqs:expr $(, needs $needs:expr)?;)*) => {
        /// This file's tests, in report order.
        pub static CASES: &[$crate::areas::Case] = &[$(
            $crate::areas::Case {
                name: stringify!($name),
                requirements: $reqs,
                needs: cases!(@needs $($needs)?),
                body: $name,
            },
        )*];
    };
    (@needs) => { &[] };
    (@needs $needs:expr) => { $needs };
}

pub(crate) mod cli;
pub(crate) mod features;
pub(crate) mod freebsd;
pub(crate) mod hooks;
pub(crate) mod identity;
pub(crate) mod kill;
pub(crate) mod lifecycle;
pub(crate) mod linux_rootfs;
pub(crate) mod mounts;
pub(crate) mod network;
pub(crate) mod operations;
pub(crate) mod process;
pub(crate) mod robustness;
pub(crate) mod root;
pub mod support;
pub(crate) mod terminal;
pub(crate) mod validation;

/// One conformance test.
pub struct Case {
    /// Name inside its area (`area::name` is the full test name).
    pub name: &'static str,
    /// The requirement IDs this test checks (see the catalogue). A failing check
    /// names its requirement (`Verdict::charged_to`); one that does not belongs
    /// to the first listed.
    pub requirements: &'static [ReqId],
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
    let areas: [(&'static str, &'static [&'static [Case]]); 16] = [
        ("lifecycle", lifecycle::CASES),
        ("operations", operations::CASES),
        ("validation", validation::CASES),
        ("kill", kill::CASES),
        ("process", process::CASES),
        ("identity", identity::CASES),
        ("root", root::CASES),
        ("mounts", mounts::CASES),
        ("linux_rootfs", linux_rootfs::CASES),
        ("hooks", hooks::CASES),
        ("features", features::CASES),
        ("terminal", terminal::CASES),
        ("network", network::CASES),
        ("freebsd", freebsd::CASES),
        ("robustness", robustness::CASES),
        ("cli", cli::CASES),
    ];
    areas
        .into_iter()
        .flat_map(|(area, files)| files.iter().map(move |cases| (area, *cases)))
        .collect()
}

/// Every area's requirement list, in catalogue order.
pub(crate) static REQUIREMENT_LISTS: [&[Requirement]; 16] = [
    lifecycle::requirements::ALL,
    operations::requirements::ALL,
    validation::requirements::ALL,
    kill::requirements::ALL,
    process::requirements::ALL,
    identity::requirements::ALL,
    root::requirements::ALL,
    mounts::requirements::ALL,
    linux_rootfs::requirements::ALL,
    hooks::requirements::ALL,
    features::requirements::ALL,
    terminal::requirements::ALL,
    network::requirements::ALL,
    freebsd::requirements::ALL,
    robustness::requirements::ALL,
    cli::requirements::ALL,
];

/// Every area's broken modes and MUSTs without one (each area's `broken.rs`), in
/// area order.
#[cfg(feature = "broken-modes")]
static BROKEN: [(&[Mode], &[Unbroken]); 16] = [
    (lifecycle::broken::MODES, lifecycle::broken::UNBROKEN),
    (operations::broken::MODES, operations::broken::UNBROKEN),
    (validation::broken::MODES, validation::broken::UNBROKEN),
    (kill::broken::MODES, kill::broken::UNBROKEN),
    (process::broken::MODES, process::broken::UNBROKEN),
    (identity::broken::MODES, identity::broken::UNBROKEN),
    (root::broken::MODES, root::broken::UNBROKEN),
    (mounts::broken::MODES, mounts::broken::UNBROKEN),
    (linux_rootfs::broken::MODES, linux_rootfs::broken::UNBROKEN),
    (hooks::broken::MODES, hooks::broken::UNBROKEN),
    (features::broken::MODES, features::broken::UNBROKEN),
    (terminal::broken::MODES, terminal::broken::UNBROKEN),
    (network::broken::MODES, network::broken::UNBROKEN),
    (freebsd::broken::MODES, freebsd::broken::UNBROKEN),
    (robustness::broken::MODES, robustness::broken::UNBROKEN),
    (cli::broken::MODES, cli::broken::UNBROKEN),
];

/// Every broken mode of the self-test's wrapper runtime, area by area.
#[cfg(feature = "broken-modes")]
pub fn broken_modes() -> impl Iterator<Item = &'static Mode> {
    BROKEN.iter().flat_map(|(modes, _)| modes.iter())
}

/// Every MUST requirement no broken mode breaks, with the reason, area by area.
#[cfg(feature = "broken-modes")]
pub fn unbroken() -> impl Iterator<Item = &'static Unbroken> {
    BROKEN.iter().flat_map(|(_, unbroken)| unbroken.iter())
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
