//! Process: args, env, cwd, user, umask, rlimits, terminal (config.md#process,
//! #posix-process, #posix-platform-user).

use crate::req;

use integ_inside::request::{Process, WriteFile};
use integ_inside::{ProcessReport, Rlimit};
use serde_json::json;

use crate::areas::support::common::expect_failure;
use crate::areas::support::control::{self, Upto};
use crate::areas::support::env_check;
use crate::harness::sandbox::{helper_argv, helper_program};
use crate::harness::{CaseResult, Sandbox};
use crate::{check, check_eq};

cases! {
    args_exact: &[req::PROCESS_ARGS];
    args0_path_lookup: &[req::PROCESS_ARGS];
    env_exact: &[req::PROCESS_ENV, req::PROCESS_ENV_EXACT];
    env_without_home_or_path: &[req::PROCESS_ENV, req::PROCESS_ENV_EXACT];
    cwd_root: &[req::PROCESS_CWD];
    cwd_subdirectory: &[req::PROCESS_CWD];
    user_uid_gid: &[req::PROCESS_USER_UID_GID];
    user_additional_gids: &[req::PROCESS_ADDITIONAL_GIDS];
    umask_applied: &[req::PROCESS_UMASK];
    rlimits_applied: &[req::PROCESS_RLIMITS];
    rlimits_duplicate_fails: &[req::PROCESS_RLIMITS_DUPLICATE];
    no_terminal: &[req::PROCESS_NO_TERMINAL];
}

fn report(sb: &mut Sandbox) -> Result<ProcessReport, crate::harness::Verdict> {
    sb.ask(&Process::default())
}

fn args_exact(sb: &mut Sandbox) -> CaseResult {
    let process = Process {
        args: ["two words", "", "ünïcödé", "--flag=x", "$HOME", "*"]
            .map(String::from)
            .to_vec(),
    };
    let r = sb.ask(&process)?;
    let want = helper_argv(integ_inside::HELPER_PATH, &process);
    check_eq!(r.args, want, "argv");
    Ok(())
}

fn args0_path_lookup(sb: &mut Sandbox) -> CaseResult {
    // args[0] without a '/' is looked up like execvp's file, in the configured PATH.
    sb.config["process"]["env"] = json!(["PATH=/nonexistent:/"]);
    let (argv, program) = helper_program(integ_inside::HELPER_NAME, &Process::default());
    sb.config["process"]["args"] = json!(argv);
    let exit = sb.own().run_to_exit()?;
    check!(
        exit.success(),
        "`{}` via PATH ended with {exit}",
        integ_inside::HELPER_NAME
    );
    let r = program.report(sb)?;
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
    env_check::exactly(&r.env, &want, "the program", req::PROCESS_ENV_EXACT)
}

fn env_without_home_or_path(sb: &mut Sandbox) -> CaseResult {
    sb.config["process"]["env"] = json!(["ONLY=this"]);
    let r = report(sb)?;
    let want = ["ONLY=this".to_string()];
    env_check::configured_present(&r.env, &want, "the program")?;
    env_check::exactly(&r.env, &want, "the program", req::PROCESS_ENV_EXACT)
}

fn cwd_root(sb: &mut Sandbox) -> CaseResult {
    let r = report(sb)?;
    check_eq!(r.cwd.as_str(), "/", "cwd");
    Ok(())
}

fn cwd_subdirectory(sb: &mut Sandbox) -> CaseResult {
    std::fs::create_dir_all(sb.bundle.rootfs.join("work/dir"))?;
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
    sb.set_program(&WriteFile::new("/ran"));
    sb.config["process"]["rlimits"] = json!([
        {"type": "RLIMIT_NOFILE", "soft": 512, "hard": 1024},
        {"type": "RLIMIT_NOFILE", "soft": 256, "hard": 256},
    ]);
    let create = sb.own().try_create(&[])?;
    if create.ok() {
        let start = sb.own().try_start()?;
        expect_failure(&start, "create/start with a duplicated rlimit type")?;
    }
    check!(
        !sb.bundle.rootfs.join("ran").exists(),
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
