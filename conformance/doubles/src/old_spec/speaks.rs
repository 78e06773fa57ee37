//! What a runtime that speaks an older runtime-spec release shows of it, over a
//! runtime that speaks the newest: the versions its `features` and `state`
//! declare (features.md#specification-version, runtime.md#state), and the
//! refusal of a bundle whose ociVersion it does not accept, before anything is
//! made. Shared by the wrappers that model such runtimes.

use std::path::{Path, PathBuf};
use std::process::Command;

use jailcheck::catalogue::SpecVersion;
use serde_json::Value;

/// The versions a modelled runtime declares and accepts.
pub struct Speaks {
    /// `features` ociVersionMin.
    pub min: &'static str,
    /// `features` ociVersionMax.
    pub max: &'static str,
    /// The ociVersion its `state` prints.
    pub state: &'static str,
    /// Whether its `create` accepts a bundle of this version.
    pub accepts: fn(SpecVersion) -> bool,
}

/// Runs `real` with `args` and returns its stdout parsed as JSON, or the exit code
/// to end with (its stderr already passed on).
pub fn json_of(real: &str, args: &[String]) -> Result<Value, u8> {
    let out = Command::new(real).args(args).output().map_err(|e| {
        eprintln!("exec {real}: {e}");
        1u8
    })?;
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
    if !out.status.success() {
        return Err(out
            .status
            .code()
            .and_then(|c| u8::try_from(c).ok())
            .unwrap_or(1));
    }
    serde_json::from_slice(&out.stdout).map_err(|e| {
        eprintln!("{real}: output is not JSON: {e}");
        1
    })
}

impl Speaks {
    /// A `features` document with this runtime's ociVersionMin/Max.
    pub fn features(&self, mut doc: Value) -> Value {
        doc["ociVersionMin"] = Value::from(self.min);
        doc["ociVersionMax"] = Value::from(self.max);
        doc
    }

    /// A `state` document with this runtime's ociVersion.
    pub fn state(&self, mut doc: Value) -> Value {
        if doc.is_object() {
            doc["ociVersion"] = Value::from(self.state);
        }
        doc
    }

    /// The ociVersion of the bundle's config.json when this runtime refuses it;
    /// `None` when it accepts it or the file cannot be read (the runtime
    /// underneath reports that).
    pub fn refused(&self, bundle: &Path) -> Option<String> {
        let text = std::fs::read_to_string(bundle.join("config.json")).ok()?;
        let doc: Value = serde_json::from_str(&text).ok()?;
        let declared = doc.get("ociVersion")?.as_str()?;
        let version = SpecVersion::parse(declared)?;
        (!(self.accepts)(version)).then(|| declared.to_string())
    }
}

/// The bundle of a `create` command line: `--bundle`/`-b`, else the working
/// directory (runc's default).
pub fn bundle_of(args: &[String]) -> PathBuf {
    args.iter()
        .position(|a| a == "--bundle" || a == "-b")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."))
}
