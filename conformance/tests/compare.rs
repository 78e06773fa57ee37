//! `jailcheck compare` as users call it: fixed reports of jailrun and runc on Linux
//! and jailrun on FreeBSD (fixtures/reports/) give the same Markdown and HTML every
//! time, in any order of the arguments.

use std::path::{Path, PathBuf};
use std::process::Command;

use jailcheck::compare::{html, markdown, Matrix};
use jailcheck::report::json;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/reports")
        .join(name)
}

const REPORTS: [&str; 3] = [
    "runc-linux.json",
    "jailrun-freebsd.json",
    "jailrun-linux.json",
];

fn matrix(names: &[&str]) -> Matrix {
    let runs: Vec<json::StoredRun> = names
        .iter()
        .map(|n| json::read(&fixture(n)).expect("fixture reads"))
        .collect();
    Matrix::of(&runs)
}

#[test]
fn markdown_of_three_runs() {
    insta::assert_snapshot!("three_runs_markdown", markdown::render(&matrix(&REPORTS)));
}

#[test]
fn html_of_three_runs() {
    insta::assert_snapshot!("three_runs_html", html::render(&matrix(&REPORTS)));
}

#[test]
fn markdown_of_jailrun_and_runc() {
    let m = matrix(&["jailrun-linux.json", "runc-linux.json"]);
    insta::assert_snapshot!("jailrun_runc_markdown", markdown::render(&m));
}

#[test]
fn every_runc_deviation_in_the_fixture_is_a_differing_row() {
    // Expected failures, a SHOULD warning and a requirement newer than runc's spec.
    let m = matrix(&["jailrun-linux.json", "runc-linux.json"]);
    let differing: Vec<&str> = m
        .groups
        .iter()
        .flat_map(|g| &g.rows)
        .filter(|r| r.differ)
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(
        differing,
        [
            "hooks_poststart_timing",
            "identity_domainname",
            "process_env_exact",
            "delete_not_stopped_fails"
        ]
    );
}

#[test]
fn the_page_references_nothing_outside_itself() {
    let page = html::render(&matrix(&REPORTS));
    for external in ["src=", "<link", "@import", "url("] {
        assert!(!page.contains(external), "the page has {external}");
    }
}

#[test]
fn the_command_writes_what_the_library_renders_whatever_the_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (md, page) = (dir.path().join("m.md"), dir.path().join("m.html"));
    let mut reversed = REPORTS;
    reversed.reverse();
    let status = Command::new(env!("CARGO_BIN_EXE_jailcheck"))
        .arg("compare")
        .args(reversed.iter().map(|n| fixture(n)))
        .arg("--markdown")
        .arg(&md)
        .arg("--html")
        .arg(&page)
        .status()
        .expect("jailcheck runs");
    assert!(status.success());
    let m = matrix(&REPORTS);
    assert_eq!(
        std::fs::read_to_string(&md).ok(),
        Some(markdown::render(&m))
    );
    assert_eq!(std::fs::read_to_string(&page).ok(), Some(html::render(&m)));
}

#[test]
fn a_report_of_another_schema_is_refused_in_one_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old = dir.path().join("old.json");
    let text = std::fs::read_to_string(fixture("runc-linux.json")).expect("fixture");
    std::fs::write(&old, text.replace("\"schema\": 1", "\"schema\": 2")).expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_jailcheck"))
        .arg("compare")
        .arg(fixture("jailrun-linux.json"))
        .arg(&old)
        .output()
        .expect("jailcheck runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err,
        format!(
            "jailcheck: {}: report schema 2, but this jailcheck reads schema 1 only\n",
            old.display()
        )
    );
}
