//! Robustness: bad input refused and leaving nothing, faults, races, escapes, isolation.
//!
//! `requirements.rs` declares what the area checks; `broken.rs` the broken modes
//! that show its tests failing (self-test, feature `broken-modes`); each other file
//! holds tests (registered with `cases!`) or helpers of this area only.

#[cfg(feature = "broken-modes")]
pub(crate) mod broken;
pub(crate) mod cli;
pub(crate) mod config;
pub(crate) mod escapes;
pub(crate) mod faults;
pub(crate) mod races;
pub(crate) mod refusal;
pub(crate) mod requirements;
pub(crate) mod session;

/// The area's tests, file by file, in report order.
pub(super) static CASES: &[&[super::Case]] = &[
    config::CASES,
    cli::CASES,
    escapes::CASES,
    faults::CASES,
    races::CASES,
    session::CASES,
];
