//! `jailcheck compare REPORT.json…`: several runs side by side, as a Markdown matrix
//! and one self-contained HTML page. The output depends only on the reports read
//! (sorted, no timestamps of its own), so it can be committed and diffed.

pub mod html;
pub mod markdown;
pub mod matrix;

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::Parser;

use crate::catalogue::version::TARGET;
use crate::outcome::Outcome;
use crate::report::json;
pub use matrix::Matrix;

/// `jailcheck compare`: reads reports written by `jailcheck --report` (from any
/// machine) and writes the conformance matrix of their runtimes. Without --markdown
/// or --html, the Markdown goes to standard output.
#[derive(Debug, Parser)]
#[command(name = "jailcheck compare", bin_name = "jailcheck compare")]
pub struct CompareCli {
    /// JSON reports written by `jailcheck --report`.
    #[arg(value_name = "REPORT.json", required = true)]
    pub reports: Vec<PathBuf>,
    /// Write the Markdown matrix here.
    #[arg(long, value_name = "OUT.md")]
    pub markdown: Option<PathBuf>,
    /// Write the HTML page here.
    #[arg(long, value_name = "OUT.html")]
    pub html: Option<PathBuf>,
}

/// Reads the reports and writes what `cli` asks for; the Markdown is returned when
/// no output file was named.
pub fn run(cli: &CompareCli) -> Result<Option<String>, String> {
    let runs = cli
        .reports
        .iter()
        .map(|p| json::read(p))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    let matrix = Matrix::of(&runs);
    let write = |path: &PathBuf, text: String| {
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
    };
    if let Some(p) = &cli.markdown {
        write(p, markdown::render(&matrix))?;
    }
    if let Some(p) = &cli.html {
        write(p, html::render(&matrix))?;
    }
    let to_stdout = cli.markdown.is_none() && cli.html.is_none();
    Ok(to_stdout.then(|| markdown::render(&matrix)))
}

/// The versioned spec section a catalogue reference (`doc#anchor`) points at;
/// `None` for references outside the runtime-spec (runc's command line, unknown).
pub fn spec_link(reference: &str) -> Option<String> {
    let (doc, anchor) = reference.split_once('#')?;
    doc.ends_with(".md").then(|| {
        format!("https://github.com/opencontainers/runtime-spec/blob/v{TARGET}/{doc}#{anchor}")
    })
}

/// A short name for an outcome, as the matrix cells show it.
pub fn label(outcome: Option<Outcome>) -> &'static str {
    match outcome {
        None => "not tested",
        Some(Outcome::Pass) => "pass",
        Some(Outcome::Fail) => "FAIL",
        Some(Outcome::Warn) => "warn",
        Some(Outcome::UnexpectedPass) => "unexpected pass",
        Some(Outcome::ExpectedFail) => "expected fail",
        Some(Outcome::Newer) => "newer",
        Some(Outcome::Skip) => "skip",
        Some(Outcome::Error) => "error",
    }
}

/// A level's counts in one line, weightiest outcome first: `3 FAIL, 40 pass`.
pub fn totals_text(counts: &BTreeMap<Outcome, usize>) -> String {
    let parts: Vec<String> = Outcome::BY_WEIGHT
        .iter()
        .filter_map(|o| counts.get(o).map(|n| format!("{n} {}", label(Some(*o)))))
        .collect();
    if parts.is_empty() {
        "none".to_string()
    } else {
        parts.join(", ")
    }
}

/// Text made safe for HTML, in element content and in quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_references_link_to_the_versioned_section_and_conventions_do_not() {
        assert_eq!(
            spec_link("config.md#mounts").as_deref(),
            Some("https://github.com/opencontainers/runtime-spec/blob/v1.3.0/config.md#mounts")
        );
        assert_eq!(spec_link("runc-cli#kill"), None);
        assert_eq!(spec_link("unknown#"), None);
    }

    #[test]
    fn totals_put_failures_first_and_escape_is_attribute_safe() {
        let counts = BTreeMap::from([(Outcome::Pass, 4), (Outcome::Fail, 1)]);
        assert_eq!(totals_text(&counts), "1 FAIL, 4 pass");
        assert_eq!(totals_text(&BTreeMap::new()), "none");
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
