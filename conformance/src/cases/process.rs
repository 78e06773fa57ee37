//! Process: args, env, cwd, user, umask, rlimits, terminal (config.md#process,
//! #posix-process, #posix-platform-user).

use integ_inside::{ProcessReport, Rlimit};
use serde_json::json;

use super::common::expect_failure;
use super::control::{self, Upto};
use super::env_check;
use super::Case;
use crate::harness::{CaseResult, Sandbox};
use crate::{check, check_eq};

/// The process tests.
pub static CASES: &[Case] = &[
    Case {
        name: "args_exact",
        requirements: &["process_args"],
        needs: &[],
        body: args_exact,
    },
    Case {
        name: "args0_path_lookup",
        requirements: &["process_args"],
        needs: &[],
        body: args0_path_lookup,
    },
    Case {
        name: "env_exact",
        requirements: &["process_env", "process_env_exact"],
        needs: &[],
        body: env_exact,
    },
    Case {
        name: "env_without_home_or_path",
        requirements: &["process_env", "process_env_exact"],
        needs: &[],
        body: env_without_home_or_path,
    },
    Case {
        name: "cwd_root",
        requirements: &["process_cwd"],
        needs: &[],
        body: cwd_root,
    },
    Case {
        name: "cwd_subdirectory",
        requirements: &["process_cwd"],
        needs: &[],
        body: cwd_subdirectory,
    },
    Case {
        name: "user_uid_gid",
        requirements: &["process_user_uid_gid"],
        needs: &[],
        body: user_uid_gid,
    },
    Case {
        name: "user_additional_gids",
        requirements: &["process_additional_gids"],
        needs: &[],
        body: user_additional_gids,
    },
    Case {
        name: "umask_applied",
        requirements: &["process_umask"],
        needs: &[],
        body: umask_applied,
    },
    Case {
        name: "rlimits_applied",
        requirements: &["process_rlimits"],
        needs: &[],
        body: rlimits_applied,
    },
    Case {
        name: "rlimits_duplicate_fails",
        requirements: &["process_rlimits_duplicate"],
        needs: &[],
        body: rlimits_duplicate_fails,
    },
    Case {
        name: "no_terminal",
        requirements: &["process_no_terminal"],
        needs: &[],
        body: no_terminal,
    },
];

fn report(sb: &mut Sandbox) -> Result<ProcessReport, crate::harness::Verdict> {
    sb.run_helper(&["process"])
}

fn args_exact(sb: &mut Sandbox) -> CaseResult {
    let args = [
        "process",
        "two words",
        "",
        "ünïcödé",
        "--flag=x",
        "$HOME",
        "*",
    ];
    let r: ProcessReport = sb.run_helper(&args)?;
    let mut want = vec![integ_inside::HELPER_PATH.to_string()];
    want.extend(args.iter().map(|s| s.to_string()));
    check_eq!(r.args, want, "argv");
    Ok(())
}

fn args0_path_lookup(sb: &mut Sandbox) -> CaseResult {
    // args[0] without a '/' is looked up like execvp's file, in the configured PATH.
    sb.config["process"]["env"] = json!(["PATH=/nonexistent:/"]);
    sb.config["process"]["args"] = json!([integ_inside::HELPER_NAME, "process"]);
    let exit = sb.run_to_exit()?;
    check!(
        exit.success(),
        "`{}` via PATH ended with {exit}",
        integ_inside::HELPER_NAME
    );
    let r: ProcessReport = sb.report()?;
    check_eq!(
        r.args[0].as_str(),
        integ_inside::HELPER_NAME,
        "argv[0] kept as given"
    );
    Ok(())
}

fn env_exact(sb: &mut Sandbox) -> CaseResult {
    let env = [
        "PATH=/bin",
        "ZED=last-letter-first",
        "ALPHA=1",
        "WITH_EQUALS=a=b=c",
        "EMPTY=",
        "SPACES=some value with spaces",
        "HOME=/tmp",
    ];
    sb.config["process"]["env"] = json!(env);
    let r = report(sb)?;
    let want: Vec<String> = env.iter().map(|s| s.to_string()).collect();
    env_check::configured_present(&r.env, &want, "the program")?;
    env_check::exactly(&r.env, &want, "the program", "process_env_exact")
}

