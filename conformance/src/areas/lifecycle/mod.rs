//! Lifecycle and state: create, start, the state document, exit status, delete
//! (runtime.md#lifecycle, #state, #operations).
//!
//! `requirements.rs` declares what the area checks; `broken.rs` the broken modes
//! that show its tests failing (self-test, feature `broken-modes`); each other file
//! holds tests (registered with `cases!`) or helpers of this area only.

#[cfg(feature = "broken-modes")]
pub(crate) mod broken;
pub(crate) mod cases;
pub(crate) mod delete;
pub(crate) mod requirements;
pub(crate) mod state_pid;

/// The area's tests, file by file, in report order.
pub(super) static CASES: &[&[super::Case]] = &[cases::CASES, delete::CASES, state_pid::CASES];
