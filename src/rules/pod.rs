//! Where pods are described in each kind, for the rules that check pod
//! specs and containers: the pod spec of an object with its path, and its
//! containers (main, init and ephemeral) with theirs.

use crate::manifest::Object;
use crate::rules::ctx::pod_spec_path;
use crate::yaml::Node;

/// The pod spec of an object (a Pod's `spec`, a workload's template spec), with its path.
pub fn spec_of(obj: &Object) -> Option<(&Node, String)> {
    let (path, _) = pod_spec_path(&obj.kind)?;
    let path = if obj.kind == "PodTemplate" {
        "template.spec"
    } else {
        path
    };
    Some((obj.root.at(path)?, format!("{}{path}", obj.prefix)))
}

/// A container of a pod spec.
pub struct Container<'a> {
    pub node: &'a Node,
    /// `spec.template.spec.containers[0]`.
    pub path: String,
    /// `containers`, `initContainers` or `ephemeralContainers`.
    pub list: &'static str,
}

impl Container<'_> {
    pub fn name(&self) -> Option<&str> {
        self.node.get("name").and_then(Node::as_str)
    }
}

/// Every container of a pod spec, init containers after the main ones.
pub fn containers<'a>(spec: &'a Node, spec_path: &str) -> Vec<Container<'a>> {
    let mut out = Vec::new();
    for list in ["containers", "initContainers", "ephemeralContainers"] {
        for (i, c) in spec
            .get(list)
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            out.push(Container {
                node: c,
                path: format!("{spec_path}.{list}[{i}]"),
                list,
            });
        }
    }
    out
}
