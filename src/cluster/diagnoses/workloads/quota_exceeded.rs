//! `quota-exceeded`: the namespace's ResourceQuota refuses the Pods of a ReplicaSet.

use super::Refused;
use crate::cluster::diagnoses::cx::{Cx, at_first, code, finding, obj_ref, said, text};
use crate::diag::{Area, Code, Finding, Severity};
use crate::msg;

pub static CODE: Code = code(
    "quota-exceeded",
    Area::Workloads,
    Severity::Error,
    "diagnostiquer.md#quota-de-ressources-dépassé",
    text(
        "Des Pods refusés par le ResourceQuota du namespace",
        "Pods refused by the namespace's ResourceQuota",
    ),
    text(
        "Le ReplicaSet n'arrive pas à créer ses Pods : le ResourceQuota du namespace les refuse (quota atteint, ou `requests`/`limits` absents alors que le quota les exige).",
        "The ReplicaSet cannot create its Pods: the namespace's ResourceQuota refuses them (quota reached, or `requests`/`limits` missing while the quota requires them).",
    ),
    text(
        "Sur une plateforme partagée, chaque namespace a un quota : un Pod sans ressources déclarées ou trop gourmand n'est même pas créé.",
        "On a shared platform each namespace has a quota: a Pod without declared resources, or too greedy, is not even created.",
    ),
    text(
        "Déclarez `resources.requests` et `limits` dans chaque conteneur, réduisez-les ou réduisez `replicas` ; `kubectl describe resourcequota` montre l'usage.",
        "Declare `resources.requests` and `limits` in every container, lower them or lower `replicas`; `kubectl describe resourcequota` shows the usage.",
    ),
);

pub fn detect(cx: &Cx, r: &Refused, ns: &str) -> Option<Finding> {
    let low = r.said.to_lowercase();
    if !low.contains("quota") {
        return None;
    }
    let (kind, name) = (r.owner.0, &r.owner.1);
    let spec = crate::rules::pod_spec_path(kind).map_or("spec.template.spec", |(s, _)| s);
    let must_specify = low.contains("must specify");
    // `requested: limits.memory=200Mi` → `resources.limits.memory`.
    let exceeded = low
        .split_once("requested: ")
        .or_else(|| low.split_once("must specify "))
        .map(|(_, r)| r.split(['=', ',', ' ']).next().unwrap_or("").to_string())
        .unwrap_or_default();
    let field = match exceeded.split_once('.') {
        Some((scope @ ("limits" | "requests"), res)) => format!("resources.{scope}.{res}"),
        _ if exceeded == "cpu" || exceeded == "memory" => format!("resources.requests.{exceeded}"),
        _ => "resources".to_string(),
    };
    let in_containers = |p: &str| format!("{spec}.containers[*].{p}");
    let at = cx.file_obj(kind, ns, name).and_then(|f| {
        at_first(
            f,
            &[
                &in_containers(&field),
                &in_containers("resources.limits"),
                &in_containers("resources"),
                &in_containers("name"),
            ],
        )
    });
    let apply = cx.apply(at, ns);
    let (cause, help) = if must_specify {
        (
            msg!(
                "le namespace a un ResourceQuota qui exige des `resources` (requests et limits) sur chaque conteneur, et ce Pod n'en déclare pas",
                "the namespace has a ResourceQuota that requires `resources` (requests and limits) on every container, and this Pod declares none"
            ),
            msg!(
                "ajoutez `resources.requests` et `resources.limits` (cpu et mémoire) à chaque conteneur, puis {apply}",
                "add `resources.requests` and `resources.limits` (cpu and memory) to every container, then {apply}",
                apply
            ),
        )
    } else {
        (
            msg!(
                "le ResourceQuota du namespace est dépassé : ces Pods demanderaient plus que ce qui reste",
                "the namespace's ResourceQuota is exceeded: these Pods would ask for more than what is left"
            ),
            msg!(
                "réduisez `resources` (requests/limits) ou `replicas`, ou supprimez ce qui ne sert plus dans le namespace (`kubectl describe resourcequota` montre l'utilisé et la limite) ; puis {apply}",
                "lower `resources` (requests/limits) or `replicas`, or delete what is no longer used in the namespace (`kubectl describe resourcequota` shows used and hard); then {apply}",
                apply
            ),
        )
    };
    let (have, wanted, rs) = (r.have, r.wanted, &r.rs.name);
    Some(said(
        finding(
            &CODE,
            obj_ref(kind, name, ns),
            msg!(
                "le {kind} `{name}` n'arrive pas à créer ses Pods ({have} sur {wanted}, ReplicaSet `{rs}`) : {cause} (`{exceeded}`)",
                "{kind} `{name}` cannot create its Pods ({have} of {wanted}, ReplicaSet `{rs}`): {cause} (`{exceeded}`)",
                kind,
                name,
                have,
                wanted,
                rs,
                cause,
                exceeded
            ),
            help,
            at,
        ),
        Some(r.said.clone()),
    ))
}
