//! The requirements of the kill area: what its tests check, as data (see
//! `crate::catalogue` for the fields and `crate::req` for every constant).

use crate::catalogue::prelude::*;

requirements! {
    KILL_SENDS_SIGNAL = req!("kill_sends_signal", Must, "runtime.md#kill", All, "kill sends the given signal to the container process",
        "This operation MUST send the specified signal to the container process.", Stated, V1_0_0);
    KILL_CREATED = req!("kill_created", Must, "runtime.md#kill", All, "kill works on a created container",
        "Attempting to send a signal to a container that is neither created nor running MUST have no effect on the container and MUST generate an error.",
        Derived("the error is only for containers neither created nor running, so the MUST to send the signal covers a created one"), V1_0_0);
    KILL_STOPPED_FAILS = req!("kill_stopped_fails", Must, "runtime.md#kill", All, "kill of a stopped container fails",
        "Attempting to send a signal to a container that is neither created nor running MUST have no effect on the container and MUST generate an error.", Stated, V1_0_0);
    KILL_SIGNAL_NAMES_CLI = req!("kill_signal_names_cli", Convention, "runc-cli#kill", All, "kill accepts SIGNAME, NAME and numbers, default SIGTERM",
        "", RUNC_CLI, V1_0_0);
    KILL_ALL_CLI = req!("kill_all_cli", Convention, "runc-cli#kill", All, "kill --all signals every process in the container",
        "", RUNC_CLI, V1_0_0);
}
