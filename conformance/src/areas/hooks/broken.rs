//! The broken modes of the hooks area: faults the self-test's wrapper runtime adds
//! to a working one, each with the requirements whose tests must catch it (see
//! `crate::broken_mode`), and the MUSTs of the area no mode breaks.
//!
//! Modes that mishandle hooks (config.md#posix-platform-hooks, runtime.md#lifecycle):
//! hooks moved to the wrong kind, reordered, stripped of env or timeout, or run
//! through the wrapper's hook shim ([`Shim`], played by the wrapper in
//! conformance/doubles), which alters what the hook reads or what its failure does.

use serde_json::{json, Value};

use crate::broken_mode::edit::{each, remove};
use crate::broken_mode::roles::{Shim, SHIM_ENV, SHIM_PATH_ENV};
use crate::broken_mode::{Ctx, Mode, Unbroken};
use crate::req;

/// The modes that break this area's requirements.
pub(crate) static MODES: &[Mode] = &[
    Mode::config(
        "create-runtime-hooks-on-delete",
        &[req::HOOKS_CREATE_PHASE],
        "runs the createRuntime hooks at delete, with the poststop ones",
        |c, _| move_hooks(c, "createRuntime", "poststop", None),
    ),
    Mode::config(
        "swap-prestart-create-runtime",
        &[req::HOOKS_CREATE_ORDER],
        "runs the createRuntime hooks before the prestart ones",
        |c, _| {
            if let Some(hooks) = c.get_mut("hooks").and_then(Value::as_object_mut) {
                let pre = hooks.remove("prestart");
                let cr = hooks.remove("createRuntime");
                if let Some(v) = cr {
                    hooks.insert("prestart".into(), v);
                }
                if let Some(v) = pre {
                    hooks.insert("createRuntime".into(), v);
                }
            }
        },
    ),
    Mode::config(
        "start-container-hooks-on-create",
        &[req::HOOKS_START_CONTAINER_TIMING],
        "runs the startContainer hooks during create, as createContainer hooks",
        |c, ctx| {
            let root = ctx.rootfs(c);
            move_hooks(c, "startContainer", "createContainer", Some(&root));
        },
    ),
    Mode::config(
        "poststart-hooks-on-create",
        &[
            req::HOOKS_POSTSTART_TIMING,
            req::HOOKS_POSTSTART_AFTER_EXEC_OBSERVED,
        ],
        "runs the poststart hooks during create, as createRuntime hooks",
        |c, _| move_hooks(c, "poststart", "createRuntime", None),
    ),
    Mode::config(
        "skip-poststop",
        &[req::HOOKS_POSTSTOP_TIMING],
        "drops hooks.poststop",
        |c, _| remove(c, "/hooks", "poststop"),
    ),
    Mode::config(
        "reverse-hooks",
        &[req::HOOKS_ORDER_WITHIN_KIND],
        "runs the hooks of each kind in reverse order",
        |c, _| {
            for_each_list(c, |_, list| list.reverse());
        },
    ),
    Mode::config(
        "drop-hook-env",
        &[req::HOOKS_PATH_ARGS_ENV],
        "removes env from every hook (the hook inherits the runtime's)",
        |c, _| for_each_hook(c, |_, h| remove(h, "", "env")),
    ),
    Mode::config(
        "hook-state-drop-annotations",
        &[req::HOOKS_STATE_STDIN],
        "the state on a hook's stdin lacks annotations",
        |c, ctx| install_shim(c, ctx, Shim::DropAnnotations, RUNTIME_KINDS),
    ),
    Mode::config(
        "hook-state-wrong-status",
        &[req::HOOKS_STATE_STATUS],
        "the state on a hook's stdin has the status of another lifecycle step",
        |c, ctx| install_shim(c, ctx, Shim::WrongStatus, RUNTIME_KINDS),
    ),
    Mode::config(
        "hook-state-wrong-pid",
        &[req::HOOKS_STATE_PID],
        "the state on a hook's stdin has the runtime's pid, not the container's",
        |c, ctx| install_shim(c, ctx, Shim::WrongPid, RUNTIME_KINDS),
    ),
    Mode::config(
        "hooks-in-container-uts",
        &[req::HOOKS_RUNTIME_NAMESPACE],
        "runtime-namespace hooks run in the container's UTS namespace",
        |c, ctx| install_shim(c, ctx, Shim::EnterContainerUts, RUNTIME_KINDS),
    )
    .linux_only(),
    Mode::config(
        "create-container-hooks-in-runtime-ns",
        &[req::HOOKS_CREATE_CONTAINER_NAMESPACE],
        "runs the createContainer hooks in the runtime namespace, as createRuntime hooks",
        |c, _| move_hooks(c, "createContainer", "createRuntime", None),
    ),
    Mode::config(
        "start-container-hooks-in-runtime-ns",
        &[req::HOOKS_START_CONTAINER_NAMESPACE],
        "runs the startContainer hooks in the runtime namespace (after start)",
        |c, ctx| {
            let root = ctx.rootfs(c);
            move_hooks(c, "startContainer", "poststart", Some(&root));
        },
    ),
    Mode::config(
        "drop-hook-timeouts",
        &[req::HOOKS_TIMEOUT],
        "removes timeout from every hook (a hung hook is never aborted)",
        |c, _| for_each_hook(c, |_, h| remove(h, "", "timeout")),
    ),
    Mode::config(
        "create-hook-failure-ignored",
        &[req::HOOKS_CREATE_FAILURE],
        "a failing prestart or createRuntime hook counts as a success",
        |c, ctx| install_shim(c, ctx, Shim::IgnoreFailure, &["prestart", "createRuntime"]),
    ),
    Mode::config(
        "skip-start-container-hooks",
        &[req::HOOKS_START_CONTAINER_FAILURE],
        "drops hooks.startContainer (so a failing one cannot stop start)",
        |c, _| remove(c, "/hooks", "startContainer"),
    ),
    Mode::config(
        "poststart-hook-failure-ignored",
        &[req::HOOKS_POSTSTART_FAILURE],
        "a failing poststart hook counts as a success",
        |c, ctx| install_shim(c, ctx, Shim::IgnoreFailure, &["poststart"]),
    ),
    Mode::config(
        "no-poststop-after-failed-create",
        &[req::HOOKS_FAILURE_RUNS_POSTSTOP],
        "poststop hooks do not run when create fails",
        |c, ctx| install_shim(c, ctx, Shim::SkipDuringCreate, &["poststop"]),
    ),
    Mode::config(
        "poststop-failure-aborts",
        &[req::HOOKS_POSTSTOP_FAILURE_WARNS],
        "a failing poststop hook aborts delete (the runtime dies, later hooks never run)",
        |c, ctx| install_shim(c, ctx, Shim::AbortOnFailure, &["poststop"]),
    ),
    Mode::config(
        "poststop-hooks-on-start",
        &[req::HOOKS_POSTSTOP_AFTER_CONTAINER_GONE],
        "runs the poststop hooks at start, with the poststart ones (the process lives)",
        |c, _| move_hooks(c, "poststop", "poststart", None),
    ),
];

