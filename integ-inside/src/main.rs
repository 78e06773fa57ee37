//! `integ-inside`: the static helper that runs inside containers and reports what it
//! sees as one JSON document (see the crate's lib for the report types).
//!
//! Rules for this binary: numeric ids only (no NSS), the environment only through
//! `environ`, children only through `fork` (no `std::process::Command`), and no
//! platform API without a `cfg` for the platforms that lack it.

mod act;
mod cli;
mod failure;
mod observe;
mod output;
mod sys;

use cli::Command;
use failure::Failure;
use output::Output;
use std::io::Write;

fn main() {
    let args: Vec<String> = sys::arguments().into_iter().skip(1).collect();
    let code = match cli::parse(&args).and_then(|inv| run(inv.command, &Output::new(inv.output))) {
        Ok(code) => code,
        Err(failure) => {
            eprintln!("integ-inside: {failure}");
            failure.code
        }
    };
    std::process::exit(code);
}

/// Runs one subcommand; returns the exit code.
fn run(command: Command, output: &Output) -> Result<i32, Failure> {
    match command {
        Command::Process => output.emit(&observe::process::observe()?)?,
        Command::Descriptors => output.emit(&observe::descriptors::observe()?)?,
        Command::Identity => output.emit(&observe::identity::observe())?,
        Command::Mounts => output.emit(&observe::mounts::observe()?)?,
        Command::Network => output.emit(&observe::network::observe()?)?,
        Command::Jail => output.emit(&observe::jail::observe())?,
        Command::Exit(code) => return Ok(code),
        Command::WaitSignal => {
            act::signals::block_all()?;
            output.ready()?;
            output.emit(&act::signals::wait_one()?)?;
        }
        Command::Spawn(children) => return act::spawn::spawn(children, output),
        Command::WriteFile { path, content } => {
            output.emit(&act::files::write_file(&path, &content))?
        }
        Command::ReadFile { path } => output.emit(&act::files::read_file(&path))?,
        Command::Paths(paths) => output.emit(&act::files::paths(&paths))?,
        Command::Sysv => output.emit(&act::sysv::sysv())?,
        Command::Connect {
            address,
            raw,
            message,
        } => output.emit(&act::net::connect(&raw, address, &message))?,
        Command::Listen { address, raw } => {
            output.emit(&act::net::listen(&raw, address, output)?)?
        }
        Command::Hook {
            label,
            exit,
            block,
            kill_parent,
            probes,
        } => return act::hook::hook(&label, exit, block, kill_parent, &probes, output),
        Command::TtyEcho => output.emit(&act::tty::echo()?)?,
        Command::Sleep => {
            output.ready()?;
            act::signals::pause_forever()
        }
        Command::Help => {
            // A closed pipe (`integ-inside help | head`) is not worth a panic.
            let _ = writeln!(std::io::stdout(), "{}", cli::USAGE);
        }
    }
    Ok(0)
}
