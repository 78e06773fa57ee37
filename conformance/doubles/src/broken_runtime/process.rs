//! Modes that mishandle the process, the identity and the root (config.md#process,
//! #posix-platform-user, #posix-process, #hostname, #domainname, #root).

use std::path::Path;

use serde_json::Value;

use crate::mode::{pop, remove, retain, ConfigMode, Ctx};

/// The modes of this area.
pub const MODES: &[ConfigMode] = &[
    ConfigMode {
        name: "drop-env",
        doc: "removes the last process.env entry",
        edit: |c, _| pop(c, "/process/env"),
    },
    ConfigMode {
        name: "drop-empty-args",
        doc: "drops empty strings from process.args",
        edit: |c, _| retain(c, "/process/args", |a| a != ""),
    },
    ConfigMode {
        name: "exit-status-lost",
        doc: "the process ends with status 0 whatever the program's: `integ-inside exit N` \
              becomes `exit 0` (an init that does not pass the status on)",
        edit: |c, _| {
            if let Some(args) = c.pointer_mut("/process/args").and_then(Value::as_array_mut) {
                if args.len() == 3 && args[1] == "exit" {
                    args[2] = Value::from("0");
                }
            }
        },
    },
    ConfigMode {
        name: "exec-missing-exits-127",
        doc: "an args[0] missing from the root is no error: the process exits 127 instead \
              (`integ-inside exit 127`, as a shell would)",
        edit: exec_missing_exits_127,
    },
    ConfigMode {
        name: "ignore-cwd",
        doc: "runs the process in / whatever process.cwd says",
        edit: |c, _| c["process"]["cwd"] = Value::from("/"),
    },
    ConfigMode {
        name: "ignore-uid",
        doc: "runs the process as uid 0 whatever process.user.uid says",
        edit: |c, _| c["process"]["user"]["uid"] = Value::from(0),
    },
    ConfigMode {
        name: "drop-additional-gids",
        doc: "removes process.user.additionalGids",
        edit: |c, _| remove(c, "/process/user", "additionalGids"),
    },
    ConfigMode {
        name: "ignore-rlimits",
        doc: "removes process.rlimits",
        edit: |c, _| remove(c, "/process", "rlimits"),
    },
    ConfigMode {
        name: "dedupe-rlimits",
        doc: "keeps only the last rlimit of each type instead of refusing duplicates",
        edit: |c, _| dedupe_rlimits(c),
    },
    ConfigMode {
        name: "ignore-hostname",
        doc: "removes hostname",
        edit: |c, _| remove(c, "", "hostname"),
    },
    ConfigMode {
        name: "drop-domainname",
        doc: "removes domainname",
        edit: |c, _| remove(c, "", "domainname"),
    },
    ConfigMode {
        name: "root-relative-to-cwd",
        doc: "resolves a relative root.path against the runtime's working directory",
        edit: root_relative_to_cwd,
    },
    ConfigMode {
        name: "root-absolute-as-relative",
        doc: "treats an absolute root.path as relative to the bundle",
        edit: |c, _| {
            let path = c["root"]["path"].as_str().unwrap_or("").to_string();
            if let Some(rel) = path.strip_prefix('/') {
                c["root"]["path"] = Value::from(rel);
            }
        },
    },
    ConfigMode {
        name: "ignore-root-readonly",
        doc: "sets root.readonly false",
        edit: |c, _| c["root"]["readonly"] = Value::from(false),
    },
    ConfigMode {
        name: "root-readonly-by-default",
        doc: "makes the root read-only when root.readonly is unset",
        edit: |c, _| {
            if c["root"].get("readonly").is_none() {
                c["root"]["readonly"] = Value::from(true);
            }
        },
    },
    ConfigMode {
        name: "ignore-console-size",
        doc: "removes process.consoleSize",
        edit: |c, _| remove(c, "/process", "consoleSize"),
    },
];

