//! Where a report goes (stdout, a file replaced atomically, or a line appended to a
//! shared log) and how the helper tells the suite it is ready.

use crate::failure::Failure;
use crate::sys;
use integ_inside::request::OutputOptions;
use serde::Serialize;
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

/// Delivers reports and readiness as the global options ask.
#[derive(Debug, Clone)]
pub struct Output {
    options: OutputOptions,
}

impl Output {
    pub fn new(options: OutputOptions) -> Self {
        Output { options }
    }

    /// Writes `report` as one JSON line to stdout, `--out FILE`, or appends it.
    pub fn emit<T: Serialize>(&self, report: &T) -> Result<(), Failure> {
        let mut line =
            serde_json::to_string(report).map_err(|e| Failure::runtime("serializing report", e))?;
        line.push('\n');
        match &self.options.out {
            None => write_stdout(line.as_bytes()),
            Some(path) if self.options.append => append_line(path, line.as_bytes()),
            Some(path) => replace_file(path, line.as_bytes()),
        }
    }

    /// Announces readiness: writes "ready\n" to the `--ready` FIFO, if one was given.
    ///
    /// Opening a FIFO for writing blocks until the suite opens it for reading.
    pub fn ready(&self) -> Result<(), Failure> {
        let Some(fifo) = &self.options.ready else {
            return Ok(());
        };
        let what = || format!("--ready {}", fifo.display());
        let mut file = OpenOptions::new()
            .write(true)
            .open(fifo)
            .map_err(|e| Failure::runtime(what(), e))?;
        file.write_all(b"ready\n")
            .map_err(|e| Failure::runtime(what(), e))
    }
}

fn write_stdout(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| Failure::runtime("writing report to stdout", e))
}

/// Appends with one write(2) on an O_APPEND descriptor, so lines written by
/// several processes to the same log never interleave.
fn append_line(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let what = || format!("appending report to {}", path.display());
    let mut file = OpenOptions::new()
        .append(true)
        .create(true)
        .mode(0o644)
        .open(path)
        .map_err(|e| Failure::runtime(what(), e))?;
    let written = file.write(bytes).map_err(|e| Failure::runtime(what(), e))?;
    if written != bytes.len() {
        return Err(Failure::runtime(
            what(),
            format!("short write ({written} of {} bytes)", bytes.len()),
        ));
    }
    Ok(())
}

/// Writes FILE.tmp.<pid> and renames it over FILE, so a reader never sees half a
/// report.
fn replace_file(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let what = || format!("writing report to {}", path.display());
    let tmp = sys::with_suffix(path, &format!(".tmp.{}", std::process::id()));
    let result = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o644)
        .open(&tmp)
        .and_then(|mut f| f.write_all(bytes))
        .and_then(|()| fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(Failure::runtime(what(), e));
    }
    Ok(())
}
