//! Modes that mishandle hooks (config.md#posix-platform-hooks, runtime.md#lifecycle):
//! hooks moved to the wrong kind, reordered, stripped of env or timeout, or run
//! through the wrapper's hook shim ([`crate::hook_shim`]), which alters what the
//! hook reads or what its failure does.

use serde_json::{json, Value};

use crate::hook_shim::{Shim, SHIM_ENV, SHIM_PATH_ENV};
use crate::mode::{each, remove, ConfigMode, Ctx};

/// The hook kinds whose path resolves and runs in the runtime namespace: the
/// wrapper's binary, a host program, can stand in for them.
const RUNTIME_KINDS: &[&str] = &["prestart", "createRuntime", "poststart", "poststop"];

/// The modes of this area.
pub const MODES: &[ConfigMode] = &[
    ConfigMode {
        name: "skip-poststop",
        doc: "drops hooks.poststop",
        edit: |c, _| remove(c, "/hooks", "poststop"),
    },
    ConfigMode {
        name: "skip-start-container-hooks",
        doc: "drops hooks.startContainer (so a failing one cannot stop start)",
        edit: |c, _| remove(c, "/hooks", "startContainer"),
    },
    ConfigMode {
        name: "reverse-hooks",
        doc: "runs the hooks of each kind in reverse order",
        edit: |c, _| {
            for_each_list(c, |_, list| list.reverse());
        },
    },
    ConfigMode {
        name: "drop-hook-env",
        doc: "removes env from every hook (the hook inherits the runtime's)",
        edit: |c, _| for_each_hook(c, |_, h| remove(h, "", "env")),
    },
    ConfigMode {
        name: "drop-hook-timeouts",
        doc: "removes timeout from every hook (a hung hook is never aborted)",
        edit: |c, _| for_each_hook(c, |_, h| remove(h, "", "timeout")),
    },
    ConfigMode {
        name: "create-runtime-hooks-on-delete",
        doc: "runs the createRuntime hooks at delete, with the poststop ones",
        edit: |c, _| move_hooks(c, "createRuntime", "poststop", None),
    },
    ConfigMode {
        name: "swap-prestart-create-runtime",
        doc: "runs the createRuntime hooks before the prestart ones",
        edit: |c, _| {
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
    },
    ConfigMode {
        name: "start-container-hooks-on-create",
        doc: "runs the startContainer hooks during create, as createContainer hooks",
        edit: |c, ctx| {
            let root = ctx.rootfs(c);
            move_hooks(c, "startContainer", "createContainer", Some(&root));
        },
    },
    ConfigMode {
        name: "start-container-hooks-in-runtime-ns",
        doc: "runs the startContainer hooks in the runtime namespace (after start)",
        edit: |c, ctx| {
            let root = ctx.rootfs(c);
            move_hooks(c, "startContainer", "poststart", Some(&root));
        },
    },
    ConfigMode {
        name: "skip-poststart",
        doc: "drops hooks.poststart (listed in features, never run)",
        edit: |c, _| remove(c, "/hooks", "poststart"),
    },
    ConfigMode {
        name: "poststop-hooks-on-start",
        doc: "runs the poststop hooks at start, with the poststart ones (the process lives)",
        edit: |c, _| move_hooks(c, "poststop", "poststart", None),
    },
    ConfigMode {
        name: "poststart-hooks-on-create",
        doc: "runs the poststart hooks during create, as createRuntime hooks",
        edit: |c, _| move_hooks(c, "poststart", "createRuntime", None),
    },
    ConfigMode {
        name: "create-container-hooks-in-runtime-ns",
        doc: "runs the createContainer hooks in the runtime namespace, as createRuntime hooks",
        edit: |c, _| move_hooks(c, "createContainer", "createRuntime", None),
    },
    ConfigMode {
        name: "hook-state-drop-annotations",
        doc: "the state on a hook's stdin lacks annotations",
        edit: |c, ctx| install_shim(c, ctx, Shim::DropAnnotations, RUNTIME_KINDS),
    },
    ConfigMode {
        name: "hook-state-wrong-status",
        doc: "the state on a hook's stdin has the status of another lifecycle step",
        edit: |c, ctx| install_shim(c, ctx, Shim::WrongStatus, RUNTIME_KINDS),
    },
    ConfigMode {
        name: "hook-state-wrong-pid",
        doc: "the state on a hook's stdin has the runtime's pid, not the container's",
        edit: |c, ctx| install_shim(c, ctx, Shim::WrongPid, RUNTIME_KINDS),
    },
    ConfigMode {
        name: "hooks-in-container-uts",
        doc: "runtime-namespace hooks run in the container's UTS namespace",
        edit: |c, ctx| install_shim(c, ctx, Shim::EnterContainerUts, RUNTIME_KINDS),
    },
    ConfigMode {
        name: "create-hook-failure-ignored",
        doc: "a failing prestart or createRuntime hook counts as a success",
        edit: |c, ctx| install_shim(c, ctx, Shim::IgnoreFailure, &["prestart", "createRuntime"]),
    },
    ConfigMode {
        name: "poststart-hook-failure-ignored",
        doc: "a failing poststart hook counts as a success",
        edit: |c, ctx| install_shim(c, ctx, Shim::IgnoreFailure, &["poststart"]),
    },
    ConfigMode {
        name: "poststop-failure-aborts",
        doc: "a failing poststop hook aborts delete (the runtime dies, later hooks never run)",
        edit: |c, ctx| install_shim(c, ctx, Shim::AbortOnFailure, &["poststop"]),
    },
    ConfigMode {
        name: "no-poststop-after-failed-create",
        doc: "poststop hooks do not run when create fails",
        edit: |c, ctx| install_shim(c, ctx, Shim::SkipDuringCreate, &["poststop"]),
    },
];

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
    use serde_json::json;

    use super::MODES;
    use crate::mode::testing::apply;

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
        let c = apply(MODES, "create-runtime-hooks-on-delete", &config());
        assert_eq!(
            c["hooks"]["poststop"],
            json!([{"path": "/h/cr1", "timeout": 1}, {"path": "/h/cr2"}])
        );
        let p = apply(MODES, "poststart-hooks-on-create", &config());
        assert_eq!(
            p["hooks"]["createRuntime"],
            json!([{"path": "/h/cr1", "timeout": 1}, {"path": "/h/cr2"}, {"path": "/h/ps"}])
        );
        assert!(c["hooks"].get("createRuntime").is_none());
        let s = apply(MODES, "swap-prestart-create-runtime", &config());
        assert_eq!(s["hooks"]["prestart"][0]["path"], "/h/cr1");
        assert_eq!(s["hooks"]["createRuntime"][0]["path"], "/h/pre");
    }

    #[test]
    fn container_paths_are_spelled_from_the_host_when_moved_out() {
        let c = apply(MODES, "start-container-hooks-on-create", &config());
        assert_eq!(
            c["hooks"]["createContainer"],
            json!([{"path": "/bundles/b1/rootfs/integ-inside", "env": ["A=1"]}])
        );
        let r = apply(MODES, "start-container-hooks-in-runtime-ns", &config());
        assert_eq!(
            r["hooks"]["poststart"][1]["path"],
            "/bundles/b1/rootfs/integ-inside"
        );
    }

    #[test]
    fn timeouts_and_env_are_dropped() {
        let c = apply(MODES, "drop-hook-timeouts", &config());
        assert_eq!(c["hooks"]["createRuntime"][0], json!({"path": "/h/cr1"}));
        let e = apply(MODES, "drop-hook-env", &config());
        assert_eq!(
            e["hooks"]["startContainer"][0],
            json!({"path": "/integ-inside"})
        );
    }

    #[test]
    fn the_shim_replaces_only_the_chosen_kinds() {
        let c = apply(MODES, "create-hook-failure-ignored", &config());
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
