//! The two shapes of a broken mode: an edit of config.json made before `create` is
//! passed on, or a replacement for one subcommand. Each area module lists its modes.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::call::Call;
use crate::error::Error;

/// What the wrapper knows when it edits a bundle's config.json.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The bundle directory.
    pub bundle: PathBuf,
    /// The wrapper's own binary, installed as a hook shim by the hook modes.
    pub shim: PathBuf,
    /// The working directory the runtime was started in.
    pub cwd: PathBuf,
}

impl Ctx {
    /// The root filesystem's host path (`root.path` resolved against the bundle).
    pub fn rootfs(&self, config: &Value) -> PathBuf {
        let path = config["root"]["path"].as_str().unwrap_or("rootfs");
        self.bundle.join(path)
    }
}

/// A mode that edits config.json on `create`.
pub struct ConfigMode {
    pub name: &'static str,
    /// What the edit breaks, in a few words (for `--list-modes`).
    pub doc: &'static str,
    pub edit: fn(&mut Value, &Ctx),
}

/// A mode that replaces the subcommands in `on`.
pub struct CommandMode {
    pub name: &'static str,
    pub doc: &'static str,
    pub on: &'static [&'static str],
    pub run: fn(Call) -> Result<Flow, Error>,
}

/// How a call ends.
pub enum Flow {
    /// Pass the (possibly changed) call on to the real runtime.
    Forward(Call),
    /// Exit with this status, without calling the real runtime (again).
    Exit(u8),
}

/// Rewrites the bundle's config.json with `edit`. A config.json that is missing,
/// not JSON or not an object is left for the real runtime to refuse: the mode
/// breaks what it breaks, not the runtime's handling of bad input.
pub fn rewrite_config(ctx: &Ctx, edit: impl FnOnce(&mut Value, &Ctx)) -> Result<(), Error> {
    let path = ctx.bundle.join("config.json");
    let Some(mut config) = read_json(&path).ok().filter(Value::is_object) else {
        return Ok(());
    };
    edit(&mut config, ctx);
    let text = serde_json::to_string_pretty(&config).map_err(|source| Error::Json {
        path: path.clone(),
        source,
    })?;
    std::fs::write(&path, text).map_err(Error::io(&path))
}

/// Reads and parses a JSON file.
pub fn read_json(path: &Path) -> Result<Value, Error> {
    let text = std::fs::read_to_string(path).map_err(Error::io(path))?;
    serde_json::from_str(&text).map_err(|source| Error::Json {
        path: path.to_path_buf(),
        source,
    })
}

/// Removes `key` from the object at JSON pointer `at`, if there is one.
pub fn remove(c: &mut Value, at: &str, key: &str) {
    if let Some(o) = c.pointer_mut(at).and_then(Value::as_object_mut) {
        o.remove(key);
    }
}

/// Applies `f` to every element of the array at JSON pointer `at`, if there is one.
pub fn each(c: &mut Value, at: &str, mut f: impl FnMut(&mut Value)) {
    if let Some(items) = c.pointer_mut(at).and_then(Value::as_array_mut) {
        items.iter_mut().for_each(&mut f);
    }
}

/// Removes the last element of the array at JSON pointer `at`, if there is one.
pub fn pop(c: &mut Value, at: &str) {
    if let Some(items) = c.pointer_mut(at).and_then(Value::as_array_mut) {
        items.pop();
    }
}

/// Keeps the elements of the array at JSON pointer `at` for which `keep` holds.
pub fn retain(c: &mut Value, at: &str, keep: impl FnMut(&Value) -> bool) {
    if let Some(items) = c.pointer_mut(at).and_then(Value::as_array_mut) {
        items.retain(keep);
    }
}

/// Helpers for the modes' unit tests.
#[cfg(test)]
pub mod testing {
    use std::path::PathBuf;

    use serde_json::Value;

    use super::{ConfigMode, Ctx};

    /// A context with made-up paths.
    pub fn ctx() -> Ctx {
        Ctx {
            bundle: PathBuf::from("/bundles/b1"),
            shim: PathBuf::from("/usr/libexec/shim"),
            cwd: PathBuf::from("/work"),
        }
    }

    /// The config after the mode `name` of `modes` edited it.
    pub fn apply(modes: &[ConfigMode], name: &str, config: &Value) -> Value {
        let mode = modes
            .iter()
            .find(|m| m.name == name)
            .unwrap_or_else(|| panic!("no mode {name}"));
        let mut c = config.clone();
        (mode.edit)(&mut c, &ctx());
        c
    }
}
