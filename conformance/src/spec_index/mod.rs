//! The spec statement index: every normative statement of runtime-spec v1.3.0 that
//! binds a runtime on a POSIX platform or FreeBSD (runtime.md, bundle.md, config.md,
//! config-freebsd.md, features.md), in our own words, each mapped to the catalogue
//! requirements that test it or marked not testable with the reason.
//!
//! The catalogue says what the suite checks; the index says what the spec asks, so
//! a statement with no requirement cannot hide.

/// One normative statement of the spec.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Statement {
    /// `document#anchor` in runtime-spec v1.3.0 (GitHub heading anchors).
    pub reference: &'static str,
    /// The RFC 2119 keyword the sentence uses (MUST, MUST NOT, REQUIRED, SHOULD,
    /// SHOULD NOT, MAY; OPTIONAL for a field description that binds when present).
    pub keyword: &'static str,
    /// What the statement asks, paraphrased.
    pub says: &'static str,
    pub cover: Cover,
}

/// How a statement is covered.
#[derive(Debug, Clone, Copy, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cover {
    /// The catalogue requirements whose tests check it.
    Requirements(&'static [crate::catalogue::ReqId]),
    /// Why no test can check it (whom it binds, what cannot be observed).
    NotTestable(&'static str),
}

macro_rules! stmt {
    ($reference:literal, $keyword:literal, $says:literal, [$($id:path),+ $(,)?]) => {
        $crate::spec_index::Statement {
            reference: $reference,
            keyword: $keyword,
            says: $says,
            cover: $crate::spec_index::Cover::Requirements(&[$($id),+]),
        }
    };
    ($reference:literal, $keyword:literal, $says:literal, untestable $why:literal) => {
        $crate::spec_index::Statement {
            reference: $reference,
            keyword: $keyword,
            says: $says,
            cover: $crate::spec_index::Cover::NotTestable($why),
        }
    };
}

mod bundle;
mod config;
mod config_freebsd;
mod features;
mod runtime;
mod view;

pub use view::{coverage_lines, markdown_section};

/// The documents indexed, in the order they are shown.
pub const DOCUMENTS: &[&str] = &[
    "runtime.md",
    "bundle.md",
    "config.md",
    "config-freebsd.md",
    "features.md",
];

/// Every indexed statement, document by document.
pub fn statements() -> impl Iterator<Item = &'static Statement> {
    runtime::STATEMENTS
        .iter()
        .chain(bundle::STATEMENTS)
        .chain(config::STATEMENTS)
        .chain(config_freebsd::STATEMENTS)
        .chain(features::STATEMENTS)
}

impl Statement {
    /// The document part of the reference.
    pub fn document(&self) -> &'static str {
        self.reference.split('#').next().unwrap_or(self.reference)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::ReqId;
    use crate::{areas, catalogue};

    const KEYWORDS: &[&str] = &[
        "MUST",
        "MUST NOT",
        "REQUIRED",
        "SHALL",
        "SHALL NOT",
        "SHOULD",
        "SHOULD NOT",
        "MAY",
        "OPTIONAL",
    ];

    /// The index's promise: each statement has requirements that exist and are
    /// tested, or a reason it cannot be tested.
    #[test]
    fn every_statement_has_a_tested_requirement_or_a_reason() {
        let tests = areas::all();
        let mut problems = Vec::new();
        for s in statements() {
            let at = format!("{} {:?}", s.reference, s.says);
            match s.cover {
                Cover::Requirements([]) => {
                    problems.push(format!("{at}: no requirement and no reason"))
                }
                Cover::Requirements(ids) => {
                    for id in ids {
                        if catalogue::find(id).is_none() {
                            problems.push(format!("{at}: unknown requirement {id}"));
                        } else if !tests.iter().any(|(_, c)| c.requirements.contains(id)) {
                            problems.push(format!("{at}: requirement {id} has no test"));
                        }
                    }
                }
                Cover::NotTestable(why) if why.trim().len() < 10 => {
                    problems.push(format!("{at}: not testable without a real reason"))
                }
                Cover::NotTestable(_) => {}
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn references_and_keywords_are_well_formed() {
        for s in statements() {
            assert!(DOCUMENTS.contains(&s.document()), "{}", s.reference);
            let anchor = s.reference.split_once('#').map(|(_, a)| a).unwrap_or("");
            assert!(
                !anchor.is_empty()
                    && anchor
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{} has no GitHub heading anchor",
                s.reference
            );
            assert!(
                KEYWORDS.contains(&s.keyword),
                "{}: {}",
                s.reference,
                s.keyword
            );
            assert!(!s.says.is_empty());
        }
    }

    /// Statement counts per document, as indexed from the v1.3.0 text: a change of
    /// the index that drops statements has to change this too.
    #[test]
    fn every_document_is_indexed() {
        let count = |doc: &str| statements().filter(|s| s.document() == doc).count();
        assert_eq!(count("runtime.md"), 64);
        assert_eq!(count("bundle.md"), 2);
        assert_eq!(count("config.md"), 88);
        assert_eq!(count("config-freebsd.md"), 36);
        assert_eq!(count("features.md"), 16);
    }

    /// Every tested requirement of the catalogue that is not a runc convention traces
    /// back to at least one indexed statement, or to config-linux.md or runtime-linux.md
    /// (Linux-only documents, outside this index).
    #[test]
    fn every_spec_requirement_is_indexed() {
        let indexed: Vec<ReqId> = statements()
            .filter_map(|s| match s.cover {
                Cover::Requirements(ids) => Some(ids),
                Cover::NotTestable(_) => None,
            })
            .flatten()
            .copied()
            .collect();
        let tests = areas::all();
        let missing: Vec<ReqId> = catalogue::all()
            .filter(|r| r.level != catalogue::Level::Convention)
            // Untested ones are listed by --list-requirements as "without a test".
            .filter(|r| tests.iter().any(|(_, c)| c.requirements.contains(&r.id)))
            .filter(|r| !r.reference.starts_with("config-linux.md"))
            .filter(|r| !r.reference.starts_with("runtime-linux.md"))
            .filter(|r| !indexed.contains(&r.id))
            .map(|r| r.id)
            .collect();
        assert!(missing.is_empty(), "not in the index: {missing:?}");
    }
}
