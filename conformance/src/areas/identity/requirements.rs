//! The requirements of the identity area: what its tests check, as data (see
//! `crate::catalogue` for the fields and `crate::req` for every constant).

use crate::catalogue::prelude::*;

requirements! {
    IDENTITY_HOSTNAME = req!("identity_hostname", Must, "config.md#hostname", All, "the container sees the configured hostname",
        "hostname (string, OPTIONAL) specifies the container's hostname as seen by processes running inside the container.", APPLIED, V1_0_0);
    IDENTITY_DOMAINNAME = req!("identity_domainname", Must, "config.md#domainname", All, "the container sees the configured domainname",
        "domainname (string, OPTIONAL) specifies the container's domainname as seen by processes running inside the container.", APPLIED, V1_1_0);
}
