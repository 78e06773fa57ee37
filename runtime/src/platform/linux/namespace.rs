//! Linux namespace types, as `linux.namespaces[].type` names them.

/// A namespace the container process joins by path (config-linux.md#namespaces).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Namespace {
    Pid,
    Network,
    Mount,
    Ipc,
    Uts,
    Cgroup,
}

impl Namespace {
    /// The namespace of a `linux.namespaces[].type`.
    pub fn from_type(kind: &str) -> Option<Namespace> {
        Some(match kind {
            "pid" => Namespace::Pid,
            "network" => Namespace::Network,
            "mount" => Namespace::Mount,
            "ipc" => Namespace::Ipc,
            "uts" => Namespace::Uts,
            "cgroup" => Namespace::Cgroup,
            _ => return None,
        })
    }

    /// Its `CLONE_NEW*` flag.
    pub fn clone_flag(self) -> u64 {
        match self {
            Namespace::Mount => 0x0002_0000,
            Namespace::Cgroup => 0x0200_0000,
            Namespace::Uts => 0x0400_0000,
            Namespace::Ipc => 0x0800_0000,
            Namespace::Pid => 0x2000_0000,
            Namespace::Network => 0x4000_0000,
        }
    }

    /// The flag's name.
    pub fn flag_name(self) -> &'static str {
        match self {
            Namespace::Mount => "CLONE_NEWNS",
            Namespace::Cgroup => "CLONE_NEWCGROUP",
            Namespace::Uts => "CLONE_NEWUTS",
            Namespace::Ipc => "CLONE_NEWIPC",
            Namespace::Pid => "CLONE_NEWPID",
            Namespace::Network => "CLONE_NEWNET",
        }
    }
}
