//! The harness: everything a test needs to drive a runtime, and nothing that decides
//! or prints outcomes.

pub mod cancel;
pub mod cli_feature;
pub mod cli_probe;
pub mod cli_profile;
pub mod config;
pub mod console;
pub mod container_pid;
pub mod driver;
pub mod epair;
pub mod helper_bin;
pub mod hooks;
pub mod host;
pub mod host_leaks;
pub mod host_needs;
pub mod host_tcp;
pub mod host_traces;
pub mod leaks;
pub mod link_watch;
pub mod loopback_if;
pub mod mounts;
pub mod netns;
pub mod netpeer;
pub mod ready;
pub mod reaper;
pub mod removal;
pub mod rootfs_restore;
pub mod runtime_env;
pub mod sandbox;
pub mod state;
pub mod subnet;
pub mod suite;
pub mod verdict;

pub use cli_profile::{CliFeature, CliProfile};
pub use driver::{Invocation, RuntimeCli};
pub use reaper::{Exit, Reaper};
pub use sandbox::Sandbox;
pub use state::State;
pub use suite::Suite;
pub use verdict::{CaseResult, Context, Verdict};
