//! The requirements of the operations area: what its tests check, as data (see
//! `crate::catalogue` for the fields and `crate::req` for every constant).

use crate::catalogue::prelude::*;

requirements! {
    OP_STATE_WITHOUT_ID = req!("op_state_without_id", Must, "runtime.md#query-state", All, "state without a container ID is an error",
        "This operation MUST generate an error if it is not provided the ID of a container.", Stated, V1_0_0);
    OP_CREATE_WITHOUT_ID = req!("op_create_without_id", Must, "runtime.md#create", All, "create without a container ID is an error and creates nothing",
        "This operation MUST generate an error if it is not provided a path to the bundle and the container ID to associate with the container.", Stated, V1_0_0);
    OP_CREATE_WITHOUT_BUNDLE = req!("op_create_without_bundle", Must, "runtime.md#create", All, "create without a path to a bundle is an error and creates nothing",
        "This operation MUST generate an error if it is not provided a path to the bundle and the container ID to associate with the container.", Stated, V1_0_0);
    OP_START_WITHOUT_ID = req!("op_start_without_id", Must, "runtime.md#start", All, "start without a container ID is an error and starts nothing",
        "This operation MUST generate an error if it is not provided the container ID.", Stated, V1_0_0);
    OP_KILL_WITHOUT_ID = req!("op_kill_without_id", Must, "runtime.md#kill", All, "kill without a container ID is an error and signals nothing",
        "This operation MUST generate an error if it is not provided the container ID.", Stated, V1_0_0);
    OP_DELETE_WITHOUT_ID = req!("op_delete_without_id", Must, "runtime.md#delete", All, "delete without a container ID is an error and deletes nothing",
        "This operation MUST generate an error if it is not provided the container ID.", Stated, V1_0_0);
    LIFECYCLE_CREATE_INVALID_ID = req!("lifecycle_create_invalid_id", Must, "runtime.md#create", All, "an ID that is not valid (empty, a path, a dot-dot) is an error and creates nothing",
        "or is not valid in any other way, the implementation MUST generate an error and a new container MUST NOT be created.", Stated, V1_0_0);
    LIFECYCLE_START_WITHOUT_PROCESS = req!("lifecycle_start_without_process", Must, "runtime.md#start", All, "start of a container whose config has no process is an error (or create already refused it)",
        "This operation MUST generate an error if process was not set.", Stated, V1_1_0);
    LIFECYCLE_CONFIG_EDIT_NO_EFFECT = req!("lifecycle_config_edit_no_effect", Must, "runtime.md#lifecycle", All, "changing config.json after create has no effect on the container",
        "Any updates to config.json after this step MUST NOT affect the container.", Stated, V1_0_0);
    STATE_SCHEMA = req!("state_schema", Must, "runtime.md#state", All, "the state JSON has the types of state-schema.json: strings, an integer pid, a string map of annotations",
        "When serialized in JSON, the format MUST adhere to the JSON Schema schema/state-schema.json.", Stated, V1_0_0);
    KILL_STOPPED_STATE_UNCHANGED = req!("kill_stopped_state_unchanged", Must, "runtime.md#kill", All, "a refused kill of a stopped container leaves its state as it was",
        "MUST have no effect on the container and MUST generate an error.", Stated, V1_0_0);
    DELETE_KEEPS_FOREIGN_RESOURCES = req!("delete_keeps_foreign_resources", Must, "runtime.md#delete", All, "delete removes nothing it did not create: the bundle, bind sources, other containers stay",
        "Note that resources associated with the container, but not created by this container, MUST NOT be deleted.", Stated, V1_0_0);
    BUNDLE_CONFIG_MISSING_FAILS = req!("bundle_config_missing_fails", Must, "bundle.md#container-format", All, "a bundle without config.json in its root is an error and creates nothing",
        "This REQUIRED file MUST reside in the root of the bundle directory and MUST be named config.json.", Stated, V1_0_0);
}
