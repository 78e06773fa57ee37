//! cli: `exec`, as engines drive it (conmon: `exec --pid-file F --process F
//! --detach [--tty --console-socket S]`; containerd's shim the same without -t).
//! runc is the reference. Every test of what the process gets uses `--process`,
//! the one form engines use (and ocijail's only one); `exec_args` alone needs
//! runc's program-as-arguments form. A runtime whose command line lacks `exec`,
//! a form or a flag is skipped with the reason (cli_profile).

use crate::req;

use integ_inside::request::{self as helper, WaitSignal};
use integ_inside::{FileId, ProcessReport, HELPER_PATH};
use serde_json::json;

use crate::areas::support::common::{expect_failure, expect_status};
use crate::areas::support::exec_calls::{
    exec, exec_detached, exec_with, process_file, running,
};
use crate::areas::support::terminal::{add_pty_support, console_socket, has_report};
use crate::harness::sandbox::{helper_argv, helper_program, read_pid_file, Program};
use crate::harness::{CaseResult, CliFeature, Exit, Invocation, RuntimeCli, Sandbox, Verdict};
use crate::{check, check_eq};

cases! {
    exec_args: &[req::CLI_EXEC_ARGS], needs &[
            CliFeature::Exec,
            CliFeature::ExecArgs,
            CliFeature::ExecCwd,
            CliFeature::ExecEnv,
            CliFeature::ExecUser,
        ];
    exec_exit_status: &[req::CLI_EXEC_EXIT_STATUS], needs &[CliFeature::Exec, CliFeature::ExecProcess];
    exec_env_cwd_user: &[req::CLI_EXEC_ENV_CWD_USER], needs &[CliFeature::Exec, CliFeature::ExecProcess];
    exec_process_file: &[req::CLI_EXEC_PROCESS_FILE], needs &[CliFeature::Exec, CliFeature::ExecProcess];
    exec_detach_pid_file: &[req::CLI_EXEC_DETACH_PID_FILE], needs &[
            CliFeature::Exec,
            CliFeature::ExecDetach,
            CliFeature::ExecPidFile,
            CliFeature::ExecProcess,
        ];
    exec_tty_console_socket: &[req::CLI_EXEC_TTY], needs &[
            CliFeature::Exec,
            CliFeature::ExecConsoleSocket,
            CliFeature::ExecDetach,
            CliFeature::ExecPidFile,
            CliFeature::ExecProcess,
            CliFeature::ExecTty,
        ];
    exec_preserve_fds: &[req::CLI_EXEC_PRESERVE_FDS], needs &[
            CliFeature::Exec,
            CliFeature::ExecPreserveFds,
            CliFeature::ExecProcess,
        ];
    exec_stopped_fails: &[req::CLI_EXEC_STOPPED_FAILS], needs &[CliFeature::Exec, CliFeature::ExecProcess];
    exec_bad_input_fails: &[req::CLI_EXEC_BAD_INPUT], needs &[
            CliFeature::Exec,
            CliFeature::ExecPidFile,
            CliFeature::ExecPreserveFds,
            CliFeature::ExecProcess,
        ];
}

fn exec_args(sb: &mut Sandbox) -> CaseResult {
    sb.suite().cli.require(CliFeature::ExecArgs)?;
    let init = running(sb)?;
    let id = sb.id.clone();
    let process = helper::Process {
        args: vec!["one".into(), "two words".into()],
    };
    let (argv, program) = helper_program(HELPER_PATH, &process);
    let mut args = vec![
        "exec",
        "--env",
        "JC_EXEC=yes",
        "--cwd",
        "/tmp",
        "--user",
        "1000:1001",
        &id,
    ];
    args.extend(argv.iter().map(String::as_str));
    let inv = sb.call(&args)?.expect_ok()?;
    let r = program.reply_on(&inv)?;
    check_eq!(r.args, argv, "argv of the exec'd process");
    check!(
        r.pid != init,
        "the exec'd process reports the container init's pid {init}"
    );
    check!(
        r.env.iter().any(|e| e == "JC_EXEC=yes"),
        "--env JC_EXEC=yes is not in the environment: {:?}",
        r.env
    );
    expect_place_and_ids(&r, "/tmp", (1000, 1001))?;
    // The helper exists only in the container's root: running it proves the root.
    expect_status(sb, "running")
}

fn exec_exit_status(sb: &mut Sandbox) -> CaseResult {
    running(sb)?;
    for code in [0, 3, 77] {
        let (inv, _) = exec(sb, &[], &helper::Exit { code })?;
        check_eq!(
            inv.exit,
            Exit::Code(code.into()),
            "exit status of `{}`",
            inv.command
        );
    }
    Ok(())
}

