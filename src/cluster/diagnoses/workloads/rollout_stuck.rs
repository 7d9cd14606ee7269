//! `rollout-stuck`: a Deployment's rollout is stuck (`ProgressDeadlineExceeded`).

use crate::cluster::diagnoses::cx::{Cx, at_first, code, count, finding, obj_ref, said, text};
use crate::diag::{Area, Code, Finding, Severity};
use crate::manifest::Object;
use crate::msg;
use crate::yaml::Node;

pub static CODE: Code = code(
    "rollout-stuck",
    Area::Workloads,
    Severity::Error,
    "diagnostiquer.md#progressdeadlineexceeded",
    text(
        "Une mise à jour de Deployment bloquée (ProgressDeadlineExceeded)",
        "A Deployment rollout that is stuck (ProgressDeadlineExceeded)",
    ),
    text(
        "Le Deployment a la condition `Progressing` à `False` avec la raison `ProgressDeadlineExceeded` : ses nouveaux Pods ne sont pas devenus prêts à temps.",
        "The Deployment has condition `Progressing` at `False` with reason `ProgressDeadlineExceeded`: its new Pods did not become ready in time.",
    ),
    text(
        "Les anciens Pods continuent de servir, mais la nouvelle version n'arrive jamais ; la cause est sur les nouveaux Pods.",
        "The old Pods keep serving, but the new version never arrives; the cause is on the new Pods.",
    ),
    text(
        "Corrigez la cause vue sur les nouveaux Pods puis `kubectl apply -f`, ou revenez en arrière : `kubectl rollout undo deployment/NOM`.",
        "Fix the cause seen on the new Pods then `kubectl apply -f`, or roll back: `kubectl rollout undo deployment/NAME`.",
    ),
);

pub fn detect(cx: &Cx, d: &Object, ns: &str) -> Option<Finding> {
    let c = d
        .root
        .at("status.conditions")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .find(|c| {
            c.at("type").and_then(Node::as_str) == Some("Progressing")
                && c.at("reason").and_then(Node::as_str) == Some("ProgressDeadlineExceeded")
        })?;
    let name = &d.name;
    let deadline = d
        .root
        .at("spec.progressDeadlineSeconds")
        .and_then(Node::as_i64)
        .unwrap_or(600);
    let at = cx.file_obj("Deployment", ns, name).and_then(|f| {
        at_first(
            f,
            &["spec.template.spec.containers[*].image", "metadata.name"],
        )
    });
    let apply = cx.apply(at, ns);
    let updated = count(&d.root, "status.updatedReplicas");
    let wanted = d
        .root
        .at("spec.replicas")
        .and_then(Node::as_i64)
        .unwrap_or(1);
    Some(said(
        finding(
            &CODE,
            obj_ref("Deployment", name, ns),
            msg!(
                "la mise à jour du Deployment `{name}` est bloquée (ProgressDeadlineExceeded) : ses nouveaux Pods ne sont pas devenus prêts en {deadline} s ({updated} sur {wanted} à jour) ; les anciens Pods continuent de servir",
                "the rollout of Deployment `{name}` is stuck (ProgressDeadlineExceeded): its new Pods did not become ready within {deadline} s ({updated} of {wanted} updated); the old Pods keep serving",
                name,
                deadline,
                updated,
                wanted
            ),
            msg!(
                "la cause est sur les nouveaux Pods (voir leurs diagnostics : image, plantage, sonde…) ; corrigez puis {apply}, ou revenez à la version précédente : `kubectl rollout undo deployment/{name}`",
                "the cause is on the new Pods (see their diagnoses: image, crash, probe…); fix then {apply}, or go back to the previous version: `kubectl rollout undo deployment/{name}`",
                apply,
                name
            ),
            at,
        ),
        c.at("message").and_then(Node::as_str).map(str::to_string),
    ))
}
