//! On Linux, as root: the steps the container process runs (written by
//! `--debug` as each starts) are exactly the lines `create --dry-run` prints,
//! in the same order.

use std::path::Path;
use std::process::{Command, Output};

const JAILRUN: &str = env!("CARGO_BIN_EXE_jailrun");

fn jailrun(root: &Path, args: &[&str]) -> Output {
    Command::new(JAILRUN)
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("run jailrun")
}

fn bundle(dir: &Path) {
    let rootfs = dir.join("rootfs");
    std::fs::create_dir_all(rootfs.join("proc")).expect("rootfs");
    // Executable, but its interpreter is missing: create's check passes, the
    // execve after start fails, which is after its step was written.
    let prog = rootfs.join("prog");
    std::fs::write(&prog, "#!/nonexistent\n").expect("prog");
    std::fs::set_permissions(&prog, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("chmod");
    let config = serde_json::json!({
        "ociVersion": "1.3.0",
        "process": {
            "args": ["prog", "x"],
            "env": ["PATH=/nonexistent:/", "A=1"],
            "cwd": "/",
            "user": {"uid": 0, "gid": 0, "umask": 18},
            "rlimits": [{"type": "RLIMIT_NOFILE", "soft": 100, "hard": 200}],
            "noNewPrivileges": true,
            "oomScoreAdj": 10,
            "capabilities": {"bounding": ["CAP_KILL"], "effective": ["CAP_KILL"], "permitted": ["CAP_KILL"]}
        },
        "root": {"path": "rootfs", "readonly": true},
        "hostname": "traced",
        "mounts": [
            {"destination": "/proc", "type": "proc", "source": "proc"},
            {"destination": "/tmp", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "mode=755"]}
        ],
        "hooks": {
            "createContainer": [{"path": "/bin/true"}]
        },
        "linux": {
            "namespaces": [{"type": "pid"}, {"type": "mount"}, {"type": "uts"}, {"type": "ipc"}],
            "rootfsPropagation": "shared",
            "maskedPaths": ["/proc/kcore"],
            "readonlyPaths": ["/proc/sys"]
        }
    });
    std::fs::write(dir.join("config.json"), config.to_string()).expect("config");
}

#[test]
fn the_linux_dry_run_is_what_runs() {
    if !cfg!(target_os = "linux") || !nix::unistd::geteuid().is_root() {
        eprintln!("skipped: needs root on Linux");
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let (dir, root) = (tmp.path().join("bundle"), tmp.path().join("state"));
    bundle(&dir);
    let b = dir.to_str().expect("utf-8");
    let id = "dry-run-traced";
    let dry = jailrun(
        &root,
        &[
            "create",
            "--dry-run",
            "--platform",
            "linux",
            "--bundle",
            b,
            id,
        ],
    );
    assert!(
        dry.status.success(),
        "{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    let planned: Vec<String> = String::from_utf8_lossy(&dry.stdout)
        .lines()
        .take_while(|l| *l != "# delete")
        .map(|l| l.trim().to_string())
        .collect();
    // Files, not pipes: the container process holds them until its execve.
    let err_path = tmp.path().join("create.stderr");
    let err = std::fs::File::create(&err_path).expect("stderr file");
    let created = Command::new(JAILRUN)
        .arg("--root")
        .arg(&root)
        .args(["--debug", "create", "--bundle", b, id])
        .stdout(err.try_clone().expect("dup"))
        .stderr(err)
        .status()
        .expect("run create");
    let started = jailrun(&root, &["start", id]);
    let start_error = String::from_utf8_lossy(&started.stderr).into_owned();
    let _ = jailrun(&root, &["delete", "--force", id]);
    let trace = std::fs::read_to_string(&err_path).expect("read stderr");
    assert!(created.success(), "{trace}");
    // The program's interpreter is missing: start reports the failed execve.
    assert!(
        !started.status.success() && start_error.contains(": exec prog: "),
        "start of a program that cannot run: {start_error}"
    );
    // The container process inherited create's stderr, and kept writing to it
    // after create exited, until its execve.
    let ran: Vec<String> = trace
        .lines()
        .filter_map(|l| l.strip_prefix("jailrun: debug: step: "))
        .map(str::to_string)
        .collect();
    assert!(planned.len() > 30, "the plan is too short: {planned:#?}");
    if let Some(i) = (0..ran.len().max(planned.len())).find(|i| ran.get(*i) != planned.get(*i)) {
        panic!(
            "step {i} ran as {:?}, the dry run says {:?}",
            ran.get(i),
            planned.get(i)
        );
    }
}
