//! Terminal: process.terminal with a console socket, consoleSize, and the runc
//! CLI rules that pair terminal with --console-socket (config.md#process).

use crate::req;


use integ_inside::request::{Process, TtyEcho, WriteFile};
use integ_inside::{ProcessReport, Request, WinSize};
use serde::de::DeserializeOwned;
use serde_json::json;

use crate::areas::support::common::expect_failure;
use crate::areas::support::control::{self, Upto};
use crate::areas::support::terminal::{add_pty_support, console_socket, has_report};
use crate::harness::runtime::console::PtyMaster;
use crate::harness::sandbox::Program;
use crate::harness::CliFeature;
use crate::harness::{CaseResult, Sandbox, Verdict};
use crate::{check, check_eq};

cases! {
    input_and_output_through_console_socket: &[req::TERMINAL_CONSOLE_SOCKET, req::TERMINAL_PTY], needs &[CliFeature::ConsoleSocket];
    standard_streams_are_terminal: &[req::TERMINAL_PTY], needs &[CliFeature::ConsoleSocket];
    controlling_terminal: &[req::TERMINAL_CONTROLLING], needs &[CliFeature::ConsoleSocket];
    console_size_applied: &[req::TERMINAL_CONSOLE_SIZE], needs &[CliFeature::ConsoleSocket];
    console_size_ignored_without_terminal: &[req::TERMINAL_CONSOLE_SIZE_IGNORED];
    terminal_without_console_socket_fails: &[req::TERMINAL_NEEDS_CONSOLE_SOCKET], needs &[CliFeature::ConsoleSocket];
    console_socket_without_terminal_fails: &[req::TERMINAL_CONSOLE_SOCKET_NEEDS_TERMINAL], needs &[CliFeature::ConsoleSocket];
}

/// Creates the main container with a terminal and the console socket, receives the
/// pty master, and starts it with the helper making `request`.
fn start_on_terminal<R: Request>(sb: &mut Sandbox, request: &R) -> Result<OnTerminal<R>, Verdict> {
    let socket = console_socket(sb)?;
    add_pty_support(sb)?;
    sb.config["process"]["terminal"] = json!(true);
    let program = sb.set_program(request);
    let path = socket.path.display().to_string();
    sb.own()
        .try_create(&["--console-socket", &path])?
        .expect_ok()?;
    let master = socket.receive(sb.suite().event_timeout)?;
    let pid = sb.own().pid()?;
    sb.own().start()?;
    Ok(OnTerminal {
        master,
        pid,
        program,
    })
}

/// The program started on its terminal: the pty master, its pid, and the handle
/// of the request it makes, which fixes the report [`finish`] reads.
struct OnTerminal<R> {
    master: PtyMaster,
    pid: i32,
    program: Program<R>,
}

/// Reads the helper's report from the terminal, waits for the exit, deletes.
fn finish<R: Request>(sb: &mut Sandbox, mut on: OnTerminal<R>) -> Result<R::Reply, Verdict>
where
    R::Reply: DeserializeOwned,
{
    let text = on.master.read_until(sb.suite().event_timeout, has_report)?;
    let exit = sb.wait_exit(on.pid)?;
    check!(
        exit.success(),
        "program ended with {exit}; terminal: {text:.300?}"
    );
    sb.own().delete()?;
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with('{') && l.ends_with('}'))
        .unwrap_or("");
    on.program.parse(line).map_err(|e| {
        Verdict::Fail(format!(
            "no helper report on the terminal ({e}): {text:.300?}"
        ))
    })
}

/// Runs `process` on a terminal and returns its report.
fn process_on_terminal(sb: &mut Sandbox) -> Result<ProcessReport, Verdict> {
    let on = start_on_terminal(sb, &Process::default())?;
    finish(sb, on)
}

fn input_and_output_through_console_socket(sb: &mut Sandbox) -> CaseResult {
    let mut on = start_on_terminal(sb, &TtyEcho)?;
    on.master.write_all("typed at the terminal\n")?;
    let r = finish(sb, on)?;
    check_eq!(
        r.line.as_str(),
        "typed at the terminal",
        "the line the program read from its terminal"
    );
    check!(
        sb.container_stdout().is_empty(),
        "with a terminal the program wrote to create's stdout: {:.200}",
        sb.container_stdout()
    );
    Ok(())
}

fn standard_streams_are_terminal(sb: &mut Sandbox) -> CaseResult {
    let r = process_on_terminal(sb)?;
    check_eq!(r.isatty, [true, true, true], "isatty(0, 1, 2)");
    Ok(())
}

fn controlling_terminal(sb: &mut Sandbox) -> CaseResult {
    let r = process_on_terminal(sb)?;
    check!(
        r.controlling_terminal,
        "the terminal is not the process's controlling terminal"
    );
    Ok(())
}

fn console_size_applied(sb: &mut Sandbox) -> CaseResult {
    sb.config["process"]["consoleSize"] = json!({"height": 37, "width": 101});
    let r = process_on_terminal(sb)?;
    check_eq!(
        r.terminal_size,
        Some(WinSize {
            rows: 37,
            cols: 101
        }),
        "terminal size"
    );
    Ok(())
}

fn console_size_ignored_without_terminal(sb: &mut Sandbox) -> CaseResult {
    sb.config["process"]["consoleSize"] = json!({"height": 37, "width": 101});
    let r = sb.ask(&Process::default())?;
    check_eq!(r.isatty, [false, false, false], "isatty(0, 1, 2)");
    Ok(())
}

fn terminal_without_console_socket_fails(sb: &mut Sandbox) -> CaseResult {
    add_pty_support(sb)?;
    sb.config["process"]["terminal"] = json!(true);
    // The control: the same bundle with a console socket is accepted.
    let socket = console_socket(sb)?;
    let path = socket.path.display().to_string();
    let timeout = sb.suite().event_timeout;
    control::accepted_with(sb, Upto::Create, &["--console-socket", &path], |_, _| {
        socket.receive(timeout).map(drop)
    })?;
    sb.set_program(&WriteFile::new("/ran"));
    let create = sb.own().try_create(&[])?;
    if create.ok() {
        let start = sb.own().try_start()?;
        expect_failure(
            &start,
            "create and start with terminal but no --console-socket",
        )?;
    }
    check!(
        !sb.bundle.rootfs.join("ran").exists(),
        "the program ran with terminal true and no console socket"
    );
    Ok(())
}

fn console_socket_without_terminal_fails(sb: &mut Sandbox) -> CaseResult {
    control::accepted(sb, Upto::Create, &[])?;
    let socket = console_socket(sb)?;
    sb.set_program(&WriteFile::new("/ran"));
    let path = socket.path.display().to_string();
    let create = sb.own().try_create(&["--console-socket", &path])?;
    expect_failure(&create, "create with --console-socket and terminal false")
}
