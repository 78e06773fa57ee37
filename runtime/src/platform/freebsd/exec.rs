//! The executor: runs plan steps through a small `System`, in order, and on a
//! failure undoes what succeeded, last first.

use super::mounts::{FsType, MountPointKind};
use super::name::JailName;
use super::shell;
use super::step::Step;
use std::fmt;
use std::path::Path;
use thiserror::Error;

/// What the executor needs from the host: commands and a few calls.
pub trait System {
    /// Runs `argv` and returns its standard output; fails on a non-zero exit.
    fn run(&mut self, argv: &[String]) -> Result<String, SysError>;
    /// Makes the mount point `root`/`inside` without following symlinks.
    fn make_mount_point(
        &mut self,
        root: &Path,
        inside: &Path,
        kind: MountPointKind,
    ) -> Result<(), SysError>;
    /// Fails unless `beneath`/`inside` is the root of an `fstype` mount.
    fn check_mount(
        &mut self,
        beneath: &Path,
        inside: &Path,
        fstype: FsType,
    ) -> Result<(), SysError>;
    /// Sends `signal` to every process in jail `jid`; `false` if there was none.
    fn kill_all(&mut self, jid: i32, signal: i32) -> Result<bool, SysError>;
    /// Host PIDs of the processes in the jails `jids`.
    fn jail_pids(&mut self, jids: &[i32]) -> Result<Vec<i32>, SysError>;
    /// Whether jail `name` exists and is not dying.
    fn jail_exists(&mut self, name: &str) -> Result<bool, SysError>;
}

/// A failed command or call: what it was, and why it failed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{what}: {why}")]
pub struct SysError {
    pub what: String,
    pub why: String,
}

impl SysError {
    /// A failure of command `argv`.
    pub fn command(argv: &[String], why: impl Into<String>) -> SysError {
        SysError {
            what: shell::join(argv),
            why: why.into(),
        }
    }
}

/// The jail made by a successful create.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Created {
    /// The jid printed by `jail -i -c`.
    pub jid: i32,
}

/// A create that failed and was rolled back (perhaps not completely).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub struct CreateError {
    pub error: SysError,
    /// Undo steps that failed too.
    pub rollback: Vec<SysError>,
}

impl fmt::Display for CreateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.error)?;
        for r in &self.rollback {
            write!(f, "; rollback failed: {r}")?;
        }
        Ok(())
    }
}

/// Removal steps that failed; the others ran.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub struct RemoveError(pub Vec<SysError>);

impl fmt::Display for RemoveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&parts.join("; "))
    }
}

/// Runs the create `steps` in order; on a failure, undoes the steps that
/// succeeded, last first, and reports both.
pub fn create(steps: &[Step], sys: &mut impl System) -> Result<Created, CreateError> {
    let mut jid = None;
    for (i, step) in steps.iter().enumerate() {
        match run_step(step, sys) {
            Ok(Some(id)) => jid = Some(id),
            Ok(None) => {}
            Err(error) => {
                let rollback = steps[..i]
                    .iter()
                    .rev()
                    .flat_map(Step::undo)
                    .filter_map(|u| run_step(&u, sys).err())
                    .collect();
                return Err(CreateError { error, rollback });
            }
        }
    }
    match jid {
        Some(jid) => Ok(Created { jid }),
        None => Err(CreateError {
            error: SysError {
                what: "create".into(),
                why: "the plan has no jail -c step".into(),
            },
            rollback: Vec::new(),
        }),
    }
}

/// Why create as a whole failed: a host step (rolled back), or the container
/// process (the steps then removed as well).
#[derive(Debug, Error)]
pub enum ContainerError<E: std::error::Error + 'static> {
    #[error(transparent)]
    Steps(#[from] CreateError),
    #[error("{error}{}", rollback_text(.rollback))]
    Process { error: E, rollback: Vec<SysError> },
}

fn rollback_text(rollback: &[SysError]) -> String {
    rollback
        .iter()
        .map(|r| format!("; rollback failed: {r}"))
        .collect()
}

