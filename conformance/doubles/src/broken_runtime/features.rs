//! Modes that lie in `features` (features.md): the real runtime's answer with one
//! property made wrong.

use serde_json::{json, Value};

use crate::call::Call;
use crate::error::Error;
use crate::mode::{CommandMode, Flow};

/// The modes of this area.
pub const MODES: &[CommandMode] = &[
    CommandMode {
        name: "features-min-above-max",
        doc: "features declares an ociVersionMin above its ociVersionMax",
        on: &["features"],
        run: |c| rewrite(c, |f| f["ociVersionMin"] = json!("99.0.0")),
    },
    CommandMode {
        name: "features-empty-stand-in",
        doc: "features gives mountOptions as an empty object instead of a list or null",
        on: &["features"],
        run: |c| rewrite(c, |f| f["mountOptions"] = json!({})),
    },
    CommandMode {
        name: "features-extra-property",
        doc: "features has a top-level property features.md does not define",
        on: &["features"],
        run: |c| rewrite(c, |f| f["jailcheckExtra"] = json!(true)),
    },
    CommandMode {
        name: "features-mount-option-missing",
        doc: "features does not list nosuid among the mount options",
        on: &["features"],
        run: |c| {
            rewrite(c, |f| {
                if let Some(list) = f.get_mut("mountOptions").and_then(Value::as_array_mut) {
                    list.retain(|o| o != "nosuid");
                }
            })
        },
    },
    CommandMode {
        name: "features-annotation-not-string",
        doc: "features annotations holds a number",
        on: &["features"],
        run: |c| rewrite(c, |f| f["annotations"]["org.jailcheck.count"] = json!(1)),
    },
];

/// Runs the real `features`, edits its answer, prints it.
fn rewrite(call: Call, edit: impl FnOnce(&mut Value)) -> Result<Flow, Error> {
    let out = call.output()?;
    if !out.status.success() {
        return Ok(Flow::Exit(1));
    }
    let mut f: Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| Error::Call(format!("the real runtime's features is not JSON: {e}")))?;
    edit(&mut f);
    println!("{f}");
    Ok(Flow::Exit(0))
}
