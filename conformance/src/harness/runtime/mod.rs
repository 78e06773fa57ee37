//! Driving a runtime: its command line (profile, probe, features), the fixed environment,
//! calls with deadlines, reaping, the state document, console sockets, removal.

pub mod cancel;
pub mod cli_feature;
pub mod cli_probe;
pub mod cli_profile;
pub mod console;
pub mod driver;
pub mod ready;
pub mod reaper;
pub mod removal;
pub mod runtime_env;
pub mod state;