fn dedupe_rlimits(c: &mut Value) {
    let Some(list) = c
        .pointer_mut("/process/rlimits")
        .and_then(Value::as_array_mut)
    else {
        return;
    };
    let mut kept: Vec<Value> = Vec::new();
    for r in list.drain(..) {
        kept.retain(|k| k["type"] != r["type"]);
        kept.push(r);
    }
    *list = kept;
}

fn exec_missing_exits_127(c: &mut Value, ctx: &Ctx) {
    let arg0 = c["process"]["args"][0].as_str().unwrap_or("").to_string();
    let missing = arg0.starts_with('/') && !ctx.rootfs(c).join(&arg0[1..]).exists();
    if missing {
        c["process"]["args"] = serde_json::json!([integ_inside::HELPER_PATH, "exit", "127"]);
    }
}

fn root_relative_to_cwd(c: &mut Value, ctx: &Ctx) {
    let path = c["root"]["path"].as_str().unwrap_or("").to_string();
    if !path.is_empty() && Path::new(&path).is_relative() {
        c["root"]["path"] = Value::from(ctx.cwd.join(path).display().to_string());
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::MODES;
    use crate::mode::testing::{apply, ctx};

    #[test]
    fn drops_the_last_env_entry_and_empty_args() {
        let c = json!({"process": {"env": ["A=1", "B=2"], "args": ["/p", "", "x"]}});
        assert_eq!(
            apply(MODES, "drop-env", &c)["process"]["env"],
            json!(["A=1"])
        );
        assert_eq!(
            apply(MODES, "drop-empty-args", &c)["process"]["args"],
            json!(["/p", "x"])
        );
    }

    #[test]
    fn exit_status_is_lost_only_for_the_exit_action() {
        let exit = json!({"process": {"args": ["/integ-inside", "exit", "42"]}});
        assert_eq!(
            apply(MODES, "exit-status-lost", &exit)["process"]["args"],
            json!(["/integ-inside", "exit", "0"])
        );
        let other = json!({"process": {"args": ["/integ-inside", "process"]}});
        assert_eq!(apply(MODES, "exit-status-lost", &other), other);
    }

    #[test]
    fn dedupes_rlimits_keeping_the_last_of_each_type() {
        let c = json!({"process": {"rlimits": [
            {"type": "RLIMIT_NOFILE", "soft": 1, "hard": 1},
            {"type": "RLIMIT_CORE", "soft": 0, "hard": 0},
            {"type": "RLIMIT_NOFILE", "soft": 2, "hard": 2},
        ]}});
        assert_eq!(
            apply(MODES, "dedupe-rlimits", &c)["process"]["rlimits"],
            json!([
                {"type": "RLIMIT_CORE", "soft": 0, "hard": 0},
                {"type": "RLIMIT_NOFILE", "soft": 2, "hard": 2},
            ])
        );
    }

    #[test]
    fn root_path_modes_touch_only_their_kind_of_path() {
        let rel = json!({"root": {"path": "rootfs"}});
        let abs = json!({"root": {"path": "/srv/root"}});
        let cwd = ctx().cwd.join("rootfs").display().to_string();
        assert_eq!(
            apply(MODES, "root-relative-to-cwd", &rel)["root"]["path"],
            json!(cwd)
        );
        assert_eq!(apply(MODES, "root-relative-to-cwd", &abs), abs);
        assert_eq!(
            apply(MODES, "root-absolute-as-relative", &abs)["root"]["path"],
            json!("srv/root")
        );
        assert_eq!(apply(MODES, "root-absolute-as-relative", &rel), rel);
    }

    #[test]
    fn readonly_by_default_keeps_an_explicit_false() {
        let unset = json!({"root": {"path": "rootfs"}});
        let off = json!({"root": {"path": "rootfs", "readonly": false}});
        assert_eq!(
            apply(MODES, "root-readonly-by-default", &unset)["root"]["readonly"],
            json!(true)
        );
        assert_eq!(apply(MODES, "root-readonly-by-default", &off), off);
    }
}
