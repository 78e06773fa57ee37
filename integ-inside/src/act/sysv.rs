//! `sysv`: tries to create (and then removes) one SysV message queue, semaphore
//! set and shared memory segment, so a test sees which IPC kinds the container may
//! use (FreeBSD's sysvmsg/sysvsem/sysvshm jail parameters).

use integ_inside::{IpcAttempt, SysvReport};

/// Attempts each kind with IPC_PRIVATE and removes what was made.
pub fn sysv() -> SysvReport {
    SysvReport {
        msg: attempt(
            // SAFETY: plain syscalls on a private key; the id is removed below.
            || unsafe { libc::msgget(libc::IPC_PRIVATE, libc::IPC_CREAT | 0o600) },
            |id| unsafe { libc::msgctl(id, libc::IPC_RMID, std::ptr::null_mut()) },
        ),
        sem: attempt(
            // SAFETY: as above.
            || unsafe { libc::semget(libc::IPC_PRIVATE, 1, libc::IPC_CREAT | 0o600) },
            |id| unsafe { libc::semctl(id, 0, libc::IPC_RMID) },
        ),
        shm: attempt(
            // SAFETY: as above.
            || unsafe { libc::shmget(libc::IPC_PRIVATE, 4096, libc::IPC_CREAT | 0o600) },
            |id| unsafe { libc::shmctl(id, libc::IPC_RMID, std::ptr::null_mut()) },
        ),
    }
}

fn attempt(create: impl FnOnce() -> i32, remove: impl FnOnce(i32) -> i32) -> IpcAttempt {
    let id = create();
    if id < 0 {
        return IpcAttempt {
            ok: false,
            errno: crate::sys::last_error().raw_os_error(),
        };
    }
    remove(id);
    IpcAttempt {
        ok: true,
        errno: None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn host_allows_sysv_ipc() {
        let r = super::sysv();
        assert!(r.msg.ok && r.sem.ok && r.shm.ok, "{r:?}");
    }
}
