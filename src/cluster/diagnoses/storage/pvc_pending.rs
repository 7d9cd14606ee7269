//! `pvc-pending`: a PersistentVolumeClaim stays `Pending` (no volume can be provided).

use crate::cluster::diagnoses::cx::{Cx, at_first, code, finding, obj_ref, said, text};
use crate::diag::{Area, Code, Finding, Severity};
use crate::manifest::Object;
use crate::msg;
use crate::yaml::Node;

pub static CODE: Code = code(
    "pvc-pending",
    Area::Storage,
    Severity::Error,
    "namespace-stockage.md",
    text(
        "Un PersistentVolumeClaim qui reste en attente",
        "A PersistentVolumeClaim that stays pending",
    ),
    text(
        "Le PersistentVolumeClaim reste `Pending` : aucun volume ne peut lui être fourni (classe de stockage inconnue, taille ou mode d'accès impossibles).",
        "The PersistentVolumeClaim stays `Pending`: no volume can be provided for it (unknown storage class, impossible size or access mode).",
    ),
    text(
        "Un Pod qui monte ce volume ne démarre pas tant que la demande n'est pas satisfaite.",
        "A Pod that mounts this volume does not start until the claim is bound.",
    ),
    text(
        "Vérifiez `storageClassName` (`kubectl get storageclass`), la taille et `accessModes`, puis `kubectl apply -f`.",
        "Check `storageClassName` (`kubectl get storageclass`), the size and `accessModes`, then `kubectl apply -f`.",
    ),
);

pub fn detect(cx: &Cx, pvc: &Object, ns: &str) -> Option<Finding> {
    if pvc.root.at("status.phase").and_then(Node::as_str) != Some("Pending") {
        return None;
    }
    let name = &pvc.name;
    let event = |reason| cx.event(ns, "PersistentVolumeClaim", name, reason, &[]);
    let said_text = event("ProvisioningFailed").or_else(|| event("FailedBinding"));
    // Without a failure, pending until a pod uses it (`WaitForFirstConsumer`) is normal.
    let said_text = said_text?;
    let at = cx
        .file_obj("PersistentVolumeClaim", ns, name)
        .and_then(|f| {
            at_first(
                f,
                &[
                    "spec.storageClassName",
                    "spec.resources.requests.storage",
                    "metadata.name",
                ],
            )
        });
    let apply = cx.apply(at, ns);
    Some(said(
        finding(
            &CODE,
            obj_ref("PersistentVolumeClaim", name, ns),
            msg!(
                "le PersistentVolumeClaim `{name}` reste en attente (Pending) : aucun volume ne peut lui être fourni",
                "PersistentVolumeClaim `{name}` stays pending (Pending): no volume can be provided for it",
                name
            ),
            msg!(
                "vérifiez `storageClassName` (les classes du cluster : `kubectl get storageclass` ; sans cette ligne, la classe par défaut est utilisée) et la taille demandée ; puis {apply}",
                "check `storageClassName` (the cluster's classes: `kubectl get storageclass`; without this line, the default class is used) and the requested size; then {apply}",
                apply
            ),
            at,
        ),
        Some(said_text),
    ))
}