/// Create as a whole: runs the host `steps`, then `start_process(jid)` (which
/// forks the container process and returns its pid); if that fails, removes
/// everything the steps made, as a failed step would have.
pub fn create_container<E: std::error::Error + 'static>(
    steps: &[Step],
    sys: &mut impl System,
    start_process: impl FnOnce(i32) -> Result<i32, E>,
) -> Result<(Created, i32), ContainerError<E>> {
    let created = create(steps, sys)?;
    match start_process(created.jid) {
        Ok(pid) => Ok((created, pid)),
        Err(error) => {
            let rollback = match remove(&super::plan::removal(steps), sys) {
                Ok(()) => Vec::new(),
                Err(RemoveError(failures)) => failures,
            };
            Err(ContainerError::Process { error, rollback })
        }
    }
}

/// Runs every removal step, going on past failures, and reports them all.
/// A step on a jail that no longer exists is done (see [`settle`]).
pub fn remove(steps: &[Step], sys: &mut impl System) -> Result<(), RemoveError> {
    let failures: Vec<SysError> = steps
        .iter()
        .filter_map(|s| remove_step(s, sys).err())
        .collect();
    if failures.is_empty() {
        Ok(())
    } else {
        Err(RemoveError(failures))
    }
}

/// Runs one removal step; if it fails on a jail, asks whether that jail
/// still exists.
fn remove_step(step: &Step, sys: &mut impl System) -> Result<(), SysError> {
    let Err(error) = run_step(step, sys) else {
        return Ok(());
    };
    let exists = step_jail(step).map(|name| sys.jail_exists(name.as_str()));
    settle(error, exists)
}

/// The jail a removal step acts on: `jail -R` and `ifconfig … -vnet`.
fn step_jail(step: &Step) -> Option<&JailName> {
    match step {
        Step::RemoveJail { name } => Some(name),
        Step::ReturnInterface { jail, .. } => Some(jail),
        _ => None,
    }
}

/// What is left of a failed removal step, given whether its jail still
/// exists (`None`: the step is not on a jail). A jail that is gone has
/// nothing left to remove or give back: removing a jail removes its children
/// (jail(8) `-r`, kern_jail.c `sys_jail_remove`), and a destroyed vnet returns
/// its interfaces to their home vnet (net/if.c `vnet_if_return`). So after a
/// parent container's delete, the child's `jail -R` and `ifconfig … -vnet`
/// fail with the work already done, and must not be kept for ever.
pub fn settle(
    error: SysError,
    jail_exists: Option<Result<bool, SysError>>,
) -> Result<(), SysError> {
    match jail_exists {
        Some(Ok(false)) => Ok(()),
        None | Some(Ok(true)) => Err(error),
        Some(Err(lookup)) => Err(SysError {
            why: format!(
                "{}; and the jail could not be looked up: {lookup}",
                error.why
            ),
            what: error.what,
        }),
    }
}

/// Runs one step; `Some(jid)` for `CreateJail`.
fn run_step(step: &Step, sys: &mut impl System) -> Result<Option<i32>, SysError> {
    match step {
        Step::MountPoint { root, inside, kind } => {
            sys.make_mount_point(root, inside, *kind).map(|()| None)
        }
        Step::CheckMount {
            beneath,
            inside,
            fstype,
        } => sys.check_mount(beneath, inside, *fstype).map(|()| None),
        Step::RoomForChild { parent } => room_for_child(parent, sys).map(|()| None),
        Step::DevfsRulesetHasRules { ruleset } => {
            let argv = step.argv().unwrap_or_default();
            let out = sys.run(&argv)?;
            super::devices::ruleset_has_rules(*ruleset, &out)
                .map(|()| None)
                .map_err(|why| SysError {
                    what: format!("devfs ruleset {ruleset}"),
                    why,
                })
        }
        Step::RemoveJail { name } if !super::name::one_jail_for_jail_r(name.as_str()) => {
            // Recorded by an older jailrun: `jail -R` would take it for a
            // wildcard or an option, so remove the jail by its jid instead.
            let jid = jail_id(name.as_str(), sys)?;
            sys.run(&strings(&["jail", "-R", &jid.to_string()]))
                .map(|_| None)
        }
        Step::CreateJail { .. } => {
            let argv = step.argv().unwrap_or_default();
            let out = sys.run(&argv)?;
            parse_int(&out).map(Some).ok_or_else(|| {
                SysError::command(&argv, format!("printed {:?}, not a jid", out.trim()))
            })
        }
        _ => {
            let argv = step.argv().unwrap_or_default();
            sys.run(&argv).map(|_| None)
        }
    }
}

