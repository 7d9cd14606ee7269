//! `host-port`: a container port bound to the node's port.
//!
//! Complexity: O(n) in the size of the input set: one pass over the containers of the pod
//! templates ([`Ctx::pod_templates`]), each container port looked at once.

use crate::rules::pitfall_util::container_label;
use crate::rules::prelude::*;
use crate::yaml::Node;

pub static RULE: Rule = Rule {
    code: Code {
        id: "host-port",
        family: Family::Pitfall,
        severity: Severity::Warning,
        basis: Basis::Judgement,
        chapter: "service.md",
        summary: Text {
            fr: "`hostPort` sur un port de conteneur : le pod occupe un port du nœud",
            en: "`hostPort` on a container port: the pod takes a port of the node",
        },
        what: Text {
            fr: "Signale chaque port de conteneur (conteneurs d'initialisation compris) qui déclare un `hostPort` non nul. Ce champ ouvre le port directement sur la machine (le nœud) où tourne le pod.",
            en: "Flags every container port (init containers included) that declares a non-zero `hostPort`. This field opens the port directly on the machine (the node) the pod runs on.",
        },
        why: Text {
            fr: "Un port de nœud ne peut servir qu'une fois : deux pods qui demandent le même `hostPort` ne peuvent pas tourner sur le même nœud, et le second reste `Pending`. L'adresse dépend en plus du nœud choisi par le scheduler, et la plupart des plateformes partagées (dont celle du cours) refusent ce champ par leur politique de sécurité. Pour exposer une application, on utilise un Service (et un Ingress).",
            en: "A node port can only be used once: two pods asking for the same `hostPort` cannot run on the same node, and the second stays `Pending`. The address also depends on the node the scheduler picks, and most shared platforms (the course's included) reject the field through their security policy. To expose an application, use a Service (and an Ingress).",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/host-port/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/host-port/good.yaml"),
    },
    check: Check::Set(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    for t in ctx.pod_templates() {
        for (path, c) in t.containers() {
            for (i, p) in c
                .get("ports")
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .enumerate()
            {
                let Some(hp) = p.get("hostPort") else {
                    continue;
                };
                let Some(host_port) = hp.as_i64() else {
                    continue;
                };
                if host_port == 0 {
                    continue; // 0 means "no host port".
                }
                let who = container_label(c, &path, t.obj);
                let container_port = p
                    .get("containerPort")
                    .map_or_else(|| "?".to_string(), Node::scalar_text);
                let message = msg!(
                    "{who} réserve le port {host_port} du nœud (`hostPort`) : deux pods ne pourront pas tourner sur le même nœud, et la plupart des plateformes partagées refusent ce champ",
                    "{who} takes port {host_port} of the node (`hostPort`): two pods cannot run on the same node, and most shared platforms reject this field",
                    who,
                    host_port
                );
                let help = msg!(
                    "supprimez la ligne `hostPort: {host_port}`, et exposez le port {container_port} par un Service (`targetPort: {container_port}`), puis un Ingress pour l'extérieur",
                    "remove the `hostPort: {host_port}` line, and expose port {container_port} through a Service (`targetPort: {container_port}`), then an Ingress from outside",
                    host_port,
                    container_port
                );
                out.push(
                    ctx.finding(&RULE, t.obj, hp.span, message, help)
                        .with_path(format!("{path}.ports[{i}].hostPort")),
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
    fn zero_means_none() {
        let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      ports:\n        - containerPort: 80\n          hostPort: 0\n        - containerPort: 81\n          hostPort: 8081\n";
        let hits = crate::rules::findings_of(RULE.id(), yaml);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].path, "spec.containers[0].ports[1].hostPort");
    }
}
