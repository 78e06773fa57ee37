//! The requirements of the root area: what its tests check, as data (see
//! `crate::catalogue` for the fields and `crate::req` for every constant).

use crate::catalogue::prelude::*;

requirements! {
    ROOT_PATH_RELATIVE = req!("root_path_relative", Must, "config.md#root", All, "a relative root.path is relative to the bundle",
        "On POSIX platforms, path is either an absolute path or a relative path to the bundle.", APPLIED, V1_0_0);
    ROOT_PATH_ABSOLUTE = req!("root_path_absolute", Must, "config.md#root", All, "an absolute root.path is used as is",
        "On POSIX platforms, path is either an absolute path or a relative path to the bundle.", APPLIED, V1_0_0);
    ROOT_READONLY = req!("root_readonly", Must, "config.md#root", All, "root.readonly makes the root filesystem read-only inside",
        "If true then the root filesystem MUST be read-only inside the container, defaults to false.", Stated, V1_0_0);
    ROOT_READONLY_DEFAULT = req!("root_readonly_default", Must, "config.md#root", All, "without root.readonly the root filesystem is writable inside",
        "If true then the root filesystem MUST be read-only inside the container, defaults to false.",
        Derived("readonly defaults to false and runtime.md#create MUST apply the configuration, so the root stays writable"), V1_0_0);
}
