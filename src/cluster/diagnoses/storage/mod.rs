//! Storage that is never provided.

pub mod pvc_pending;

use crate::cluster::diagnoses::cx::Cx;
use crate::diag::Finding;

pub fn detect(cx: &Cx, ns: &str, out: &mut Vec<Finding>) {
    for pvc in cx
        .snap
        .of_kind("PersistentVolumeClaim", ns)
        .filter(|p| cx.scope.has("PersistentVolumeClaim", &p.name))
    {
        out.extend(pvc_pending::detect(cx, pvc, ns));
    }
}
