//! The requirements of the features area: what its tests check, as data (see
//! `crate::catalogue` for the fields and `crate::req` for every constant).

use crate::catalogue::prelude::*;

requirements! {
    FEATURES_OCI_VERSIONS = req!("features_oci_versions", Must, "features.md#specification-version", All, "features has ociVersionMin and ociVersionMax, SemVer, min not above max",
        "The value MUST NOT be less than the value of the ociVersionMin property.", Stated, V1_1_0);
    FEATURES_OCI_VERSION_ACCEPTED = req!("features_oci_version_accepted", Must, "features.md#specification-version", All, "a config whose ociVersion is ociVersionMin or ociVersionMax is accepted",
        "The runtime MUST accept this value as the ociVersion property of config.json.", Stated, V1_1_0);
    FEATURES_NULL_NOT_EMPTY = req!("features_null_not_empty", Must, "features.md#features-structure", All, "every optional property is absent, null, or a value of its type: never an empty stand-in of another type",
        "The null value MUST NOT be confused with an empty value such as 0, false, \"\", [], and {}.", Stated, V1_1_0);
    FEATURES_NO_UNDEFINED_PROPERTIES = req!("features_no_undefined_properties", Must, "features.md#specification-version", All, "features holds no top-level property that features.md does not define",
        "The Features structure MUST NOT contain properties that are not defined in this version of the Open Container Initiative Runtime Specification.", Stated, V1_1_0);
    FEATURES_HOOKS_SUPPORTED = req!("features_hooks_supported", Must, "features.md#hooks", All, "each hook kind features lists is accepted and run",
        "The runtime MUST support the elements in this array as the hooks property of config.json.", Stated, V1_1_0);
    FEATURES_MOUNT_OPTIONS_RECOGNIZED = req!("features_mount_options_recognized", Must, "features.md#mount-options", Linux, "features lists the MUST options of the Linux table and a mount using listed options is accepted",
        "The runtime MUST recognize the elements in this array as the options of mounts objects in config.json.", Stated, V1_1_0);
    FEATURES_MOUNT_OPTIONS_NO_FS_SPECIFIC = req!("features_mount_options_no_fs_specific", Should, "features.md#mount-options", Linux, "mountOptions holds no filesystem-specific data options (key=value)",
        "Linux: this array SHOULD NOT contain filesystem-specific mount options", Stated, V1_1_0);
    FEATURES_ANNOTATIONS_MAP = req!("features_annotations_map", Must, "features.md#annotations", All, "features annotations is a map of non-empty string keys to string values",
        "Annotations MUST be a key-value map that follows the same convention as the Key and Values of the annotations property of config.json.", Stated, V1_1_0);
    FEATURES_COMPILE_TIME = req!("features_compile_time", Should, "features.md#features-structure", All, "features does not depend on the invocation: two calls with different roots agree",
        "the content of the Features structure SHOULD be determined on the compilation time of the runtime, not on the execution time.", Stated, V1_1_0);
}
