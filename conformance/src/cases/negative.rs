//! The one way this suite's negative tests reject a configuration: apply a defect
//! to the base config, create, and expect an error that leaves nothing behind
//! (runtime.md#errors, config.md#valid-values).
//!
//! Every invalid-value test goes through `expect_create_rejected`, so a positive
//! control (the same bundle without the defect is accepted) can be added here
//! once, for all of them.

use serde_json::Value;

use super::common::{expect_failure, nothing_left};
use crate::harness::{CaseResult, Sandbox};

/// Applies `defect` to the sandbox's config, runs create, and checks that create
/// failed and that no container is left. `what` names the defect for the message.
pub fn expect_create_rejected(
    sb: &mut Sandbox,
    what: &str,
    defect: impl FnOnce(&mut Value),
) -> CaseResult {
    sb.helper_args(&["exit", "0"]);
    defect(&mut sb.config);
    let id = sb.id.clone();
    let inv = sb.try_create_id(&id, &[])?;
    expect_failure(&inv, &format!("create with {what}"))?;
    nothing_left(sb, &id)
}
