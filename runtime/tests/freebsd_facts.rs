//! The FreeBSD facts ledger (fixtures/freebsd/facts.md) stays checkable: every
//! entry cites a freebsd-src file and names a unit test that exists in the
//! workspace's sources. Pure file reading, so it runs on every OS.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// One `### F-...` entry: its id, the line it starts on, and its lines.
struct Entry {
    id: String,
    line: usize,
    body: Vec<String>,
}

/// The entries of the ledger's text, in order.
fn entries(text: &str) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    let mut open = false;
    for (i, line) in text.lines().enumerate() {
        if let Some(id) = line.strip_prefix("### ") {
            out.push(Entry {
                id: id.trim().to_string(),
                line: i + 1,
                body: Vec::new(),
            });
            open = true;
        } else if line.starts_with("## ") || line.starts_with("# ") {
            open = false;
        } else if open {
            if let Some(e) = out.last_mut() {
                e.body.push(line.to_string());
            }
        }
    }
    out
}

/// The test names an entry's `- test:` lines give (the word after `test:`).
fn test_names(e: &Entry) -> Vec<String> {
    e.body
        .iter()
        .filter_map(|l| l.trim().strip_prefix("- test:"))
        .filter_map(|rest| rest.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

/// What is wrong with each entry, given the set of `fn` names in the sources.
fn problems(text: &str, defined: &BTreeSet<String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for e in entries(text) {
        let at = format!("facts.md:{} {}", e.line, e.id);
        if !e.id.starts_with("F-") || e.id.len() < 3 {
            out.push(format!("{at}: the id must be F-<short-kebab-id>"));
        }
        if !seen.insert(e.id.clone()) {
            out.push(format!("{at}: the id is used twice"));
        }
        let sources = e
            .body
            .iter()
            .filter(|l| {
                l.trim()
                    .strip_prefix("- source: freebsd-src ")
                    .is_some_and(|p| !p.trim().is_empty())
            })
            .count();
        if sources == 0 {
            out.push(format!("{at}: no `- source: freebsd-src <path>` line"));
        }
        let tests = test_names(&e);
        if tests.is_empty() {
            out.push(format!("{at}: no `- test:` line"));
        }
        for t in tests {
            if !defined.contains(&t) {
                out.push(format!("{at}: test {t} is not a `fn` in the sources"));
            }
        }
    }
    out
}

/// Every name written after `fn ` in `text`.
fn fn_names(text: &str, into: &mut BTreeSet<String>) {
    for (i, _) in text.match_indices("fn ") {
        let before = text[..i].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let name: String = text[i + 3..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            into.insert(name);
        }
    }
}

/// The `.rs` files under `dir`, skipping build output and hidden directories.
fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    let Ok(read) = fs::read_dir(dir) else { return };
    for entry in read.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if name != "target" && !name.starts_with('.') {
                rust_files(&path, into);
            }
        } else if name.ends_with(".rs") {
            into.push(path);
        }
    }
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn defined_fns() -> BTreeSet<String> {
    let mut files = Vec::new();
    for crate_dir in ["runtime", "conformance", "integ-inside"] {
        rust_files(&workspace().join(crate_dir), &mut files);
    }
    let mut names = BTreeSet::new();
    for f in files {
        if let Ok(text) = fs::read_to_string(&f) {
            fn_names(&text, &mut names);
        }
    }
    names
}

#[test]
fn every_fact_cites_freebsd_src_and_a_real_test() {
    let path = workspace().join("fixtures/freebsd/facts.md");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let count = entries(&text).len();
    assert!(count > 0, "{}: no `### F-` entries", path.display());
    let bad = problems(&text, &defined_fns());
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn the_ledger_check_finds_each_kind_of_gap() {
    let defined: BTreeSet<String> = ["real_test".to_string()].into();
    let text = "\
# Ledger
## jail parameters
### F-good
A fact.
- source: freebsd-src sys/kern/kern_jail.c
- test: real_test (runtime/src/x.rs)
### F-no-source
- source: somewhere else
- test: real_test (runtime/src/x.rs)
### F-no-test
- source: freebsd-src sys/kern/kern_jail.c
### F-ghost-test
- source: freebsd-src sys/kern/kern_jail.c
- test: no_such_test (runtime/src/x.rs)
### F-good
- source: freebsd-src a
- test: real_test (b)
";
    let bad = problems(text, &defined);
    let want = [
        "facts.md:7 F-no-source: no `- source: freebsd-src <path>` line",
        "facts.md:10 F-no-test: no `- test:` line",
        "facts.md:12 F-ghost-test: test no_such_test is not a `fn` in the sources",
        "facts.md:15 F-good: the id is used twice",
    ];
    assert_eq!(bad, want);
}

#[test]
fn fn_names_skips_words_ending_in_fn() {
    let mut names = BTreeSet::new();
    fn_names(
        "pub fn alpha() {}\nlet myfn beta; async fn gamma_2(",
        &mut names,
    );
    let want: BTreeSet<String> = ["alpha", "gamma_2"].map(String::from).into();
    assert_eq!(names, want);
}
