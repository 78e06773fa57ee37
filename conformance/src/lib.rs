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

pub use areas::req;
