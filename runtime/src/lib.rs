//! jailrun: a minimal reference OCI runtime for FreeBSD jails, with a Linux
//! namespace backend.

/// Typed `freebsd` section of config.json (runtime-spec v1.3.0 config-freebsd.md).
pub mod freebsd;
/// The FreeBSD jail backend: pure planners, and the small executor.
pub mod jail;
