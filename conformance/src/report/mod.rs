//! Reporters: they format records; they never decide outcomes.

pub mod json;
pub mod junit;
pub mod markdown;
pub mod requirements;
pub mod summary;

use serde::Serialize;

use crate::harness::CliProfile;
use crate::outcome::{Record, Totals};

/// Everything the reporters need about one run.
#[derive(Debug, Clone, Serialize)]
pub struct Run {
    /// Path of the runtime under test.
    pub runtime: String,
    /// `runtime --version` output, first line, when it answers.
    pub runtime_version: Option<String>,
    /// What the runtime's command line has, and what the suite did without the rest.
    pub command_line: CliProfile,
    pub host: Host,
    pub totals: Totals,
    pub tests: Vec<Record>,
}

/// The machine the suite ran on.
#[derive(Debug, Clone, Serialize)]
pub struct Host {
    pub os: String,
    pub release: String,
    pub arch: String,
    pub hostname: String,
}

impl Host {
    /// Reads uname(2).
    pub fn current() -> Host {
        let uts = nix::sys::utsname::uname().ok();
        let field = |f: fn(&nix::sys::utsname::UtsName) -> &std::ffi::OsStr| {
            uts.as_ref()
                .map(|u| f(u).to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        Host {
            os: field(|u| u.sysname()),
            release: field(|u| u.release()),
            arch: field(|u| u.machine()),
            hostname: field(|u| u.nodename()),
        }
    }
}
