//! `descriptors`: the open descriptors, working directory, root and executable the
//! process started with, so the suite can tell whether anything of the host's
//! reached the container (runc's CVE-2024-21626 and CVE-2019-5736 classes).

use crate::failure::Failure;
use integ_inside::{DescriptorsReport, FileId, OpenFd};
use std::mem::ManuallyDrop;
use std::os::fd::FromRawFd;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
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
    // Borrowed, never closed: the descriptor is the runtime's, not ours.
    // SAFETY: `fd` is open (checked by the caller); ManuallyDrop keeps File from
    // closing it.
    let file = ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(fd) });
    let (kind, id) = match file.metadata() {
        Ok(m) => (
            kind_of(m.file_type()),
            FileId {
                dev: m.dev(),
                ino: m.ino(),
            },
        ),
        Err(_) => ("unknown", FileId { dev: 0, ino: 0 }),
    };
    let target = std::fs::read_link(format!("/proc/self/fd/{fd}"))
        .ok()
        .map(|p| p.to_string_lossy().into_owned());
    OpenFd {
        fd,
        kind: kind.to_string(),
        id,
        target,
    }
}

fn kind_of(t: std::fs::FileType) -> &'static str {
    if t.is_dir() {
        "dir"
    } else if t.is_file() {
        "file"
    } else if t.is_fifo() {
        "fifo"
    } else if t.is_socket() {
        "socket"
    } else if t.is_char_device() {
        "char"
    } else if t.is_block_device() {
        "block"
    } else if t.is_symlink() {
        "link"
    } else {
        "unknown"
    }
}

fn id_of(path: &Path) -> Result<FileId, Failure> {
    let meta = std::fs::metadata(path)
        .map_err(|e| Failure::runtime(format!("stat {}", path.display()), e))?;
    Ok(FileId {
        dev: meta.dev(),
        ino: meta.ino(),
    })
}
