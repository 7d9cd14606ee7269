//! `readiness-failing`: a container runs but its readiness probe fails.

use super::{Container, container_finding, spec_of};
use crate::cluster::diagnoses::cx::{Cx, code, text};
use crate::diag::{Area, Code, Finding, Msg, Severity};
use crate::msg;
use crate::yaml::Node;

pub static CODE: Code = code(
    "readiness-failing",
    Area::Containers,
    Severity::Error,
    "diagnostiquer.md#une-sonde-de-disponibilité-qui-échoue",
    text(
        "Un conteneur tourne mais sa sonde de disponibilité échoue",
        "A container runs but its readiness probe fails",
    ),
    text(
        "Le conteneur tourne mais n'est jamais prêt : sa `readinessProbe` échoue (mauvais chemin, mauvais port, application trop lente à démarrer).",
        "The container runs but is never ready: its `readinessProbe` fails (wrong path, wrong port, application too slow to start).",
    ),
    text(
        "Un Pod qui n'est pas prêt ne reçoit aucun trafic : le Service n'a aucun endpoint prêt et l'Ingress répond 503.",
        "A Pod that is not ready gets no traffic: the Service has no ready endpoint and the Ingress answers 503.",
    ),
    text(
        "Vérifiez que l'application répond au `path` et au `port` de la sonde, corrigez-la (ou `initialDelaySeconds`), puis `kubectl apply -f`.",
        "Check the application answers on the probe's `path` and `port`, fix it (or `initialDelaySeconds`), then `kubectl apply -f`.",
    ),
);

/// The paths of a readiness probe, most precise first.
pub const PROBE_PATHS: &[&str] = &[
    "readinessProbe.httpGet.path",
    "readinessProbe.httpGet.port",
    "readinessProbe.tcpSocket.port",
    "readinessProbe",
];

/// The readiness probe's message in the pod's events.
pub fn probe_event(cx: &Cx, ns: &str, pod: &str) -> Option<String> {
    cx.event(
        ns,
        "Pod",
        pod,
        "Unhealthy",
        &["Readiness probe failed", "Readiness probe errored"],
    )
}

/// Running, and not ready.
pub fn running_unready(status: &Node) -> bool {
    status.at("state.running").is_some()
        && status.get("ready").and_then(Node::as_bool) == Some(false)
}

pub fn detect(cx: &Cx, c: &Container) -> Option<Finding> {
    if !running_unready(c.status) {
        return None;
    }
    let probe = spec_of(c.pod, c.name)?.get("readinessProbe")?;
    let port = probe
        .at("httpGet.port")
        .or(probe.at("tcpSocket.port"))
        .map(Node::scalar_text);
    let what = match (probe.at("httpGet.path").map(Node::scalar_text), port) {
        (Some(p), Some(port)) => msg!(
            " (`{p}` sur le port {port})",
            " (`{p}` on port {port})",
            p,
            port
        ),
        (None, Some(port)) => msg!(" (port {port})", " (port {port})", port),
        _ => Msg::EMPTY,
    };
    let at = cx.at_container(c.pod, c.name, PROBE_PATHS);
    let apply = cx.apply(at, c.ns);
    let (container, pod, owner) = (c.name, &c.pod.name, &c.owner);
    Some(container_finding(
        c,
        &CODE,
        msg!(
            "le conteneur `{container}` du Pod `{pod}`{owner} tourne mais n'est pas prêt : sa sonde `readinessProbe`{what} échoue, donc aucun Service ne lui envoie de trafic",
            "container `{container}` of Pod `{pod}`{owner} runs but is not ready: its `readinessProbe`{what} fails, so no Service sends it traffic",
            container,
            pod,
            owner,
            what
        ),
        msg!(
            "vérifiez que l'application répond bien à ce chemin et sur ce port (`kubectl port-forward pod/{pod} 8080:PORT` puis `curl localhost:8080/CHEMIN`), corrigez la sonde puis {apply}",
            "check the application answers on that path and port (`kubectl port-forward pod/{pod} 8080:PORT` then `curl localhost:8080/PATH`), fix the probe then {apply}",
            pod,
            apply
        ),
        at,
        probe_event(cx, c.ns, pod),
    ))
}
