//! The FreeBSD jail backend.
