//! The requirements of the robustness area: what its tests check, as data (see
//! `crate::catalogue` for the fields and `crate::req` for every constant).

use crate::catalogue::prelude::*;

requirements! {
    ROBUST_INVALID_CONFIG_FAILS = req!("robust_invalid_config_fails", Must, "runtime.md#create", All, "a config.json that is malformed, not an object, of wrong types or with invalid values makes create fail and creates no container",
        "If the runtime cannot apply a property as specified in the configuration, it MUST generate an error and a new container MUST NOT be created.", Stated, V1_0_0);
    ROBUST_INVALID_ID_FAILS = req!("robust_invalid_id_fails", Must, "runtime.md#create", All, "an ID that is not valid (empty, '/', '..', control characters, too long for a path) makes create fail and creates no container",
        "or is not valid in any other way, the implementation MUST generate an error and a new container MUST NOT be created.", Stated, V1_0_0);
    ROBUST_MISSING_BUNDLE_FAILS = req!("robust_missing_bundle_fails", Must, "runtime.md#create", All, "a bundle path that does not exist or holds no config.json makes create fail",
        "This operation MUST generate an error if it is not provided a path to the bundle",
        Derived("a path that names no bundle (missing, a file, no config.json) provides no bundle, so the sentence's MUST applies"), V1_0_0);
    ROBUST_BAD_SIGNAL_FAILS = req!("robust_bad_signal_fails", Must, "runtime.md#kill", All, "kill with a signal name or number that does not exist fails and has no effect on the container",
        "This operation MUST send the specified signal to the container process.",
        Derived("a signal that does not exist cannot be sent, so the operation cannot do what it MUST and generates an error, which runtime.md#errors says MUST leave the container as it was"), V1_0_0);
    ROBUST_BAD_CLI_PATHS_FAIL = req!("robust_bad_cli_paths_fail", Convention, "runc-cli#create", All, "a --pid-file in a missing directory, or a --console-socket that is not a socket, makes create fail",
        "", ENGINES_ROBUSTNESS, V1_0_0);
    ROBUST_ERROR_NAMES_PROBLEM = req!("robust_error_names_problem", Convention, "runc-cli#errors", All, "a refused input gives a short error naming the field, path or value at fault, not a crash or a bare usage text",
        "", Derived("runtime.md#errors leaves the form of errors to the runtime; engines show the runtime's stderr to their users, who must be able to act on it"), V1_0_0);
    ROBUST_KILLED_CREATE_CLEANABLE = req!("robust_killed_create_cleanable", Convention, "runc-cli#delete", All, "after the runtime is SIGKILLed during create, delete --force removes whatever it left (state, mounts, processes)",
        "", ENGINES_ROBUSTNESS, V1_0_0);
    ROBUST_KILLED_PROCESS_STOPPED = req!("robust_killed_process_stopped", Must, "runtime.md#state", All, "a container process killed from outside is reported stopped, and delete then removes the container",
        "stopped: the container process has exited",
        Derived("the status values are REQUIRED in state; a process killed from outside has exited, so the status MUST be stopped"), V1_0_0);
    ROBUST_STATE_ROOT_FAULTS = req!("robust_state_root_faults", Convention, "runc-cli#global-options", All, "a read-only or full --root makes create fail with an error and leaves no half-written state",
        "", ENGINES_ROBUSTNESS, V1_0_0);
    ROBUST_PARALLEL_CREATE_ONE_ID = req!("robust_parallel_create_one_id", Must, "runtime.md#create", All, "of N creates of one ID at once, exactly one succeeds and the others fail cleanly",
        "If the ID provided is not unique across all containers within the scope of the runtime, or is not valid in any other way, the implementation MUST generate an error and a new container MUST NOT be created.", Stated, V1_0_0);
    ROBUST_PARALLEL_START_ONCE = req!("robust_parallel_start_once", Must, "runtime.md#start", All, "of N starts of one created container at once, exactly one succeeds and the program runs once",
        "Attempting to start a container that is not created MUST have no effect on the container and MUST generate an error.", Stated, V1_0_0);
    ROBUST_PARALLEL_KILL_DELETE = req!("robust_parallel_kill_delete", Convention, "runc-cli#delete", All, "kills and forced deletes of one container at once end with the container gone and nothing left",
        "", ENGINES_ROBUSTNESS, V1_0_0);
    ROBUST_PARALLEL_DISTINCT_IDS = req!("robust_parallel_distinct_ids", Must, "runtime.md#create", All, "creates, starts and deletes of many distinct IDs at once all succeed and leave nothing",
        "This operation MUST create a new container.",
        Derived("nothing in the spec lets one container's operations fail because of another's; each create of a valid, unique ID MUST create its container"), V1_0_0);
    ROBUST_MOUNT_DOTDOT_CONTAINED = req!("robust_mount_dotdot_contained", Must, "config.md#mounts", All, "a mount destination climbing out with '..' stays inside the root",
        "destination (string, REQUIRED) Destination of mount point: path inside container.",
        Derived("the destination is REQUIRED to be a path inside the container, so a '..' that climbs out cannot mount outside it"), V1_0_0);
    ROBUST_MOUNT_SWAP_CONTAINED = req!("robust_mount_swap_contained", Must, "config.md#mounts", All, "a mount destination swapped for a symlink to the host during create never leads a mount or a write outside the root",
        "destination (string, REQUIRED) Destination of mount point: path inside container.",
        Derived("the destination is a path inside the container whatever the root holds when the mount is made (runc's CVE-2021-30465)"), V1_0_0);
    ROBUST_MOUNT_FILE_SYMLINK_CONTAINED = req!("robust_mount_file_symlink_contained", Must, "config.md#mounts", All, "a bind mount onto a symlink to a host file never changes that file",
        "destination (string, REQUIRED) Destination of mount point: path inside container.",
        Derived("a symlink in the root is resolved inside the container, so the mount never lands on the host file it names"), V1_0_0);
    ROBUST_CWD_INSIDE_ROOT = req!("robust_cwd_inside_root", Should, "config.md#process", All, "the container process's working directory is inside its root, even when cwd names a /proc/self/fd link (runc's CVE-2024-21626)",
        "is the working directory that will be set for the executable.", CONFINED, V1_0_0);
    ROBUST_NO_HOST_DESCRIPTORS = req!("robust_no_host_descriptors", Should, "runtime-linux.md#file-descriptors", All, "no descriptor of the host (beyond stdio) is open in the container process",
        "By default, only the stdin, stdout and stderr file descriptors are kept open for the application by the runtime.",
        Derived("the sentence states the default without a keyword; a host descriptor left open lets the process out of its root, so SHOULD"), V1_0_0);
    ROBUST_EXE_NOT_RUNTIME = req!("robust_exe_not_runtime", Should, "runtime-linux.md#file-descriptors", Linux, "the created container's process is not the runtime's binary on a writable mount, so /proc/self/exe cannot overwrite it (runc's CVE-2019-5736)",
        "only the stdin, stdout and stderr file descriptors are kept open for the application by the runtime.",
        Derived("the runtime's own binary as the created process's executable is a host file held open for the application beyond the three streams, writable through /proc/self/exe"), V1_0_0);
    ROBUST_OWN_SESSION = req!("robust_own_session", Convention, "runc-cli#create", All, "the container process, and a process exec starts, are not in the session or process group of the runtime's caller",
        "", Derived("not in the spec; runc's container process and each process runc exec starts lead a session of their own (setsid in runc init), and engines kill a timed-out runtime call's process group, which must not take the container with it"), V1_0_0);
    ROBUST_STATE_INSIDE_ROOT = req!("robust_state_inside_root", Convention, "runc-cli#global-options", All, "no container ID makes the runtime write, read or delete state outside --root",
        "", ENGINES_ROBUSTNESS, V1_0_0);
}
