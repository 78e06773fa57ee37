//! The sandbox's requests to the helper: the container's process is built from
//! an `integ_inside::Request`, and the reply comes back as its own type.

use integ_inside::Request;
use serde::de::DeserializeOwned;

use super::Sandbox;
use crate::harness::verdict::Verdict;

impl Sandbox {
    /// Sets the container's process to the helper making `request`.
    pub fn set_program<R: Request>(&mut self, request: &R) {
        let args = request.to_args();
        self.helper_args(&args.iter().map(String::as_str).collect::<Vec<_>>());
    }

    /// create, start, wait for the exit (which must be 0), delete; returns the
    /// helper's reply to `request`.
    pub fn ask<R>(&mut self, request: &R) -> Result<R::Reply, Verdict>
    where
        R: Request,
        R::Reply: DeserializeOwned,
    {
        self.set_program(request);
        self.run_program()
    }

    /// [`Sandbox::ask`] with the helper's arguments as strings (the form the
    /// typed requests replace).
    pub fn run_helper<T: DeserializeOwned>(&mut self, args: &[&str]) -> Result<T, Verdict> {
        self.helper_args(args);
        self.run_program()
    }

    /// Runs the process set to the end, which must be exit 0, deletes the
    /// container, and returns the report on its stdout.
    fn run_program<T: DeserializeOwned>(&mut self) -> Result<T, Verdict> {
        let exit = self.own().run_to_exit()?;
        if !exit.success() {
            return Err(Verdict::Fail(format!(
                "container process ended with {exit}; stdout: {:.300}",
                self.container_stdout()
            )));
        }
        let report = self.report()?;
        self.own().delete()?;
        Ok(report)
    }
}
