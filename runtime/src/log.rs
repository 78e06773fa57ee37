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

    /// The log named by `--log`/`--log-format` in arguments clap could not parse,
    /// so a usage error still reaches it; stderr only when there is none.
    pub fn from_raw_args(args: &[String]) -> Log {
        let value = |name: &str| -> Option<&str> {
            let flag = format!("--{name}");
            let eq = format!("--{name}=");
            args.iter()
                .enumerate()
                .find_map(|(i, a)| match a.strip_prefix(&eq) {
                    Some(v) => Some(v),
                    None if *a == flag => args.get(i + 1).map(String::as_str),
                    None => None,
                })
        };
        let format = match value("log-format") {
            Some("json") => LogFormat::Json,
            _ => LogFormat::Text,
        };
        let file = value("log").map(Path::new);
        Log::open(file, format, false).unwrap_or_default()
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

#[cfg(test)]
// Tests read back the JSON log they check (runtime/clippy.toml gates product code).
#[allow(clippy::disallowed_methods)]
mod tests {
    use super::*;

    #[test]
    fn usage_errors_reach_the_json_log() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.json");
        for args in [
            vec![
                "--log".to_string(),
                path.display().to_string(),
                "--log-format".into(),
                "json".into(),
            ],
            vec![
                format!("--log={}", path.display()),
                "--log-format=json".into(),
                "bogus".into(),
            ],
        ] {
            Log::from_raw_args(&args).error("unrecognized subcommand 'bogus'");
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        for l in lines {
            assert_eq!(l["level"], "error");
            assert_eq!(l["msg"], "unrecognized subcommand 'bogus'");
            assert!(l["time"].as_str().is_some_and(|t| t.ends_with('Z')));
        }
    }
}
