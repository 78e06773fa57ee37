//! The Linux-only steps of the container process: namespaces, the root's
//! mounts, pivot_root, capabilities and the console. System calls go through
//! nix; raw libc only where nix has no wrapper.

use super::in_root::{fd_path, Create, InRoot};
use super::mount::{LinuxMount, MountKind};
use crate::container::message::Failure;
use crate::container::run::{ChildContext, Held};
use crate::container::step::{CapSets, ProcessStep};
use crate::platform::linux::mount_options::ms;
use nix::errno::Errno;
use nix::mount::{mount, umount2, MntFlags, MsFlags};
use std::fs;
use std::os::fd::OwnedFd;
use std::path::Path;

fn flags(bits: u64) -> MsFlags {
    MsFlags::from_bits_retain(bits as libc::c_ulong)
}

const NONE: Option<&str> = None;

/// Runs one Linux step.
pub fn run(step: &ProcessStep, _ctx: &ChildContext<'_>, held: &mut Held) -> Result<(), Failure> {
    use ProcessStep as S;
    match step {
        S::ParentDeathSignal(on) => {
            let sig = on.then_some(nix::sys::signal::Signal::SIGKILL);
            nix::sys::prctl::set_pdeathsig(sig).map_err(Failure::from)
        }
        S::JoinNamespace { ns, path } => {
            let f = fs::File::open(path)?;
            let kind = nix::sched::CloneFlags::from_bits_retain(ns.clone_flag() as i32);
            nix::sched::setns(f, kind).map_err(Failure::from)
        }
        S::SetDomainname(d) => {
            // SAFETY: pointer and length of the name; nix has no setdomainname.
            Errno::result(unsafe { libc::setdomainname(d.as_ptr().cast(), d.len()) })
                .map(drop)
                .map_err(Failure::from)
        }
        S::RootPropagation(p) => mount(NONE, "/", NONE, flags(*p), NONE).map_err(Failure::from),
        S::BindRoot(root) => {
            mount(Some(root), root, NONE, flags(ms::BIND | ms::REC), NONE).map_err(Failure::from)
        }
        S::Mount(m) => mount_one(m),
        S::DefaultDevice { root, name } => default_device(root, name),
        S::Symlink { root, link, target } => {
            let (dir, name) = InRoot::open(root)?.parent(link)?;
            match nix::unistd::symlinkat(target, &dir, &name) {
                Ok(()) | Err(Errno::EEXIST) => Ok(()),
                Err(e) => Err(e.into()),
            }
        }
        S::OomScoreAdj(v) => {
            fs::write("/proc/self/oom_score_adj", v.to_string()).map_err(Failure::from)
        }
        S::OpenPty { ptmx } => {
            let pty = crate::console::open_pty(ptmx)?;
            held.pty_master = Some(pty.master);
            held.pty_slave = Some(pty.slave);
            held.pty_name = pty.name;
            Ok(())
        }
        S::SendConsole { socket } => {
            let master = held.pty_master.take().ok_or_else(no_pty)?;
            // The name from the pty itself: ttyname(3) fails for a devpts of
            // another mount namespace (exec), and an empty payload on a stream
            // socket would send nothing, the descriptor included.
            let sock = crate::console::connect(socket)?;
            crate::console::send_master(&sock, &master, &held.pty_name).map_err(Failure::from)
        }
        S::BindConsole { root } => {
            let slave = held.pty_slave.as_ref().ok_or_else(no_pty)?;
            let dest =
                InRoot::open(root)?.open_or_create(Path::new("/dev/console"), Create::File)?;
            mount(
                Some(&fd_path(slave)),
                &fd_path(&dest),
                NONE,
                MsFlags::MS_BIND,
                NONE,
            )
            .map_err(Failure::from)
        }
        S::Mask { root, path } => match InRoot::open(root)?.resolve(path) {
            Ok(dest) => mask(&dest),
            Err(Errno::ENOENT) => Ok(()),
            Err(e) => Err(e.into()),
        },
        S::ReadOnlyPath { root, path } => {
            let r = InRoot::open(root)?;
            let dest = match r.resolve(path) {
                Ok(d) => d,
                Err(Errno::ENOENT) => return Ok(()),
                Err(e) => return Err(e.into()),
            };
            // The kernel does not follow /proc/self/fd of a procfs entry as a bind
            // source; the path it names (inside the root, just resolved) does.
            let source = fs::read_link(fd_path(&dest))?;
            mount(
                Some(&source),
                &fd_path(&dest),
                NONE,
                flags(ms::BIND | ms::REC),
                NONE,
            )?;
            // The descriptor names what was below the new mount: look again.
            remount_readonly(&fd_path(&r.resolve(path)?))
        }
        S::PivotRoot(root) => pivot(root),
        S::RemountRootReadOnly => remount_readonly(Path::new("/")),
        S::DropBounding(keep) => drop_bounding(*keep),
        S::KeepCaps => nix::sys::prctl::set_keepcaps(true).map_err(Failure::from),
        S::SetCapabilities(c) => set_capabilities(c),
        S::NoNewPrivileges => nix::sys::prctl::set_no_new_privs().map_err(Failure::from),
        S::ExitOnSignals => exit_on_signals(),
        other => Err(Failure::Refused(format!("{other}: not a Linux step"))),
    }
}

