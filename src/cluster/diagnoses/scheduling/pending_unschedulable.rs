//! `pending-unschedulable`: a Pod stays `Pending` because no node can take it
//! (no node at all, not enough CPU or memory, `nodeSelector`, a volume), or
//! because no scheduler placed it yet.

use crate::cluster::diagnoses::cx::{At, Cx, code, finding, pod_ref, said, text};
use crate::diag::{Area, Code, Finding, Msg, Severity};
use crate::manifest::Object;
use crate::msg;
use crate::yaml::Node;

pub static CODE: Code = code(
    "pending-unschedulable",
    Area::Scheduling,
    Severity::Error,
    "diagnostiquer.md#pending-et-failedscheduling",
    text(
        "Un Pod qu'aucun nœud ne peut accueillir (Pending, FailedScheduling)",
        "A Pod no node can take (Pending, FailedScheduling)",
    ),
    text(
        "Un Pod reste `Pending` sans être placé sur un nœud : le scheduler n'en trouve aucun qui convienne (événement `FailedScheduling` : pas de nœud du tout, processeur ou mémoire insuffisants, `nodeSelector`, taints, volume), ou ne l'a pas encore traité.",
        "A Pod stays `Pending` without being placed on a node: the scheduler finds no suitable one (a `FailedScheduling` event: no node at all, not enough CPU or memory, `nodeSelector`, taints, a volume), or has not handled it yet.",
    ),
    text(
        "Tant qu'il n'est pas placé, le Pod n'existe que sur le papier : rien ne tourne.",
        "Until it is placed, the Pod only exists on paper: nothing runs.",
    ),
    text(
        "Réduisez `resources.requests`, retirez un `nodeSelector` trop strict, ou demandez à l'enseignant si le cluster manque de nœuds ; `kubectl describe pod POD` montre la raison exacte.",
        "Lower `resources.requests`, remove a too strict `nodeSelector`, or ask the teacher whether the cluster lacks nodes; `kubectl describe pod POD` shows the exact reason.",
    ),
);

fn s<'a>(n: &'a Node, path: &str) -> Option<&'a str> {
    n.at(path).and_then(Node::as_str)
}

fn containers(pod: &Object) -> &[Node] {
    pod.root
        .at("spec.containers")
        .map(Node::items)
        .unwrap_or(&[])
}

pub fn detect(cx: &Cx, pod: &Object, ns: &str) -> Option<Finding> {
    if s(&pod.root, "status.phase") != Some("Pending")
        || pod.root.at("spec.nodeName").is_some_and(|n| !n.is_null())
    {
        return None;
    }
    let scheduled = pod
        .root
        .at("status.conditions")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .find(|c| s(c, "type") == Some("PodScheduled"));
    if scheduled.is_some_and(|c| s(c, "status") == Some("True")) {
        return None;
    }
    let verdict = scheduled
        .filter(|c| s(c, "status") == Some("False"))
        .and_then(|c| s(c, "message"))
        .map(str::to_string)
        .or_else(|| cx.event(ns, "Pod", &pod.name, "FailedScheduling", &[]));
    let (name, owner) = (&pod.name, cx.owner_text(pod));
    let Some(verdict) = verdict else {
        // No verdict, and no kubelet ever reported on it: no scheduler took
        // it (or it was just created).
        if pod.root.at("status.containerStatuses").is_some() {
            return None;
        }
        return Some(finding(
            &CODE,
            pod_ref(pod, ns),
            msg!(
                "le Pod `{name}`{owner} reste en attente (Pending) : aucun nœud ne lui a été attribué, et le scheduler n'a rien dit (pas de condition `PodScheduled`)",
                "Pod `{name}`{owner} stays pending (Pending): no node was given to it, and the scheduler said nothing (no `PodScheduled` condition)",
                name,
                owner
            ),
            msg!(
                "s'il vient d'être créé, attendez quelques secondes et relancez la vérification ; sinon le cluster ne place aucun Pod (pas de scheduler, ou aucun nœud) : `kubectl get nodes` et `kubectl describe pod {name}` ; sur le cluster du cours, prévenez l'enseignant",
                "if it was just created, wait a few seconds and check again; otherwise the cluster places no Pod (no scheduler, or no node): `kubectl get nodes` and `kubectl describe pod {name}`; on the course's cluster, tell the teacher",
                name
            ),
            None,
        ));
    };
    let (cause, help, at) = explain(cx, pod, ns, &verdict);
    Some(said(
        finding(
            &CODE,
            pod_ref(pod, ns),
            msg!(
                "le Pod `{name}`{owner} reste en attente (Pending, FailedScheduling) : {cause}",
                "Pod `{name}`{owner} stays pending (Pending, FailedScheduling): {cause}",
                name,
                owner,
                cause
            ),
            help,
            at,
        ),
        Some(verdict),
    ))
}

