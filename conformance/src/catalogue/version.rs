//! Versions of the runtime spec, for version-aware verdicts: each requirement records
//! the release that introduced or last changed it, and a runtime declares the release
//! it implements.

use std::fmt;

/// A runtime-spec release, `major.minor.patch` (pre-release tags are ignored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SpecVersion {
    pub major: u16,
    pub minor: u16,
    pub patch: u16,
}

/// The releases the catalogue cites.
pub const V1_0_0: SpecVersion = SpecVersion::new(1, 0, 0);
pub const V1_0_1: SpecVersion = SpecVersion::new(1, 0, 1);
pub const V1_0_2: SpecVersion = SpecVersion::new(1, 0, 2);
pub const V1_1_0: SpecVersion = SpecVersion::new(1, 1, 0);
pub const V1_2_0: SpecVersion = SpecVersion::new(1, 2, 0);
pub const V1_2_1: SpecVersion = SpecVersion::new(1, 2, 1);
pub const V1_3_0: SpecVersion = SpecVersion::new(1, 3, 0);

/// The release this suite's catalogue follows.
pub const TARGET: SpecVersion = V1_3_0;

impl SpecVersion {
    /// A version from its three numbers.
    pub const fn new(major: u16, minor: u16, patch: u16) -> SpecVersion {
        SpecVersion {
            major,
            minor,
            patch,
        }
    }

    /// Parses `1.2.0`, `v1.2`, `1.0.2-dev`, `1.3.0+dev`; `None` when it is not a
    /// version.
    pub fn parse(text: &str) -> Option<SpecVersion> {
        let t = text.trim();
        let t = t.strip_prefix('v').unwrap_or(t);
        let core = t.split(['-', '+']).next()?;
        let mut parts = core.split('.');
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next()?.parse().ok()?;
        let patch = match parts.next() {
            Some(p) => p.parse().ok()?,
            None => 0,
        };
        if parts.next().is_some() {
            return None;
        }
        Some(SpecVersion::new(major, minor, patch))
    }
}

impl fmt::Display for SpecVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

impl serde::Serialize for SpecVersion {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_release_and_dev_forms() {
        assert_eq!(SpecVersion::parse("1.2.0"), Some(V1_2_0));
        assert_eq!(SpecVersion::parse("v1.1"), Some(V1_1_0));
        assert_eq!(SpecVersion::parse("1.0.2-dev"), Some(V1_0_2));
        assert_eq!(SpecVersion::parse("1.3.0+dev"), Some(V1_3_0));
        assert_eq!(SpecVersion::parse("runc"), None);
        assert_eq!(SpecVersion::parse("1.2.3.4"), None);
        assert_eq!(SpecVersion::parse(""), None);
    }

    #[test]
    fn orders_by_number_not_text() {
        assert!(SpecVersion::new(1, 10, 0) > V1_2_0);
        assert!(V1_0_2 < V1_1_0);
        assert_eq!(V1_3_0.to_string(), "1.3.0");
    }
}
