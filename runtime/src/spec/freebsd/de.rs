//! How the values of the `freebsd` section (and of runj.ext.json) are read,
//! with schema/config-freebsd.json's rules and messages that say what is wrong;
//! `serde_path_to_error` adds the field (`freebsd.jail.ip4Addr[1]: ...`).
//!
//! Absent and `null` mean "not set" everywhere in the section.

use super::model::Sharing;
use crate::spec::schema::Object;
use serde::de::{Deserialize, Deserializer, Error};
use serde_json::Value;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

/// A value, with `null` read as its default.
pub fn or_default<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(
    d: D,
) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// An object, with `null` read as its default.
pub fn object<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(
    d: D,
) -> Result<T, D::Error> {
    Ok(Option::<Object<T>>::deserialize(d)?
        .map(|o| o.0)
        .unwrap_or_default())
}

/// A list of objects, with `null` read as an empty list.
pub fn objects<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    let list: Vec<Object<T>> = or_default(d)?;
    Ok(list.into_iter().map(|o| o.0).collect())
}

/// A `SharingMode`: `new`, `inherit` or `disable`.
pub fn sharing<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Sharing>, D::Error> {
    let Some(s) = Option::<String>::deserialize(d)? else {
        return Ok(None);
    };
    Sharing::parse(&s).map(Some).ok_or_else(|| {
        D::Error::custom(format!(
            "{s:?} is not one of \"new\", \"inherit\", \"disable\""
        ))
    })
}

/// A `SharingModeNoDisable`: `new` or `inherit`.
pub fn sharing_no_disable<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Sharing>, D::Error> {
    let Some(s) = Option::<String>::deserialize(d)? else {
        return Ok(None);
    };
    match Sharing::parse(&s) {
        Some(Sharing::Disable) => Err(D::Error::custom(format!(
            "{s:?} is not allowed (\"new\" or \"inherit\")"
        ))),
        Some(m) => Ok(Some(m)),
        None => Err(D::Error::custom(format!(
            "{s:?} is not one of \"new\", \"inherit\""
        ))),
    }
}

/// An address family, for messages.
pub trait Family: FromStr {
    /// `IPv4` or `IPv6`.
    const NAME: &'static str;
}

impl Family for Ipv4Addr {
    const NAME: &'static str = "IPv4";
}

impl Family for Ipv6Addr {
    const NAME: &'static str = "IPv6";
}

/// One numeric address, given as a string.
struct Addr<A>(A);

impl<'de, A: Family> Deserialize<'de> for Addr<A> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse()
            .map(Addr)
            .map_err(|_| D::Error::custom(format!("{s:?} is not an {} address", A::NAME)))
    }
}

/// A list of numeric addresses (each error names its entry).
pub fn addrs<'de, D: Deserializer<'de>, A: Family>(d: D) -> Result<Vec<A>, D::Error> {
    let list: Vec<Addr<A>> = or_default(d)?;
    Ok(list.into_iter().map(|a| a.0).collect())
}

/// `enforceStatfs`: an integer from 0 to 2.
pub fn enforce_statfs<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u8>, D::Error> {
    let Some(v) = Option::<Value>::deserialize(d)? else {
        return Ok(None);
    };
    let Some(n) = v.as_i64() else {
        return Err(D::Error::custom(format!("{v} is not an integer")));
    };
    match u8::try_from(n) {
        Ok(n) if n <= 2 => Ok(Some(n)),
        _ => Err(D::Error::custom(format!("{n} is out of range 0..=2"))),
    }
}
