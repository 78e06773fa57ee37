//! Network peers: network namespaces, veth/epair pairs, loopback interfaces, subnets, TCP
//! peers on the host, link events.

pub mod epair;
pub mod host_tcp;
pub mod link_watch;
pub mod loopback_if;
pub mod netns;
pub mod netpeer;
pub mod subnet;
