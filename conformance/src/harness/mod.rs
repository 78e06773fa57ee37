//! The harness: everything a test needs to drive a runtime, and nothing that decides
//! or prints outcomes, grouped by concern: `runtime` (driving a runtime), `bundle`
//! (building bundles), `host` (observing the host), `net` (network peers); the
//! `sandbox` is a test's private world and `suite` what every test shares.

pub mod bundle;
pub mod host;
pub mod net;
pub mod runtime;
pub mod sandbox;
pub mod suite;
pub mod verdict;

pub use runtime::cli_profile::{CliFeature, CliProfile};
pub use runtime::driver::{Invocation, RuntimeCli};
pub use runtime::reaper::{Exit, Reaper};
pub use runtime::state::State;
pub use sandbox::Sandbox;
pub use suite::Suite;
pub use verdict::{CaseResult, Context, Verdict};
