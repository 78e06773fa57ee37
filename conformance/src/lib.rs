//! jailcheck: a spec-driven conformance suite for OCI runtimes, FreeBSD jails
//! first. It drives a runtime only through its command line, the bundles it writes
//! and what the `integ-inside` helper reports from inside the container.

#[macro_use]
pub mod catalogue;
pub mod areas;
#[cfg(feature = "broken-modes")]
pub mod broken_mode;
pub mod cli;
pub mod compare;
pub mod declared;
pub mod expectations;
pub mod harness;
pub mod judgement;
pub mod negotiation;
pub mod outcome;
pub mod plan;
pub mod report;
pub mod runner;
pub mod spec_index;
pub mod verdicts;

/// Every requirement as a typed constant (`req::STATE_ID`), whichever area declares it.
pub mod req {
    pub use crate::areas::cli::requirements::*;
    pub use crate::areas::features::requirements::*;
    pub use crate::areas::freebsd::requirements::*;
    pub use crate::areas::hooks::requirements::*;
    pub use crate::areas::identity::requirements::*;
    pub use crate::areas::kill::requirements::*;
    pub use crate::areas::lifecycle::requirements::*;
    pub use crate::areas::linux_rootfs::requirements::*;
    pub use crate::areas::mounts::requirements::*;
    pub use crate::areas::network::requirements::*;
    pub use crate::areas::operations::requirements::*;
    pub use crate::areas::process::requirements::*;
    pub use crate::areas::robustness::requirements::*;
    pub use crate::areas::root::requirements::*;
    pub use crate::areas::terminal::requirements::*;
    pub use crate::areas::validation::requirements::*;
}
