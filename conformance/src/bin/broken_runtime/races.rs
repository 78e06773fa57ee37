//! Modes that break what holds under concurrency: a runtime that checks the
//! container's state and then acts without holding a lock across both, and one
//! whose store-wide lock is taken without waiting. Each behaves correctly when
//! calls come one at a time; only racing calls see the fault.

use std::fs::File;

use nix::fcntl::{Flock, FlockArg};

use crate::call::Call;
use crate::error::Error;
use crate::mode::{CommandMode, Flow};

/// The race modes.
pub const MODES: &[CommandMode] = &[
    CommandMode {
        name: "create-check-then-act",
        doc: "create checks that the ID is free, then creates without a lock; a create \
              that loses to another after its check reports success",
        on: &["create"],
        run: create_check_then_act,
    },
    CommandMode {
        name: "start-check-then-act",
        doc: "start checks that the container is created, then starts without a lock; a \
              start that loses to another after its check reports success",
        on: &["start"],
        run: start_check_then_act,
    },
    CommandMode {
        name: "store-lock-without-wait",
        doc: "create, start and delete take a lock on the whole --root without waiting, \
              and fail when another command holds it",
        on: &["create", "start", "delete"],
        run: store_lock_without_wait,
    },
];

fn create_check_then_act(c: Call) -> Result<Flow, Error> {
    let Some(id) = c.id().map(str::to_string) else {
        return Ok(Flow::Forward(c));
    };
    if c.state_of(&id)?.is_some() {
        return Ok(Flow::Forward(c));
    }
    // The check said the ID was free: whatever the create itself says now.
    c.status()?;
    Ok(Flow::Exit(0))
}

fn start_check_then_act(c: Call) -> Result<Flow, Error> {
    let Some(id) = c.id().map(str::to_string) else {
        return Ok(Flow::Forward(c));
    };
    if c.status_of(&id)?.as_deref() != Some("created") {
        return Ok(Flow::Forward(c));
    }
    c.status()?;
    Ok(Flow::Exit(0))
}

/// Locks the --root directory itself (the runtime locks its containers'
/// directories, never the root, so the two locks cannot deadlock).
fn store_lock_without_wait(c: Call) -> Result<Flow, Error> {
    let Some(root) = c.state_root() else {
        return Ok(Flow::Forward(c));
    };
    let Ok(dir) = File::open(&root) else {
        return Ok(Flow::Forward(c));
    };
    let _held = match Flock::lock(dir, FlockArg::LockExclusiveNonblock) {
        Ok(held) => held,
        Err((_, _)) => {
            eprintln!(
                "broken-runtime: state store {} is busy: another command holds it",
                root.display()
            );
            return Ok(Flow::Exit(1));
        }
    };
    Ok(Flow::Exit(if c.status()? { 0 } else { 1 }))
}