/// The MUSTs of this area no mode breaks, and why.
pub(crate) static UNBROKEN: &[Unbroken] = &[Unbroken {
    requirement: req::HOOKS_CREATE_RUNTIME_AFTER_ENVIRONMENT,
    why: "the reference runtime runs prestart and createRuntime hooks at one point, after \
         the mounts; no wrapper of it can run them before",
}];

/// The hook kinds whose path resolves and runs in the runtime namespace: the
/// wrapper's binary, a host program, can stand in for them.
const RUNTIME_KINDS: &[&str] = &["prestart", "createRuntime", "poststart", "poststop"];

/// Calls `f` with each kind's name and list of hooks.
fn for_each_list(c: &mut Value, mut f: impl FnMut(&str, &mut Vec<Value>)) {
    if let Some(kinds) = c.get_mut("hooks").and_then(Value::as_object_mut) {
        for (kind, list) in kinds.iter_mut() {
            if let Some(items) = list.as_array_mut() {
                f(kind, items);
            }
        }
    }
}

/// Calls `f` with each hook and its kind.
fn for_each_hook(c: &mut Value, mut f: impl FnMut(&str, &mut Value)) {
    for_each_list(c, |kind, list| list.iter_mut().for_each(|h| f(kind, h)));
}

/// Appends the hooks of kind `from` to those of kind `to`. With `root`, a path
/// meant for the container namespace is spelled as the host sees it.
fn move_hooks(c: &mut Value, from: &str, to: &str, root: Option<&std::path::Path>) {
    let Some(mut moved) = c
        .get_mut("hooks")
        .and_then(Value::as_object_mut)
        .and_then(|h| h.remove(from))
    else {
        return;
    };
    if let Some(root) = root {
        each(&mut moved, "", |h| {
            if let Some(p) = h["path"].as_str() {
                h["path"] = json!(root.join(p.trim_start_matches('/')).display().to_string());
            }
        });
    }
    let list = &mut c["hooks"][to];
    match (list.as_array_mut(), moved.as_array_mut()) {
        (Some(items), Some(more)) => items.append(more),
        _ => *list = moved,
    }
}

