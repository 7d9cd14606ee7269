//! `loadbalancer-pending`: a `LoadBalancer` Service whose external IP stays pending.

use crate::cluster::diagnoses::cx::{Cx, at_first, code, finding, obj_ref, text};
use crate::diag::{Area, Code, Finding, Severity};
use crate::manifest::Object;
use crate::msg;
use crate::yaml::Node;

pub static CODE: Code = code(
    "loadbalancer-pending",
    Area::Services,
    Severity::Warning,
    "diagnostiquer.md#un-loadbalancer-en-attente",
    text(
        "Un Service LoadBalancer dont l'IP externe reste en attente",
        "A LoadBalancer Service whose external IP stays pending",
    ),
    text(
        "Le Service est de type `LoadBalancer` mais n'a pas d'IP externe : le cluster ne fournit pas d'équilibreur de charge.",
        "The Service is of type `LoadBalancer` but has no external IP: the cluster provides no load balancer.",
    ),
    text(
        "Sans IP externe, personne n'atteint l'application par ce Service ; sur la plateforme du cours, on expose en HTTP par un Ingress.",
        "Without an external IP nobody reaches the application through this Service; on the course platform HTTP is exposed by an Ingress.",
    ),
    text(
        "Mettez un Service `ClusterIP` derrière un Ingress, puis `kubectl apply -f`.",
        "Use a `ClusterIP` Service behind an Ingress, then `kubectl apply -f`.",
    ),
);

pub fn detect(cx: &Cx, svc: &Object, ns: &str) -> Option<Finding> {
    let pending = svc.root.at("spec.type").and_then(Node::as_str) == Some("LoadBalancer")
        && svc
            .root
            .at("status.loadBalancer.ingress")
            .map(Node::items)
            .unwrap_or(&[])
            .is_empty();
    if !pending {
        return None;
    }
    let name = &svc.name;
    let at = cx
        .file_obj("Service", ns, name)
        .and_then(|f| at_first(f, &["spec.type"]));
    let apply = cx.apply(at, ns);
    Some(finding(
        &CODE,
        obj_ref("Service", name, ns),
        msg!(
            "le Service `{name}` est de type LoadBalancer mais son IP externe reste en attente (`<pending>`) : ce cluster ne fournit sans doute pas d'équilibreur de charge externe",
            "Service `{name}` is of type LoadBalancer but its external IP stays pending (`<pending>`): this cluster most likely provides no external load balancer",
            name
        ),
        msg!(
            "pour exposer l'application, utilisez un Ingress devant un Service `ClusterIP` (chapitre Ingress), ou `type: NodePort` ; puis {apply}",
            "to expose the application, use an Ingress in front of a `ClusterIP` Service (Ingress chapter), or `type: NodePort`; then {apply}",
            apply
        ),
        at,
    ))
}
