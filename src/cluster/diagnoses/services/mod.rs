//! Services that lead nowhere: no external IP, no Pod selected, no Pod ready.

pub mod endpoints_not_ready;
pub mod loadbalancer_pending;
pub mod service_no_endpoints;

use crate::cluster::diagnoses::cx::Cx;
use crate::diag::Finding;
use crate::manifest::Object;
use crate::yaml::Node;

/// `app=web, tier=front` (without `pod-template-hash`), or `∅`.
pub fn labels_text(n: Option<&Node>) -> String {
    let v: Vec<String> = n
        .map(|l| {
            l.entries()
                .iter()
                .filter(|e| &*e.key != "pod-template-hash")
                .map(|e| format!("{}={}", e.key, e.value.scalar_text()))
                .collect()
        })
        .unwrap_or_default();
    if v.is_empty() {
        "∅".into()
    } else {
        v.join(", ")
    }
}

/// The pods of a namespace that are not being deleted.
pub fn live_pods<'a>(cx: &Cx<'a>, ns: &'a str) -> Vec<&'a Object> {
    cx.snap
        .of_kind("Pod", ns)
        .filter(|p| p.root.at("metadata.deletionTimestamp").is_none())
        .collect()
}

pub fn detect(cx: &Cx, ns: &str, out: &mut Vec<Finding>) {
    for svc in cx
        .snap
        .of_kind("Service", ns)
        .filter(|s| cx.scope.has("Service", &s.name))
    {
        out.extend(loadbalancer_pending::detect(cx, svc, ns));
        let Some(selector) = svc
            .root
            .at("spec.selector")
            .filter(|s| !s.entries().is_empty())
        else {
            continue;
        };
        if cx.snap.endpoint_counts(ns, &svc.name).0 > 0 {
            continue;
        }
        out.extend(
            service_no_endpoints::detect(cx, svc, selector, ns)
                .or_else(|| endpoints_not_ready::detect(cx, svc, selector, ns)),
        );
    }
}
