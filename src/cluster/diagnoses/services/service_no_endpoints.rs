//! `service-no-endpoints`: a Service whose selector matches no Pod: its
//! selector beside the labels the Pods really have.

use super::{labels_text, live_pods};
use crate::cluster::diagnoses::cx::{Cx, at_first, code, finding, obj_ref, text};
use crate::diag::{Area, Code, Finding, Severity};
use crate::manifest::Object;
use crate::msg;
use crate::yaml::Node;

pub static CODE: Code = code(
    "service-no-endpoints",
    Area::Services,
    Severity::Error,
    "diagnostiquer.md#un-service-sans-endpoints",
    text(
        "Un Service qui ne sélectionne aucun Pod (aucun endpoint)",
        "A Service that selects no Pod (no endpoints)",
    ),
    text(
        "Le Service n'a aucun endpoint : son `selector` ne correspond aux labels d'aucun Pod du namespace. Le diagnostic montre le sélecteur à côté des labels des Pods qui existent.",
        "The Service has no endpoints: its `selector` matches the labels of no Pod of the namespace. The diagnosis shows the selector beside the labels of the Pods that exist.",
    ),
    text(
        "Un Service sans endpoint répond « connection refused » (ou 503 derrière un Ingress) alors que les Pods tournent.",
        "A Service with no endpoint answers \"connection refused\" (or 503 behind an Ingress) while the Pods run.",
    ),
    text(
        "Mettez dans `spec.selector` des labels que portent les Pods (`spec.template.metadata.labels` du Deployment), puis `kubectl apply -f`.",
        "Put in `spec.selector` labels the Pods carry (the Deployment's `spec.template.metadata.labels`), then `kubectl apply -f`.",
    ),
);

pub fn detect(cx: &Cx, svc: &Object, selector: &Node, ns: &str) -> Option<Finding> {
    let pods = live_pods(cx, ns);
    if pods
        .iter()
        .any(|p| crate::rules::labels_match(selector, p.labels()))
    {
        return None;
    }
    // The labels the pods really have, those of the exercise first.
    let (mine, others): (Vec<&&Object>, Vec<&&Object>) =
        pods.iter().partition(|p| cx.scope.has_pod(cx.snap, p));
    let mut shown: Vec<String> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for p in mine.into_iter().chain(others) {
        let labels = labels_text(p.labels());
        if shown.len() < 3 && !seen.contains(&labels) {
            shown.push(format!("`{labels}` (Pod `{}`)", p.name));
            seen.push(labels);
        }
    }
    let labels = if shown.is_empty() {
        msg!(
            "il n'y a aucun Pod dans le namespace `{ns}`",
            "there is no Pod in namespace `{ns}`",
            ns
        )
    } else {
        let list = shown.join(" ; ");
        msg!(
            "les Pods ont les labels {list}",
            "the Pods have labels {list}",
            list
        )
    };
    let name = &svc.name;
    let first_key = selector
        .entries()
        .first()
        .map(|e| e.key.to_string())
        .unwrap_or_default();
    let at = cx.file_obj("Service", ns, name).and_then(|f| {
        at_first(
            f,
            &[&format!("spec.selector.\"{first_key}\""), "spec.selector"],
        )
    });
    let apply = cx.apply(at, ns);
    let selector = labels_text(Some(selector));
    Some(finding(
        &CODE,
        obj_ref("Service", name, ns),
        msg!(
            "le Service `{name}` n'a aucun endpoint : son sélecteur `{selector}` ne correspond aux labels d'aucun Pod ; {labels}",
            "Service `{name}` has no endpoints: its selector `{selector}` matches the labels of no Pod; {labels}",
            name,
            selector,
            labels
        ),
        msg!(
            "mettez dans `spec.selector` du Service exactement des labels de `spec.template.metadata.labels` du Deployment (ou créez les Pods s'ils manquent), puis {apply}",
            "put in the Service's `spec.selector` exactly labels of the Deployment's `spec.template.metadata.labels` (or create the Pods if they are missing), then {apply}",
            apply
        ),
        at,
    ))
}
