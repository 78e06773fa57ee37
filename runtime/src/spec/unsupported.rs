//! Settings of config.json that jailrun knows but does not implement on Linux:
//! kept in the typed config as [`Unsupported`] JSON, each an error naming the
//! field rather than silently ignored.

use crate::spec::config::{Config, Process, Unsupported};
use crate::spec::validate::{invalid, Invalid};
use serde_json::Value;

/// Whether a JSON value is "set": not null, not empty, not false/zero-like containers.
fn is_set(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        Value::String(s) => !s.is_empty(),
        _ => true,
    }
}

fn set(v: &Unsupported) -> bool {
    v.as_ref().is_some_and(is_set)
}

/// Known settings of `cfg` that jailrun does not implement.
pub fn check(cfg: &Config) -> Result<(), Invalid> {
    let not_impl = |field: &str| invalid(field, "is not supported by jailrun");
    if set(&cfg.vm) {
        return Err(not_impl("vm"));
    }
    if let Some(p) = &cfg.process {
        process(p)?;
    }
    let Some(linux) = &cfg.linux else {
        return Ok(());
    };
    for (key, v) in linux.unsupported() {
        if set(v) {
            return Err(not_impl(&format!("linux.{key}")));
        }
    }
    if let Some(Value::Object(res)) = &linux.resources {
        for (key, v) in res {
            if key == "devices" {
                devices_rules(v)?;
            } else if is_set(v) {
                return Err(invalid(
                    format!("linux.resources.{key}"),
                    "is not supported by jailrun (no cgroup work is done)",
                ));
            }
        }
    }
    Ok(())
}

/// Settings of a `process` (of config.json, or a process.json for `exec`) that
/// jailrun does not implement.
pub fn process(p: &Process) -> Result<(), Invalid> {
    for (key, v) in p.unsupported() {
        if set(v) {
            return Err(invalid(
                format!("process.{key}"),
                "is not supported by jailrun",
            ));
        }
    }
    Ok(())
}

fn devices_rules(v: &Value) -> Result<(), Invalid> {
    let Value::Array(rules) = v else {
        return Ok(());
    };
    match crate::platform::linux::device_rules::first_unsupported(rules) {
        Some(i) => Err(invalid(
            format!("linux.resources.devices[{i}]"),
            "allow rules are not supported beyond the default devices (no device cgroup)",
        )),
        None => Ok(()),
    }
}
