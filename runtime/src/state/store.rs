//! The state store: one directory per container under `--root`, a record written
//! atomically, and an exclusive lock (flock on the directory) for commands that
//! change a container.

use crate::container_id::ContainerId;
use crate::state::Record;
use nix::fcntl::{Flock, FlockArg};
use std::fs::{self, File};
use std::io::{self, ErrorKind};
use std::os::fd::{AsFd, BorrowedFd};
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Name of the record inside a container directory.
pub const RECORD_FILE: &str = "state.json";
/// Name of the exec FIFO inside a container directory.
pub const FIFO_FILE: &str = "exec.fifo";

/// Errors of the state store.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("container does not exist")]
    NotFound,
    #[error("container already exists")]
    AlreadyExists,
    #[error("state root {path}: {source}")]
    Root { path: PathBuf, source: io::Error },
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{path}: corrupt state: {source}")]
    Corrupt {
        path: PathBuf,
        source: serde_json::Error,
    },
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The `--root` directory.
#[derive(Debug, Clone)]
pub struct StateStore {
    root: PathBuf,
}

/// A container's directory, locked exclusively while this value lives.
#[derive(Debug)]
pub struct ContainerDir {
    path: PathBuf,
    lock: Flock<File>,
}

impl StateStore {
    /// A store rooted at `root` (created on first `create`).
    pub fn new(root: impl Into<PathBuf>) -> StateStore {
        StateStore { root: root.into() }
    }

    fn dir_of(&self, id: &ContainerId) -> PathBuf {
        self.root.join(id.as_str())
    }

    /// Creates and locks the directory of a new container; fails if the ID is taken.
    pub fn create(&self, id: &ContainerId) -> Result<ContainerDir, StoreError> {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&self.root)
            .map_err(|source| StoreError::Root {
                path: self.root.clone(),
                source,
            })?;
        let path = self.dir_of(id);
        match fs::DirBuilder::new().mode(0o711).create(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {
                return Err(StoreError::AlreadyExists)
            }
            Err(e) => return Err(io_err(&path)(e)),
        }
        // The container process may drop privileges and still needs to find the FIFO.
        let _ = fs::set_permissions(&path, fs::Permissions::from_mode(0o711));
        lock_dir(&path).inspect_err(|_| {
            let _ = fs::remove_dir(&path);
        })
    }

    /// Locks the directory of an existing container.
    pub fn lock(&self, id: &ContainerId) -> Result<ContainerDir, StoreError> {
        let path = self.dir_of(id);
        let dir = lock_dir(&path)?;
        // A `delete` may have removed the container while we waited for the lock.
        if !path.join(RECORD_FILE).exists() {
            return Err(StoreError::NotFound);
        }
        Ok(dir)
    }

    /// Reads a container's record without locking (writes are atomic).
    pub fn read(&self, id: &ContainerId) -> Result<(Record, bool), StoreError> {
        read_record(&self.dir_of(id))
    }

    /// Every container's record, by ID.
    pub fn list(&self) -> Result<Vec<(Record, bool)>, StoreError> {
        let entries = match fs::read_dir(&self.root) {
            Ok(e) => e,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => {
                return Err(StoreError::Root {
                    path: self.root.clone(),
                    source,
                })
            }
        };
        let mut out = Vec::new();
        for entry in entries.flatten() {
            match read_record(&entry.path()) {
                Ok(r) => out.push(r),
                Err(StoreError::NotFound) => {}
                Err(e) => return Err(e),
            }
        }
        out.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        Ok(out)
    }
}

fn lock_dir(path: &Path) -> Result<ContainerDir, StoreError> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == ErrorKind::NotFound => return Err(StoreError::NotFound),
        Err(e) => return Err(io_err(path)(e)),
    };
    let lock = Flock::lock(file, FlockArg::LockExclusive)
        .map_err(|(_, errno)| io_err(path)(io::Error::from(errno)))?;
    Ok(ContainerDir {
        path: path.to_path_buf(),
        lock,
    })
}