/// Makes room for one more child under `parent` (a full name, `a.b` under
/// `a`): reads `children.cur` and `children.max` of `parent` and of each jail
/// around it, then raises what [`child_room_raises`] says, outermost first.
fn room_for_child(parent: &str, sys: &mut impl System) -> Result<(), SysError> {
    let mut chain = Vec::new();
    for name in enclosing(parent) {
        let query = strings(&["jls", "-j", name, "children.cur", "children.max"]);
        let out = sys.run(&query)?;
        let nums: Vec<i64> = out
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect();
        let [cur, max] = nums[..] else {
            return Err(SysError::command(
                &query,
                format!("printed {:?}, not two numbers", out.trim()),
            ));
        };
        chain.push(Limits { name, cur, max });
    }
    for (name, max) in child_room_raises(&chain) {
        let set = vec![
            "jail".to_string(),
            "-m".to_string(),
            format!("name={name}"),
            format!("children.max={max}"),
        ];
        sys.run(&set)?;
    }
    Ok(())
}

/// The jails from the outermost one down to `parent`: `a`, `a.b` for `a.b`.
fn enclosing(parent: &str) -> Vec<&str> {
    parent
        .match_indices('.')
        .map(|(i, _)| &parent[..i])
        .chain([parent])
        .collect()
}

/// A jail's `children.cur` and `children.max`, as jls(8) printed them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits<'a> {
    pub name: &'a str,
    pub cur: i64,
    pub max: i64,
}

/// The `children.max` values to set, outermost jail first, so that the last
/// jail of `chain` (outermost first, ending with the parent) can take one
/// more child: the parent needs `children.max` above its `children.cur`, and
/// the kernel refuses (EPERM) to set a jail's `children.max` unless it is
/// below its own parent's (kern_jail.c `kern_jail_set`: `childmax >=
/// ppr->pr_childmax`), so each enclosing jail that is not above the new value
/// is raised too, before it.
pub fn child_room_raises(chain: &[Limits<'_>]) -> Vec<(String, i64)> {
    let Some(parent) = chain.last() else {
        return Vec::new();
    };
    // The parent needs cur + 1; each jail around one that is raised, one more.
    let mut raises: Vec<(String, i64)> = (parent.cur + 1..)
        .zip(chain.iter().rev())
        .take_while(|(need, jail)| jail.max < *need)
        .map(|(need, jail)| (jail.name.to_string(), need))
        .collect();
    raises.reverse();
    raises
}

/// The jid of jail `name`, from jls(8).
pub fn jail_id(name: &str, sys: &mut impl System) -> Result<i32, SysError> {
    let argv = super::name::jail_id_argv(name);
    let out = sys.run(&argv)?;
    parse_int(&out)
        .ok_or_else(|| SysError::command(&argv, format!("printed {:?}, not a jid", out.trim())))
}

/// `kill --all`: `signal` to every process in jail `name` and in the jails
/// below it (kill(-1) from inside reaches descendants: prison_check), from a
/// process attached to it, so nothing in the container's root is run.
pub fn kill_all(name: &str, signal: i32, sys: &mut impl System) -> Result<bool, SysError> {
    let jid = jail_id(name, sys)?;
    sys.kill_all(jid, signal)
}

/// `ps`: host PIDs of the processes in jail `name` and in the jails below it,
/// the processes `kill --all` reaches (`proc_table::with_descendants`).
pub fn jail_pids(name: &str, sys: &mut impl System) -> Result<Vec<i32>, SysError> {
    let jid = jail_id(name, sys)?;
    let argv = strings(&["jls", "jid", "parent"]);
    let out = sys.run(&argv)?;
    let jids = super::proc_table::with_descendants(jid, &out)
        .map_err(|why| SysError::command(&argv, why))?;
    sys.jail_pids(&jids)
}

fn parse_int(out: &str) -> Option<i32> {
    out.trim().parse().ok()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}
