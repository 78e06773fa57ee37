//! Observing the host: commands, leaks and traces a runtime leaves, host prerequisites,
//! the container process seen from the host.

pub mod command;
pub mod container_pid;
pub mod host_leaks;
pub mod host_needs;
pub mod host_traces;
pub mod leaks;
