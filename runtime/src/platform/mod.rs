//! The platforms: the one a bundle targets and its defaults, the seam between
//! the portable lifecycle and a platform's backend (`backend`), and one folder
//! per platform — `linux` (namespaces) and `freebsd` (jails) — each with its
//! planners, its backend and its own error enum.

pub mod backend;
/// The FreeBSD jail backend: pure planners, and the small executor.
pub mod freebsd;
/// The Linux namespace backend, and the Linux-only steps of the container process.
pub mod linux;

use std::fmt;
use std::str::FromStr;

/// A platform jailrun has a backend for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    Linux,
    FreeBsd,
}

impl Platform {
    /// The platform jailrun was built for.
    pub fn current() -> Platform {
        if cfg!(target_os = "freebsd") {
            Platform::FreeBsd
        } else {
            Platform::Linux
        }
    }

    /// Default `--root`: where container state lives.
    pub fn default_state_root(self) -> &'static str {
        match self {
            Platform::Linux => "/run/jailrun",
            Platform::FreeBsd => "/var/run/jailrun",
        }
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Platform::Linux => "linux",
            Platform::FreeBsd => "freebsd",
        })
    }
}

impl FromStr for Platform {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "linux" => Ok(Platform::Linux),
            "freebsd" => Ok(Platform::FreeBsd),
            other => Err(format!("unknown platform {other:?} (linux or freebsd)")),
        }
    }
}
