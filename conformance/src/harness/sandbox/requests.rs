//! The sandbox's requests to the helper: the container's process is built from
//! an `integ_inside::Request`, and the reply comes back as its own type.

use integ_inside::Request;
use serde::de::DeserializeOwned;

use super::{Program, Sandbox};
use crate::harness::bundle::config;
use crate::harness::verdict::Verdict;

impl Sandbox {
    /// Sets the container's process to the helper making `request`; returns the
    /// handle that reads its reply ([`Program::report`]).
    pub fn set_program<R: Request>(&mut self, request: &R) -> Program<R> {
        config::set_program(&mut self.config, request)
    }

    /// create, start, wait for the exit (which must be 0), delete; returns the
    /// helper's reply to `request`.
    pub fn ask<R>(&mut self, request: &R) -> Result<R::Reply, Verdict>
    where
        R: Request,
        R::Reply: DeserializeOwned,
    {
        let program = self.set_program(request);
        self.run_program(&program)
    }

    /// Runs the process set to the end, which must be exit 0, deletes the
    /// container, and returns the report on its stdout.
    fn run_program<R: Request>(&mut self, program: &Program<R>) -> Result<R::Reply, Verdict>
    where
        R::Reply: DeserializeOwned,
    {
        let exit = self.own().run_to_exit()?;
        if !exit.success() {
            return Err(Verdict::Fail(format!(
                "container process ended with {exit}; stdout: {:.300}",
                self.container_stdout()
            )));
        }
        let report = program.report(self)?;
        self.own().delete()?;
        Ok(report)
    }
}
