//! The requirements of the validation area: what its tests check, as data (see
//! `crate::catalogue` for the fields and `crate::req` for every constant).

use crate::catalogue::prelude::*;

requirements! {
    CONFIG_UNKNOWN_PROPERTIES_IGNORED = req!("config_unknown_properties_ignored", Must, "config.md#extensibility", All, "unknown properties anywhere in config.json are ignored, not errors",
        "Runtimes MAY log unknown properties but MUST otherwise ignore them.", Stated, V1_0_0);
    CONFIG_UNKNOWN_ANNOTATIONS_IGNORED = req!("config_unknown_annotations_ignored", Must, "config.md#annotations", All, "unknown annotation keys and empty values are accepted and passed through to the state",
        "Runtimes MUST handle unknown annotation keys like any other unknown property.", Stated, V1_0_0);
    CONFIG_OCI_VERSION_SEMVER = req!("config_oci_version_semver", Must, "config.md#specification-version", All, "an ociVersion that is not SemVer 2.0.0 is an error",
        "ociVersion (string, REQUIRED) MUST be in SemVer v2.0.0 format", Stated, V1_0_0);
    CONFIG_ROOT_REQUIRED = req!("config_root_required", Must, "config.md#root", All, "a config without root is an error on POSIX platforms",
        "On all other platforms, this field is REQUIRED.", Stated, V1_0_0);
    CONFIG_CWD_ABSOLUTE = req!("config_cwd_absolute", Must, "config.md#process", All, "a relative process.cwd is an error",
        "This value MUST be an absolute path.", Stated, V1_0_0);
    CONFIG_ARGS_REQUIRED = req!("config_args_required", Must, "config.md#process", All, "empty process.args is an error",
        "This specification extends the IEEE standard in that at least one entry is REQUIRED (non-Windows)", Stated, V1_0_0);
    CONFIG_ANNOTATION_KEY_NONEMPTY = req!("config_annotation_key_nonempty", Must, "config.md#annotations", All, "an empty annotation key is an error",
        "Keys MUST NOT be an empty string.", Stated, V1_0_0);
    PROCESS_RLIMITS_UNKNOWN_TYPE = req!("process_rlimits_unknown_type", Must, "config.md#posix-process", All, "an rlimit type that maps to no kernel limit is an error",
        "The runtime MUST generate an error for any values which cannot be mapped to a relevant kernel interface.", Stated, V1_0_0);
    PROCESS_CAPABILITIES_UNKNOWN_WARNED = req!("process_capabilities_unknown_warned", Must, "config.md#linux-process", Linux, "a capability name that maps to no kernel capability is logged as a warning",
        "Any value which cannot be mapped to a relevant kernel interface, or cannot be granted otherwise MUST be logged as a warning by the runtime.", Stated, V1_1_0);
    PROCESS_CAPABILITIES_UNKNOWN_NOT_FATAL = req!("process_capabilities_unknown_not_fatal", Should, "config.md#linux-process", Linux, "a capability that cannot be granted does not fail create",
        "Runtimes SHOULD NOT fail if the container configuration requests capabilities that cannot be granted", Stated, V1_1_0);
    HOOKS_PATH_ABSOLUTE = req!("hooks_path_absolute", Must, "config.md#posix-platform-hooks", All, "a hook with a relative path is an error",
        "This specification extends the IEEE standard in that path MUST be absolute.", Stated, V1_0_0);
    HOOKS_TIMEOUT_POSITIVE = req!("hooks_timeout_positive", Must, "config.md#posix-platform-hooks", All, "a hook timeout of zero or less is an error",
        "If set, timeout MUST be greater than zero.", Stated, V1_0_0);
    MOUNTS_RELATIVE_DESTINATION_LINUX = req!("mounts_relative_destination_linux", Must, "config.md#mounts", Linux, "a relative mount destination is taken as relative to / (Linux)",
        "it MAY be a relative path, in which case it MUST be interpreted as relative to \"/\".", Stated, V1_1_0);
    MOUNTS_LINUX_MUST_OPTIONS = req!("mounts_linux_must_options", Must, "config.md#linux-mount-options", Linux, "the MUST options of the Linux table (nosuid, nodev, noexec, noatime, ro...) take effect",
        "Runtimes MUST/SHOULD/MAY implement the following option strings for Linux", Stated, V1_1_0);
    MOUNTS_IDMAP_PAIRS = req!("mounts_idmap_pairs", Must, "config.md#posix-platform-mounts", Linux, "uidMappings without gidMappings (or the reverse) is an error",
        "If specified, it MUST be specified along with gidMappings.", Stated, V1_1_0);
}
