//! Helpers the tests of several areas share (building blocks, positive controls,
//! environment comparison, refusal checks, exec calls).

pub mod common;
pub mod control;
pub mod env_check;
pub mod exec_calls;
pub mod hooks;
pub mod mounts;
pub mod negative;
pub mod terminal;