/// Puts the shim in place of every hook of `kinds`: the shim runs the hook's own
/// path (passed in its environment, which the shim removes again) with `shim`'s fault.
fn install_shim(c: &mut Value, ctx: &Ctx, shim: Shim, kinds: &[&str]) {
    let program = ctx.shim.display().to_string();
    for_each_hook(c, |kind, h| {
        if !kinds.contains(&kind) {
            return;
        }
        let path = h["path"].as_str().unwrap_or("").to_string();
        h["path"] = json!(program);
        let extra = [
            json!(format!("{SHIM_ENV}={}", shim.name())),
            json!(format!("{SHIM_PATH_ENV}={path}")),
        ];
        match h["env"].as_array_mut() {
            Some(env) => env.extend(extra),
            None => h["env"] = json!(extra),
        }
    });
}

#[cfg(test)]
mod tests {
    use crate::broken_mode::testing::apply;
    use serde_json::json;

    fn config() -> serde_json::Value {
        json!({"root": {"path": "rootfs"}, "hooks": {
            "prestart": [{"path": "/h/pre", "args": ["pre"]}],
            "createRuntime": [{"path": "/h/cr1", "timeout": 1}, {"path": "/h/cr2"}],
            "startContainer": [{"path": "/integ-inside", "env": ["A=1"]}],
            "poststart": [{"path": "/h/ps"}],
        }})
    }

    #[test]
    fn moves_hooks_between_kinds_in_order() {
        let c = apply("create-runtime-hooks-on-delete", &config());
        assert_eq!(
            c["hooks"]["poststop"],
            json!([{"path": "/h/cr1", "timeout": 1}, {"path": "/h/cr2"}])
        );
        let p = apply("poststart-hooks-on-create", &config());
        assert_eq!(
            p["hooks"]["createRuntime"],
            json!([{"path": "/h/cr1", "timeout": 1}, {"path": "/h/cr2"}, {"path": "/h/ps"}])
        );
        assert!(c["hooks"].get("createRuntime").is_none());
        let s = apply("swap-prestart-create-runtime", &config());
        assert_eq!(s["hooks"]["prestart"][0]["path"], "/h/cr1");
        assert_eq!(s["hooks"]["createRuntime"][0]["path"], "/h/pre");
    }

    #[test]
    fn container_paths_are_spelled_from_the_host_when_moved_out() {
        let c = apply("start-container-hooks-on-create", &config());
        assert_eq!(
            c["hooks"]["createContainer"],
            json!([{"path": "/bundles/b1/rootfs/integ-inside", "env": ["A=1"]}])
        );
        let r = apply("start-container-hooks-in-runtime-ns", &config());
        assert_eq!(
            r["hooks"]["poststart"][1]["path"],
            "/bundles/b1/rootfs/integ-inside"
        );
    }

    #[test]
    fn timeouts_and_env_are_dropped() {
        let c = apply("drop-hook-timeouts", &config());
        assert_eq!(c["hooks"]["createRuntime"][0], json!({"path": "/h/cr1"}));
        let e = apply("drop-hook-env", &config());
        assert_eq!(
            e["hooks"]["startContainer"][0],
            json!({"path": "/integ-inside"})
        );
    }

    #[test]
    fn the_shim_replaces_only_the_chosen_kinds() {
        let c = apply("create-hook-failure-ignored", &config());
        assert_eq!(
            c["hooks"]["prestart"][0],
            json!({"path": "/usr/libexec/shim", "args": ["pre"], "env": [
                "JAILCHECK_HOOK_SHIM=ignore-failure", "JAILCHECK_HOOK_PATH=/h/pre"]})
        );
        assert_eq!(c["hooks"]["createRuntime"][1]["path"], "/usr/libexec/shim");
        assert_eq!(c["hooks"]["poststart"], config()["hooks"]["poststart"]);
        assert_eq!(
            c["hooks"]["startContainer"],
            config()["hooks"]["startContainer"]
        );
    }
}
