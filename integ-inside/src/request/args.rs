//! Both directions of every subcommand's arguments, side by side: typed fields to
//! argv (for the suite) and argv to typed fields (for the helper).

use super::*;
use std::path::Path;

/// A request's arguments after the subcommand word, written and parsed.
pub(super) trait Args: Request + Sized {
    /// The arguments as they go on the command line.
    fn params(&self) -> Vec<String>;
    /// Parses the arguments; a usage failure (exit 2) when they do not fit.
    fn from_params(params: &[String]) -> Result<Self, Failure>;
}

/// Subcommands without arguments.
macro_rules! no_params {
    ($($request:ident),*) => {$(
        impl Args for $request {
            fn params(&self) -> Vec<String> {
                Vec::new()
            }
            fn from_params(params: &[String]) -> Result<Self, Failure> {
                match params.first() {
                    None => Ok($request),
                    Some(extra) => Err(Failure::usage(
                        Self::NAME,
                        format!("unexpected argument {extra:?}"),
                    )),
                }
            }
        }
    )*};
}

no_params!(
    Identity,
    Mounts,
    Network,
    Jail,
    Descriptors,
    WaitSignal,
    Sysv,
    TtyEcho,
    Sleep,
    Help
);

impl Args for Process {
    fn params(&self) -> Vec<String> {
        self.args.clone()
    }
    // `process` takes any arguments: they are what it reports.
    fn from_params(params: &[String]) -> Result<Self, Failure> {
        Ok(Process {
            args: params.to_vec(),
        })
    }
}

/// Subcommands with exactly one argument: its field, its name in the usage text,
/// and how it is read.
macro_rules! one_param {
    ($($request:ident { $field:ident: $shape:literal, $read:expr })*) => {$(
        impl Args for $request {
            fn params(&self) -> Vec<String> {
                vec![Param::write(&self.$field)]
            }
            fn from_params(params: &[String]) -> Result<Self, Failure> {
                let [param] = exact(Self::NAME, params, $shape)?;
                Ok($request {
                    $field: $read(Self::NAME, param)?,
                })
            }
        }
    )*};
}

one_param! {
    Exit { code: "CODE", exit_code }
    Spawn { children: "N", spawn_count }
    ReadFile { path: "PATH", path }
    Listen { address: "ADDR", socket_address }
}

/// Subcommands with one argument and an optional text after it (`None` when
/// absent: the helper then uses its default).
macro_rules! param_and_text {
    ($($request:ident { $field:ident, $text:ident: $shape:literal, $read:expr })*) => {$(
        impl Args for $request {
            fn params(&self) -> Vec<String> {
                let first = Param::write(&self.$field);
                [first].into_iter().chain(self.$text.clone()).collect()
            }
            fn from_params(params: &[String]) -> Result<Self, Failure> {
                let (first, text) = one_or_two(Self::NAME, params, $shape)?;
                Ok($request {
                    $field: $read(Self::NAME, first)?,
                    $text: text.map(str::to_string),
                })
            }
        }
    )*};
}

param_and_text! {
    WriteFile { path, content: "PATH [CONTENT]", path }
    Connect { address, message: "ADDR [MESSAGE]", socket_address }
}

/// One typed argument as command-line text.
trait Param {
    fn write(&self) -> String;
}

impl Param for PathBuf {
    fn write(&self) -> String {
        text(self)
    }
}

macro_rules! display_param {
    ($($type:ty),*) => {$(
        impl Param for $type {
            fn write(&self) -> String {
                self.to_string()
            }
        }
    )*};
}

display_param!(u8, u32, SocketAddr);

impl Args for Paths {
    fn params(&self) -> Vec<String> {
        self.paths.iter().map(|path| text(path)).collect()
    }
    fn from_params(params: &[String]) -> Result<Self, Failure> {
        if params.is_empty() {
            // As before typed requests: `paths` alone is no subcommand.
            return Err(Failure::usage(
                Self::NAME,
                "unknown subcommand (see --help)",
            ));
        }
        Ok(Paths {
            paths: params.iter().map(PathBuf::from).collect(),
        })
    }
}