fn no_pty() -> Failure {
    Failure::Refused("no pty was opened".into())
}

fn mount_one(m: &LinuxMount) -> Result<(), Failure> {
    let r = InRoot::open(&m.root)?;
    if m.is_proc_or_sys() {
        refuse_symlink(&r, &m.destination)?;
    }
    let data = Some(m.data.as_str()).filter(|d| !d.is_empty());
    match &m.kind {
        MountKind::Bind { recursive } => {
            let src_meta = fs::metadata(&m.source)
                .map_err(|e| Failure::Refused(format!("source {}: {e}", m.source.display())))?;
            let create = if src_meta.is_dir() {
                Create::Dir
            } else {
                Create::File
            };
            let dest = r.open_or_create(&m.destination, create)?;
            let rec = if *recursive { ms::REC } else { 0 };
            // Filesystem data is passed through (config-linux.md: unknown options
            // SHOULD reach mount(2) as data); the kernel ignores it for binds.
            mount(
                Some(&m.source),
                &fd_path(&dest),
                NONE,
                flags(ms::BIND | rec),
                data,
            )?;
            if m.remount_flags() != 0 {
                let f = ms::REMOUNT | ms::BIND | m.remount_flags();
                let top = r.resolve(&m.destination)?;
                mount(NONE, &fd_path(&top), NONE, flags(f), NONE)?;
            }
        }
        MountKind::Fs { fstype } => {
            let dest = r.open_or_create(&m.destination, Create::Dir)?;
            let target = fd_path(&dest);
            mount(
                Some(&m.source),
                &target,
                Some(fstype.as_str()),
                flags(m.flags),
                data,
            )?;
        }
    }
    // From here on the destination is the new mount.
    // The descriptor must outlive the calls: its /proc/self/fd path names it only
    // while it is open (dropped, the number may name another file).
    let top_fd = r.resolve(&m.destination)?;
    let top = fd_path(&top_fd);
    for p in &m.propagation {
        mount(NONE, &top, NONE, flags(*p), NONE)?;
    }
    if m.attr_set != 0 || m.attr_clr != 0 {
        mount_setattr_recursive(&top, m.attr_set, m.attr_clr)?;
    }
    Ok(())
}

/// Refuses a destination that is a symlink in the root: procfs or sysfs mounted
/// through one would appear wherever the root filesystem points it (runc refuses too).
fn refuse_symlink(r: &InRoot, destination: &Path) -> Result<(), Failure> {
    let (dir, name) = r.parent(destination)?;
    match nix::sys::stat::fstatat(&dir, &name, nix::fcntl::AtFlags::AT_SYMLINK_NOFOLLOW) {
        Ok(st) if st.st_mode & libc::S_IFMT == libc::S_IFLNK => Err(Failure::Refused(format!(
            "{} is a symlink in the root filesystem; refusing to mount there",
            destination.display()
        ))),
        _ => Ok(()),
    }
}

