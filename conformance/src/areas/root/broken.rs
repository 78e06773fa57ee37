//! The broken modes of the root area: faults the self-test's wrapper runtime adds
//! to a working one, each with the requirements whose tests must catch it (see
//! `crate::broken_mode`), and the MUSTs of the area no mode breaks.

use std::path::Path;

use serde_json::Value;

use crate::broken_mode::{Ctx, Mode, Unbroken};
use crate::req;

/// The modes that break this area's requirements.
pub(crate) static MODES: &[Mode] = &[
    Mode::config(
        "root-relative-to-cwd",
        &[req::ROOT_PATH_RELATIVE],
        "resolves a relative root.path against the runtime's working directory",
        root_relative_to_cwd,
    ),
    Mode::config(
        "root-absolute-as-relative",
        &[req::ROOT_PATH_ABSOLUTE],
        "treats an absolute root.path as relative to the bundle",
        |c, _| {
            let path = c["root"]["path"].as_str().unwrap_or("").to_string();
            if let Some(rel) = path.strip_prefix('/') {
                c["root"]["path"] = Value::from(rel);
            }
        },
    ),
    Mode::config(
        "ignore-root-readonly",
        &[req::ROOT_READONLY],
        "sets root.readonly false",
        |c, _| c["root"]["readonly"] = Value::from(false),
    ),
    Mode::config(
        "root-readonly-by-default",
        &[req::ROOT_READONLY_DEFAULT],
        "makes the root read-only when root.readonly is unset",
        |c, _| {
            if c["root"].get("readonly").is_none() {
                c["root"]["readonly"] = Value::from(true);
            }
        },
    ),
];

/// The MUSTs of this area no mode breaks, and why.
pub(crate) static UNBROKEN: &[Unbroken] = &[];

fn root_relative_to_cwd(c: &mut Value, ctx: &Ctx) {
    let path = c["root"]["path"].as_str().unwrap_or("").to_string();
    if !path.is_empty() && Path::new(&path).is_relative() {
        c["root"]["path"] = Value::from(ctx.cwd.join(path).display().to_string());
    }
}
