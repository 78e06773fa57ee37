//! `state` (runtime.md#query-state).

use super::{Context, Error};
use crate::container_id::ContainerId;
use crate::state::OciState;

/// The state of container `id`.
pub fn state(ctx: &Context<'_>, id: &ContainerId) -> Result<OciState, Error> {
    let (record, fifo) = ctx.store.read(id)?;
    Ok(record.oci_state(record.status(fifo)))
}
