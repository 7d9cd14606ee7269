//! `replica-failure`: the cluster refuses the Pods of a ReplicaSet for a
//! reason other than a quota (admission, a ServiceAccount that does not exist…).

use super::Refused;
use crate::cluster::diagnoses::cx::{Cx, at_first, code, finding, obj_ref, said, text};
use crate::diag::{Area, Code, Finding, Severity};
use crate::msg;

pub static CODE: Code = code(
    "replica-failure",
    Area::Workloads,
    Severity::Error,
    "deployment.md",
    text(
        "Un ReplicaSet dont le cluster refuse les Pods (ReplicaFailure)",
        "A ReplicaSet whose Pods the cluster refuses (ReplicaFailure)",
    ),
    text(
        "Le ReplicaSet a la condition `ReplicaFailure` : le cluster refuse de créer ses Pods pour une autre raison qu'un quota (admission, ServiceAccount inexistant…).",
        "The ReplicaSet has the `ReplicaFailure` condition: the cluster refuses to create its Pods for a reason other than a quota (admission, a ServiceAccount that does not exist…).",
    ),
    text(
        "Le Deployment existe, mais aucun Pod ne sera jamais créé.",
        "The Deployment exists, but no Pod will ever be created.",
    ),
    text(
        "Lisez le message du cluster (`kubectl describe rs`), corrigez le modèle de Pod, puis `kubectl apply -f`.",
        "Read the cluster's message (`kubectl describe rs`), fix the pod template, then `kubectl apply -f`.",
    ),
);

pub fn detect(cx: &Cx, r: &Refused, ns: &str) -> Finding {
    let (kind, name) = (r.owner.0, &r.owner.1);
    let spec = crate::rules::pod_spec_path(kind).map_or("spec.template.spec", |(s, _)| s);
    let at = cx.file_obj(kind, ns, name).and_then(|f| {
        at_first(
            f,
            &[
                &format!("{spec}.serviceAccountName"),
                &format!("{spec}.containers[*].name"),
            ],
        )
    });
    let apply = cx.apply(at, ns);
    let (have, wanted, rs) = (r.have, r.wanted, &r.rs.name);
    said(
        finding(
            &CODE,
            obj_ref(kind, name, ns),
            msg!(
                "le {kind} `{name}` n'arrive pas à créer ses Pods ({have} sur {wanted}, ReplicaSet `{rs}`) : le cluster les refuse",
                "{kind} `{name}` cannot create its Pods ({have} of {wanted}, ReplicaSet `{rs}`): the cluster refuses them",
                kind,
                name,
                have,
                wanted,
                rs
            ),
            msg!(
                "lisez le message du cluster ci-dessous : il dit quelle règle refuse le Pod ; corrigez puis {apply}",
                "read the cluster's message below: it says which rule refuses the Pod; fix then {apply}",
                apply
            ),
            at,
        ),
        Some(r.said.clone()),
    )
}
