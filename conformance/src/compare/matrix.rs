//! The comparison matrix as data: requirements by spec document and area, one column
//! per run. Pure: the renderers only format it.

use std::collections::{BTreeMap, BTreeSet};

use crate::catalogue::{self, Level};
use crate::outcome::Outcome;
use crate::report::json::StoredRun;

/// The levels totals are counted for, in the order they are shown.
pub const LEVELS: [Level; 4] = [Level::Must, Level::Should, Level::May, Level::Convention];

/// One run: a column of the matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The runtime's file name.
    pub name: String,
    /// The runtime's path on the machine that ran it.
    pub path: String,
    /// `runtime --version`, first line, when it answered.
    pub version: Option<String>,
    /// `linux` or `freebsd` (lower-case OS name), for the platform filter.
    pub os: String,
    /// OS, release and architecture.
    pub platform: String,
    /// The negotiated spec version and where it came from.
    pub spec: String,
    /// When the run ended (UTC).
    pub date: String,
    /// Per level, how many requirements had each outcome.
    pub totals: Vec<(Level, BTreeMap<Outcome, usize>)>,
}

/// What one run found for one requirement.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cell {
    /// The outcome that matters most among the requirement's checks; `None` when no
    /// test of this run checked it.
    pub outcome: Option<Outcome>,
    /// The messages of the tests that gave that outcome.
    pub reasons: Vec<String>,
    /// Every test that checked the requirement, with its outcome for it.
    pub tests: Vec<(String, Outcome)>,
}

/// One requirement across all runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub id: String,
    /// `None` for a requirement this jailcheck's catalogue does not know.
    pub level: Option<Level>,
    /// The spec section, `doc#anchor`.
    pub reference: String,
    /// `all`, `linux` or `freebsd`.
    pub platforms: String,
    pub summary: String,
    pub sentence: String,
    pub cells: Vec<Cell>,
    /// Some run did not meet the requirement and another, on a platform it applies
    /// to, met it or was not judged on it (skipped, say, as it does not claim it).
    pub differ: bool,
}

/// The requirements of one area of one spec document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub doc: String,
    pub area: String,
    pub rows: Vec<Row>,
}

/// Everything the renderers show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matrix {
    pub columns: Vec<Column>,
    pub groups: Vec<Group>,
}

impl Matrix {
    /// The number of requirement rows.
    pub fn row_count(&self) -> usize {
        self.groups.iter().map(|g| g.rows.len()).sum()
    }

    /// Builds the matrix. Columns are sorted by runtime name, platform and date, rows
    /// by document, area and ID, so the same runs give the same matrix in any order.
    pub fn of(runs: &[StoredRun]) -> Matrix {
        let mut runs: Vec<&StoredRun> = runs.iter().collect();
        runs.sort_by_key(|r| (file_name(&r.runtime), platform(r), r.date.clone()));
        let ids: BTreeSet<&str> = runs
            .iter()
            .flat_map(|r| r.tests.iter())
            .flat_map(|t| t.checks.iter().map(|c| c.requirement.as_str()))
            .collect();
        let mut groups: BTreeMap<(String, String), Vec<Row>> = BTreeMap::new();
        for id in ids {
            let row = row(id, &runs);
            let doc = row
                .reference
                .split('#')
                .next()
                .unwrap_or_default()
                .to_string();
            groups.entry((doc, area(id))).or_default().push(row);
        }
        let groups: Vec<Group> = groups
            .into_iter()
            .map(|((doc, area), rows)| Group { doc, area, rows })
            .collect();
        let columns = runs
            .iter()
            .enumerate()
            .map(|(i, r)| column(r, i, &groups))
            .collect();
        Matrix { columns, groups }
    }
}

/// The area of a requirement: the first word of its ID (`mounts`, `hooks`, …).
fn area(id: &str) -> String {
    id.split('_').next().unwrap_or(id).to_string()
}

fn file_name(path: &str) -> String {
    path.rsplit('/').next().unwrap_or(path).to_string()
}

fn platform(run: &StoredRun) -> String {
    format!("{} {} {}", run.host.os, run.host.release, run.host.arch)
}

