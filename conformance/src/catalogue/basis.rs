//! Shared justifications (`Basis::Derived`) that several requirements rest on.

use super::Basis::{self, Derived};

/// A configured property the container must show: runtime.md#create says every
/// property of config.json except `process` MUST be applied.
pub const APPLIED: Basis = Derived(
    "runtime.md#create: all properties of config.json except process MUST be applied; the sentence only says what the property means",
);

/// A `process` property: runtime.md#start MUST run the program as `process` says.
pub const AS_PROCESS: Basis = Derived(
    "runtime.md#start: start MUST run the user-specified program as specified by process; the sentence only says what the field means",
);

/// A runc command-line habit.
pub const RUNC_CLI: Basis = Derived(
    "not in the spec (its operations specify no command line); runc's CLI does this and every engine relies on it",
);

/// A config-freebsd.md field: its description says what the value does, and
/// runtime.md#create makes applying it a MUST.
pub const FB_FIELD: Basis = Derived(
    "runtime.md#create: all properties of config.json except process MUST be applied; config-freebsd.md's field description says what the value means",
);

/// A lowercase "should" in the field description.
pub const UMASK: Basis = Derived(
    "config.md#posix-platform-user says \"should\" in lowercase; read as a SHOULD since it binds the runtime's behaviour",
);

/// What engines do with the command.
pub const ENGINES: Basis = Derived(
    "not in the spec (it defines no command line); runc does this and podman's conmon, containerd's shim or go-runc depend on it",
);

/// What engines do when a runtime fails or races.
pub const ENGINES_ROBUSTNESS: Basis = Derived(
    "not in the spec (it defines no command line); engines retry, race and kill runtimes, and runc's command line is what they rely on",
);

/// A working directory on the host takes the process out of its root.
pub const CONFINED: Basis = Derived(
    "config.md#root: root is the container's root filesystem; a cwd on the host lets the process out of it, which no sentence allows but none forbids in words, so SHOULD",
);
