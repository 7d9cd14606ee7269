//! `privileged`: privileged containers, privilege escalation, pods sharing the node's namespaces.
//!
//! Complexity: O(n) in the size of the input set: one pass over the pod templates
//! ([`Ctx::pod_templates`]), three pod fields and two fields per container looked at.

use crate::rules::pitfall_util::container_label;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code {
        id: "privileged",
        family: Family::Pitfall,
        severity: Severity::Warning,
        basis: Basis::Judgement,
        chapter: "pod.md",
        summary: Text {
            fr: "Conteneur privilégié, élévation de privilèges permise, ou pod qui partage le réseau ou les processus du nœud",
            en: "Privileged container, privilege escalation allowed, or pod sharing the node's network or processes",
        },
        what: Text {
            fr: "Signale `securityContext.privileged: true` et `securityContext.allowPrivilegeEscalation: true` sur un conteneur (conteneurs d'initialisation compris), et `hostNetwork: true`, `hostPID: true` ou `hostIPC: true` dans la spécification d'un pod. Seules les valeurs écrites `true` sont signalées.",
            en: "Flags `securityContext.privileged: true` and `securityContext.allowPrivilegeEscalation: true` on a container (init containers included), and `hostNetwork: true`, `hostPID: true` or `hostIPC: true` in a pod spec. Only values written as `true` are flagged.",
        },
        why: Text {
            fr: "Un conteneur privilégié a les droits de root sur la machine entière : une faille dans l'application devient une prise de contrôle du nœud et des pods des autres. Partager le réseau, les processus ou l'IPC du nœud fait tomber l'isolation entre le pod et la machine. Une application web n'en a jamais besoin, et les plateformes partagées, dont celle du cours, refusent ces pods par leur politique de sécurité.",
            en: "A privileged container has root rights on the whole machine: a flaw in the application becomes a takeover of the node and of other people's pods. Sharing the node's network, processes or IPC removes the isolation between the pod and the machine. A web application never needs it, and shared platforms, the course's included, reject such pods through their security policy.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/privileged/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/privileged/good.yaml"),
    },
    check: Check::Set(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    for t in ctx.pod_templates() {
        let obj = t.obj;
        // Pod-level sharing of the node's namespaces.
        for field in ["hostNetwork", "hostPID", "hostIPC"] {
            let Some(v) = t.spec.get(field) else { continue };
            if v.as_bool() != Some(true) {
                continue;
            }
            let kind = &obj.kind;
            let name = &obj.name;
            let (message, help) = match field {
                "hostNetwork" => (
                    msg!(
                        "`hostNetwork: true` dans le {kind} `{name}` : le pod utilise directement le réseau du nœud ; ses ports s'ouvrent sur la machine (deux pods ne peuvent pas y écouter sur le même port) et il voit tout son trafic",
                        "`hostNetwork: true` in {kind} `{name}`: the pod uses the node's network directly; its ports open on the machine (two pods cannot listen there on the same port) and it sees all its traffic",
                        kind,
                        name
                    ),
                    msg!(
                        "supprimez la ligne `hostNetwork: true`, et exposez l'application par un Service",
                        "remove the `hostNetwork: true` line, and expose the application through a Service"
                    ),
                ),
                "hostPID" => (
                    msg!(
                        "`hostPID: true` dans le {kind} `{name}` : le pod partage les processus du nœud ; il voit, et peut tuer, tous les processus de la machine, y compris ceux des autres pods",
                        "`hostPID: true` in {kind} `{name}`: the pod shares the node's processes; it sees, and can kill, every process of the machine, other pods' included",
                        kind,
                        name
                    ),
                    msg!(
                        "supprimez la ligne `hostPID: true`",
                        "remove the `hostPID: true` line"
                    ),
                ),
                _ => (
                    msg!(
                        "`hostIPC: true` dans le {kind} `{name}` : le pod partage la mémoire partagée et les files de messages du nœud ; il peut lire les échanges des autres processus de la machine",
                        "`hostIPC: true` in {kind} `{name}`: the pod shares the node's shared memory and message queues; it can read the exchanges of the machine's other processes",
                        kind,
                        name
                    ),
                    msg!(
                        "supprimez la ligne `hostIPC: true`",
                        "remove the `hostIPC: true` line"
                    ),
                ),
            };
            out.push(
                ctx.finding(&RULE, obj, v.span, message, help)
                    .with_path(format!("{}{}.{field}", obj.prefix, t.spec_path)),
            );
        }
        // Container-level privileges.
        for (path, c) in t.containers() {
            let Some(sc) = c.get("securityContext") else {
                continue;
            };
            for field in ["privileged", "allowPrivilegeEscalation"] {
                let Some(v) = sc.get(field) else { continue };
                if v.as_bool() != Some(true) {
                    continue;
                }
                let who = container_label(c, &path, obj);
                let (message, help) = if field == "privileged" {
                    (
                        msg!(
                            "{who} est privilégié (`privileged: true`) : il a les droits de root sur tout le nœud (périphériques, noyau), une faille dans l'application compromet la machine entière, et les plateformes partagées refusent ce pod",
                            "{who} is privileged (`privileged: true`): it has root rights on the whole node (devices, kernel), a flaw in the application compromises the whole machine, and shared platforms reject this pod",
                            who
                        ),
                        msg!(
                            "supprimez la ligne `privileged: true` (une application n'en a presque jamais besoin ; s'il lui faut un droit précis, ajoutez seulement celui-là : `capabilities: {{add: [NET_BIND_SERVICE]}}`)",
                            "remove the `privileged: true` line (an application almost never needs it; if it needs one specific right, add only that one: `capabilities: {{add: [NET_BIND_SERVICE]}}`)"
                        ),
                    )
                } else {
                    (
                        msg!(
                            "{who} autorise l'élévation de privilèges (`allowPrivilegeEscalation: true`) : un processus du conteneur peut obtenir plus de droits que son parent (programmes setuid comme `sudo`), et les plateformes partagées refusent souvent ce pod",
                            "{who} allows privilege escalation (`allowPrivilegeEscalation: true`): a process of the container can gain more rights than its parent (setuid programs like `sudo`), and shared platforms often reject this pod",
                            who
                        ),
                        msg!(
                            "écrivez `allowPrivilegeEscalation: false`",
                            "write `allowPrivilegeEscalation: false`"
                        ),
                    )
                };
                out.push(
                    ctx.finding(&RULE, obj, v.span, message, help)
                        .with_path(format!("{path}.securityContext.{field}")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::rules::prelude::*;

    #[test]
    fn every_kind_of_privilege() {
        let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostNetwork: true\n  hostPID: false\n  hostIPC: true\n  initContainers:\n    - name: i\n      image: busybox:1.37\n      securityContext:\n        privileged: true\n  containers:\n    - name: c\n      image: nginx:1.27\n      securityContext:\n        privileged: false\n        allowPrivilegeEscalation: true\n";
        let found = crate::rules::findings_of(RULE.id(), yaml);
        let mut paths: Vec<_> = found.iter().map(|f| f.path.as_str()).collect();
        paths.sort();
        assert_eq!(
            paths,
            [
                "spec.containers[0].securityContext.allowPrivilegeEscalation",
                "spec.hostIPC",
                "spec.hostNetwork",
                "spec.initContainers[0].securityContext.privileged",
            ]
        );
    }
}