/// Reads the record in `dir`, and whether the exec FIFO is present.
fn read_record(dir: &Path) -> Result<(Record, bool), StoreError> {
    let path = dir.join(RECORD_FILE);
    let text = match fs::read(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == ErrorKind::NotFound => return Err(StoreError::NotFound),
        Err(e) if e.raw_os_error() == Some(libc::ENOTDIR) => return Err(StoreError::NotFound),
        Err(e) => return Err(io_err(&path)(e)),
    };
    // state.json, the record jailrun keeps under --root.
    #[allow(clippy::disallowed_methods)]
    let record = serde_json::from_slice(&text).map_err(|source| StoreError::Corrupt {
        path: path.clone(),
        source,
    })?;
    let fifo = dir.join(FIFO_FILE).symlink_metadata().is_ok();
    Ok((record, fifo))
}

impl ContainerDir {
    /// The directory's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The open directory (for `openat`-style access after a pivot).
    pub fn fd(&self) -> BorrowedFd<'_> {
        self.lock.as_fd()
    }

    /// Writes the record atomically (temporary file, then rename).
    pub fn write(&self, record: &Record) -> Result<(), StoreError> {
        let tmp = self.path.join(".state.json.tmp");
        let text = serde_json::to_vec(record).map_err(|source| StoreError::Corrupt {
            path: tmp.clone(),
            source,
        })?;
        fs::write(&tmp, text).map_err(io_err(&tmp))?;
        let dest = self.path.join(RECORD_FILE);
        fs::rename(&tmp, &dest).map_err(io_err(&dest))
    }

    /// Reads the record and whether the exec FIFO is present.
    pub fn read(&self) -> Result<(Record, bool), StoreError> {
        read_record(&self.path)
    }

    /// Removes the directory and everything in it; the lock goes with it.
    pub fn remove(self) -> Result<(), StoreError> {
        // The record goes first, so a command waiting for the lock sees "not found".
        let _ = fs::remove_file(self.path.join(RECORD_FILE));
        let r = fs::remove_dir_all(&self.path);
        match r {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
            Err(e) => Err(io_err(&self.path)(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::config::Hooks;
    use crate::state::{Phase, Status};

    fn record(id: &str) -> Record {
        Record {
            oci_version: "1.3.0".into(),
            id: id.into(),
            pid: 0,
            pid_start_time: 0,
            bundle: "/b".into(),
            rootfs: "/b/rootfs".into(),
            annotations: Default::default(),
            created: "now".into(),
            phase: Phase::Created,
            own_pid_ns: true,
            hooks: Hooks::default(),
        }
    }

    fn id(s: &str) -> ContainerId {
        ContainerId::new(s).expect("valid id")
    }

    #[test]
    fn create_write_read_list_remove() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let store = StateStore::new(tmp.path().join("root"));
        assert!(store.list().expect("list").is_empty());
        let dir = store.create(&id("a")).expect("create");
        dir.write(&record("a")).expect("write");
        let (r, fifo) = store.read(&id("a")).expect("read");
        assert_eq!(r, record("a"));
        assert!(!fifo);
        assert_eq!(r.status(fifo), Status::Stopped);
        drop(dir);
        assert_eq!(store.list().expect("list").len(), 1);
        store
            .lock(&id("a"))
            .expect("lock")
            .remove()
            .expect("remove");
        assert!(matches!(store.read(&id("a")), Err(StoreError::NotFound)));
        assert!(store.list().expect("list").is_empty());
        assert_eq!(
            fs::read_dir(tmp.path().join("root")).expect("ls").count(),
            0
        );
    }

    #[test]
    fn second_create_fails_and_leaves_the_first() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let store = StateStore::new(tmp.path());
        let dir = store.create(&id("x")).expect("create");
        dir.write(&record("x")).expect("write");
        drop(dir);
        assert!(matches!(
            store.create(&id("x")),
            Err(StoreError::AlreadyExists)
        ));
        assert_eq!(store.read(&id("x")).expect("read").0, record("x"));
    }

    #[test]
    fn unknown_ids_are_not_found() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let store = StateStore::new(tmp.path());
        assert!(matches!(store.lock(&id("nope")), Err(StoreError::NotFound)));
        assert!(matches!(store.read(&id("nope")), Err(StoreError::NotFound)));
    }

    #[test]
    fn lock_is_exclusive() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let store = StateStore::new(tmp.path());
        let dir = store.create(&id("l")).expect("create");
        dir.write(&record("l")).expect("write");
        let f = File::open(dir.path()).expect("open");
        assert!(Flock::lock(f, FlockArg::LockExclusiveNonblock).is_err());
        drop(dir);
        let f = File::open(tmp.path().join("l")).expect("open");
        assert!(Flock::lock(f, FlockArg::LockExclusiveNonblock).is_ok());
    }
}
