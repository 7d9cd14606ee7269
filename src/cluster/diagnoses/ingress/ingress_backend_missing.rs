//! `ingress-backend-missing`: an Ingress sends traffic to a Service that
//! does not exist in the namespace.

use super::Backend;
use crate::cluster::diagnoses::cx::{Cx, code, finding, obj_ref, text};
use crate::diag::{Area, Code, Finding, Msg, Severity};
use crate::msg;

pub static CODE: Code = code(
    "ingress-backend-missing",
    Area::Ingress,
    Severity::Error,
    "diagnostiquer.md#un-ingress-dont-le-backend-nexiste-pas",
    text(
        "Un Ingress vers un Service qui n'existe pas",
        "An Ingress to a Service that does not exist",
    ),
    text(
        "Une règle de l'Ingress envoie le trafic à un Service absent du namespace.",
        "A rule of the Ingress sends traffic to a Service that is not in the namespace.",
    ),
    text(
        "Le contrôleur d'Ingress répond 503 à chaque requête sur ce chemin.",
        "The ingress controller answers 503 to every request on that path.",
    ),
    text(
        "Corrigez `backend.service.name`, ou créez le Service, puis `kubectl apply -f`.",
        "Fix `backend.service.name`, or create the Service, then `kubectl apply -f`.",
    ),
);

pub fn detect(cx: &Cx, b: &Backend, ns: &str) -> Finding {
    let others: Vec<&str> = cx
        .snap
        .of_kind("Service", ns)
        .map(|o| o.name.as_str())
        .collect();
    let near = match crate::suggest::closest(b.service, others.iter().copied()) {
        Some(n) => msg!(" ; vouliez-vous dire `{n}` ?", "; did you mean `{n}`?", n),
        None => Msg::EMPTY,
    };
    let list = if others.is_empty() {
        msg!("aucun", "none")
    } else {
        let v: Vec<String> = others.iter().map(|o| format!("`{o}`")).collect();
        msg!("{v}", "{v}", v)
    };
    let at = b.locate(cx, ns, "name", b.service);
    let apply = cx.apply(at, ns);
    let (name, svc) = (&b.ingress.name, b.service);
    finding(
        &CODE,
        obj_ref("Ingress", name, ns),
        msg!(
            "l'Ingress `{name}` envoie le trafic au Service `{svc}`, qui n'existe pas dans le namespace `{ns}` : le contrôleur Ingress répond 503 (Services présents : {list}{near})",
            "Ingress `{name}` sends traffic to Service `{svc}`, which does not exist in namespace `{ns}`: the Ingress controller answers 503 (Services present: {list}{near})",
            name,
            svc,
            ns,
            list,
            near
        ),
        msg!(
            "corrigez `backend.service.name` pour nommer le Service de l'application, ou créez ce Service (`kubectl apply -f service.yaml`) ; puis {apply}",
            "fix `backend.service.name` to name the application's Service, or create that Service (`kubectl apply -f service.yaml`); then {apply}",
            apply
        ),
        at,
    )
}