fn env_without_home_or_path(sb: &mut Sandbox) -> CaseResult {
    sb.config["process"]["env"] = json!(["ONLY=this"]);
    let r = report(sb)?;
    let want = ["ONLY=this".to_string()];
    env_check::configured_present(&r.env, &want, "the program")?;
    env_check::exactly(&r.env, &want, "the program", "process_env_exact")
}

fn cwd_root(sb: &mut Sandbox) -> CaseResult {
    let r = report(sb)?;
    check_eq!(r.cwd.as_str(), "/", "cwd");
    Ok(())
}

fn cwd_subdirectory(sb: &mut Sandbox) -> CaseResult {
    std::fs::create_dir_all(sb.rootfs.join("work/dir"))?;
    sb.config["process"]["cwd"] = json!("/work/dir");
    let r = report(sb)?;
    check_eq!(r.cwd.as_str(), "/work/dir", "cwd");
    Ok(())
}

fn user_uid_gid(sb: &mut Sandbox) -> CaseResult {
    sb.config["process"]["user"] = json!({"uid": 1234, "gid": 5678});
    let r = report(sb)?;
    check_eq!((r.uid, r.euid), (1234, 1234), "uid, euid");
    check_eq!((r.gid, r.egid), (5678, 5678), "gid, egid");
    Ok(())
}

fn user_additional_gids(sb: &mut Sandbox) -> CaseResult {
    sb.config["process"]["user"] =
        json!({"uid": 1000, "gid": 1000, "additionalGids": [20, 4000, 70]});
    let r = report(sb)?;
    let want = [20u32, 70, 4000];
    for g in want {
        check!(
            r.groups.contains(&g),
            "additional gid {g} missing from groups {:?}",
            r.groups
        );
    }
    let extra: Vec<u32> = r
        .groups
        .iter()
        .copied()
        .filter(|g| !want.contains(g) && *g != 1000)
        .collect();
    check!(
        extra.is_empty(),
        "unexpected supplementary groups {extra:?} (groups {:?})",
        r.groups
    );
    Ok(())
}

fn umask_applied(sb: &mut Sandbox) -> CaseResult {
    sb.config["process"]["user"] = json!({"uid": 0, "gid": 0, "umask": 0o027});
    let r = report(sb)?;
    check_eq!(format!("{:04o}", r.umask), "0027".to_string(), "umask");
    Ok(())
}

fn rlimits_applied(sb: &mut Sandbox) -> CaseResult {
    sb.config["process"]["rlimits"] = json!([
        {"type": "RLIMIT_NOFILE", "soft": 512, "hard": 1024},
        {"type": "RLIMIT_CORE", "soft": 0, "hard": 4096},
        {"type": "RLIMIT_STACK", "soft": 4194304, "hard": 8388608},
    ]);
    let r = report(sb)?;
    let want = [
        ("RLIMIT_NOFILE", 512, 1024),
        ("RLIMIT_CORE", 0, 4096),
        ("RLIMIT_STACK", 4194304, 8388608),
    ];
    for (name, soft, hard) in want {
        check_eq!(
            r.rlimits.get(name).copied(),
            Some(Rlimit {
                soft: Some(soft),
                hard: Some(hard)
            }),
            "{name}"
        );
    }
    Ok(())
}

fn rlimits_duplicate_fails(sb: &mut Sandbox) -> CaseResult {
    control::accepted(sb, Upto::Exit, &[])?;
    sb.helper_args(&["write-file", "/ran"]);
    sb.config["process"]["rlimits"] = json!([
        {"type": "RLIMIT_NOFILE", "soft": 512, "hard": 1024},
        {"type": "RLIMIT_NOFILE", "soft": 256, "hard": 256},
    ]);
    let id = sb.id.clone();
    let create = sb.try_create_id(&id, &[])?;
    if create.ok() {
        let start = sb.try_start(&id)?;
        expect_failure(&start, "create/start with a duplicated rlimit type")?;
    }
    check!(
        !sb.rootfs.join("ran").exists(),
        "the program ran despite duplicated rlimits"
    );
    Ok(())
}

fn no_terminal(sb: &mut Sandbox) -> CaseResult {
    let r = report(sb)?;
    check_eq!(r.isatty, [false, false, false], "isatty(0, 1, 2)");
    check!(
        !r.controlling_terminal,
        "the process has a controlling terminal"
    );
    Ok(())
}
