//! The parts of CLI11 (ocijail's parser) the wrapper reproduces: options and
//! subcommands, parsing, its checks, its error messages and exit codes, and its
//! help layout.

use crate::commands::{GLOBAL, SUBS};

/// CLI11's exit codes for the errors the wrapper reproduces.
pub(crate) const VALIDATION_ERROR: u8 = 105;
pub(crate) const REQUIRED_ERROR: u8 = 106;
pub(crate) const EXCLUDES_ERROR: u8 = 108;
pub(crate) const EXTRAS_ERROR: u8 = 109;

/// An option: names as CLI11 prints them, and whether it takes a value.
pub(crate) struct Opt {
    pub(crate) names: &'static [&'static str],
    /// CLI11's type column (`TEXT`, `INT`, …); `None` for a flag. `:DIR` and
    /// `:PATH` are CLI11's ExistingDirectory and ExistingPath checks.
    pub(crate) kind: Option<&'static str>,
    /// CLI11's `->required()`.
    pub(crate) required: bool,
    pub(crate) help: &'static str,
}

/// A subcommand with its options and positionals (`(name, required, help)`).
pub(crate) struct Sub {
    pub(crate) name: &'static str,
    pub(crate) about: &'static str,
    pub(crate) opts: &'static [Opt],
    pub(crate) positionals: &'static [(&'static str, bool, &'static str)],
}

pub(crate) const fn opt(
    names: &'static [&'static str],
    kind: Option<&'static str>,
    help: &'static str,
) -> Opt {
    Opt {
        names,
        kind,
        required: false,
        help,
    }
}

/// A required option.
pub(crate) const fn required(
    names: &'static [&'static str],
    kind: &'static str,
    help: &'static str,
) -> Opt {
    Opt {
        names,
        kind: Some(kind),
        required: true,
        help,
    }
}

/// Options given (by their last name) and positionals, for one level.
#[derive(Default)]
pub(crate) struct Given {
    pub(crate) opts: Vec<(&'static str, String)>,
    pub(crate) positionals: Vec<String>,
    pub(crate) extras: Vec<String>,
    pub(crate) help: bool,
}

impl Given {
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.opts
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A CLI11 error: its message and exit code.
pub(crate) struct Cli11(pub(crate) String, pub(crate) u8);

/// Parses one level's options (`--name value`, `--name=value`, `-n value`);
/// positionals beyond `max_positionals` and unknown options are extras.
pub(crate) fn parse(
    opts: &'static [Opt],
    args: &[String],
    max_positionals: usize,
) -> Result<Given, Cli11> {
    let mut given = Given::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "-h" || a == "--help" {
            given.help = true;
            continue;
        }
        if !a.starts_with('-') || a == "-" {
            if given.positionals.len() < max_positionals {
                given.positionals.push(a.clone());
            } else {
                given.extras.push(a.clone());
            }
            continue;
        }
        let (name, inline) = match a.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (a.as_str(), None),
        };
        let Some(o) = opts.iter().find(|o| o.names.contains(&name)) else {
            given.extras.push(a.clone());
            continue;
        };
        let last = o.long();
        let value = match (o.kind, inline) {
            (None, _) => "true".to_string(),
            (Some(_), Some(v)) => v,
            (Some(_), None) => it
                .next()
                .cloned()
                .ok_or_else(|| Cli11(format!("{last}: 1 required TEXT missing"), 114))?,
        };
        given.opts.push((last, value));
    }
    Ok(given)
}

impl Opt {
    /// The name options are known by here: the long one (CLI11 lists it first).
    pub(crate) fn long(&self) -> &'static str {
        self.names
            .iter()
            .copied()
            .find(|n| n.starts_with("--"))
            .unwrap_or(self.names[0])
    }
}

/// CLI11's ExistingDirectory (`TEXT:DIR`) and ExistingPath (`TEXT:PATH`) checks.
pub(crate) fn check_paths(sub: &Sub, given: &Given) -> Result<(), Cli11> {
    for o in sub.opts {
        let Some(value) = given.get(o.long()) else {
            continue;
        };
        let path = std::path::Path::new(value);
        let problem = match o.kind {
            Some(k) if k.ends_with(":DIR") && !path.is_dir() => "Directory does not exist",
            Some(k) if k.ends_with(":PATH") && !path.exists() => "Path does not exist",
            _ => continue,
        };
        return Err(Cli11(
            format!("{}: {problem}: {value}", o.long()),
            VALIDATION_ERROR,
        ));
    }
    Ok(())
}

pub(crate) fn extras(extras: &[String]) -> Cli11 {
    Cli11(
        format!(
            "The following arguments were not expected: {}",
            extras.join(" ")
        ),
        EXTRAS_ERROR,
    )
}

pub(crate) fn option_lines(opts: &[Opt]) -> String {
    let mut out =
        String::from("Options:\n  -h,--help                   Print this help message and exit\n");
    for o in opts {
        let left = format!(
            "{}{}{}",
            o.names.join(","),
            o.kind.map(|k| format!(" {k}")).unwrap_or_default(),
            if o.required { " REQUIRED" } else { "" }
        );
        if left.len() < 26 {
            out.push_str(&format!("  {left:26}  {}\n", o.help));
        } else {
            out.push_str(&format!("  {left}\n  {:26}  {}\n", "", o.help));
        }
    }
    out
}

pub(crate) fn top_help() -> String {
    let mut out =
        String::from("ocijail: Yet another OCI runtime\nUsage: ocijail [OPTIONS] SUBCOMMAND\n\n");
    out.push_str(&option_lines(GLOBAL));
    out.push_str("\nSubcommands:\n");
    for s in SUBS {
        out.push_str(&format!("  {:26}  {}\n", s.name, s.about));
    }
    out
}

pub(crate) fn sub_help(sub: &Sub) -> String {
    let names: Vec<&str> = sub.positionals.iter().map(|(n, _, _)| *n).collect();
    let mut out = format!(
        "{}\nUsage: ocijail {} [OPTIONS] {}\n\n",
        sub.about,
        sub.name,
        names.join(" ")
    );
    if !sub.positionals.is_empty() {
        out.push_str("Positionals:\n");
        for (name, required, help) in sub.positionals {
            let left = format!("{name} TEXT{}", if *required { " REQUIRED" } else { "" });
            out.push_str(&format!("  {left:26}  {help}\n"));
        }
        out.push('\n');
    }
    out.push_str(&option_lines(sub.opts));
    out
}
