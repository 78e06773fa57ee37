//! The helper's program as a test set it: a handle that remembers the request's
//! type, so the reply read back is that request's reply and no call site names
//! a reply type by hand. A handle comes only with the argv it describes
//! ([`helper_program`], [`Sandbox::set_program`]).

use std::marker::PhantomData;

use integ_inside::Request;
use serde::de::DeserializeOwned;

use super::Sandbox;
use crate::harness::{Invocation, Verdict};

/// The helper making a request of type `R`, set as a container's process or
/// given to `exec`; reads `R`'s reply. Zero-sized.
///
/// The reply's type is the request's, so reading another does not compile:
///
/// ```
/// # use jailcheck::harness::sandbox::helper_program;
/// # use integ_inside::{request::Network, NetworkReport};
/// let (_, program) = helper_program("/integ-inside", &Network);
/// let r: Result<NetworkReport, _> = program.parse("{}");
/// # let _ = r;
/// ```
/// ```compile_fail
/// # use jailcheck::harness::sandbox::helper_program;
/// # use integ_inside::{request::Network, ProcessReport};
/// let (_, program) = helper_program("/integ-inside", &Network);
/// let r: Result<ProcessReport, _> = program.parse("{}");
/// # let _ = r;
/// ```
pub struct Program<R>(PhantomData<fn() -> R>);

/// The argv of the helper at `program` making `request`.
pub fn helper_argv(program: &str, request: &impl Request) -> Vec<String> {
    let mut argv = vec![program.to_string()];
    argv.extend(request.to_args());
    argv
}

/// The argv of the helper at `path` making `request`, and the handle that reads
/// its reply.
pub fn helper_program<R: Request>(path: &str, request: &R) -> (Vec<String>, Program<R>) {
    (helper_argv(path, request), Program(PhantomData))
}

impl<R: Request> Program<R>
where
    R::Reply: DeserializeOwned,
{
    /// The reply on the main container's stdout (the last line that opens a
    /// JSON object).
    pub fn report(&self, sb: &Sandbox) -> Result<R::Reply, Verdict> {
        let out = sb.container_stdout();
        self.parse(last_object(&out)).map_err(|e| {
            Verdict::Fail(format!(
                "no helper report on the container's stdout ({e}); stdout was {:.300}",
                out
            ))
        })
    }

    /// The reply on an `exec` call's stdout.
    pub fn reply_on(&self, inv: &Invocation) -> Result<R::Reply, Verdict> {
        self.parse(last_object(&inv.stdout)).map_err(|e| {
            Verdict::Fail(format!(
                "no helper report on exec's stdout ({e}): {:.300}",
                inv.stdout
            ))
        })
    }

    /// The reply in one line of text (a file written with `--out`, a terminal).
    pub fn parse(&self, line: &str) -> Result<R::Reply, serde_json::Error> {
        serde_json::from_str(line)
    }
}

/// The last line of `out` that opens a JSON object, or "" when there is none.
fn last_object(out: &str) -> &str {
    out.lines().rev().find(|l| l.starts_with('{')).unwrap_or("")
}
