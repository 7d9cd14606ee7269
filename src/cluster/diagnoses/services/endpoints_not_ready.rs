//! `endpoints-not-ready`: a Service selects Pods, but none is ready.

use super::{labels_text, live_pods};
use crate::cluster::diagnoses::containers::readiness_failing::{
    PROBE_PATHS, probe_event, running_unready,
};
use crate::cluster::diagnoses::cx::{Cx, code, finding, obj_ref, said, text};
use crate::cluster::snapshot::statuses;
use crate::diag::{Area, Code, Finding, Msg, Severity};
use crate::manifest::Object;
use crate::msg;
use crate::yaml::Node;

pub static CODE: Code = code(
    "endpoints-not-ready",
    Area::Services,
    Severity::Error,
    "diagnostiquer.md#un-service-sans-endpoints",
    text(
        "Un Service dont aucun Pod sélectionné n'est prêt",
        "A Service none of whose selected Pods is ready",
    ),
    text(
        "Le Service sélectionne des Pods, mais aucun n'est prêt : ils démarrent encore, plantent ou échouent leur sonde de disponibilité.",
        "The Service selects Pods, but none is ready: they are still starting, crashing or failing their readiness probe.",
    ),
    text(
        "Un Service n'envoie le trafic qu'aux Pods prêts : sans eux, les requêtes échouent.",
        "A Service only sends traffic to ready Pods: without them, requests fail.",
    ),
    text(
        "Regardez le diagnostic des Pods (image, plantage, sonde), corrigez-le, puis `kubectl apply -f`.",
        "Look at the Pods' diagnosis (image, crash, probe), fix it, then `kubectl apply -f`.",
    ),
);

pub fn detect(cx: &Cx, svc: &Object, selector: &Node, ns: &str) -> Option<Finding> {
    let pods = live_pods(cx, ns);
    let selected: Vec<&&Object> = pods
        .iter()
        .filter(|p| crate::rules::labels_match(selector, p.labels()))
        .collect();
    let n = selected.len();
    if n == 0 {
        return None;
    }
    // Running but not ready: the readiness probe; else they do not start.
    let probing = selected.iter().find_map(|p| {
        statuses(p)
            .find(|st| running_unready(st))
            .and_then(|st| st.at("name").and_then(Node::as_str))
            .map(|c| (**p, c))
    });
    let (why, help, at, cluster_says) = match probing {
        Some((p, c)) => {
            let at = cx.at_container(p, c, PROBE_PATHS);
            let apply = cx.apply(at, ns);
            (
                msg!(
                    "ils tournent mais leur sonde `readinessProbe` échoue",
                    "they run but their `readinessProbe` fails"
                ),
                msg!(
                    "vérifiez le `path` et le `port` de la sonde `readinessProbe` (l'application y répond-elle ?), corrigez puis {apply}",
                    "check the `readinessProbe`'s `path` and `port` (does the application answer there?), fix then {apply}",
                    apply
                ),
                at,
                probe_event(cx, ns, &p.name),
            )
        }
        None => (
            msg!(
                "ils ne démarrent pas (voir les diagnostics de ces Pods)",
                "they do not start (see these Pods' diagnoses)"
            ),
            msg!(
                "corrigez d'abord la cause qui empêche les Pods de démarrer",
                "fix first what keeps the Pods from starting"
            ),
            None,
            None,
        ),
    };
    let total = cx.snap.endpoint_counts(ns, &svc.name).1;
    let endpoints = if total > 0 {
        msg!(
            " ({total} endpoint(s) non prêt(s))",
            " ({total} endpoint(s) not ready)",
            total
        )
    } else {
        Msg::EMPTY
    };
    let (name, selector) = (&svc.name, labels_text(Some(selector)));
    Some(said(
        finding(
            &CODE,
            obj_ref("Service", name, ns),
            msg!(
                "le Service `{name}` n'a aucun endpoint prêt{endpoints} : il sélectionne {n} Pod(s) (`{selector}`), mais aucun n'est prêt : {why}",
                "Service `{name}` has no ready endpoint{endpoints}: it selects {n} Pod(s) (`{selector}`), but none is ready: {why}",
                name,
                endpoints,
                n,
                selector,
                why
            ),
            help,
            at,
        ),
        cluster_says,
    ))
}
