//! `descriptors`: the open descriptors, working directory, root and executable the
//! process started with, so the suite can tell whether anything of the host's
//! reached the container (runc's CVE-2024-21626 and CVE-2019-5736 classes).

use crate::failure::Failure;
use integ_inside::{DescriptorsReport, FileId, OpenFd};
use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// Highest descriptor probed: far above anything a runtime hands over by accident.
const MAX_FD: i32 = 4096;

/// Observes this process. Nothing is opened before the descriptors are listed, so
/// every descriptor reported came from the runtime.
pub fn observe() -> Result<DescriptorsReport, Failure> {
    let fds = (0..MAX_FD).filter(|&fd| is_open(fd)).collect::<Vec<_>>();
    let fds = fds.into_iter().map(describe).collect();
    let (cwd, cwd_error) = match std::env::current_dir() {
        Ok(p) => (Some(p.to_string_lossy().into_owned()), None),
        Err(e) => (None, Some(e.to_string())),
    };
    Ok(DescriptorsReport {
        fds,
        cwd,
        cwd_error,
        cwd_id: id_of(Path::new("."))?,
        root_id: id_of(Path::new("/"))?,
        exe_id: id_of(Path::new("/proc/self/exe")).ok(),
    })
}

fn is_open(fd: i32) -> bool {
    // SAFETY: F_GETFD only reads the descriptor's flags; a closed one gives EBADF.
    unsafe { libc::fcntl(fd, libc::F_GETFD) != -1 }
}

fn describe(fd: i32) -> OpenFd {
    let (kind, id) = match fstat(fd) {
        Some(st) => (
            kind_of(st.st_mode),
            FileId {
                dev: st.st_dev as u64,
                ino: st.st_ino as u64,
            },
        ),
        None => ("unknown".to_string(), FileId { dev: 0, ino: 0 }),
    };
    let target = std::fs::read_link(format!("/proc/self/fd/{fd}"))
        .ok()
        .map(|p| p.to_string_lossy().into_owned());
    OpenFd {
        fd,
        kind,
        id,
        target,
    }
}

fn fstat(fd: i32) -> Option<libc::stat> {
    let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
    // SAFETY: fstat writes a whole `stat` into the buffer when it returns 0.
    let rc = unsafe { libc::fstat(fd, st.as_mut_ptr()) };
    // SAFETY: initialised by the successful fstat above.
    (rc == 0).then(|| unsafe { st.assume_init() })
}

fn kind_of(mode: libc::mode_t) -> String {
    let kind = match mode & libc::S_IFMT {
        libc::S_IFDIR => "dir",
        libc::S_IFREG => "file",
        libc::S_IFIFO => "fifo",
        libc::S_IFSOCK => "socket",
        libc::S_IFCHR => "char",
        libc::S_IFBLK => "block",
        libc::S_IFLNK => "link",
        _ => "unknown",
    };
    kind.to_string()
}

fn id_of(path: &Path) -> Result<FileId, Failure> {
    let meta = std::fs::metadata(path)
        .map_err(|e| Failure::runtime(format!("stat {}", path.display()), e))?;
    Ok(FileId {
        dev: meta.dev(),
        ino: meta.ino(),
    })
}
