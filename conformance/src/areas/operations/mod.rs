//! Operations: each operation's arguments and errors, and what create must leave alone
//! (runtime.md#operations, #errors).
//!
//! `requirements.rs` declares what the area checks; each other file holds tests
//! (registered with `cases!`) or helpers of this area only.

pub(crate) mod cases;
pub(crate) mod requirements;

/// The area's tests, file by file, in report order.
pub(super) static CASES: &[&[super::Case]] = &[cases::CASES];