fn exec_env_cwd_user(sb: &mut Sandbox) -> CaseResult {
    running(sb)?;
    let (inv, program) = exec_with(sb, &[], &helper::Process::default(), |p| {
        p["env"] = json!(["PATH=/bin", "JC_EXEC=yes"]);
        p["cwd"] = json!("/tmp");
        p["user"] = json!({ "uid": 1000, "gid": 1001 });
    })?;
    let r = program.reply_on(&inv.expect_ok()?)?;
    check!(
        r.env.iter().any(|e| e == "JC_EXEC=yes"),
        "env lacks JC_EXEC=yes: {:?}",
        r.env
    );
    expect_place_and_ids(&r, "/tmp", (1000, 1001))
}

/// Checks the cwd and the (uid, gid) an exec'd process reported.
fn expect_place_and_ids(r: &ProcessReport, cwd: &str, ids: (u32, u32)) -> CaseResult {
    check_eq!(r.cwd.as_str(), cwd, "cwd");
    check_eq!((r.uid, r.gid), ids, "uid and gid");
    Ok(())
}

fn exec_process_file(sb: &mut Sandbox) -> CaseResult {
    let init = running(sb)?;
    let process = helper::Process {
        args: vec!["from-file".into()],
    };
    let (inv, program) = exec_with(sb, &[], &process, |p| {
        p["env"] = json!(["PATH=/bin", "JC_FROM=process.json"]);
    })?;
    let r = program.reply_on(&inv.expect_ok()?)?;
    check_eq!(
        r.args,
        helper_argv(HELPER_PATH, &process),
        "argv from the process file"
    );
    // runc adds HOME when the file sets none; what the file gives must be there, in order.
    let given: Vec<&String> = r
        .env
        .iter()
        .filter(|e| e.starts_with("PATH=") || e.starts_with("JC_FROM="))
        .collect();
    check_eq!(
        given,
        vec!["PATH=/bin", "JC_FROM=process.json"],
        "environment from the process file (all: {:?})",
        r.env
    );
    check!(
        r.pid != init,
        "the exec'd process reports the container init's pid {init}"
    );
    expect_status(sb, "running")
}

fn exec_detach_pid_file(sb: &mut Sandbox) -> CaseResult {
    running(sb)?;
    let (mut ready, inside) = sb.bundle.ready_fifo("exec-ready")?;
    let (pid_file, pf) = exec_detached(
        sb,
        &helper::Invocation::new(WaitSignal)
            .out("/exec-signal")
            .ready(inside),
    )?;
    // exec has returned; the process must still be there, waiting.
    ready.wait(sb.suite().event_timeout, "exec'd process")?;
    let pid = read_pid_file(&pid_file)
        .ok_or_else(|| Verdict::Fail(format!("--pid-file {pf} holds no pid")))?;
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(pid),
        nix::sys::signal::Signal::SIGUSR1,
    )
    .map_err(|e| {
        Verdict::Fail(format!(
            "the pid {pid} of --pid-file is no live process: {e}"
        ))
    })?;
    let exit = sb.wait_exit(pid)?;
    check!(exit.success(), "exec'd process ended with {exit}");
    let got = sb.read_rootfs("/exec-signal")?;
    check!(
        got.contains("USR1"),
        "the process of --pid-file is not the exec'd one (its report: {got:?})"
    );
    Ok(())
}

fn exec_tty_console_socket(sb: &mut Sandbox) -> CaseResult {
    sb.suite().cli.require(CliFeature::Exec)?;
    add_pty_support(sb)?;
    running(sb)?;
    let socket = console_socket(sb)?;
    let sock = socket.path.display().to_string();
    let pid_file = sb.dir.join("exec.pid");
    let pf = pid_file.display().to_string();
    // As conmon sends it: --tty, and a process file asking for a terminal.
    let (inv, program) = exec_with(
        sb,
        &[
            "--detach",
            "--tty",
            "--console-socket",
            &sock,
            "--pid-file",
            &pf,
        ],
        &helper::Process::default(),
        |p| p["terminal"] = json!(true),
    )?;
    inv.expect_ok()?;
    let mut master = socket.receive(sb.suite().event_timeout)?;
    let text = master.read_until(sb.suite().event_timeout, has_report)?;
    if let Some(pid) = read_pid_file(&pid_file) {
        let _ = sb.wait_exit(pid)?;
    }
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with('{') && l.ends_with('}'))
        .unwrap_or("");
    let r = program
        .parse(line)
        .map_err(|e| Verdict::Fail(format!("no report on the terminal ({e}): {text:.300?}")))?;
    check_eq!(r.isatty, [true, true, true], "isatty of fds 0, 1, 2");
    check!(
        r.controlling_terminal,
        "the terminal is not the controlling one"
    );
    Ok(())
}

