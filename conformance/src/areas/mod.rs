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

pub mod support;

/// Declares the areas, in report order: each one's module, and the lists built from
/// them (tests, requirements, broken modes, and the `req` constants). A new area is
/// one more name here.
macro_rules! areas {
    ($($area:ident),* $(,)?) => {
        $(pub(crate) mod $area;)*

        /// Every area with its tests, in report order.
        pub fn areas() -> Vec<(&'static str, &'static [Case])> {
            [$((stringify!($area), $area::CASES)),*]
                .into_iter()
                .flat_map(|(area, files)| files.iter().map(move |cases| (area, *cases)))
                .collect()
        }

        /// Every area's requirement list, in catalogue order.
        pub(crate) static REQUIREMENT_LISTS: &[&[Requirement]] = &[$($area::requirements::ALL),*];

        /// Every area's broken modes and MUSTs without one.
        #[cfg(feature = "broken-modes")]
        static BROKEN: &[(&[Mode], &[Unbroken])] =
            &[$(($area::broken::MODES, $area::broken::UNBROKEN)),*];

        /// Every requirement as a typed constant (`req::STATE_ID`), whichever area
        /// declares it.
        pub mod req {
            $(pub use super::$area::requirements::*;)*
        }
    };
}

areas!(
    lifecycle,
    operations,
    validation,
    kill,
    process,
    identity,
    root,
    mounts,
    linux_rootfs,
    hooks,
    features,
    terminal,
    network,
    freebsd,
    robustness,
    cli
);

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
