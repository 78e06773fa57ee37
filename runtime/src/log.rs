//! `--log`, `--log-format` and `--debug`: where errors, warnings and debug lines go.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::Path;

/// Format of `--log` lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

/// The runtime's log: stderr for errors and warnings, plus `--log FILE` if given.
#[derive(Debug, Default)]
pub struct Log {
    file: Option<File>,
    format: LogFormat,
    debug: bool,
}

impl Log {
    /// Opens the log (appending to `file` when given).
    pub fn open(file: Option<&Path>, format: LogFormat, debug: bool) -> std::io::Result<Log> {
        let file = match file {
            Some(p) => Some(OpenOptions::new().create(true).append(true).open(p)?),
            None => None,
        };
        Ok(Log {
            file,
            format,
            debug,
        })
    }

    fn append(&mut self, level: &str, msg: &str) {
        let Some(f) = self.file.as_mut() else { return };
        let time = crate::timestamp::now_rfc3339();
        let line = match self.format {
            LogFormat::Text => format!("time=\"{time}\" level={level} msg={msg:?}\n"),
            LogFormat::Json => {
                serde_json::json!({"level": level, "msg": msg, "time": time}).to_string() + "\n"
            }
        };
        let _ = f.write_all(line.as_bytes());
    }

    /// An error line: on stderr, and in the log file.
    pub fn error(&mut self, msg: &str) {
        eprintln!("jailrun: {msg}");
        self.append("error", msg);
    }

    /// A warning: on stderr, and in the log file.
    pub fn warn(&mut self, msg: &str) {
        eprintln!("jailrun: warning: {msg}");
        self.append("warning", msg);
    }

    /// A debug line, only with `--debug`.
    pub fn debug(&mut self, msg: &str) {
        if self.debug {
            eprintln!("jailrun: debug: {msg}");
            self.append("debug", msg);
        }
    }
}