fn row(id: &str, runs: &[&StoredRun]) -> Row {
    let cells: Vec<Cell> = runs.iter().map(|r| cell(id, r)).collect();
    let known = catalogue::find(id);
    // What each run that the requirement applies to said: a run on a platform the
    // requirement is not for has nothing to say.
    let said: Vec<Option<bool>> = cells
        .iter()
        .zip(runs)
        .filter(|(_, r)| known.is_none_or(|k| applies(k.platforms, &r.host.os)))
        .filter_map(|(c, _)| c.outcome.map(met))
        .collect();
    let not_met = said.contains(&Some(false));
    let others = said.iter().any(|m| *m != Some(false));
    Row {
        id: id.to_string(),
        level: known.map(|r| r.level),
        reference: known.map_or("unknown#", |r| r.reference).to_string(),
        platforms: known.map_or("all".into(), |r| r.platforms.to_string()),
        summary: known
            .map_or("not in this jailcheck's catalogue", |r| r.summary)
            .into(),
        sentence: known.map_or("", |r| r.sentence).to_string(),
        cells,
        differ: not_met && others,
    }
}

/// Whether a requirement for `platforms` applies on a host whose OS is `os`.
fn applies(platforms: catalogue::Platforms, os: &str) -> bool {
    let os = os.to_ascii_lowercase();
    match platforms {
        catalogue::Platforms::All => true,
        catalogue::Platforms::Linux => os == "linux",
        catalogue::Platforms::FreeBsd => os == "freebsd",
    }
}

/// Whether an outcome says the requirement was met; `None` when it says nothing
/// about the runtime (skipped, harness error). A requirement newer than the
/// runtime's spec version is not met: the runtime does not claim it, and where
/// another runtime meets it, that is a difference a reader looks for.
fn met(outcome: Outcome) -> Option<bool> {
    match outcome {
        Outcome::Pass | Outcome::UnexpectedPass => Some(true),
        Outcome::Fail | Outcome::ExpectedFail | Outcome::Warn | Outcome::Newer => Some(false),
        Outcome::Skip | Outcome::Error => None,
    }
}

fn cell(id: &str, run: &StoredRun) -> Cell {
    let mut tests: Vec<(String, Outcome, Option<&String>)> = run
        .tests
        .iter()
        .flat_map(|t| {
            let checks = t.checks.iter().filter(|c| c.requirement == id);
            checks.map(|c| (t.name.clone(), c.outcome, t.message.as_ref()))
        })
        .collect();
    tests.sort();
    tests.dedup();
    let outcome = Outcome::worst(tests.iter().map(|t| t.1));
    let reasons: BTreeSet<String> = tests
        .iter()
        .filter(|t| Some(t.1) == outcome)
        .filter_map(|t| t.2.cloned())
        .collect();
    Cell {
        outcome,
        reasons: reasons.into_iter().collect(),
        tests: tests.into_iter().map(|(n, o, _)| (n, o)).collect(),
    }
}

