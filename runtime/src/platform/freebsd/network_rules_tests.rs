//! Every combination of the network fields of `freebsd.jail`, through the
//! validation and the planner: each is either refused with an error naming a
//! field, or planned as a `jail -c` line the kernel accepts. sys/kern/kern_jail.c
//! (kern_jail_set) refuses a `vnet` parameter, whatever its value, together
//! with any `ip4`/`ip6` parameter or address list.

use super::fixture_tests::load;
use super::jail_params;
use super::name::JailName;
use super::param::JailParam;
use super::step::Step;
use crate::spec::freebsd::tests::config_of;
use serde_json::{json, Map, Value};

/// The names on a `jail -c` line that the kernel counts as IP restrictions.
fn is_ip_param(p: &JailParam) -> bool {
    matches!(p.name.as_str(), "ip4" | "ip4.addr" | "ip6" | "ip6.addr")
}

/// Every `freebsd.jail` made of the network fields, each absent or set to one
/// of its values.
fn combinations() -> Vec<Value> {
    let modes = || {
        vec![
            None,
            Some(json!("new")),
            Some(json!("inherit")),
            Some(json!("disable")),
        ]
    };
    let fields: Vec<(&str, Vec<Option<Value>>)> = vec![
        (
            "vnet",
            vec![None, Some(json!("new")), Some(json!("inherit"))],
        ),
        ("ip4", modes()),
        ("ip6", modes()),
        ("ip4Addr", vec![None, Some(json!(["10.0.0.1"]))]),
        ("ip6Addr", vec![None, Some(json!(["fd00::1"]))]),
        ("interface", vec![None, Some(json!("lo1"))]),
        ("vnetInterfaces", vec![None, Some(json!(["epair0b"]))]),
    ];
    let mut all = vec![Map::new()];
    for (key, values) in fields {
        all = all
            .into_iter()
            .flat_map(|m| {
                values.iter().map(move |v| {
                    let mut m = m.clone();
                    if let Some(v) = v {
                        m.insert(key.to_string(), v.clone());
                    }
                    m
                })
            })
            .collect();
    }
    all.into_iter().map(Value::Object).collect()
}

#[test]
fn no_planned_jail_has_vnet_with_ip_parameters() {
    let mut b = load("minimal");
    let name = JailName::new("net", None).expect("name");
    let (mut planned, mut refused, mut vnet_planned) = (0, 0, 0);
    for jail in combinations() {
        let config = json!({ "freebsd": { "jail": jail } });
        match crate::spec::freebsd::load(&config_of(&config), None) {
            Err(e) => {
                refused += 1;
                assert!(
                    e.field.starts_with("freebsd.jail."),
                    "{jail}: the error names no field: {e}"
                );
            }
            Ok(fb) => {
                planned += 1;
                b.freebsd = fb;
                let params = jail_params::params(&b, &name, &b.rootfs, &[]);
                let vnet = params.iter().any(|p| p.name == "vnet");
                vnet_planned += usize::from(vnet);
                let ip: Vec<String> = params
                    .iter()
                    .filter(|p| is_ip_param(p))
                    .map(ToString::to_string)
                    .collect();
                assert!(
                    !vnet || ip.is_empty(),
                    "{jail}: planned vnet together with {ip:?}"
                );
            }
        }
    }
    // Both outcomes occur, and vnet jails are planned, so the check above ran.
    assert!(planned > 0 && refused > 0 && vnet_planned > 0);
}

#[test]
fn vnet_inherit_is_planned_as_the_kernel_default() {
    let mut b = load("minimal");
    let name = JailName::new("net", None).expect("name");
    let config = json!({"freebsd": {"jail": {"vnet": "inherit", "ip4": "inherit"}}});
    b.freebsd = crate::spec::freebsd::load(&config_of(&config), None).expect("accepted");
    let line: Vec<String> = jail_params::params(&b, &name, &b.rootfs, &[])
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(line.contains(&"ip4=inherit".to_string()), "{line:?}");
    assert!(!line.iter().any(|p| p.starts_with("vnet")), "{line:?}");
}

/// jail(8) splits only `ip4.addr=` and `ip6.addr=` at commas (jail.c main)
/// and runs `ifconfig <value> vnet <jail>` once per `vnet.interface` value
/// (command.c run_command), so each interface is its own argument, and the
/// removal returns each one.
#[test]
fn each_vnet_interface_is_its_own_argument() {
    let mut b = load("minimal");
    let name = JailName::new("net", None).expect("name");
    let config =
        json!({"freebsd": {"jail": {"vnet": "new", "vnetInterfaces": ["epair0b", "epair1b"]}}});
    b.freebsd = crate::spec::freebsd::load(&config_of(&config), None).expect("accepted");
    let create = Step::CreateJail {
        params: jail_params::params(&b, &name, &b.rootfs, &[]),
    };
    let argv = create.argv().expect("a command");
    let vnet: Vec<&String> = argv.iter().filter(|a| a.starts_with("vnet.")).collect();
    assert_eq!(
        vnet,
        ["vnet.interface=epair0b", "vnet.interface=epair1b"],
        "{argv:?}"
    );
    let returned: Vec<String> = create
        .undo()
        .iter()
        .filter(|s| matches!(s, Step::ReturnInterface { .. }))
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        returned,
        ["ifconfig epair0b -vnet net", "ifconfig epair1b -vnet net"]
    );
}

/// kern_jail_set gives a new jail without an `ip4`/`ip6` parameter (and no vnet
/// of its own) an empty address list: no addresses, not the host's. So a
/// sharing container's `ip4`/`ip6` "inherit" must reach `jail -c` as written,
/// never be dropped as if it were the default, and an unset field adds nothing.
#[test]
fn ip_inherit_is_passed_because_no_ip_parameter_means_no_addresses() {
    let mut b = load("minimal");
    let name = JailName::new("net", None).expect("name");
    let line = |b: &crate::platform::freebsd::JailBundle| -> Vec<String> {
        jail_params::params(b, &name, &b.rootfs, &[])
            .iter()
            .map(ToString::to_string)
            .collect()
    };
    let config = json!({"freebsd": {"jail": {"ip4": "inherit", "ip6": "inherit"}}});
    b.freebsd = crate::spec::freebsd::load(&config_of(&config), None).expect("accepted");
    let shared = line(&b);
    assert!(shared.contains(&"ip4=inherit".to_string()), "{shared:?}");
    assert!(shared.contains(&"ip6=inherit".to_string()), "{shared:?}");
    b.freebsd = crate::spec::freebsd::load(&config_of(&json!({})), None).expect("accepted");
    let unset = line(&b);
    assert!(
        !unset
            .iter()
            .any(|p| p.starts_with("ip4") || p.starts_with("ip6")),
        "{unset:?}"
    );
}
