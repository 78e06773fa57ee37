//! `--list-requirements`: the catalogue, with the tests covering each requirement.

use std::fmt::Write;

use crate::areas;
use crate::catalogue::{self, Basis, Level, ReqId};
use crate::negotiation::JudgedVersion;

/// The spec version first (a requirement newer than it is marked: its tests are
/// not run), then one line per requirement: ID, level, reference, platforms,
/// summary, tests; then the MUSTs that no test covers yet.
pub fn render(spec: &JudgedVersion) -> String {
    let all = areas::all();
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", super::version_sentence(spec));
    let mut uncovered = Vec::new();
    for req in catalogue::all() {
        let tests: Vec<&str> = all
            .iter()
            .filter(|(_, c)| c.requirements.contains(&req.id))
            .map(|(n, _)| n.as_str())
            .collect();
        if tests.is_empty() && req.level == Level::Must {
            uncovered.push(req.id);
        }
        let basis = match req.basis {
            Basis::Stated => "stated".to_string(),
            Basis::Derived(why) => format!("derived: {why}"),
        };
        let _ = writeln!(
            out,
            "{:<36} {:<10} {:<34} {:<7} since {}{} {}\n{:>48} level {basis}\n{:>48} tests: {}",
            req.id,
            req.level,
            req.reference,
            req.platforms,
            req.since,
            if req.since > spec.version {
                " (newer: not run)"
            } else {
                ""
            },
            req.summary,
            "",
            "",
            if tests.is_empty() {
                "(none)".to_string()
            } else {
                tests.join(", ")
            }
        );
    }
    let _ = writeln!(
        out,
        "\n{} requirements; MUSTs without a test: {}",
        catalogue::all().count(),
        if uncovered.is_empty() {
            "none".to_string()
        } else {
            ReqId::list(uncovered)
        }
    );
    out.push_str(&crate::spec_index::coverage_lines());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::version::V1_0_0;
    use crate::catalogue::ReqId;
    use crate::negotiation::VersionSource;
    use crate::req;

    #[test]
    fn the_listing_shows_the_version_and_marks_newer_requirements() {
        let spec = JudgedVersion {
            version: V1_0_0,
            source: VersionSource::Version,
            why: "spec: 1.0.0".into(),
        };
        let text = render(&spec);
        assert!(
            text.starts_with("judged against runtime-spec 1.0.0 (source: --version; spec: 1.0.0)"),
            "{text:.300}"
        );
        let line = |id: ReqId| {
            text.lines()
                .find(|l| l.starts_with(&format!("{id} ")))
                .unwrap_or_default()
                .to_string()
        };
        assert!(line(req::IDENTITY_DOMAINNAME).contains("since 1.1.0 (newer: not run)"));
        assert!(!line(req::IDENTITY_HOSTNAME).contains("newer"));
        let at_target = render(&JudgedVersion::target());
        assert!(!at_target.contains("(newer: not run)"));
    }
}
