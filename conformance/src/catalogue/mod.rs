//! The requirement catalogue: what the suite checks, as data.
//!
//! Each requirement has a stable snake_case ID, the spec document and section it
//! comes from (runtime-spec v1.3.0), its RFC 2119 level, the platforms it applies to
//! and a one-line summary in our own words. Tests name the IDs they check.

mod entries;
mod entries_robustness;

use std::fmt;

/// Every requirement: the spec areas, then robustness.
pub static CATALOGUE: &[Requirement] = &join::<
    { entries::CATALOGUE.len() + entries_robustness::ROBUSTNESS.len() },
>(entries::CATALOGUE, entries_robustness::ROBUSTNESS);

/// `a` then `b`, at compile time (N must be their total length).
const fn join<const N: usize>(a: &[Requirement], b: &[Requirement]) -> [Requirement; N] {
    let mut out = [a[0]; N];
    let mut i = 0;
    while i < N {
        out[i] = if i < a.len() { a[i] } else { b[i - a.len()] };
        i += 1;
    }
    out
}

/// How binding a requirement is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub enum Level {
    Must,
    Should,
    May,
    /// A habit of the runc command line that engines rely on; not in the spec.
    Convention,
}

impl Level {
    /// Whether a failure of this level fails the run (exit status 1).
    pub fn is_binding(self) -> bool {
        matches!(self, Level::Must | Level::Convention)
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Must => "MUST",
            Level::Should => "SHOULD",
            Level::May => "MAY",
            Level::Convention => "CONVENTION",
        })
    }
}

/// The platforms a requirement applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Platforms {
    All,
    Linux,
    FreeBsd,
}

impl Platforms {
    /// Whether the requirement applies on the host the suite runs on.
    pub fn includes_host(self) -> bool {
        match self {
            Platforms::All => true,
            Platforms::Linux => cfg!(target_os = "linux"),
            Platforms::FreeBsd => cfg!(target_os = "freebsd"),
        }
    }
}

impl fmt::Display for Platforms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Platforms::All => "all",
            Platforms::Linux => "linux",
            Platforms::FreeBsd => "freebsd",
        })
    }
}

/// One requirement of the spec (or of the runc CLI convention).
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Requirement {
    pub id: &'static str,
    pub level: Level,
    /// `document#anchor` in runtime-spec v1.3.0, or `runc-cli#…` for conventions.
    pub reference: &'static str,
    pub platforms: Platforms,
    pub summary: &'static str,
}

/// Looks a requirement up by ID.
pub fn find(id: &str) -> Option<&'static Requirement> {
    CATALOGUE.iter().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_snake_case() {
        let mut seen = HashSet::new();
        for r in CATALOGUE {
            assert!(seen.insert(r.id), "duplicate requirement {}", r.id);
            assert!(
                r.id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{} is not snake_case",
                r.id
            );
            assert!(r.reference.contains('#'), "{} lacks an anchor", r.id);
            assert!(!r.summary.is_empty());
        }
    }
}
