//! Identity: hostname and domainname (config.md#hostname, #domainname).

use crate::req;

use integ_inside::request::Identity;
use integ_inside::IdentityReport;
use serde_json::json;

use crate::check_eq;
use crate::harness::{CaseResult, Sandbox};

cases! {
    hostname: &[req::IDENTITY_HOSTNAME];
    domainname: &[req::IDENTITY_DOMAINNAME];
}

fn hostname(sb: &mut Sandbox) -> CaseResult {
    sb.config["hostname"] = json!("jailcheck-host");
    let r = sb.ask(&Identity)?;
    check_eq!(r.hostname.as_str(), "jailcheck-host", "hostname");
    Ok(())
}

fn domainname(sb: &mut Sandbox) -> CaseResult {
    sb.config["domainname"] = json!("jailcheck.test");
    let r: IdentityReport = sb.run_helper(&["identity"])?;
    check_eq!(r.domainname.as_str(), "jailcheck.test", "domainname");
    Ok(())
}
