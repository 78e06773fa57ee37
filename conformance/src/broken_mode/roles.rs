//! The other roles of the wrapper's binary, chosen by environment variables: a hook
//! shim that runs a hook with one fault added, and the holder of a pseudoterminal.
//! Modes set the variables; the wrapper (conformance/doubles) plays the roles.

/// Names the shim's fault; its presence makes the wrapper act as a shim.
pub const SHIM_ENV: &str = "JAILCHECK_HOOK_SHIM";
/// The real hook's path, for the shim.
pub const SHIM_PATH_ENV: &str = "JAILCHECK_HOOK_PATH";
/// Makes the wrapper hold a pty's controller side open (its stdin) until the
/// terminal has no replica left.
pub const HOLD_PTY_ENV: &str = "JAILCHECK_HOLD_PTY";

/// The faults the shim adds to a hook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shim {
    /// The hook reads the state without its annotations.
    DropAnnotations,
    /// The hook reads the status of another lifecycle step.
    WrongStatus,
    /// The hook reads the runtime's pid instead of the container's.
    WrongPid,
    /// The hook runs in the container's UTS namespace.
    EnterContainerUts,
    /// A failing hook counts as a success.
    IgnoreFailure,
    /// A failing hook kills the runtime (so the operation fails and no later hook runs).
    AbortOnFailure,
    /// The hook is not run when the runtime running it is doing `create`.
    SkipDuringCreate,
}

/// Every fault of the shim.
pub const ALL: [Shim; 7] = [
    Shim::DropAnnotations,
    Shim::WrongStatus,
    Shim::WrongPid,
    Shim::EnterContainerUts,
    Shim::IgnoreFailure,
    Shim::AbortOnFailure,
    Shim::SkipDuringCreate,
];

impl Shim {
    /// The value of `JAILCHECK_HOOK_SHIM` for this fault.
    pub fn name(self) -> &'static str {
        match self {
            Shim::DropAnnotations => "drop-annotations",
            Shim::WrongStatus => "wrong-status",
            Shim::WrongPid => "wrong-pid",
            Shim::EnterContainerUts => "enter-container-uts",
            Shim::IgnoreFailure => "ignore-failure",
            Shim::AbortOnFailure => "abort-on-failure",
            Shim::SkipDuringCreate => "skip-during-create",
        }
    }

    /// The fault named `name` (a value of `JAILCHECK_HOOK_SHIM`).
    pub fn parse(name: &str) -> Option<Shim> {
        ALL.into_iter().find(|s| s.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for s in ALL {
            assert_eq!(Shim::parse(s.name()), Some(s));
        }
    }
}
