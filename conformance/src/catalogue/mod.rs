//! The requirement catalogue: what the suite checks, as data.
//!
//! Each requirement has a stable snake_case ID, the spec document and section it
//! comes from (runtime-spec v1.3.0), its RFC 2119 level, the platforms it applies to,
//! a one-line summary in our own words, the words of the spec sentence it rests on,
//! whether that sentence states the level or the level is derived (and why), and the
//! spec release that introduced or last changed it. Tests name the IDs they check.

/// Declares requirements: one typed constant per requirement and the area's list.
///
/// ```text
/// requirements! {
///     /// optional comments
///     STATE_ID = req!("state_id", Level, "doc#anchor", Platforms, "summary",
///                     "sentence", Basis, SINCE);
/// }
/// ```
///
/// `sentence` is a verbatim fragment of the spec sentence (Markdown stripped) found in
/// the section `doc#anchor`, or of the runc manual for a CONVENTION; `Basis` is
/// `Stated` or `Derived("one-line justification")`; `SINCE` a `version::V…` constant.
/// The constant (`req::STATE_ID`) is what cases, broken modes and the spec index name,
/// so a misspelled requirement does not compile; the ID string is written only here.
macro_rules! requirements {
    ($($(#[$meta:meta])* $name:ident = req!($id:literal, $level:expr, $reference:literal,
        $platforms:expr, $summary:literal, $sentence:literal, $basis:expr, $since:expr);)*) => {
        $(
            #[doc = $summary]
            $(#[$meta])*
            pub const $name: $crate::catalogue::ReqId = $crate::catalogue::ReqId::declare($id);
        )*
        /// This area's requirements, in catalogue order.
        pub(in $crate::areas) static ALL: &[$crate::catalogue::Requirement] = &[$(
            $crate::catalogue::Requirement {
                id: $name,
                level: $level,
                reference: $reference,
                platforms: $platforms,
                summary: $summary,
                sentence: $sentence,
                basis: $basis,
                since: $since,
            },
        )*];
        #[cfg(test)]
        #[test]
        fn constant_names_spell_their_ids() {
            $(assert_eq!(stringify!($name).to_ascii_lowercase(), $id);)*
        }
    };
}

pub mod basis;
mod req_id;
pub mod version;

use std::fmt;

pub use req_id::ReqId;
pub use version::SpecVersion;

/// Every requirement the suite knows, area by area (each area's `requirements.rs`).
pub fn all() -> impl Iterator<Item = &'static Requirement> {
    crate::areas::REQUIREMENT_LISTS
        .iter()
        .flat_map(|part| part.iter())
}

/// What an area's `requirements.rs` needs to write its entries.
pub mod prelude {
    pub use super::basis::*;
    pub use super::version::*;
    pub use super::Basis::{Derived, Stated};
    pub use super::Level::{Convention, May, Must, Should};
    pub use super::Platforms::{All, FreeBsd, Linux};
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

/// Where a requirement's level comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The sentence itself carries the RFC 2119 keyword (MUST, REQUIRED, SHOULD, …).
    Stated,
    /// The sentence has no keyword of that level; the justification says where the
    /// level comes from (usually a MUST of runtime.md that applies the configuration).
    Derived(&'static str),
}

/// One requirement of the spec (or of the runc CLI convention).
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Requirement {
    pub id: ReqId,
    pub level: Level,
    /// `document#anchor` in runtime-spec v1.3.0, or `runc-cli#…` for conventions.
    pub reference: &'static str,
    pub platforms: Platforms,
    pub summary: &'static str,
    /// Verbatim words of the sentence the requirement rests on.
    pub sentence: &'static str,
    /// Whether that sentence states the level, or why the level is derived.
    pub basis: Basis,
    /// The spec release that introduced or last changed the requirement.
    pub since: SpecVersion,
}

/// Looks a requirement up by ID.
pub fn find(id: &str) -> Option<&'static Requirement> {
    all().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_snake_case() {
        let mut seen = HashSet::new();
        for r in all() {
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

    #[test]
    fn every_requirement_says_where_its_level_comes_from() {
        for r in all() {
            if r.level != Level::Convention {
                assert!(!r.sentence.is_empty(), "{} cites no sentence", r.id);
            }
            if let Basis::Derived(why) = r.basis {
                assert!(
                    why.len() > 20,
                    "{}: derived level without a justification",
                    r.id
                );
            }
            if r.level == Level::Convention {
                assert!(
                    matches!(r.basis, Basis::Derived(_)) && r.reference.starts_with("runc-cli#"),
                    "{}: a convention is not in the spec, so its level is derived",
                    r.id
                );
            }
            // A stated level must be the keyword of that level.
            if r.basis == Basis::Stated {
                let keyword = match r.level {
                    Level::Must => ["MUST", "REQUIRED"].iter().any(|k| r.sentence.contains(k)),
                    Level::Should => r.sentence.contains("SHOULD"),
                    Level::May => r.sentence.contains("MAY"),
                    Level::Convention => false,
                };
                assert!(
                    keyword,
                    "{}: level stated, but the sentence lacks its keyword",
                    r.id
                );
            }
            assert!(
                r.since >= version::V1_0_0 && r.since <= version::TARGET,
                "{}: since {} is not a release up to {}",
                r.id,
                r.since,
                version::TARGET
            );
        }
    }
}
