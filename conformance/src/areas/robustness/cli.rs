//! Bad command-line input: container IDs that are not valid, bundles that do not
//! exist, files the runtime cannot use, signals that do not exist. Each must fail
//! with an error naming it and change nothing (runtime.md#create, runtime.md#kill).

use crate::catalogue::ReqId;
use crate::req;

use serde_json::json;

use crate::areas::robustness::refusal::{expect_named, refuses_create};
use crate::areas::support::common::start_waiting_program;
use crate::check;
use crate::harness::{CaseResult, CliFeature, Sandbox};

const BAD_ID: &[ReqId] = &[
    req::ROBUST_INVALID_ID_FAILS,
    req::LIFECYCLE_CREATE_ERROR_LEAVES_NOTHING,
    req::ROBUST_ERROR_NAMES_PROBLEM,
];
const BAD_BUNDLE: &[ReqId] = &[
    req::ROBUST_MISSING_BUNDLE_FAILS,
    req::LIFECYCLE_CREATE_ERROR_LEAVES_NOTHING,
    req::ROBUST_ERROR_NAMES_PROBLEM,
];
const BAD_PATH: &[ReqId] = &[
    req::ROBUST_BAD_CLI_PATHS_FAIL,
    req::LIFECYCLE_CREATE_ERROR_LEAVES_NOTHING,
    req::ROBUST_ERROR_NAMES_PROBLEM,
];
const BAD_SIGNAL: &[ReqId] = &[
    req::ROBUST_BAD_SIGNAL_FAILS,
    req::ROBUST_ERROR_NAMES_PROBLEM,
];

/// How an error may name the container ID as the field at fault.
pub const ID_FIELD: &[&str] = &["container id", "container-id", "container_id"];

cases! {
    id_empty: BAD_ID;
    id_with_slash: BAD_ID;
    id_dot: BAD_ID;
    id_dot_dot: BAD_ID;
    id_control_character: BAD_ID;
    id_newline: BAD_ID;
    id_1024_characters: BAD_ID;
    bundle_does_not_exist: BAD_BUNDLE;
    bundle_is_a_file: BAD_BUNDLE;
    bundle_without_config: BAD_BUNDLE;
    pid_file_in_missing_directory: BAD_PATH, needs &[CliFeature::PidFile];
    console_socket_not_a_socket: BAD_PATH, needs &[CliFeature::ConsoleSocket];
    console_socket_missing: BAD_PATH, needs &[CliFeature::ConsoleSocket];
    kill_unknown_signal_name: BAD_SIGNAL;
    kill_signal_number_too_large: BAD_SIGNAL;
    kill_signal_negative: BAD_SIGNAL;
}

/// Container ID `id` must be refused, naming it or the container ID as the field
/// at fault. (An ID with a NUL byte cannot be tried: argv strings end at NUL, so no
/// runtime can receive one.)
fn refused_id(sb: &mut Sandbox, id: &str, names: &[&str]) -> CaseResult {
    let names: Vec<&str> = names
        .iter()
        .copied()
        .chain(ID_FIELD.iter().copied())
        .collect();
    refuses_create(sb, &names, |_, call| {
        call.id = id.to_string();
        call.valid_id = false;
        Ok(())
    })
}

fn id_empty(sb: &mut Sandbox) -> CaseResult {
    refused_id(sb, "", &["empty", "missing"])
}

fn id_with_slash(sb: &mut Sandbox) -> CaseResult {
    refused_id(sb, "jc/slash", &["jc/slash"])
}

fn id_dot(sb: &mut Sandbox) -> CaseResult {
    refused_id(sb, ".", &["\".\"", "'.'"])
}

fn id_dot_dot(sb: &mut Sandbox) -> CaseResult {
    refused_id(sb, "..", &[".."])
}

fn id_control_character(sb: &mut Sandbox) -> CaseResult {
    refused_id(
        sb,
        "jc\u{1}ctl",
        &[
            "jc\u{1}ctl",
            "jc\\u{1}ctl",
            "jc\\x01ctl",
            "jc\\u0001ctl",
            "jc\\001ctl",
        ],
    )
}