/// `exec --preserve-fds 1` with descriptor 3 open on one file and 4 on another:
/// the process holds 3 (that file) and nothing else above 2. The helper finds its
/// descriptors with fcntl(2), so the check needs no /proc or fdescfs.
fn exec_preserve_fds(sb: &mut Sandbox) -> CaseResult {
    running(sb)?;
    let kept = sb.dir.join("fd3");
    let other = sb.dir.join("fd4");
    for f in [&kept, &other] {
        std::fs::write(f, "")?;
    }
    let (inv, program) = exec_with_fds(sb, &kept, &other)?;
    let r = program.reply_on(&inv.expect_ok()?)?;
    let kept_id = file_id(&kept)?;
    let three = r.fds.iter().find(|f| f.fd == 3);
    check!(
        three.is_some_and(|f| f.id == kept_id),
        "descriptor 3 did not reach the process with --preserve-fds 1 (it holds {three:?})"
    );
    let beyond: Vec<i32> = r.fds.iter().map(|f| f.fd).filter(|fd| *fd > 3).collect();
    check!(
        beyond.is_empty(),
        "descriptors {beyond:?} reached the process though --preserve-fds 1 covers only 3 \
         (the caller had 4 open too)"
    );
    Ok(())
}

fn file_id(path: &std::path::Path) -> Result<FileId, Verdict> {
    use std::os::unix::fs::MetadataExt;
    let m =
        std::fs::metadata(path).map_err(|e| Verdict::Error(format!("{}: {e}", path.display())))?;
    Ok(FileId {
        dev: m.dev(),
        ino: m.ino(),
    })
}

/// `exec --preserve-fds 1` with descriptor 3 open on `kept` and 4 on `other`; the
/// process reports its descriptors.
fn exec_with_fds(
    sb: &mut Sandbox,
    kept: &std::path::Path,
    other: &std::path::Path,
) -> Result<(Invocation, Program<helper::Descriptors>), Verdict> {
    // A shell opens the descriptors, then becomes the runtime.
    let shell = RuntimeCli {
        path: "/bin/sh".into(),
        timeout: sb.suite().runtime.timeout,
    };
    let (file, program) = process_file(sb, &helper::Descriptors, |_| {})?;
    let exec = ["exec", "--preserve-fds", "1", "--process", &file, &sb.id];
    let line = sb.runtime_line(&exec)?;
    let mut args: Vec<String> = [
        "-c",
        r#"exec 3>>"$1" 4>>"$2"; shift 2; exec "$@""#,
        "sh",
        &kept.display().to_string(),
        &other.display().to_string(),
        &sb.suite().runtime.path.display().to_string(),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.extend(line);
    let prefix = sb.dir.join("calls/exec-fds");
    let inv = sb.run_recorded(&shell, &args, &prefix)?;
    Ok((inv, program))
}

fn exec_stopped_fails(sb: &mut Sandbox) -> CaseResult {
    sb.suite().cli.require(CliFeature::Exec)?;
    sb.set_program(&helper::Exit { code: 0 });
    let exit = sb.own().run_to_exit()?;
    check!(exit.success(), "container process ended with {exit}");
    let (inv, _) = exec(sb, &[], &helper::Process::default())?;
    expect_failure(&inv, "exec into a stopped container")?;
    check!(
        !inv.first_error_line().is_empty(),
        "exec into a stopped container failed without saying why"
    );
    expect_status(sb, "stopped")
}

fn exec_bad_input_fails(sb: &mut Sandbox) -> CaseResult {
    running(sb)?;
    // Control: the same call with good input works.
    exec(sb, &[], &helper::Exit { code: 0 })?.0.expect_ok()?;
    let not_json = sb.dir.join("not-json.json");
    std::fs::write(&not_json, "args: [/integ-inside]\n")?;
    let nj = not_json.display().to_string();
    let (good, _) = process_file(sb, &helper::Exit { code: 0 }, |_| {})?;
    let pid_file = sb.dir.join("bad.pid");
    let pf = pid_file.display().to_string();
    let unknown = sb.other_id("nosuch");
    let id = sb.id.clone();
    let cases: [(&str, Vec<&str>); 3] = [
        (
            "an unknown ID",
            vec!["exec", "--pid-file", &pf, "--process", &good, &unknown],
        ),
        (
            "a process file that is not JSON",
            vec!["exec", "--pid-file", &pf, "--process", &nj, &id],
        ),
        (
            "--preserve-fds beyond the open descriptors",
            vec![
                "exec",
                "--pid-file",
                &pf,
                "--preserve-fds",
                "40",
                "--process",
                &good,
                &id,
            ],
        ),
    ];
    for (what, args) in cases {
        let inv = sb.call(&args)?;
        expect_failure(&inv, &format!("exec with {what}"))?;
        check!(
            !inv.first_error_line().is_empty(),
            "exec with {what} failed without saying why"
        );
        check!(
            !pid_file.exists(),
            "exec with {what} failed but wrote --pid-file"
        );
        expect_status(sb, "running")?;
    }
    let state = sb.container(&unknown).try_state()?;
    expect_failure(&state, "state of the unknown ID after a failed exec")
}
