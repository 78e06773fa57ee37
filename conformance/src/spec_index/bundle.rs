//! bundle.md: the filesystem bundle.

use crate::req;

use super::Statement;

#[rustfmt::skip]
pub static STATEMENTS: &[Statement] = &[
    stmt!("bundle.md#container-format", "MUST", "config.json is required, sits in the bundle's root and has that name", [req::BUNDLE_CONFIG_MISSING_FAILS, req::LIFECYCLE_CREATE_CREATED]),
    stmt!("bundle.md#container-format", "MUST", "the bundle's artifacts are in one directory", untestable "binds whoever makes the bundle; a runtime given a bundle has nothing to check (an absolute root.path elsewhere is allowed, see root_path_absolute)"),
];
