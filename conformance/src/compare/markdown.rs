//! The comparison matrix as Markdown (GitHub renders the `<details>` in cells).

use std::fmt::Write;

use super::matrix::{Cell, Matrix, Row};
use super::{escape, label, spec_link, totals_text};

/// The runs, the totals per level, then one table per spec document and area.
pub fn render(m: &Matrix) -> String {
    let mut out = String::from("# jailcheck conformance matrix\n\n");
    out.push_str("| # | runtime | version | platform | spec version | date |\n");
    out.push_str("|---|---|---|---|---|---|\n");
    for (i, c) in m.columns.iter().enumerate() {
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} | {} |",
            i + 1,
            cell_text(&c.path),
            cell_text(c.version.as_deref().unwrap_or("(no --version)")),
            cell_text(&c.platform),
            cell_text(&c.spec),
            cell_text(&c.date)
        );
    }
    let differ = m.groups.iter().flat_map(|g| &g.rows).filter(|r| r.differ);
    let _ = writeln!(
        out,
        "\n{} requirements; {} where runtimes differ (marked ≠).\n\n## Totals per level\n",
        m.row_count(),
        differ.count()
    );
    out.push_str(&header("level", m));
    for (i, (level, _)) in m
        .columns
        .first()
        .map_or(&[][..], |c| &c.totals)
        .iter()
        .enumerate()
    {
        let counts: Vec<String> = m
            .columns
            .iter()
            .map(|c| totals_text(&c.totals[i].1))
            .collect();
        let _ = writeln!(out, "| {level} | {} |", counts.join(" | "));
    }
    for g in &m.groups {
        let _ = writeln!(out, "\n## {} · {}\n", g.doc, g.area);
        out.push_str(&header("requirement | level", m));
        for row in &g.rows {
            out.push_str(&row_line(row));
        }
    }
    out
}

/// A table header: `first`, then one column per run (named by number and runtime).
fn header(first: &str, m: &Matrix) -> String {
    let names: Vec<String> = m
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{} {} ({})", i + 1, cell_text(&c.name), c.os))
        .collect();
    let rule = "---|".repeat(first.matches('|').count() + 1 + names.len());
    format!("| {first} | {} |\n|{rule}\n", names.join(" | "))
}

fn row_line(row: &Row) -> String {
    let id = match spec_link(&row.reference) {
        Some(url) => format!("[`{}`]({url})", row.id),
        None => format!("`{}` ({})", row.id, cell_text(&row.reference)),
    };
    let mark = if row.differ { "≠ " } else { "" };
    let level = row.level.map_or("?".to_string(), |l| l.to_string());
    let cells: Vec<String> = row.cells.iter().map(cell).collect();
    format!(
        "| {mark}{id}: {} | {level} | {} |\n",
        cell_text(&row.summary),
        cells.join(" | ")
    )
}

/// The outcome, with its reasons and tests behind a click.
fn cell(c: &Cell) -> String {
    let word = label(c.outcome);
    let word = if word == "FAIL" { "**FAIL**" } else { word };
    if c.tests.is_empty() {
        return word.to_string();
    }
    let mut inside: Vec<String> = c.reasons.iter().map(|r| escape(r)).collect();
    inside.extend(
        c.tests
            .iter()
            .map(|(name, o)| format!("<code>{}</code> {}", escape(name), label(Some(*o)))),
    );
    format!(
        "<details><summary>{word}</summary>{}</details>",
        cell_text(&inside.join("<br>"))
    )
}

/// Text safe inside a table cell: no pipes, no line breaks.
fn cell_text(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}