fn id_newline(sb: &mut Sandbox) -> CaseResult {
    refused_id(sb, "jc\nnewline", &["jc\\nnewline", "newline"])
}

/// No file system takes a 1024-byte path component, so the ID cannot become a
/// state directory; it must be refused before anything is made.
fn id_1024_characters(sb: &mut Sandbox) -> CaseResult {
    let id = "j".repeat(1024);
    refused_id(sb, &id, &["too long", "long", "length"])
}

fn bundle_does_not_exist(sb: &mut Sandbox) -> CaseResult {
    refuses_create(sb, &["no-such-bundle"], |sb, call| {
        call.bundle = sb.dir.join("no-such-bundle");
        Ok(())
    })
}

fn bundle_is_a_file(sb: &mut Sandbox) -> CaseResult {
    refuses_create(sb, &["bundle-file", "not a directory"], |sb, call| {
        call.bundle = sb.dir.join("bundle-file");
        std::fs::write(&call.bundle, "not a bundle\n")?;
        Ok(())
    })
}

fn bundle_without_config(sb: &mut Sandbox) -> CaseResult {
    refuses_create(sb, &["config.json"], |sb, call| {
        call.bundle = sb.dir.join("empty-bundle");
        std::fs::create_dir(&call.bundle)?;
        Ok(())
    })
}

fn pid_file_in_missing_directory(sb: &mut Sandbox) -> CaseResult {
    refuses_create(sb, &["no-such-dir"], |sb, call| {
        let pid_file = sb.dir.join("no-such-dir").join("pid");
        call.flags = vec!["--pid-file".into(), pid_file.display().to_string()];
        Ok(())
    })
}

fn console_socket_not_a_socket(sb: &mut Sandbox) -> CaseResult {
    refuses_create(sb, &["not-a-socket", "socket"], |sb, call| {
        let path = sb.dir.join("not-a-socket");
        std::fs::write(&path, "a regular file\n")?;
        sb.config["process"]["terminal"] = json!(true);
        call.flags = vec!["--console-socket".into(), path.display().to_string()];
        Ok(())
    })
}

fn console_socket_missing(sb: &mut Sandbox) -> CaseResult {
    refuses_create(sb, &["no-such-socket"], |sb, call| {
        let path = sb.dir.join("no-such-socket");
        sb.config["process"]["terminal"] = json!(true);
        call.flags = vec!["--console-socket".into(), path.display().to_string()];
        Ok(())
    })
}

/// `kill ID SIGNAL` must fail, name the signal, and leave the container running
/// and unsignalled: the helper then reports the first signal it really got.
fn refused_signal(sb: &mut Sandbox, signal: &str, names: &[&str]) -> CaseResult {
    let (pid, program) = start_waiting_program(sb)?;
    let inv = sb.own().try_kill(&[signal])?;
    expect_named(sb, &inv, names)?;
    let status = sb.own().status()?;
    check!(
        status == "running",
        "after the refused kill the container is {status:?}, not running"
    );
    sb.own().try_kill(&["USR1"])?.expect_ok()?;
    let exit = sb.wait_exit(pid)?;
    check!(exit.success(), "container process ended with {exit}");
    let report = program.report(sb)?;
    check!(
        report.name == "USR1",
        "the container got {} before USR1: the refused kill reached it",
        report.name
    );
    Ok(())
}

fn kill_unknown_signal_name(sb: &mut Sandbox) -> CaseResult {
    refused_signal(sb, "SIGBOGUS", &["BOGUS"])
}

fn kill_signal_number_too_large(sb: &mut Sandbox) -> CaseResult {
    refused_signal(sb, "999", &["999"])
}

fn kill_signal_negative(sb: &mut Sandbox) -> CaseResult {
    refused_signal(sb, "-5", &["-5"])
}