fn column(run: &StoredRun, index: usize, groups: &[Group]) -> Column {
    let totals = LEVELS
        .iter()
        .map(|&level| {
            let mut counts = BTreeMap::new();
            let rows = groups.iter().flat_map(|g| g.rows.iter());
            for row in rows.filter(|r| r.level == Some(level)) {
                if let Some(o) = row.cells[index].outcome {
                    *counts.entry(o).or_insert(0) += 1;
                }
            }
            (level, counts)
        })
        .collect();
    Column {
        name: file_name(&run.runtime),
        path: run.runtime.clone(),
        version: run.runtime_version.clone(),
        os: run.host.os.to_lowercase(),
        platform: platform(run),
        spec: format!("{} ({})", run.spec_version.version, run.spec_version.source),
        date: run.date.clone(),
        totals,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::json::{StoredCheck, StoredHost, StoredRecord, StoredSpec};
    use Outcome::{ExpectedFail, Fail, Newer, Pass, Skip};

    fn run(runtime: &str, os: &str, tests: &[(&str, &str, Outcome)]) -> StoredRun {
        StoredRun {
            date: "2026-12-07T10:00:00Z".into(),
            runtime: runtime.into(),
            runtime_version: None,
            host: StoredHost {
                os: os.into(),
                release: "1".into(),
                arch: "x86_64".into(),
            },
            spec_version: StoredSpec {
                version: "1.3.0".into(),
                source: "features".into(),
            },
            tests: tests
                .iter()
                .map(|&(name, req, outcome)| StoredRecord {
                    name: name.into(),
                    outcome,
                    checks: vec![StoredCheck {
                        requirement: req.into(),
                        outcome,
                    }],
                    message: (outcome != Outcome::Pass).then(|| format!("{name} said no")),
                })
                .collect(),
        }
    }

    fn linux(runtime: &str, tests: &[(&str, &str, Outcome)]) -> StoredRun {
        run(runtime, "Linux", tests)
    }

    #[test]
    fn columns_and_rows_are_sorted_whatever_the_input_order() {
        let a = run("/x/zrun", "Linux", &[("t1", "state_id", Outcome::Pass)]);
        let b = run(
            "/y/arun",
            "FreeBSD",
            &[("t2", "hooks_order_within_kind", Outcome::Fail)],
        );
        let m1 = Matrix::of(&[a.clone(), b.clone()]);
        let m2 = Matrix::of(&[b, a]);
        assert_eq!(m1, m2);
        let names: Vec<&str> = m1.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["arun", "zrun"]);
        assert_eq!(m1.columns[0].os, "freebsd");
        let areas: Vec<&str> = m1.groups.iter().map(|g| g.area.as_str()).collect();
        assert_eq!(areas, ["hooks", "state"]);
        assert_eq!(m1.groups[0].doc, "config.md");
        assert_eq!(m1.groups[0].rows[0].cells[1], Cell::default());
    }

    #[test]
    fn a_row_differs_when_one_run_did_not_meet_it_and_another_did_or_was_not_judged() {
        const KILL: &str = "kill_signal_names_cli";
        const DOMAIN: &str = "identity_domainname";
        let a = linux(
            "/a/one",
            &[
                ("t1", "state_id", Pass),
                ("t2", KILL, Pass),
                ("t3", DOMAIN, Pass),
            ],
        );
        let b = linux(
            "/b/two",
            &[
                ("t1", "state_id", ExpectedFail),
                ("t2", KILL, Skip),
                ("t3", DOMAIN, Newer),
                ("t4", "hooks_order_within_kind", Fail),
            ],
        );
        let a = StoredRun {
            tests: [
                a.tests,
                linux("", &[("t4", "hooks_order_within_kind", Skip)]).tests,
            ]
            .concat(),
            ..a
        };
        // A Linux requirement: a FreeBSD run's skip says nothing, so no difference.
        let c = run("/c/bsd", "FreeBSD", &[("t5", "state_pid_linux", Skip)]);
        let d = linux("/d/lin", &[("t5", "state_pid_linux", Fail)]);
        let m = Matrix::of(&[a, b, c, d]);
        let differ = |id: &str| {
            let rows = m.groups.iter().flat_map(|g| g.rows.iter());
            rows.filter(|r| r.id == id).map(|r| r.differ).next()
        };
        assert_eq!(differ("state_id"), Some(true));
        assert_eq!(differ(KILL), Some(false));
        assert_eq!(differ(DOMAIN), Some(true));
        // One run did not meet it; the other skipped it (did not claim it).
        assert_eq!(differ("hooks_order_within_kind"), Some(true));
        assert_eq!(differ("state_pid_linux"), Some(false));
    }

    #[test]
    fn a_cell_keeps_the_worst_outcome_its_reasons_and_every_test() {
        let r = linux(
            "/a/one",
            &[("t1", "state_id", Pass), ("t2", "state_id", Fail)],
        );
        let m = Matrix::of(&[r]);
        let cell = &m.groups[0].rows[0].cells[0];
        assert_eq!(cell.outcome, Some(Outcome::Fail));
        assert_eq!(cell.reasons, ["t2 said no"]);
        assert_eq!(cell.tests.len(), 2);
        let must = &m.columns[0].totals[0];
        assert_eq!(must.0, Level::Must);
        assert_eq!(must.1.get(&Outcome::Fail), Some(&1));
    }
}
