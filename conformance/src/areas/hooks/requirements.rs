//! The requirements of the hooks area: what its tests check, as data (see
//! `crate::catalogue` for the fields and `crate::req` for every constant).

use crate::catalogue::prelude::*;

requirements! {
    HOOKS_CREATE_PHASE = req!("hooks_create_phase", Must, "config.md#prestart", All, "prestart, createRuntime and createContainer hooks run during create, before it returns and before the program",
        "The prestart hooks MUST be called as part of the create operation", Stated, V1_1_0);
    HOOKS_CREATE_ORDER = req!("hooks_create_order", Must, "config.md#createcontainer-hooks", All, "prestart hooks run before createRuntime hooks, which run before createContainer hooks",
        "The createContainer hooks MUST be called after the createRuntime hooks.", Stated, V1_1_0);
    HOOKS_START_CONTAINER_TIMING = req!("hooks_start_container_timing", Must, "config.md#startcontainer-hooks", All, "startContainer hooks run on start, before the user program is executed",
        "The startContainer hooks MUST be called before the user-specified process is executed as part of the start operation.", Stated, V1_0_2);
    HOOKS_POSTSTART_TIMING = req!("hooks_poststart_timing", Must, "config.md#poststart", All, "poststart hooks run after the user program is executed and before start returns",
        "The poststart hooks MUST be called after the user-specified process is executed but before the start operation returns.", Stated, V1_0_0);
    HOOKS_POSTSTOP_TIMING = req!("hooks_poststop_timing", Must, "config.md#poststop", All, "poststop hooks run after the container is deleted and before delete returns",
        "The poststop hooks MUST be called after the container is deleted but before the delete operation returns.", Stated, V1_0_0);
    HOOKS_ORDER_WITHIN_KIND = req!("hooks_order_within_kind", Must, "config.md#posix-platform-hooks", All, "hooks of one kind are called in the listed order",
        "Hooks MUST be called in the listed order.", Stated, V1_0_0);
    HOOKS_PATH_ARGS_ENV = req!("hooks_path_args_env", Must, "config.md#posix-platform-hooks", All, "a hook runs path with exactly its args as argv and every configured env variable",
        "args (array of strings, OPTIONAL) with the same semantics as IEEE Std 1003.1-2008 execv's argv.", APPLIED, V1_0_0);
    HOOKS_ENV_EXACT = req!("hooks_env_exact", Should, "config.md#posix-platform-hooks", All, "a hook sees no variable beyond its configured env, in the configured order",
        "env (array of strings, OPTIONAL) with the same semantics as IEEE Std 1003.1-2008's environ.",
        Derived("environ has no MUST about added variables nor any meaning for order; read as a SHOULD at most"), V1_0_0);
    HOOKS_STATE_STDIN = req!("hooks_state_stdin", Must, "config.md#posix-platform-hooks", All, "each hook reads the container state (ociVersion, id, bundle, annotations) on stdin",
        "The state of the container MUST be passed to hooks over stdin", Stated, V1_0_0);
    HOOKS_STATE_STATUS = req!("hooks_state_status", Must, "runtime.md#state", All, "the status a hook reads matches its lifecycle step: creating, created, running, stopped",
        "creating: the container is being created (step 2 in the lifecycle)",
        Derived("config.md#posix-platform-hooks: the state MUST be passed to hooks, and the state's status is that of the step the hook runs in"), V1_0_2);
    HOOKS_STATE_PID = req!("hooks_state_pid", Must, "runtime.md#state", All, "the pid a hook reads is the container process as seen from the hook's namespace (required only when created or running, on Linux)",
        "For hooks executed in the container namespace, it is the pid as seen by the container.",
        Derived("pid is REQUIRED only when status is created or running on Linux; the MUST to pass the state makes a given pid the container process"), V1_1_0);
    HOOKS_RUNTIME_NAMESPACE = req!("hooks_runtime_namespace", Must, "config.md#posix-platform-hooks", All, "prestart, createRuntime, poststart and poststop hooks resolve and run in the runtime namespace",
        "The value of path MUST resolve in the runtime namespace.", Stated, V1_0_2);
    HOOKS_CREATE_CONTAINER_NAMESPACE = req!("hooks_create_container_namespace", Must, "config.md#createcontainer-hooks", All, "createContainer hooks resolve their path in the runtime namespace and run in the container's",
        "The createContainer hooks MUST be executed in the container namespace.", Stated, V1_0_2);
    HOOKS_START_CONTAINER_NAMESPACE = req!("hooks_start_container_namespace", Must, "config.md#startcontainer-hooks", All, "startContainer hooks resolve their path and run in the container namespace",
        "The startContainer hooks MUST be executed in the container namespace.", Stated, V1_0_2);
    HOOKS_TIMEOUT = req!("hooks_timeout", Must, "config.md#posix-platform-hooks", All, "a hook still running after its timeout is aborted and counts as failed",
        "timeout (int, OPTIONAL) is the number of seconds before aborting the hook.",
        Derived("runtime.md#create MUST apply the configured hooks, timeout included; an aborted hook did not succeed, so it failed"), V1_0_0);
    HOOKS_CREATE_FAILURE = req!("hooks_create_failure", Must, "runtime.md#lifecycle", All, "a failing prestart, createRuntime or createContainer hook fails create, destroys the container, and the program never runs",
        "If any prestart hook fails, the runtime MUST generate an error, stop the container, and continue the lifecycle at step 12.", Stated, V1_1_0);
    HOOKS_START_CONTAINER_FAILURE = req!("hooks_start_container_failure", Must, "runtime.md#lifecycle", All, "a failing startContainer hook fails start, stops the container, and the program never runs",
        "If any startContainer hook fails, the runtime MUST generate an error, stop the container, and continue the lifecycle at step 12.", Stated, V1_0_2);
    HOOKS_POSTSTART_FAILURE = req!("hooks_poststart_failure", Must, "runtime.md#lifecycle", All, "a failing poststart hook fails start and stops the container",
        "If any poststart hook fails, the runtime MUST generate an error, stop the container, and continue the lifecycle at step 12.", Stated, V1_3_0);
    HOOKS_FAILURE_RUNS_POSTSTOP = req!("hooks_failure_runs_poststop", Must, "runtime.md#lifecycle", All, "after a creation hook fails, the container is destroyed and the poststop hooks still run",
        "The poststop hooks MUST be invoked by the runtime.",
        Derived("a failing creation hook continues the lifecycle at step 12 (MUST), and step 13 MUST invoke the poststop hooks"), V1_0_2);
    HOOKS_POSTSTOP_FAILURE_WARNS = req!("hooks_poststop_failure_warns", Must, "runtime.md#lifecycle", All, "a failing poststop hook is only a warning: delete succeeds and the remaining hooks run",
        "If any poststop hook fails, the runtime MUST log a warning, but the remaining hooks and lifecycle continue as if the hook had succeeded.", Stated, V1_0_0);
    HOOKS_CREATE_RUNTIME_AFTER_ENVIRONMENT = req!("hooks_create_runtime_after_environment", Must, "config.md#createruntime-hooks", Linux, "a createRuntime hook sees the container's mounts already made",
        "The createRuntime hooks MUST be called as part of the create operation after the runtime environment has been created", Stated, V1_0_2);
    HOOKS_POSTSTART_AFTER_EXEC_OBSERVED = req!("hooks_poststart_after_exec_observed", Must, "config.md#poststart", All, "a poststart hook runs after the program was executed, as the program itself reports",
        "The poststart hooks MUST be called after the user-specified process is executed but before the start operation returns.", Stated, V1_0_0);
    HOOKS_POSTSTOP_AFTER_CONTAINER_GONE = req!("hooks_poststop_after_container_gone", Must, "config.md#poststop", All, "a poststop hook runs after the container process is gone",
        "The poststop hooks MUST be called after the container is deleted but before the delete operation returns.", Stated, V1_0_0);
}
