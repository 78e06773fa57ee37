//! The broken modes of the identity area: faults the self-test's wrapper runtime adds
//! to a working one, each with the requirements whose tests must catch it (see
//! `crate::broken_mode`), and the MUSTs of the area no mode breaks.

use crate::broken_mode::edit::remove;
use crate::broken_mode::{Mode, Unbroken};
use crate::req;

/// The modes that break this area's requirements.
pub(crate) static MODES: &[Mode] = &[
    Mode::config(
        "ignore-hostname",
        &[req::IDENTITY_HOSTNAME],
        "removes hostname",
        |c, _| remove(c, "", "hostname"),
    ),
    Mode::config(
        "drop-domainname",
        &[req::IDENTITY_DOMAINNAME],
        "removes domainname",
        |c, _| remove(c, "", "domainname"),
    ),
];

/// The MUSTs of this area no mode breaks, and why.
pub(crate) static UNBROKEN: &[Unbroken] = &[];
