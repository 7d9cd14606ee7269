//! Workloads whose Pods are refused or whose rollout is stuck: read from the
//! ReplicaSets' conditions and events, and the Deployments' conditions.

pub mod quota_exceeded;
pub mod replica_failure;
pub mod rollout_stuck;

use crate::cluster::diagnoses::cx::{Cx, count};
use crate::diag::Finding;
use crate::manifest::Object;
use crate::yaml::Node;

fn s<'a>(n: &'a Node, path: &str) -> Option<&'a str> {
    n.at(path).and_then(Node::as_str)
}

/// A ReplicaSet that cannot create its pods, and what the cluster says.
pub struct Refused<'a> {
    pub rs: &'a Object,
    /// The Deployment that owns it (else the ReplicaSet itself): kind, name.
    pub owner: (&'static str, String),
    pub wanted: i64,
    pub have: i64,
    pub said: String,
}

fn refused<'a>(cx: &Cx<'a>, rs: &'a Object, ns: &str) -> Option<Refused<'a>> {
    let deploy = rs
        .root
        .at("metadata.ownerReferences")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .find(|o| s(o, "kind") == Some("Deployment"))
        .and_then(|o| s(o, "name"))
        .map(str::to_string);
    let relevant = cx.scope.has("ReplicaSet", &rs.name)
        || deploy
            .as_deref()
            .is_some_and(|d| cx.scope.has("Deployment", d));
    let wanted = count(&rs.root, "spec.replicas");
    let have = count(&rs.root, "status.replicas");
    if !relevant || wanted == 0 {
        return None;
    }
    let condition = rs
        .root
        .at("status.conditions")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .find(|c| s(c, "type") == Some("ReplicaFailure") && s(c, "status") == Some("True"))
        .and_then(|c| s(c, "message"))
        .map(str::to_string);
    let said = condition.or_else(|| {
        (have < wanted)
            .then(|| cx.event(ns, "ReplicaSet", &rs.name, "FailedCreate", &[]))
            .flatten()
    })?;
    let owner = match deploy {
        Some(d) => ("Deployment", d),
        None => ("ReplicaSet", rs.name.clone()),
    };
    Some(Refused {
        rs,
        owner,
        wanted,
        have,
        said,
    })
}

pub fn detect(cx: &Cx, ns: &str, out: &mut Vec<Finding>) {
    for rs in cx.snap.of_kind("ReplicaSet", ns) {
        if let Some(r) = refused(cx, rs, ns) {
            out.push(
                quota_exceeded::detect(cx, &r, ns)
                    .unwrap_or_else(|| replica_failure::detect(cx, &r, ns)),
            );
        }
    }
    for d in cx
        .snap
        .of_kind("Deployment", ns)
        .filter(|d| cx.scope.has("Deployment", &d.name))
    {
        out.extend(rollout_stuck::detect(cx, d, ns));
    }
}
