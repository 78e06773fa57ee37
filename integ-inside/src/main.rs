//! `integ-inside`: the static helper that runs inside containers and reports what it
//! sees as one JSON document (see the crate's lib for the report types).
//!
//! Rules for this binary: numeric ids only (no NSS), the environment only through
//! `environ`, children only through `fork` (no `std::process::Command`), and no
//! platform API without a `cfg` for the platforms that lack it.

mod act;
mod observe;
mod output;
mod sys;

use integ_inside::failure::{self, Failure};
use integ_inside::request::{self, Command};
use output::Output;
use std::io::Write;

fn main() {
    let args: Vec<String> = sys::arguments().into_iter().skip(1).collect();
    let code =
        match request::parse(&args).and_then(|inv| run(inv.command, &Output::new(inv.output))) {
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
        Command::Process(_) => output.emit(&observe::process::observe()?)?,
        Command::Descriptors(_) => output.emit(&observe::descriptors::observe()?)?,
        Command::Identity(_) => output.emit(&observe::identity::observe())?,
        Command::Mounts(_) => output.emit(&observe::mounts::observe()?)?,
        Command::Network(_) => output.emit(&observe::network::observe()?)?,
        Command::Jail(_) => output.emit(&observe::jail::observe())?,
        Command::Exit(exit) => return Ok(i32::from(exit.code)),
        Command::WaitSignal(_) => {
            act::signals::block_all()?;
            output.ready()?;
            output.emit(&act::signals::wait_one()?)?;
        }
        Command::Spawn(spawn) => return act::spawn::spawn(spawn.children, output),
        Command::WriteFile(write) => {
            let content = write.content.as_deref();
            let content = content.unwrap_or(request::WriteFile::DEFAULT_CONTENT);
            output.emit(&act::files::write_file(&write.path, content))?
        }
        Command::ReadFile(read) => output.emit(&act::files::read_file(&read.path))?,
        Command::Paths(paths) => output.emit(&act::files::paths(&paths.paths))?,
        Command::Sysv(_) => output.emit(&act::sysv::sysv())?,
        Command::Connect(connect) => {
            let message = connect.message.as_deref();
            let message = message.unwrap_or(request::Connect::DEFAULT_MESSAGE);
            output.emit(&act::net::connect(connect.address, message))?
        }
        Command::Listen(listen) => output.emit(&act::net::listen(listen.address, output)?)?,
        Command::Hook(hook) => return act::hook::hook(&hook, output),
        Command::TtyEcho(_) => output.emit(&act::tty::echo()?)?,
        Command::Sleep(_) => {
            output.ready()?;
            act::signals::pause_forever()
        }
        Command::Help(_) => {
            // A closed pipe (`integ-inside help | head`) is not worth a panic.
            let _ = writeln!(std::io::stdout(), "{}", request::USAGE);
        }
    }
    Ok(0)
}
