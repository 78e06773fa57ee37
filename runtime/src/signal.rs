//! Signal names and numbers as `kill` accepts them.

use thiserror::Error;

/// A signal `kill` was asked to send, by its number.
pub type SignalNumber = i32;

/// Why a signal argument was refused.
#[derive(Debug, Error, PartialEq, Eq)]
#[error("unknown signal {0:?}")]
pub struct SignalError(pub String);

/// Named signals common to Linux and FreeBSD, plus each platform's own.
const NAMES: &[(&str, i32)] = &[
    ("HUP", libc::SIGHUP),
    ("INT", libc::SIGINT),
    ("QUIT", libc::SIGQUIT),
    ("ILL", libc::SIGILL),
    ("TRAP", libc::SIGTRAP),
    ("ABRT", libc::SIGABRT),
    ("IOT", libc::SIGABRT),
    ("BUS", libc::SIGBUS),
    ("FPE", libc::SIGFPE),
    ("KILL", libc::SIGKILL),
    ("USR1", libc::SIGUSR1),
    ("SEGV", libc::SIGSEGV),
    ("USR2", libc::SIGUSR2),
    ("PIPE", libc::SIGPIPE),
    ("ALRM", libc::SIGALRM),
    ("TERM", libc::SIGTERM),
    ("CHLD", libc::SIGCHLD),
    ("CONT", libc::SIGCONT),
    ("STOP", libc::SIGSTOP),
    ("TSTP", libc::SIGTSTP),
    ("TTIN", libc::SIGTTIN),
    ("TTOU", libc::SIGTTOU),
    ("URG", libc::SIGURG),
    ("XCPU", libc::SIGXCPU),
    ("XFSZ", libc::SIGXFSZ),
    ("VTALRM", libc::SIGVTALRM),
    ("PROF", libc::SIGPROF),
    ("WINCH", libc::SIGWINCH),
    ("IO", libc::SIGIO),
    ("SYS", libc::SIGSYS),
    #[cfg(target_os = "linux")]
    ("POLL", libc::SIGPOLL),
    #[cfg(target_os = "linux")]
    ("PWR", libc::SIGPWR),
    #[cfg(target_os = "linux")]
    ("STKFLT", libc::SIGSTKFLT),
    #[cfg(target_os = "freebsd")]
    ("EMT", libc::SIGEMT),
    #[cfg(target_os = "freebsd")]
    ("INFO", libc::SIGINFO),
    #[cfg(target_os = "freebsd")]
    ("THR", libc::SIGTHR),
    #[cfg(target_os = "freebsd")]
    ("LIBRT", libc::SIGLIBRT),
];

/// Highest signal number the platform accepts.
#[cfg(target_os = "linux")]
const MAX_SIGNAL: i32 = 64;
#[cfg(not(target_os = "linux"))]
const MAX_SIGNAL: i32 = 128;

/// Parses `TERM`, `SIGTERM`, `sigterm` or `15` into a signal number.
pub fn parse(text: &str) -> Result<SignalNumber, SignalError> {
    let bad = || SignalError(text.to_string());
    if let Ok(n) = text.parse::<i32>() {
        return if (1..=MAX_SIGNAL).contains(&n) {
            Ok(n)
        } else {
            Err(bad())
        };
    }
    let upper = text.to_ascii_uppercase();
    let name = upper.strip_prefix("SIG").unwrap_or(&upper);
    NAMES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, num)| *num)
        .ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_in_any_case_with_or_without_sig() {
        for text in ["TERM", "SIGTERM", "sigterm", "term", "SigTerm", "15"] {
            assert_eq!(parse(text), Ok(libc::SIGTERM), "{text}");
        }
        assert_eq!(parse("KILL"), Ok(libc::SIGKILL));
        assert_eq!(parse("usr1"), Ok(libc::SIGUSR1));
        assert_eq!(parse("9"), Ok(9));
    }

    #[test]
    fn refuses_unknown_and_out_of_range() {
        for text in ["", "SIG", "NOPE", "0", "-1", "999", "SIG15", "1.5"] {
            assert!(parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn every_name_in_the_table_parses_to_its_number() {
        for (name, number) in NAMES {
            assert_eq!(parse(name), Ok(*number), "{name}");
        }
    }
}
