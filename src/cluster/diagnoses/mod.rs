//! Why something does not work on the cluster: one diagnosis per file,
//! grouped by area (`containers`, `scheduling`, `workloads`, `services`,
//! `ingress`, `storage`, `files`). Each file holds its registry entry (its
//! [`Code`], the text of `kubecours explain ID`) and its detection, which
//! builds a [`Finding`]: message and help as data ([`Msg`], worded when a
//! report is written), the cluster's own words and the last log lines as
//! [`Note`]s, and the line of the student's file when the cause is there.
//!
//! Read from the snapshot only: container states, conditions, events, and the
//! last log lines of failing containers. The exercise gives, as plain data,
//! the objects its expectations are about ([`Subject`]).

pub mod containers;
pub mod cx;
pub mod files;
pub mod ingress;
pub mod scheduling;
pub mod services;
pub mod storage;
pub mod workloads;

use crate::cluster::snapshot::{Snapshot, statuses};
use crate::diag::Finding;
use crate::engine::Run;
use crate::manifest::Object;
use crate::msg;
use crate::yaml::Node;
use cx::{Cx, Scope};

pub use cx::Subject;

/// Every diagnosis for the namespaces of the snapshot, about the objects the
/// exercise is about (`subjects`, and the objects of the student's files).
pub fn diagnose(
    snap: &Snapshot,
    run: &Run,
    default_ns: &str,
    subjects: &[Subject],
) -> Vec<Finding> {
    let cx = Cx::new(snap, run, default_ns, Scope::new(run, subjects));
    let mut out = Vec::new();
    for ns in &snap.namespaces {
        pods(&cx, ns, &mut out);
        workloads::detect(&cx, ns, &mut out);
        services::detect(&cx, ns, &mut out);
        ingress::detect(&cx, ns, &mut out);
        storage::detect(&cx, ns, &mut out);
    }
    out.extend(files::detect(run, snap, default_ns));
    out
}

/// Problems of the pods, one finding per owner and problem ("2 Pods sur 3").
fn pods(cx: &Cx, ns: &str, out: &mut Vec<Finding>) {
    let pods: Vec<&Object> = cx
        .snap
        .of_kind("Pod", ns)
        .filter(|p| cx.scope.has_pod(cx.snap, p))
        // A pod being deleted is not a problem.
        .filter(|p| p.root.at("metadata.deletionTimestamp").is_none())
        .collect();
    let mut groups: Vec<(String, &Object, Vec<Finding>)> = Vec::new();
    for pod in &pods {
        let owner = cx
            .snap
            .owner_of(pod)
            .map_or_else(|| format!("Pod/{}", pod.name), |(k, n)| format!("{k}/{n}"));
        let mut found: Vec<(String, Finding)> = Vec::new();
        if let Some(f) = scheduling::detect(cx, pod, ns) {
            found.push((format!("{owner}|{}", f.id()), f));
        } else {
            for st in statuses(pod) {
                let Some(container) = st.at("name").and_then(Node::as_str) else {
                    continue;
                };
                if let Some(f) = containers::detect(cx, pod, ns, st, container) {
                    found.push((format!("{owner}|{container}|{}", f.id()), f));
                }
            }
        }
        for (key, f) in found {
            match groups.iter_mut().find(|(k, _, _)| *k == key) {
                Some((_, _, list)) => list.push(f),
                None => groups.push((key, pod, vec![f])),
            }
        }
    }
    for (_, first, mut list) in groups {
        let n = list.len();
        let mut f = list.remove(0);
        if n > 1 {
            let mine = cx.snap.owner_of(first);
            let total = pods.iter().filter(|p| cx.snap.owner_of(p) == mine).count();
            let (kind, name) = mine.unwrap_or_default();
            let m = f.message;
            f.message = msg!(
                "{m} ({n} Pods sur {total} du {kind} `{name}` sont dans ce cas)",
                "{m} ({n} of the {total} Pods of {kind} `{name}` are affected)",
                m,
                n,
                total,
                kind,
                name
            );
        }
        out.push(f);
    }
}

#[cfg(test)]
mod tests;
