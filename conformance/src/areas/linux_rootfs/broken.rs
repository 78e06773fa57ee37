//! The broken modes of the linux_rootfs area: faults the self-test's wrapper runtime adds
//! to a working one, each with the requirements whose tests must catch it (see
//! `crate::broken_mode`), and the MUSTs of the area no mode breaks.
//!
//! Modes that get the Linux root filesystem wrong (runtime-linux.md#dev-symbolic-links,
//! config-linux.md#rootfs-mount-propagation, a /proc that is a symlink).

use serde_json::{json, Value};

use crate::broken_mode::edit::{each, remove};
use crate::broken_mode::{read_json, Flow, Mode, Unbroken};
use crate::req;

/// The modes that break this area's requirements.
pub(crate) static MODES: &[Mode] = &[
    Mode::config(
        "dev-symlinks-removed",
        &[req::LINUX_DEV_SYMLINKS],
        "the container has no /dev/fd, /dev/stdin, /dev/stdout, /dev/stderr links \
              (a first createContainer hook removes them before pivot_root)",
        |c, ctx| {
            let dev = ctx.rootfs(c).join("dev");
            let mut args = vec![json!("rm"), json!("-f")];
            args.extend(
                ["fd", "stdin", "stdout", "stderr"]
                    .iter()
                    .map(|l| json!(dev.join(l).display().to_string())),
            );
            let hook = json!({"path": "/bin/rm", "args": args});
            match c
                .pointer_mut("/hooks/createContainer")
                .and_then(Value::as_array_mut)
            {
                Some(list) => list.insert(0, hook),
                None => c["hooks"]["createContainer"] = json!([hook]),
            }
        },
    ),
    Mode::command(
        "rootfs-propagation-refused",
        &[req::LINUX_ROOTFS_PROPAGATION],
        "create fails when linux.rootfsPropagation is set",
        &["create"],
        |c| {
            let config = read_json(&c.bundle().join("config.json"))?;
            if config["linux"].get("rootfsPropagation").is_some() {
                eprintln!("broken-runtime: linux.rootfsPropagation is not supported");
                return Ok(Flow::Exit(1));
            }
            Ok(Flow::Forward(c))
        },
    ),
    Mode::config(
        "proc-through-symlink",
        &[req::LINUX_PROC_NOT_THROUGH_SYMLINK],
        "a /proc that is a symlink in the root is followed: procfs is mounted where \
              it points",
        |c, ctx| {
            let rootfs = ctx.rootfs(c);
            each(c, "/mounts", |m| {
                let dest = m["destination"].as_str().unwrap_or("").to_string();
                if m["type"] == "proc" {
                    let link = rootfs.join(dest.trim_start_matches('/'));
                    if let Ok(target) = std::fs::read_link(link) {
                        let inside = std::path::Path::new("/").join(target);
                        m["destination"] = json!(inside.display().to_string());
                    }
                }
            })
        },
    ),
    Mode::config(
        "masked-paths-ignored",
        &[req::LINUX_MASKED_PATHS],
        "linux.maskedPaths is dropped: the listed paths stay readable",
        |c, _| remove(c, "/linux", "maskedPaths"),
    ),
];

/// The MUSTs of this area no mode breaks, and why.
pub(crate) static UNBROKEN: &[Unbroken] = &[];

#[cfg(test)]
mod tests {
    use crate::broken_mode::testing::apply;
    use serde_json::json;

    #[test]
    fn the_link_removing_hook_runs_first() {
        let c = json!({"root": {"path": "rootfs"},
                       "hooks": {"createContainer": [{"path": "/h/cc"}]}});
        let got = apply("dev-symlinks-removed", &c);
        let hooks = &got["hooks"]["createContainer"];
        assert_eq!(hooks[0]["path"], "/bin/rm");
        assert_eq!(hooks[0]["args"][2], "/bundles/b1/rootfs/dev/fd");
        assert_eq!(hooks[1]["path"], "/h/cc");
    }

    /// The unit test's bundle does not exist, so there is no symlink to follow.
    #[test]
    fn proc_stays_put_without_a_symlink() {
        let c = json!({"root": {"path": "rootfs"},
                       "mounts": [{"destination": "/proc", "type": "proc", "source": "proc"}]});
        assert_eq!(apply("proc-through-symlink", &c), c);
    }
}
