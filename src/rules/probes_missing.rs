//! `probes-missing`: a long-running container without readiness or liveness probe.
//!
//! Complexity: O(n) in the size of the input set: one pass over the main containers of the
//! long-running pod templates ([`Ctx::pod_templates`]), constant work per container.

use crate::rules::pitfall_util::{container_anchor, container_label, looks_plain_http};
use crate::rules::prelude::*;
use crate::yaml::Node;

pub static RULE: Rule = Rule {
    code: Code {
        id: "probes-missing",
        family: Family::Pitfall,
        severity: Severity::Warning,
        basis: Basis::Judgement,
        chapter: "deployment.md",
        summary: Text {
            fr: "Conteneur sans sonde de disponibilité (`readinessProbe`) ou de vie (`livenessProbe`)",
            en: "Container without a `readinessProbe` or a `livenessProbe`",
        },
        what: Text {
            fr: "Pour chaque conteneur principal d'une charge de travail qui tourne en continu (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet), vérifie la présence d'une `readinessProbe` et d'une `livenessProbe`, et dit laquelle manque. Les Jobs, les CronJobs, les Pods à `restartPolicy: Never` ou `OnFailure` et les conteneurs d'initialisation ne sont pas concernés : ils s'arrêtent d'eux-mêmes.",
            en: "For every main container of a workload that runs continuously (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet), checks that a `readinessProbe` and a `livenessProbe` are present, and says which is missing. Jobs, CronJobs, Pods with `restartPolicy: Never` or `OnFailure` and init containers are not concerned: they stop by themselves.",
        },
        why: Text {
            fr: "Sans `readinessProbe`, le Service envoie des requêtes au pod dès que le conteneur démarre, avant que l'application soit prête : chaque déploiement produit des erreurs 502/503. Sans `livenessProbe`, une application bloquée (interblocage, boucle infinie) reste « Running » pour toujours : Kubernetes ne la redémarre que si le processus s'arrête.",
            en: "Without a `readinessProbe`, the Service sends requests to the pod as soon as the container starts, before the application is ready: every rollout produces 502/503 errors. Without a `livenessProbe`, a stuck application (deadlock, infinite loop) stays \"Running\" forever: Kubernetes only restarts it if the process exits.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/probes-missing/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/probes-missing/good.yaml"),
    },
    check: Check::Set(check),
};

/// Kinds whose pods are meant to run forever.
const LONG_RUNNING: &[&str] = &[
    "Pod",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "ReplicationController",
];

fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    for t in ctx.pod_templates() {
        if !LONG_RUNNING.contains(&t.obj.kind.as_str()) {
            continue;
        }
        // A bare Pod that is not restarted is a one-shot task.
        if t.obj.kind == "Pod"
            && matches!(
                t.spec.get("restartPolicy").and_then(Node::as_str),
                Some("Never" | "OnFailure")
            )
        {
            continue;
        }
        for (path, c) in t.main_containers() {
            let readiness = c.get("readinessProbe").is_some_and(|p| !p.is_null());
            let liveness = c.get("livenessProbe").is_some_and(|p| !p.is_null());
            if readiness && liveness {
                continue;
            }
            let who = container_label(c, &path, t.obj);
            // The port to probe: the first declared one, by name if it has one; HTTP or TCP
            // according to what the port looks like.
            let first = c.get("ports").map(Node::items).unwrap_or(&[]).first();
            // Only a port the API accepts is suggested.
            let port_name = first
                .and_then(|p| p.get("name"))
                .and_then(Node::as_str)
                .filter(|n| crate::rules::values::port_name(n).is_none());
            let port_number = first
                .and_then(|p| p.get("containerPort"))
                .and_then(Node::as_i64)
                .filter(|n| (1..=65535).contains(n));
            let port = port_name
                .map(str::to_string)
                .or_else(|| port_number.map(|n| n.to_string()));
            let http = port.is_none() || looks_plain_http(port_name, port_number);
            let probe = |kind: &str| match (&port, http) {
                (Some(p), true) => format!("`{kind}: {{httpGet: {{path: /, port: {p}}}}}`"),
                (Some(p), false) => format!("`{kind}: {{tcpSocket: {{port: {p}}}}}`"),
                (None, _) => format!("`{kind}: {{httpGet: {{path: /, port: PORT}}}}`"),
            };
            let (message, lines) = match (readiness, liveness) {
                (false, false) => (
                    msg!(
                        "{who} n'a ni `readinessProbe` ni `livenessProbe` : le Service lui envoie du trafic avant que l'application soit prête, et Kubernetes ne la redémarre jamais si elle se bloque",
                        "{who} has neither a `readinessProbe` nor a `livenessProbe`: the Service sends it traffic before the application is ready, and Kubernetes never restarts it if it hangs",
                        who
                    ),
                    {
                        let (a, b) = (probe("readinessProbe"), probe("livenessProbe"));
                        msg!("{a} et {b}", "{a} and {b}", a, b)
                    },
                ),
                (false, true) => (
                    msg!(
                        "{who} n'a pas de `readinessProbe` : le Service lui envoie du trafic dès que le conteneur démarre, avant que l'application soit prête (erreurs pendant chaque déploiement)",
                        "{who} has no `readinessProbe`: the Service sends it traffic as soon as the container starts, before the application is ready (errors during every rollout)",
                        who
                    ),
                    {
                        let a = probe("readinessProbe");
                        msg!("{a}", "{a}", a)
                    },
                ),
                _ => (
                    msg!(
                        "{who} n'a pas de `livenessProbe` : si l'application se bloque sans s'arrêter, Kubernetes ne le voit pas et ne redémarre pas le conteneur",
                        "{who} has no `livenessProbe`: if the application hangs without exiting, Kubernetes does not notice and does not restart the container",
                        who
                    ),
                    {
                        let a = probe("livenessProbe");
                        msg!("{a}", "{a}", a)
                    },
                ),
            };
            let help = if port.is_some() && !http {
                msg!(
                    "ajoutez au conteneur {lines} (ou `httpGet` avec une route de santé si l'application parle HTTP)",
                    "add to the container {lines} (or `httpGet` with a health route if the application speaks HTTP)",
                    lines
                )
            } else if port.is_some() {
                msg!(
                    "ajoutez au conteneur {lines} (mettez de préférence une route de santé comme `/health` ; `tcpSocket` si l'application ne parle pas HTTP)",
                    "add to the container {lines} (preferably a health route such as `/health`; `tcpSocket` if the application does not speak HTTP)",
                    lines
                )
            } else {
                msg!(
                    "ajoutez au conteneur {lines}, où PORT est le port d'écoute de l'application (`tcpSocket` si elle ne parle pas HTTP, `exec` si elle n'écoute sur aucun port)",
                    "add to the container {lines}, where PORT is the port the application listens on (`tcpSocket` if it does not speak HTTP, `exec` if it listens on no port)",
                    lines
                )
            };
            out.push(
                ctx.finding(&RULE, t.obj, container_anchor(c), message, help)
                    .with_path(path),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::rules::prelude::*;

    fn hits(yaml: &str) -> Vec<Finding> {
        crate::rules::findings_of(RULE.id(), yaml)
    }

    #[test]
    fn one_shot_pods_jobs_and_init_containers_are_skipped() {
        let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  restartPolicy: Never\n  containers:\n    - name: c\n      image: python:3.12\n";
        assert!(hits(pod).is_empty());
        let job = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: c\n          image: python:3.12\n";
        assert!(hits(job).is_empty());
        let init = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n    - name: i\n      image: busybox:1.37\n  containers:\n    - name: c\n      image: nginx:1.27\n      readinessProbe:\n        tcpSocket:\n          port: 80\n      livenessProbe:\n        tcpSocket:\n          port: 80\n";
        assert!(hits(init).is_empty());
    }

    #[test]
    fn says_which_probe_is_missing() {
        let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      ports:\n        - containerPort: 80\n      readinessProbe:\n        tcpSocket:\n          port: 80\n";
        let f = hits(pod);
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message(crate::i18n::Lang::Fr)
                .contains("pas de `livenessProbe`"),
            "{}",
            f[0].message
        );
        assert!(
            f[0].help(crate::i18n::Lang::Fr).contains("port: 80"),
            "{}",
            f[0].help
        );
    }
}
