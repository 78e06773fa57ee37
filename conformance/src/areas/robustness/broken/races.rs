//! Modes that break what holds under concurrency: a runtime that checks the
//! container's state and then acts without holding a lock across both, and one
//! whose store-wide lock is taken without waiting. Each behaves correctly when
//! calls come one at a time; only racing calls see the fault.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use nix::fcntl::{Flock, FlockArg};

use crate::broken_mode::{Call, Error, Flow};

pub(super) fn create_check_then_act(c: Call) -> Result<Flow, Error> {
    let Some(id) = c.id().map(str::to_string) else {
        return Ok(Flow::Forward(c));
    };
    if c.state_of(&id)?.is_some() {
        return Ok(Flow::Forward(c));
    }
    // The check said the ID was free: whatever the create itself says now.
    let _racer = Racer::meet(&c, "create", &id);
    c.status()?;
    Ok(Flow::Exit(0))
}

pub(super) fn start_check_then_act(c: Call) -> Result<Flow, Error> {
    let Some(id) = c.id().map(str::to_string) else {
        return Ok(Flow::Forward(c));
    };
    if c.status_of(&id)?.as_deref() != Some("created") {
        return Ok(Flow::Forward(c));
    }
    let _racer = Racer::meet(&c, "start", &id);
    c.status()?;
    Ok(Flow::Exit(0))
}

/// How long a call that passed its check waits for a second one.
const MEET_DEADLINE: Duration = Duration::from_secs(1);

/// One call that passed its check, registered where the others of the same
/// command on the same container see it (under the system's temporary
/// directory, so nothing is left in the test's --root or bundle). Acting only
/// once a second call has passed its check too makes the lost race certain
/// instead of likely; a call that comes alone goes on at the deadline.
struct Racer {
    dir: PathBuf,
    me: PathBuf,
}

impl Racer {
    /// Registers, then waits for a second call (see [`Racer::wait_for_another`]).
    fn meet(c: &Call, command: &str, id: &str) -> Option<Racer> {
        let racer = Racer::register(c, command, id)?;
        racer.wait_for_another();
        Some(racer)
    }

    fn register(c: &Call, command: &str, id: &str) -> Option<Racer> {
        let root = c.state_root()?;
        let key: String = format!("{}-{id}", root.display())
            .chars()
            .map(|ch| if ch.is_ascii_alphanumeric() { ch } else { '_' })
            .collect();
        let dir = std::env::temp_dir().join(format!("broken-runtime-{command}-{key}"));
        std::fs::create_dir_all(&dir).ok()?;
        let me = dir.join(std::process::id().to_string());
        File::create(&me).ok()?;
        Some(Racer { dir, me })
    }

    /// Returns once another call is registered, or at the deadline.
    fn wait_for_another(&self) {
        let started = Instant::now();
        while others(&self.dir, &self.me) == 0 && started.elapsed() < MEET_DEADLINE {
            // The others are separate processes that signal nothing: poll.
            std::thread::sleep(Duration::from_millis(1));
        }
    }
}

/// How many calls other than `me` are registered in `dir`.
pub(super) fn others(dir: &Path, me: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |entries| {
        entries
            .filter_map(Result::ok)
            .filter(|e| e.path() != me)
            .count()
    })
}

impl Drop for Racer {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.me);
        // The last one out removes the directory; earlier ones fail harmlessly.
        let _ = std::fs::remove_dir(&self.dir);
    }
}

/// Locks the --root directory itself (the runtime locks its containers'
/// directories, never the root, so the two locks cannot deadlock).
pub(super) fn store_lock_without_wait(c: Call) -> Result<Flow, Error> {
    let Some(root) = c.state_root() else {
        return Ok(Flow::Forward(c));
    };
    let Ok(dir) = File::open(&root) else {
        return Ok(Flow::Forward(c));
    };
    // Every call registers before it tries the lock, and the holder acts only
    // once another has come (or at the deadline): that one then finds the lock
    // taken, every time, not only when the timing happens to overlap.
    let racer = Racer::register(&c, "store", "");
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
    if let Some(r) = &racer {
        r.wait_for_another();
    }
    Ok(Flow::Exit(if c.status()? { 0 } else { 1 }))
}
