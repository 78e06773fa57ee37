//! jailcheck: the conformance suite.