impl Args for Hook {
    fn params(&self) -> Vec<String> {
        let mut args = vec![self.label.clone()];
        if self.exit != 0 {
            args.extend(["--exit".to_string(), self.exit.to_string()]);
        }
        let flags = [
            (self.block, "--block"),
            (self.kill_parent, "--kill-parent"),
            (self.probes.container_mounts, "--container-mounts"),
        ];
        args.extend(
            flags
                .iter()
                .filter(|(on, _)| *on)
                .map(|(_, f)| f.to_string()),
        );
        if let Some((fifo, seconds)) = &self.probes.await_fifo {
            args.extend(["--await".to_string(), text(fifo), seconds.to_string()]);
        }
        if let Some(file) = &self.probes.pid_file {
            args.extend(["--probe-pid-file".to_string(), text(file)]);
        }
        args
    }
    fn from_params(params: &[String]) -> Result<Self, Failure> {
        let Some((label, mut rest)) = params.split_first() else {
            return Err(Failure::usage(
                Self::NAME,
                "needs LABEL [--exit CODE] [--block] [--kill-parent] [probes]",
            ));
        };
        let mut hook = Hook {
            label: label.clone(),
            ..Hook::default()
        };
        while let Some((first, tail)) = rest.split_first() {
            rest = tail;
            match first.as_str() {
                "--exit" => {
                    let (code, tail) = value(rest, "hook --exit", "CODE")?;
                    hook.exit = exit_code("hook --exit", code)?;
                    rest = tail;
                }
                "--block" => hook.block = true,
                "--kill-parent" => hook.kill_parent = true,
                "--container-mounts" => hook.probes.container_mounts = true,
                "--await" => {
                    let (fifo, tail) = value(rest, "hook --await", "FIFO")?;
                    let (secs, tail) = value(tail, "hook --await", "SECONDS")?;
                    let secs = secs.parse().map_err(|_| {
                        Failure::usage(
                            "hook --await",
                            format!("{secs:?} is not a number of seconds"),
                        )
                    })?;
                    hook.probes.await_fifo = Some((PathBuf::from(fifo), secs));
                    rest = tail;
                }
                "--probe-pid-file" => {
                    let (file, tail) = value(rest, "hook --probe-pid-file", "FILE")?;
                    hook.probes.pid_file = Some(PathBuf::from(file));
                    rest = tail;
                }
                other => {
                    return Err(Failure::usage(
                        Self::NAME,
                        format!("unexpected argument {other:?}"),
                    ))
                }
            }
        }
        Ok(hook)
    }
}

/// A path as an argument (argv in config.json is UTF-8 text).
pub(super) fn text(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// The value that follows an option.
pub(super) fn value<'a>(
    tail: &'a [String],
    option: &str,
    what: &str,
) -> Result<(&'a str, &'a [String]), Failure> {
    match tail.split_first() {
        Some((v, rest)) => Ok((v.as_str(), rest)),
        None => Err(Failure::usage(option, format!("needs {what}"))),
    }
}

fn exact<'a, const N: usize>(
    name: &str,
    params: &'a [String],
    shape: &str,
) -> Result<[&'a str; N], Failure> {
    let strs: Vec<&str> = params.iter().map(String::as_str).collect();
    <[&str; N]>::try_from(strs).map_err(|_| Failure::usage(name, format!("usage: {name} {shape}")))
}

fn one_or_two<'a>(
    name: &str,
    params: &'a [String],
    shape: &str,
) -> Result<(&'a str, Option<&'a str>), Failure> {
    match params {
        [a] => Ok((a, None)),
        [a, b] => Ok((a, Some(b))),
        _ => Err(Failure::usage(name, format!("usage: {name} {shape}"))),
    }
}

fn path(_: &str, text: &str) -> Result<PathBuf, Failure> {
    Ok(PathBuf::from(text))
}

fn spawn_count(what: &str, text: &str) -> Result<u32, Failure> {
    match text.parse::<u32>() {
        Ok(children) if children <= MAX_SPAWN => Ok(children),
        _ => Err(Failure::usage(
            what,
            format!("{text:?} is not a count of children (0-{MAX_SPAWN})"),
        )),
    }
}

fn exit_code(what: &str, text: &str) -> Result<u8, Failure> {
    text.parse::<u8>()
        .map_err(|_| Failure::usage(what, format!("{text:?} is not an exit code (0-255)")))
}

fn socket_address(what: &str, text: &str) -> Result<SocketAddr, Failure> {
    text.parse().map_err(|_| {
        Failure::usage(
            what,
            format!("{text:?} is not IPv4:PORT or [IPv6]:PORT (no host names)"),
        )
    })
}
