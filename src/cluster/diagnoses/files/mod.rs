//! The student's files against the cluster: objects not applied, and values
//! of the files that the live objects do not have (drift).

pub mod drift;
pub mod not_applied;

use crate::cluster::snapshot::{KINDS, Snapshot};
use crate::diag::Finding;
use crate::engine::Run;

/// For each object of the student's files, of a kind the snapshot reads and
/// in a namespace it covers: missing on the cluster, or different.
pub fn detect(run: &Run, snap: &Snapshot, default_ns: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    for fo in &run.objects {
        let read = KINDS.iter().any(|(k, _, _)| *k == fo.kind) && fo.kind != "Event";
        let ns = fo.namespace.as_deref().unwrap_or(default_ns);
        if !read
            || snap.unavailable.contains_key(&fo.kind)
            || !snap.covers(ns)
            || snap.missing_namespaces.contains(ns)
        {
            continue;
        }
        match snap.find(&fo.kind, ns, &fo.name) {
            None => out.push(not_applied::detect(run, snap, fo, ns)),
            Some(live) => out.extend(drift::detect(run, snap, fo, live, ns)),
        }
    }
    out
}
