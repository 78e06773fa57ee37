//! The terminal: pty, console socket, console size (config.md#process,
//! runtime.md#create).
//!
//! `requirements.rs` declares what the area checks; each other file holds tests
//! (registered with `cases!`) or helpers of this area only.

pub(crate) mod cases;
pub(crate) mod requirements;

/// The area's tests, file by file, in report order.
pub(super) static CASES: &[&[super::Case]] = &[cases::CASES];