/// The cause in the scheduler's words, the fix, and the line of the file.
fn explain(cx: &Cx, pod: &Object, ns: &str, verdict: &str) -> (Msg, Msg, Option<At>) {
    let low = verdict.to_lowercase();
    let name = &pod.name;
    if low.contains("no nodes available") || low.starts_with("0/0 nodes") {
        return (
            msg!(
                "le cluster n'a aucun nœud capable d'exécuter ce Pod",
                "the cluster has no node able to run this Pod"
            ),
            msg!(
                "ce n'est pas votre manifeste : sur un cluster sans nœud, rien ne démarre (`kubectl get nodes` est vide) ; sur le cluster du cours, prévenez l'enseignant ; si des nœuds existent mais refusent le Pod, les causes habituelles sont un quota du namespace atteint \
                    (`kubectl describe resourcequota`) ou des `resources.requests` plus grandes que ce qu'un nœud a de libre",
                "it is not your manifest: on a cluster without nodes nothing starts (`kubectl get nodes` is empty); on the course's cluster, tell the teacher; if nodes exist but refuse the Pod, the usual causes are a namespace quota that is reached (`kubectl describe \
                    resourcequota`) or `resources.requests` larger than what a node has free"
            ),
            None,
        );
    }
    if low.contains("insufficient cpu") || low.contains("insufficient memory") {
        let res = if low.contains("insufficient cpu") {
            "cpu"
        } else {
            "memory"
        };
        fn asks<'n>(c: &'n Node, res: &str) -> Option<&'n Node> {
            c.at(&format!("resources.requests.{res}"))
                .or(c.at(&format!("resources.limits.{res}")))
        }
        let list = containers(pod);
        let container = list
            .iter()
            .find(|c| asks(c, res).is_some())
            .or(list.first())
            .and_then(|c| s(c, "name"))
            .unwrap_or("");
        let asked = list
            .iter()
            .find(|c| s(c, "name") == Some(container))
            .and_then(|c| asks(c, res))
            .map(Node::scalar_text)
            .unwrap_or_else(|| "?".into());
        let what = if res == "cpu" {
            msg!("de processeur", "CPU")
        } else {
            msg!("de mémoire", "memory")
        };
        let at = cx.at_container(
            pod,
            container,
            &[
                &format!("resources.requests.{res}"),
                &format!("resources.limits.{res}"),
                "resources",
            ],
        );
        let apply = cx.apply(at, ns);
        return (
            msg!(
                "aucun nœud n'a assez {what} libre pour ce qu'il demande (`resources.requests.{res}` : {asked})",
                "no node has enough free {what} for what it requests (`resources.requests.{res}`: {asked})",
                what,
                res,
                asked
            ),
            msg!(
                "réduisez `resources.requests.{res}` (c'est une réservation : demandez ce dont l'application a besoin, pas plus), ou le nombre de `replicas` ; puis {apply}",
                "lower `resources.requests.{res}` (it is a reservation: request what the application needs, no more), or the number of `replicas`; then {apply}",
                res,
                apply
            ),
            at,
        );
    }
    if low.contains("persistentvolumeclaim") {
        let at = cx.at_pod(
            pod,
            &["volumes[*].persistentVolumeClaim.claimName", "volumes"],
        );
        return (
            msg!(
                "son volume persistant (PersistentVolumeClaim) n'est pas prêt : absent, ou pas encore lié à un volume",
                "its persistent volume (PersistentVolumeClaim) is not ready: missing, or not bound to a volume yet"
            ),
            msg!(
                "vérifiez que le PVC nommé dans `claimName` existe dans ce namespace et qu'il est `Bound` (`kubectl get pvc`)",
                "check that the PVC named in `claimName` exists in this namespace and is `Bound` (`kubectl get pvc`)"
            ),
            at,
        );
    }
    if low.contains("node affinity")
        || low.contains("node selector")
        || low.contains("nodeselector")
    {
        let at = cx.at_pod(pod, &["nodeSelector", "affinity"]);
        let apply = cx.apply(at, ns);
        return (
            msg!(
                "aucun nœud n'a les labels demandés par `nodeSelector` ou `affinity`",
                "no node has the labels asked by `nodeSelector` or `affinity`"
            ),
            msg!(
                "supprimez ou corrigez `nodeSelector` (les labels des nœuds : `kubectl get nodes --show-labels`), puis {apply}",
                "remove or fix `nodeSelector` (the nodes' labels: `kubectl get nodes --show-labels`), then {apply}",
                apply
            ),
            at,
        );
    }
    (
        msg!(
            "le scheduler ne trouve aucun nœud qui convienne",
            "the scheduler finds no suitable node"
        ),
        msg!(
            "lisez le message du cluster ci-dessous (ressources, taints, affinités) ; `kubectl describe pod {name}`",
            "read the cluster's message below (resources, taints, affinities); `kubectl describe pod {name}`",
            name
        ),
        None,
    )
}
