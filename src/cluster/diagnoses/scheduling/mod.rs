//! Pods that no node runs: the scheduler's verdict (`PodScheduled` at
//! `False`, a `FailedScheduling` event), or no verdict at all.

pub mod pending_unschedulable;

use crate::cluster::diagnoses::cx::Cx;
use crate::diag::Finding;
use crate::manifest::Object;

/// The problem of a pod that is not placed on a node, if so.
pub fn detect(cx: &Cx, pod: &Object, ns: &str) -> Option<Finding> {
    pending_unschedulable::detect(cx, pod, ns)
}
