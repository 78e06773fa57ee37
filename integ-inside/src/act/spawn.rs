//! `spawn N`: a process tree in which every process reports one signal, to check
//! that a runtime's `kill --all` (or the container's teardown) reaches them all.

use super::signals;
use crate::failure::Failure;
use crate::output::Output;
use crate::sys;

/// Forks `children` children; every process waits for one signal and appends its
/// report to the `--out` log. Returns the parent's exit code once all children
/// have exited.
pub fn spawn(children: u32, output: &Output) -> Result<i32, Failure> {
    // Block before forking: children inherit the mask, so no signal sent once the
    // tree is announced ready can be lost to a default disposition.
    signals::block_all()?;
    let (read_end, write_end) = pipe()?;
    let mut pids = Vec::new();
    for _ in 0..children {
        // SAFETY: the helper is single-threaded, so the child may run Rust code.
        match unsafe { libc::fork() } {
            -1 => {
                let err = sys::last_error();
                kill_all(&pids);
                return Err(Failure::runtime("spawn: fork", err));
            }
            0 => {
                close(read_end);
                child(write_end, output)
            }
            pid => pids.push(pid),
        }
    }
    close(write_end);
    let started = count_ready(read_end);
    close(read_end);
    if started != pids.len() {
        kill_all(&pids);
        return Err(Failure::runtime(
            "spawn",
            format!("only {started} of {} children started", pids.len()),
        ));
    }
    output.ready()?;
    let report = signals::wait_one()?;
    output.emit(&report)?;
    for pid in pids {
        wait_child(pid);
    }
    Ok(0)
}

/// A child: announce itself, wait for a signal, report it, exit.
fn child(ready: i32, output: &Output) -> ! {
    // SAFETY: ready is the pipe's write end, inherited across fork.
    let announced = unsafe { libc::write(ready, b"+".as_ptr().cast(), 1) } == 1;
    close(ready);
    let code = if !announced {
        3
    } else {
        match signals::wait_one().and_then(|r| output.emit(&r)) {
            Ok(()) => 0,
            Err(failure) => {
                eprintln!("integ-inside: {failure}");
                failure.code
            }
        }
    };
    // SAFETY: _exit skips the parent's atexit handlers, which are not ours to run.
    unsafe { libc::_exit(code) }
}

fn pipe() -> Result<(i32, i32), Failure> {
    let mut fds = [0; 2];
    // SAFETY: fds has room for the two descriptors.
    if unsafe { libc::pipe(fds.as_mut_ptr()) } != 0 {
        return Err(Failure::runtime("spawn: pipe", sys::last_error()));
    }
    Ok((fds[0], fds[1]))
}

/// Reads announcements until every writer has closed the pipe.
fn count_ready(fd: i32) -> usize {
    let mut count = 0;
    let mut buf = [0u8; 64];
    loop {
        // SAFETY: buf is writable for its length.
        let n = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) };
        match usize::try_from(n) {
            Ok(0) => return count,
            Ok(n) => count += n,
            Err(_) if sys::last_error().kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return count,
        }
    }
}

fn close(fd: i32) {
    // SAFETY: fd is a descriptor this module opened and closes once.
    unsafe { libc::close(fd) };
}

fn kill_all(pids: &[libc::pid_t]) {
    for &pid in pids {
        // SAFETY: pid is a child of ours that has not been reaped yet.
        unsafe { libc::kill(pid, libc::SIGKILL) };
        wait_child(pid);
    }
}

/// Waits for `pid`; a child already reaped (ECHILD) counts as gone.
fn wait_child(pid: libc::pid_t) {
    loop {
        let mut status = 0;
        // SAFETY: status is writable.
        let rc = unsafe { libc::waitpid(pid, &mut status, 0) };
        if rc >= 0 || sys::last_error().kind() != std::io::ErrorKind::Interrupted {
            return;
        }
    }
}