fn default_device(root: &Path, name: &str) -> Result<(), Failure> {
    let host = Path::new("/dev").join(name);
    let r = InRoot::open(root)?;
    if let Ok(fd) = r.resolve(&host) {
        if nix::sys::stat::fstat(&fd).is_ok_and(|st| st.st_mode & libc::S_IFMT == libc::S_IFCHR) {
            return Ok(());
        }
    }
    let dest = r.open_or_create(&host, Create::File)?;
    mount(Some(&host), &fd_path(&dest), NONE, MsFlags::MS_BIND, NONE).map_err(Failure::from)
}

fn mask(dest: &OwnedFd) -> Result<(), Failure> {
    let target = fd_path(dest);
    let st = nix::sys::stat::fstat(dest)?;
    if st.st_mode & libc::S_IFMT == libc::S_IFDIR {
        mount(
            Some("tmpfs"),
            &target,
            Some("tmpfs"),
            MsFlags::MS_RDONLY,
            NONE,
        )
    } else {
        mount(Some("/dev/null"), &target, NONE, MsFlags::MS_BIND, NONE)
    }
    .map_err(Failure::from)
}

/// Remounts a bind mount read-only, keeping the flags a remount would otherwise clear.
fn remount_readonly(dest: &Path) -> Result<(), Failure> {
    use nix::sys::statvfs::{statvfs, FsFlags};
    let have = statvfs(dest)?.flags();
    let keep = [
        (FsFlags::ST_NOSUID, ms::NOSUID),
        (FsFlags::ST_NODEV, ms::NODEV),
        (FsFlags::ST_NOEXEC, ms::NOEXEC),
        (FsFlags::ST_NOATIME, ms::NOATIME),
        (FsFlags::ST_NODIRATIME, ms::NODIRATIME),
        (FsFlags::ST_RELATIME, ms::RELATIME),
    ]
    .iter()
    .filter(|(st, _)| have.contains(*st))
    .fold(0, |acc, (_, m)| acc | m);
    let f = ms::REMOUNT | ms::BIND | ms::RDONLY | keep;
    mount(NONE, dest, NONE, flags(f), NONE).map_err(Failure::from)
}

/// pivot_root into `root`; the old root becomes a slave before it is detached,
/// so unmounting it cannot propagate to the host's mounts.
fn pivot(root: &Path) -> Result<(), Failure> {
    nix::unistd::chdir(root)?;
    nix::unistd::pivot_root(".", ".")?;
    mount(NONE, ".", NONE, flags(ms::SLAVE | ms::REC), NONE)?;
    umount2(".", MntFlags::MNT_DETACH)?;
    nix::unistd::chdir("/").map_err(Failure::from)
}

/// mount_setattr(2) with AT_RECURSIVE (nix has no wrapper).
fn mount_setattr_recursive(target: &Path, set: u64, clr: u64) -> Result<(), Failure> {
    #[repr(C)]
    struct MountAttr {
        attr_set: u64,
        attr_clr: u64,
        propagation: u64,
        userns_fd: u64,
    }
    let attr = MountAttr {
        attr_set: set,
        attr_clr: clr,
        propagation: 0,
        userns_fd: 0,
    };
    let path = std::ffi::CString::new(target.as_os_str().as_encoded_bytes())
        .map_err(|_| Failure::Errno(libc::EINVAL))?;
    const AT_RECURSIVE: libc::c_uint = 0x8000;
    // SAFETY: a valid path and a mount_attr of the size passed.
    let r = unsafe {
        libc::syscall(
            libc::SYS_mount_setattr,
            libc::AT_FDCWD,
            path.as_ptr(),
            AT_RECURSIVE,
            &attr as *const MountAttr,
            std::mem::size_of::<MountAttr>(),
        )
    };
    Errno::result(r).map(drop).map_err(Failure::from)
}

