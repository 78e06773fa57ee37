//! Cancelling a test that ran past its time limit.
//!
//! Each test runs on its own thread; the runner gives that thread a [`Cancel`]. The
//! driver registers every runtime call it starts there (by process group), so when
//! the test times out the runner kills the calls in flight, the body's waits return,
//! further calls from the body are refused, and the guard (cleanup and leak check)
//! still runs its own calls.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use nix::sys::signal::{killpg, Signal};
use nix::unistd::Pid;

/// The runtime calls in flight for one test, and whether it was cancelled.
#[derive(Debug, Default)]
pub struct Cancel {
    cancelled: AtomicBool,
    cleaning: AtomicBool,
    groups: Mutex<BTreeSet<i32>>,
}

thread_local! {
    static CURRENT: RefCell<Option<Arc<Cancel>>> = const { RefCell::new(None) };
}

impl Cancel {
    /// Makes `cancel` the current thread's (the test thread calls this first).
    pub fn install(cancel: Arc<Cancel>) {
        CURRENT.with(|c| *c.borrow_mut() = Some(cancel));
    }

    /// Cancels the test: kills the process group of every call in flight. Returns
    /// how many were killed.
    pub fn cancel(&self) -> usize {
        self.cancelled.store(true, Ordering::SeqCst);
        let groups = self.groups.lock().unwrap_or_else(|p| p.into_inner());
        for pgid in groups.iter() {
            let _ = killpg(Pid::from_raw(*pgid), Signal::SIGKILL);
        }
        groups.len()
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::SeqCst)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeSet<i32>> {
        self.groups.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Marks the start of the guard on the current thread: its calls run even after a
/// cancel.
pub fn cleanup_phase() {
    if let Some(c) = current() {
        c.cleaning.store(true, Ordering::SeqCst);
    }
}

/// Why a new call from the current thread must not start, if it must not.
pub fn refusal() -> Option<&'static str> {
    let c = current()?;
    (c.is_cancelled() && !c.cleaning.load(Ordering::SeqCst))
        .then_some("the test ran past its time limit and was cancelled")
}

/// Whether the current thread's test was cancelled.
pub fn cancelled() -> bool {
    current().is_some_and(|c| c.is_cancelled())
}

/// Registers a call's process group until the returned guard is dropped.
pub fn register(pgid: i32) -> Registered {
    let owner = current();
    if let Some(c) = &owner {
        c.lock().insert(pgid);
        // Cancelled between spawn and registration: kill it now.
        if c.is_cancelled() && !c.cleaning.load(Ordering::SeqCst) {
            let _ = killpg(Pid::from_raw(pgid), Signal::SIGKILL);
        }
    }
    Registered { owner, pgid }
}

/// Unregisters a call's process group when dropped.
pub struct Registered {
    owner: Option<Arc<Cancel>>,
    pgid: i32,
}

impl Drop for Registered {
    fn drop(&mut self) {
        if let Some(c) = &self.owner {
            c.lock().remove(&self.pgid);
        }
    }
}

fn current() -> Option<Arc<Cancel>> {
    CURRENT.with(|c| c.borrow().clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::process::CommandExt;
    use std::process::Command;

    #[test]
    fn cancel_kills_registered_groups_and_refuses_new_calls() {
        let cancel = Arc::new(Cancel::default());
        let worker = {
            let cancel = cancel.clone();
            std::thread::spawn(move || {
                Cancel::install(cancel);
                let mut child = Command::new("sleep")
                    .arg("30")
                    .process_group(0)
                    .spawn()
                    .expect("spawn sleep");
                let _reg = register(child.id() as i32);
                let status = child.wait().expect("wait");
                (status.code(), refusal().is_some(), {
                    cleanup_phase();
                    refusal().is_some()
                })
            })
        };
        // Wait until the worker's call is registered: the event, not a fixed time.
        while cancel.lock().is_empty() {
            std::thread::yield_now();
        }
        assert_eq!(cancel.cancel(), 1);
        let (code, refused, refused_in_cleanup) = worker.join().expect("worker");
        assert_eq!(code, None, "sleep was killed by a signal");
        assert!(refused, "a cancelled test's body may not start calls");
        assert!(!refused_in_cleanup, "the guard may");
        assert!(cancel.lock().is_empty());
    }

    #[test]
    fn threads_without_a_test_are_never_refused() {
        assert!(refusal().is_none());
        assert!(!cancelled());
    }
}
