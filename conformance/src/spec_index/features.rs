//! features.md: the features structure (`features` command).

use super::Statement;

#[rustfmt::skip]
pub static STATEMENTS: &[Statement] = &[
    stmt!("features.md#features-structure", "MAY", "a runtime may offer the features structure", untestable "a freedom; the features tests skip when the runtime has no features command"),
    stmt!("features.md#features-structure", "SHOULD", "features is fixed when the runtime is built, not probed at run time", ["features_compile_time"]),
    stmt!("features.md#features-structure", "MAY", "every property but ociVersionMin/Max may be absent or null", ["features_null_not_empty"]),
    stmt!("features.md#features-structure", "MUST NOT", "null is never used for an empty value, nor an empty value for null", ["features_null_not_empty"]),
    stmt!("features.md#specification-version", "REQUIRED", "ociVersionMin is present", ["features_oci_versions"]),
    stmt!("features.md#specification-version", "MUST", "a config with ociVersion = ociVersionMin is accepted", ["features_oci_version_accepted"]),
    stmt!("features.md#specification-version", "REQUIRED", "ociVersionMax is present", ["features_oci_versions"]),
    stmt!("features.md#specification-version", "MUST", "a config with ociVersion = ociVersionMax is accepted", ["features_oci_version_accepted"]),
    stmt!("features.md#specification-version", "MUST NOT", "ociVersionMax is not below ociVersionMin", ["features_oci_versions"]),
    stmt!("features.md#specification-version", "MUST NOT", "features has no property the spec version does not define", ["features_no_undefined_properties"]),
    stmt!("features.md#hooks", "MUST", "every hook kind listed is supported in config.json", ["features_hooks_supported"]),
    stmt!("features.md#mount-options", "MUST", "every mount option listed is recognised in config.json mounts", ["features_mount_options_recognized"]),
    stmt!("features.md#mount-options", "SHOULD NOT", "on Linux the list has no filesystem-specific (data) options", ["features_mount_options_no_fs_specific"]),
    stmt!("features.md#platform-specific-features", "MAY", "linux may be present when the runtime supports Linux", untestable "a freedom of the runtime; its shape is features-linux.md, outside this index"),
    stmt!("features.md#annotations", "MAY", "annotations may be structured or not", untestable "a freedom about the values' meaning; nothing to observe"),
    stmt!("features.md#annotations", "MUST", "annotations is a key-value map with config.json's key and value rules", ["features_annotations_map"]),
];