/// Drops every bounding capability not in `keep` (before the uid change).
fn drop_bounding(keep: u64) -> Result<(), Failure> {
    for cap in 0..64u32 {
        if keep & (1 << cap) != 0 {
            continue;
        }
        // SAFETY: prctl(2) with integer arguments; nix has no PR_CAPBSET_DROP.
        let r = unsafe { libc::prctl(libc::PR_CAPBSET_DROP, cap as libc::c_ulong, 0, 0, 0) };
        match Errno::result(r) {
            Ok(_) => {}
            Err(Errno::EINVAL) => break, // past the last capability this kernel knows
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// capset(2) version 3, then the ambient set (nix has neither).
fn set_capabilities(c: &CapSets) -> Result<(), Failure> {
    #[repr(C)]
    struct Header {
        version: u32,
        pid: i32,
    }
    #[repr(C)]
    struct Data {
        effective: u32,
        permitted: u32,
        inheritable: u32,
    }
    let header = Header {
        version: 0x2008_0522, // _LINUX_CAPABILITY_VERSION_3
        pid: 0,
    };
    let half = |shift: u32| Data {
        effective: (c.effective >> shift) as u32,
        permitted: (c.permitted >> shift) as u32,
        inheritable: (c.inheritable >> shift) as u32,
    };
    let data = [half(0), half(32)];
    // SAFETY: a header and two data structs, as capset(2) version 3 expects.
    let r = unsafe { libc::syscall(libc::SYS_capset, &header as *const Header, data.as_ptr()) };
    Errno::result(r)?;
    // SAFETY: prctl(2) with integer arguments.
    let r = unsafe {
        libc::prctl(
            libc::PR_CAP_AMBIENT,
            libc::PR_CAP_AMBIENT_CLEAR_ALL,
            0,
            0,
            0,
        )
    };
    Errno::result(r)?;
    for cap in (0..64u32).filter(|n| c.ambient & (1 << n) != 0) {
        // SAFETY: prctl(2) with integer arguments.
        let r = unsafe {
            libc::prctl(
                libc::PR_CAP_AMBIENT,
                libc::PR_CAP_AMBIENT_RAISE,
                cap as libc::c_ulong,
                0,
                0,
            )
        };
        // Like runc: a capability missing from the inheritable set cannot be
        // ambient, and that is not an error.
        match Errno::result(r) {
            Ok(_) | Err(Errno::EPERM) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

extern "C" fn exit_on_signal(sig: libc::c_int) {
    // SAFETY: _exit is async-signal-safe.
    unsafe { libc::_exit(128 + sig) }
}

/// Lets the waiting container process be killed by any terminating signal.
fn exit_on_signals() -> Result<(), Failure> {
    use nix::sys::signal::{sigaction, SaFlags, SigAction, SigHandler, SigSet, Signal};
    let action = SigAction::new(
        SigHandler::Handler(exit_on_signal),
        SaFlags::empty(),
        SigSet::empty(),
    );
    let terminating = [
        Signal::SIGHUP,
        Signal::SIGINT,
        Signal::SIGQUIT,
        Signal::SIGUSR1,
        Signal::SIGUSR2,
        Signal::SIGTERM,
        Signal::SIGALRM,
        Signal::SIGVTALRM,
        Signal::SIGPROF,
        Signal::SIGXCPU,
        Signal::SIGXFSZ,
        Signal::SIGIO,
        Signal::SIGPWR,
    ];
    for s in terminating {
        // SAFETY: the handler only calls _exit, which is async-signal-safe.
        unsafe { sigaction(s, &action) }?;
    }
    for s in libc::SIGRTMIN()..=libc::SIGRTMAX() {
        // SAFETY: as above; nix's Signal does not name real-time signals.
        unsafe { libc::signal(s, exit_on_signal as *const () as libc::sighandler_t) };
    }
    Ok(())
}
