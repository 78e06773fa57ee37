//! features.md: the features structure (`features` command).

use crate::req;

use super::Statement;

#[rustfmt::skip]
pub static STATEMENTS: &[Statement] = &[
    stmt!("features.md#features-structure", "MAY", "a runtime may offer the features structure", untestable "a freedom; the features tests skip when the runtime has no features command"),
    stmt!("features.md#features-structure", "SHOULD", "features is fixed when the runtime is built, not probed at run time", [req::FEATURES_COMPILE_TIME]),
    stmt!("features.md#features-structure", "MAY", "every property but ociVersionMin/Max may be absent or null", [req::FEATURES_NULL_NOT_EMPTY]),
    stmt!("features.md#features-structure", "MUST NOT", "null is never used for an empty value, nor an empty value for null", [req::FEATURES_NULL_NOT_EMPTY]),
    stmt!("features.md#specification-version", "REQUIRED", "ociVersionMin is present", [req::FEATURES_OCI_VERSIONS]),
    stmt!("features.md#specification-version", "MUST", "a config with ociVersion = ociVersionMin is accepted", [req::FEATURES_OCI_VERSION_ACCEPTED]),
    stmt!("features.md#specification-version", "REQUIRED", "ociVersionMax is present", [req::FEATURES_OCI_VERSIONS]),
    stmt!("features.md#specification-version", "MUST", "a config with ociVersion = ociVersionMax is accepted", [req::FEATURES_OCI_VERSION_ACCEPTED]),
    stmt!("features.md#specification-version", "MUST NOT", "ociVersionMax is not below ociVersionMin", [req::FEATURES_OCI_VERSIONS]),
    stmt!("features.md#specification-version", "MUST NOT", "features has no property the spec version does not define", [req::FEATURES_NO_UNDEFINED_PROPERTIES]),
    stmt!("features.md#hooks", "MUST", "every hook kind listed is supported in config.json", [req::FEATURES_HOOKS_SUPPORTED]),
    stmt!("features.md#mount-options", "MUST", "every mount option listed is recognised in config.json mounts", [req::FEATURES_MOUNT_OPTIONS_RECOGNIZED]),
    stmt!("features.md#mount-options", "SHOULD NOT", "on Linux the list has no filesystem-specific (data) options", [req::FEATURES_MOUNT_OPTIONS_NO_FS_SPECIFIC]),
    stmt!("features.md#platform-specific-features", "MAY", "linux may be present when the runtime supports Linux", untestable "a freedom of the runtime; its shape is features-linux.md, outside this index"),
    stmt!("features.md#annotations", "MAY", "annotations may be structured or not", untestable "a freedom about the values' meaning; nothing to observe"),
    stmt!("features.md#annotations", "MUST", "annotations is a key-value map with config.json's key and value rules", [req::FEATURES_ANNOTATIONS_MAP]),
];
