//! Terminal setups shared by the terminal and cli areas.

use crate::harness::runtime::console::ConsoleSocket;
use crate::harness::{bundle::mounts, CaseResult, Sandbox, Verdict};
use serde_json::json;

/// What a terminal needs inside the root: on Linux a devpts instance at /dev/pts and
/// /dev/ptmx leading to its multiplexer (as in runc's default configuration).
pub fn add_pty_support(sb: &mut Sandbox) -> CaseResult {
    if cfg!(target_os = "linux") {
        std::fs::create_dir_all(sb.bundle.rootfs.join("dev/pts"))?;
        std::os::unix::fs::symlink("pts/ptmx", sb.bundle.rootfs.join("dev/ptmx"))?;
        mounts::add(
            &mut sb.config,
            json!({
                "destination": "/dev/pts",
                "type": "devpts",
                "source": "devpts",
                "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"],
            }),
        );
    }
    Ok(())
}

/// A console socket in the sandbox directory.
pub fn console_socket(sb: &Sandbox) -> Result<ConsoleSocket, Verdict> {
    ConsoleSocket::bind(&sb.dir.join("console.sock"))
}

/// Whether `text` holds a complete JSON line (the helper's report).
pub fn has_report(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim();
        l.starts_with('{') && l.ends_with('}')
    })
}
