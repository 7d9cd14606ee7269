//! `crash-loop`: a container keeps stopping (`CrashLoopBackOff`): the exit
//! code and what it means, a failing liveness probe, the last log lines.

use super::{Container, LogSeen, keeps_stopping, last_termination, log_seen, stopping};
use crate::cluster::diagnoses::cx::{Cx, code, text};
use crate::diag::{Area, Code, Finding, Msg, Severity};
use crate::msg;
use crate::yaml::Node;

pub static CODE: Code = code(
    "crash-loop",
    Area::Containers,
    Severity::Error,
    "diagnostiquer.md#crashloopbackoff",
    text(
        "Un conteneur s'arrête sans cesse (CrashLoopBackOff)",
        "A container keeps stopping (CrashLoopBackOff)",
    ),
    text(
        "Un conteneur redémarre en boucle : il se termine (code de sortie non nul, commande introuvable, sonde de vivacité qui échoue). Le diagnostic donne le code de sortie, son sens et les dernières lignes du journal quand elles ont pu être lues.",
        "A container restarts in a loop: it exits (non-zero exit code, command not found, failing liveness probe). The diagnosis gives the exit code, its meaning and the last log lines when they could be read.",
    ),
    text(
        "Entre deux redémarrages, Kubernetes attend de plus en plus longtemps (jusqu'à 5 minutes) : l'application n'est presque jamais disponible.",
        "Between restarts, Kubernetes waits longer and longer (up to 5 minutes): the application is almost never available.",
    ),
    text(
        "Lisez le journal (`kubectl logs POD --previous`), corrigez la cause (configuration, commande, port, sonde), puis `kubectl apply -f`.",
        "Read the log (`kubectl logs POD --previous`), fix the cause (configuration, command, port, probe), then `kubectl apply -f`.",
    ),
);

/// What an exit code means, and what to do.
fn exit_explained(code: i64, pod: &str, seen: &LogSeen) -> (Msg, Msg) {
    let logs = match seen {
        LogSeen::Lines(_) => msg!("lisez le journal ci-dessous", "read the log below"),
        LogSeen::Empty => msg!(
            "son journal est vide (l'application n'a rien écrit, ou aucun nœud ne fait tourner le Pod) : `kubectl describe pod {pod}` montre ses événements",
            "its log is empty (the application wrote nothing, or no node runs the Pod): `kubectl describe pod {pod}` shows its events",
            pod
        ),
        LogSeen::NotRead => msg!(
            "lisez le journal : `kubectl logs {pod} --previous`",
            "read the log: `kubectl logs {pod} --previous`",
            pod
        ),
    };
    match code {
        0 => (
            msg!(
                "le programme s'est terminé normalement (code 0) : un conteneur de Deployment doit tourner en continu",
                "the program ended normally (code 0): a Deployment's container must keep running"
            ),
            msg!(
                "la commande du conteneur (`command`/`args`, ou celle de l'image) doit lancer un serveur qui reste au premier plan, pas une commande qui se termine",
                "the container's command (`command`/`args`, or the image's) must start a server that stays in the foreground, not a command that ends"
            ),
        ),
        126 => (
            msg!(
                "la commande de démarrage n'est pas exécutable (code 126)",
                "the start command is not executable (code 126)"
            ),
            msg!(
                "vérifiez `command`/`args` (un fichier sans droit d'exécution, ou un dossier)",
                "check `command`/`args` (a file without execute permission, or a folder)"
            ),
        ),
        127 => (
            msg!(
                "la commande de démarrage est introuvable dans l'image (code 127)",
                "the start command does not exist in the image (code 127)"
            ),
            msg!(
                "vérifiez `command`/`args` : le programme doit exister dans l'image (faute de frappe ? chemin ?)",
                "check `command`/`args`: the program must exist in the image (typo? path?)"
            ),
        ),
        137 => (
            msg!(
                "le conteneur a été tué (SIGKILL, code 137) : le plus souvent sa sonde `livenessProbe` échouait, ou il manquait de mémoire",
                "the container was killed (SIGKILL, code 137): most often its `livenessProbe` was failing, or it ran out of memory"
            ),
            msg!(
                "regardez les événements du Pod (`kubectl describe pod {pod}`) ; vérifiez la sonde `livenessProbe` (chemin, port, `initialDelaySeconds`) et `resources.limits.memory`",
                "look at the Pod's events (`kubectl describe pod {pod}`); check the `livenessProbe` (path, port, `initialDelaySeconds`) and `resources.limits.memory`",
                pod
            ),
        ),
        139 => (
            msg!(
                "le programme a planté (erreur de segmentation, code 139)",
                "the program crashed (segmentation fault, code 139)"
            ),
            msg!(
                "{logs} ; l'image est peut-être faite pour une autre architecture (arm64/amd64)",
                "{logs}; the image may be built for another architecture (arm64/amd64)",
                logs
            ),
        ),
        143 => (
            msg!(
                "le conteneur a été arrêté (SIGTERM, code 143) : souvent parce que sa sonde `livenessProbe` échouait",
                "the container was stopped (SIGTERM, code 143): often because its `livenessProbe` was failing"
            ),
            msg!(
                "vérifiez la sonde `livenessProbe` (chemin, port, `initialDelaySeconds`)",
                "check the `livenessProbe` (path, port, `initialDelaySeconds`)"
            ),
        ),
        c => (
            msg!(
                "l'application s'est arrêtée sur une erreur (code {c})",
                "the application stopped on an error (code {c})",
                c
            ),
            msg!(
                "{logs} : le plus souvent une variable d'environnement ou un fichier de configuration manquant, ou une dépendance injoignable au démarrage",
                "{logs}: most often a missing environment variable or configuration file, or a dependency unreachable at start",
                logs
            ),
        ),
    }
}

pub fn detect(cx: &Cx, c: &Container) -> Option<Finding> {
    if !stopping(c) {
        return None;
    }
    let term = last_termination(c);
    let exit = term
        .and_then(|t| t.at("exitCode").and_then(Node::as_i64))
        .unwrap_or(-1);
    let pod = &c.pod.name;
    let liveness = cx.event(
        c.ns,
        "Pod",
        pod,
        "Unhealthy",
        &["Liveness probe failed", "Liveness probe errored"],
    );
    let (cause, fix, at) = if let Some(l) = &liveness {
        (
            msg!(
                "sa sonde `livenessProbe` échoue, et Kubernetes le redémarre (« {l} »)",
                "its `livenessProbe` fails, and Kubernetes restarts it (\"{l}\")",
                l
            ),
            msg!(
                "vérifiez le `path` et le `port` de la sonde (l'application y répond-elle ?), et donnez-lui le temps de démarrer (`initialDelaySeconds`)",
                "check the probe's `path` and `port` (does the application answer there?), and give it time to start (`initialDelaySeconds`)"
            ),
            cx.at_container(c.pod, c.name, &["livenessProbe"]),
        )
    } else {
        let (cause, fix) = exit_explained(exit, pod, &log_seen(cx, c));
        let paths: &[&str] = if matches!(exit, 0 | 126 | 127) {
            &["command", "args", "image"]
        } else {
            &["image"]
        };
        (cause, fix, cx.at_container(c.pod, c.name, paths))
    };
    let said = term
        .and_then(|t| t.at("message").and_then(Node::as_str))
        .map(str::to_string)
        .or(liveness);
    Some(keeps_stopping(cx, c, &CODE, cause, fix, at, said))
}
