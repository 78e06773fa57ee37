//! The one way this suite's negative tests reject a configuration: apply a defect
//! to the base config, create, and expect an error that leaves nothing behind
//! (runtime.md#errors, config.md#valid-values).
//!
//! Every invalid-value test goes through `expect_create_rejected`, which runs the
//! positive control of `control::create_rejected` first (the same bundle without
//! the defect is accepted), so a runtime that refuses everything cannot pass.

use serde_json::Value;

use super::control;
use crate::areas::support::common::nothing_left;
use crate::harness::{CaseResult, Sandbox};

/// Shows the bundle is accepted without the defect, applies `defect` to the
/// sandbox's config, and checks that create failed and that no container is left.
/// `what` names the defect for the message.
pub fn expect_create_rejected(
    sb: &mut Sandbox,
    what: &str,
    defect: impl FnOnce(&mut Value),
) -> CaseResult {
    sb.helper_args(&["exit", "0"]);
    control::create_rejected(sb, &format!("create with {what}"), |sb| {
        defect(&mut sb.config);
        Ok(())
    })?;
    nothing_left(sb)
}
