//! Mounts: order, bind, tmpfs, options, FreeBSD file systems (config.md#mounts).
//!
//! `requirements.rs` declares what the area checks; `broken.rs` the broken modes
//! that show its tests failing (self-test, feature `broken-modes`); each other file
//! holds tests (registered with `cases!`) or helpers of this area only.

#[cfg(feature = "broken-modes")]
pub(crate) mod broken;
pub(crate) mod cases;
pub(crate) mod freebsd;
pub(crate) mod propagation;
pub(crate) mod requirements;

/// The area's tests, file by file, in report order.
pub(super) static CASES: &[&[super::Case]] = &[cases::CASES, freebsd::CASES, propagation::CASES];
