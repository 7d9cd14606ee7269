//! `ingress-backend-port`: an Ingress sends traffic to a port its Service does not have.

use super::Backend;
use crate::cluster::diagnoses::cx::{Cx, code, finding, obj_ref, text};
use crate::diag::{Area, Code, Finding, Severity};
use crate::manifest::Object;
use crate::msg;
use crate::yaml::Node;

pub static CODE: Code = code(
    "ingress-backend-port",
    Area::Ingress,
    Severity::Error,
    "diagnostiquer.md#un-ingress-dont-le-backend-nexiste-pas",
    text(
        "Un Ingress vers un port que le Service n'a pas",
        "An Ingress to a port the Service does not have",
    ),
    text(
        "Une règle de l'Ingress vise un port du Service qui n'existe pas (souvent le `targetPort` au lieu du `port`).",
        "A rule of the Ingress targets a port of the Service that does not exist (often the `targetPort` instead of the `port`).",
    ),
    text(
        "Le contrôleur d'Ingress ne sait pas où envoyer le trafic : 503.",
        "The ingress controller does not know where to send traffic: 503.",
    ),
    text(
        "Mettez dans `backend.service.port.number` le `port` du Service, puis `kubectl apply -f`.",
        "Put the Service's `port` in `backend.service.port.number`, then `kubectl apply -f`.",
    ),
);

pub fn detect(cx: &Cx, b: &Backend, service: &Object, ns: &str) -> Option<Finding> {
    let port = &b.port;
    if port.is_empty() {
        return None;
    }
    let ports = service
        .root
        .at("spec.ports")
        .map(Node::items)
        .unwrap_or(&[]);
    let text_of = |p: &Node, k: &str| p.get(k).map(Node::scalar_text);
    if ports.iter().any(|p| {
        text_of(p, "port").as_deref() == Some(port.as_str())
            || text_of(p, "name").as_deref() == Some(port.as_str())
    }) {
        return None;
    }
    let list = ports
        .iter()
        .map(|p| format!("`{}`", text_of(p, "port").unwrap_or_default()))
        .collect::<Vec<_>>()
        .join(", ");
    let at = b
        .locate(cx, ns, "port.number", port)
        .or_else(|| b.locate(cx, ns, "port.name", port));
    let apply = cx.apply(at, ns);
    let (name, svc) = (&b.ingress.name, b.service);
    Some(finding(
        &CODE,
        obj_ref("Ingress", name, ns),
        msg!(
            "l'Ingress `{name}` envoie le trafic au port `{port}` du Service `{svc}`, qui n'a pas ce port (ports : {list}) : le contrôleur Ingress répond 503",
            "Ingress `{name}` sends traffic to port `{port}` of Service `{svc}`, which has no such port (ports: {list}): the Ingress controller answers 503",
            name,
            port,
            svc,
            list
        ),
        msg!(
            "mettez dans `backend.service.port.number` le `port` du Service (pas le `targetPort`), puis {apply}",
            "put the Service's `port` (not its `targetPort`) in `backend.service.port.number`, then {apply}",
            apply
        ),
        at,
    ))
}
