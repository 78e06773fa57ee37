//! The requirements of the lifecycle area: what its tests check, as data (see
//! `crate::catalogue` for the fields and `crate::req` for every constant).

use crate::catalogue::prelude::*;

requirements! {
    STATE_OCI_VERSION = req!("state_oci_version", Must, "runtime.md#state", All, "state carries a non-empty ociVersion string",
        "ociVersion (string, REQUIRED)", Stated, V1_0_0);
    STATE_ID = req!("state_id", Must, "runtime.md#state", All, "state carries the container's ID",
        "id (string, REQUIRED) is the container's ID.", Stated, V1_0_0);
    STATE_STATUS_VALUES = req!("state_status_values", Must, "runtime.md#state", All, "status is one of the defined values for the defined situations",
        "Additional values MAY be defined by the runtime, however, they MUST be used to represent new runtime states not defined above.", Stated, V1_0_0);
    STATE_PID_LINUX = req!("state_pid_linux", Must, "runtime.md#state", Linux, "pid is present when status is created or running (Linux), and is the container process",
        "pid (int, REQUIRED when status is created or running on Linux, OPTIONAL on other platforms) is the ID of the container process.", Stated, V1_0_0);
    STATE_PID = req!("state_pid", Must, "runtime.md#state", All, "a pid in the state (or the pid file) is the container process",
        "is the ID of the container process.",
        Derived("runtime.md#query-state MUST return the state as specified, and the State section defines pid as the container process"), V1_0_0);
    STATE_BUNDLE_ABSOLUTE = req!("state_bundle_absolute", Must, "runtime.md#state", All, "bundle is the absolute path of the bundle directory",
        "bundle (string, REQUIRED) is the absolute path to the container's bundle directory.", Stated, V1_0_0);
    STATE_ANNOTATIONS = req!("state_annotations", Must, "runtime.md#state", All, "annotations from config.json appear in the state (or are absent/empty when none)",
        "annotations (map, OPTIONAL) contains the list of annotations associated with the container.",
        Derived("runtime.md#query-state: state MUST return the state as the State section specifies, and that names the container's annotations"), V1_0_0);
    STATE_UNKNOWN_ID_FAILS = req!("state_unknown_id_fails", Must, "runtime.md#query-state", All, "querying the state of a container that does not exist is an error",
        "Attempting to query a container that does not exist MUST generate an error.", Stated, V1_0_0);
    LIFECYCLE_CREATE_CREATED = req!("lifecycle_create_created", Must, "runtime.md#create", All, "create makes a new container whose status is created",
        "This operation MUST create a new container.", Stated, V1_0_0);
    LIFECYCLE_CREATE_NOT_RUN_PROGRAM = req!("lifecycle_create_not_run_program", Must, "runtime.md#lifecycle", All, "the user program does not run before start",
        "the user-specified program (from process) MUST NOT be run at this time.", Stated, V1_0_0);
    LIFECYCLE_CREATE_DUPLICATE_ID = req!("lifecycle_create_duplicate_id", Must, "runtime.md#create", All, "create with an ID already in use fails and creates nothing",
        "the implementation MUST generate an error and a new container MUST NOT be created.", Stated, V1_0_0);
    LIFECYCLE_CREATE_ERROR_LEAVES_NOTHING = req!("lifecycle_create_error_leaves_nothing", Must, "runtime.md#errors", All, "a failed create leaves the environment as if it was never attempted",
        "generating an error MUST leave the state of the environment as if the operation were never attempted", Stated, V1_0_0);
    LIFECYCLE_START_RUNS_PROGRAM = req!("lifecycle_start_runs_program", Must, "runtime.md#start", All, "start runs the user-specified program",
        "This operation MUST run the user-specified program as specified by process.", Stated, V1_0_0);
    LIFECYCLE_START_NOT_CREATED_FAILS = req!("lifecycle_start_not_created_fails", Must, "runtime.md#start", All, "start on a container that is not created fails and has no effect",
        "Attempting to start a container that is not created MUST have no effect on the container and MUST generate an error.", Stated, V1_0_0);
    LIFECYCLE_STATUS_TRANSITIONS = req!("lifecycle_status_transitions", Must, "runtime.md#state", All, "status goes created, running, stopped as the process starts and exits",
        "running: the container process has executed the user-specified program but has not exited",
        Derived("the values are listed with MAY, but a runtime's own values MUST only name new states, and query-state MUST return the state as specified"), V1_0_0);
    LIFECYCLE_EXEC_MISSING_FAILS = req!("lifecycle_exec_missing_fails", Must, "runtime.md#start", All, "a process whose args[0] cannot be executed makes create or start fail",
        "This operation MUST run the user-specified program as specified by process.",
        Derived("a program that cannot be run was not run as specified; runtime.md#create: a property that cannot be applied MUST generate an error"), V1_0_0);
    LIFECYCLE_EXIT_STATUS = req!("lifecycle_exit_status", Must, "runtime.md#lifecycle", All, "the container process's exit status is that of the user program",
        "The container process exits.",
        Derived("runtime.md#start MUST run the program as the container process; the status it exits with is the program's, with nothing in between to change it"), V1_0_0);
    LIFECYCLE_UNKNOWN_ID_FAILS = req!("lifecycle_unknown_id_fails", Must, "runtime.md#operations", All, "start, kill and delete of an unknown ID fail",
        "Attempting to start a container that is not created MUST have no effect on the container and MUST generate an error.",
        Derived("a container that does not exist is neither created, running nor stopped, so start, kill and delete MUST generate an error (runtime.md#start, #kill, #delete)"), V1_0_0);
    DELETE_STOPPED = req!("delete_stopped", Must, "runtime.md#delete", All, "delete removes a stopped container and its ID can be reused",
        "Deleting a container MUST delete the resources that were created during the create step.", Stated, V1_0_0);
    DELETE_NOT_STOPPED_FAILS = req!("delete_not_stopped_fails", Must, "runtime.md#delete", All, "delete of a running container fails and it keeps running",
        "Attempting to delete a container that is not stopped MUST have no effect on the container and MUST generate an error.", Stated, V1_0_0);
    DELETE_REMOVES_RESOURCES = req!("delete_removes_resources", Must, "runtime.md#delete", All, "delete removes what create made (state, mounts, processes)",
        "Deleting a container MUST delete the resources that were created during the create step.", Stated, V1_0_0);
    DELETE_CREATED_CLI = req!("delete_created_cli", Convention, "runc-cli#delete", All, "delete of a created (never started) container removes it",
        "", RUNC_CLI, V1_0_0);
    DELETE_FORCE_CLI = req!("delete_force_cli", Convention, "runc-cli#delete", All, "delete --force removes a running container",
        "", RUNC_CLI, V1_0_0);
    CLI_PID_FILE = req!("cli_pid_file", Convention, "runc-cli#create", All, "create --pid-file writes the container process's pid, matching state",
        "", RUNC_CLI, V1_0_0);
    CLI_ROOT_ISOLATES = req!("cli_root_isolates", Convention, "runc-cli#global-options", All, "--root selects the state directory; containers in other roots are unseen",
        "", RUNC_CLI, V1_0_0);
    CLI_STDIO_INHERITED = req!("cli_stdio_inherited", Convention, "runc-cli#create", All, "without a terminal the container process inherits create's stdio",
        "", RUNC_CLI, V1_0_0);
}
