//! `list`: every container under `--root`.

use super::{Context, Error};
use crate::state::Status;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One row of `list`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub oci_version: String,
    pub id: String,
    pub pid: i32,
    pub status: Status,
    pub bundle: PathBuf,
    pub rootfs: PathBuf,
    pub created: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    pub owner: String,
}

/// The containers, sorted by ID.
pub fn list(ctx: &Context<'_>) -> Result<Vec<Entry>, Error> {
    let owner = nix::unistd::User::from_uid(nix::unistd::geteuid())
        .ok()
        .flatten()
        .map(|u| u.name)
        .unwrap_or_else(|| nix::unistd::geteuid().to_string());
    Ok(ctx
        .store
        .list()?
        .into_iter()
        .map(|(r, fifo)| {
            let status = r.status(fifo);
            Entry {
                pid: if status == Status::Stopped { 0 } else { r.pid },
                status,
                oci_version: r.oci_version,
                id: r.id,
                bundle: r.bundle,
                rootfs: r.rootfs,
                created: r.created,
                annotations: r.annotations,
                owner: owner.clone(),
            }
        })
        .collect())
}

/// The table `list` prints (runc's columns).
pub fn table(entries: &[Entry]) -> String {
    let mut rows = vec![[
        "ID".to_string(),
        "PID".into(),
        "STATUS".into(),
        "BUNDLE".into(),
        "CREATED".into(),
        "OWNER".into(),
    ]];
    for e in entries {
        rows.push([
            e.id.clone(),
            e.pid.to_string(),
            e.status.to_string(),
            e.bundle.display().to_string(),
            e.created.clone(),
            e.owner.clone(),
        ]);
    }
    let widths: Vec<usize> = (0..6)
        .map(|c| rows.iter().map(|r| r[c].len()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for r in rows {
        let line: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                if i == 5 {
                    cell.clone()
                } else {
                    format!("{cell:<w$}", w = widths[i])
                }
            })
            .collect();
        out.push_str(&line.join("   "));
        out.push('\n');
    }
    out
}
