//! The broken modes of the features area: faults the self-test's wrapper runtime adds
//! to a working one, each with the requirements whose tests must catch it (see
//! `crate::broken_mode`), and the MUSTs of the area no mode breaks.
//!
//! Modes that lie in `features` (features.md): the real runtime's answer with one
//! property made wrong.

use serde_json::{json, Value};

use crate::broken_mode::edit::remove;
use crate::broken_mode::{read_json, rewrite_answer, Flow, Mode, Unbroken};
use crate::req;

/// The modes that break this area's requirements.
pub(crate) static MODES: &[Mode] = &[
    Mode::command(
        "features-min-above-max",
        &[req::FEATURES_OCI_VERSIONS],
        "features declares an ociVersionMin above its ociVersionMax",
        &["features"],
        |c| rewrite_answer(c, |f| f["ociVersionMin"] = json!("99.0.0")),
    ),
    Mode::command(
        "oci-version-min-refused",
        &[req::FEATURES_OCI_VERSION_ACCEPTED],
        "create refuses a config whose ociVersion is the ociVersionMin features declares \
              (when it is not also the max)",
        &["create"],
        |c| {
            let config = read_json(&c.bundle().join("config.json"))?;
            let features: Value =
                serde_json::from_slice(&c.with_command(&["features"]).output()?.stdout)
                    .unwrap_or(Value::Null);
            let min = &features["ociVersionMin"];
            if config["ociVersion"] == *min && *min != features["ociVersionMax"] {
                eprintln!(
                    "broken-runtime: ociVersion {} is not supported",
                    config["ociVersion"]
                );
                return Ok(Flow::Exit(1));
            }
            Ok(Flow::Forward(c))
        },
    ),
    Mode::command(
        "features-empty-stand-in",
        &[req::FEATURES_NULL_NOT_EMPTY],
        "features gives mountOptions as an empty object instead of a list or null",
        &["features"],
        |c| rewrite_answer(c, |f| f["mountOptions"] = json!({})),
    ),
    Mode::command(
        "features-extra-property",
        &[req::FEATURES_NO_UNDEFINED_PROPERTIES],
        "features has a top-level property features.md does not define",
        &["features"],
        |c| rewrite_answer(c, |f| f["jailcheckExtra"] = json!(true)),
    ),
    Mode::config(
        "skip-poststart",
        &[req::FEATURES_HOOKS_SUPPORTED],
        "drops hooks.poststart (listed in features, never run)",
        |c, _| remove(c, "/hooks", "poststart"),
    ),
    Mode::command(
        "features-mount-option-missing",
        &[req::FEATURES_MOUNT_OPTIONS_RECOGNIZED],
        "features does not list nosuid among the mount options",
        &["features"],
        |c| {
            rewrite_answer(c, |f| {
                if let Some(list) = f.get_mut("mountOptions").and_then(Value::as_array_mut) {
                    list.retain(|o| o != "nosuid");
                }
            })
        },
    ),
    Mode::command(
        "features-annotation-not-string",
        &[req::FEATURES_ANNOTATIONS_MAP],
        "features annotations holds a number",
        &["features"],
        |c| rewrite_answer(c, |f| f["annotations"]["org.jailcheck.count"] = json!(1)),
    ),
];

/// The MUSTs of this area no mode breaks, and why.
pub(crate) static UNBROKEN: &[Unbroken] = &[];
