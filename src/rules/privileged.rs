//! `privileged`: privileged containers, privilege escalation, pods sharing the node's namespaces.

use crate::finding::{Finding, Severity};
use crate::i18n::Text;
use crate::rules::pitfall_util::container_label;
use crate::rules::{Category, Ctx, Rule};
use crate::tr;

pub static RULE: Rule = Rule {
    id: "privileged",
    severity: Severity::Warning,
    category: Category::Pitfall,
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
    bad: r##"apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: ghcr.io/exemple/api:1.0.0
          securityContext:
            privileged: true
          ports:
            - name: http
              containerPort: 8000
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              cpu: 500m
              memory: 256Mi
          readinessProbe:
            httpGet:
              path: /
              port: http
          livenessProbe:
            httpGet:
              path: /
              port: http
"##,
    good: r##"apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: ghcr.io/exemple/api:1.0.0
          securityContext:
            allowPrivilegeEscalation: false
            runAsNonRoot: true
          ports:
            - name: http
              containerPort: 8000
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              cpu: 500m
              memory: 256Mi
          readinessProbe:
            httpGet:
              path: /
              port: http
          livenessProbe:
            httpGet:
              path: /
              port: http
"##,
    check: Some(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    let lang = ctx.lang;
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
                    tr!(
                        lang,
                        "`hostNetwork: true` dans le {kind} `{name}` : le pod utilise directement le réseau du nœud ; ses ports s'ouvrent sur la machine (deux pods ne peuvent pas y écouter sur le même port) et il voit tout son trafic",
                        "`hostNetwork: true` in {kind} `{name}`: the pod uses the node's network directly; its ports open on the machine (two pods cannot listen there on the same port) and it sees all its traffic"
                    ),
                    tr!(
                        lang,
                        "supprimez la ligne `hostNetwork: true`, et exposez l'application par un Service",
                        "remove the `hostNetwork: true` line, and expose the application through a Service"
                    ),
                ),
                "hostPID" => (
                    tr!(
                        lang,
                        "`hostPID: true` dans le {kind} `{name}` : le pod partage les processus du nœud ; il voit, et peut tuer, tous les processus de la machine, y compris ceux des autres pods",
                        "`hostPID: true` in {kind} `{name}`: the pod shares the node's processes; it sees, and can kill, every process of the machine, other pods' included"
                    ),
                    tr!(
                        lang,
                        "supprimez la ligne `hostPID: true`",
                        "remove the `hostPID: true` line"
                    ),
                ),
                _ => (
                    tr!(
                        lang,
                        "`hostIPC: true` dans le {kind} `{name}` : le pod partage la mémoire partagée et les files de messages du nœud ; il peut lire les échanges des autres processus de la machine",
                        "`hostIPC: true` in {kind} `{name}`: the pod shares the node's shared memory and message queues; it can read the exchanges of the machine's other processes"
                    ),
                    tr!(
                        lang,
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
                let who = container_label(lang, c, &path, obj);
                let (message, help) = if field == "privileged" {
                    (
                        tr!(
                            lang,
                            "{who} est privilégié (`privileged: true`) : il a les droits de root sur tout le nœud (périphériques, noyau), une faille dans l'application compromet la machine entière, et les plateformes partagées refusent ce pod",
                            "{who} is privileged (`privileged: true`): it has root rights on the whole node (devices, kernel), a flaw in the application compromises the whole machine, and shared platforms reject this pod"
                        ),
                        tr!(
                            lang,
                            "supprimez la ligne `privileged: true` (une application n'en a presque jamais besoin ; s'il lui faut un droit précis, ajoutez seulement celui-là : `capabilities: {{add: [NET_BIND_SERVICE]}}`)",
                            "remove the `privileged: true` line (an application almost never needs it; if it needs one specific right, add only that one: `capabilities: {{add: [NET_BIND_SERVICE]}}`)"
                        ),
                    )
                } else {
                    (
                        tr!(
                            lang,
                            "{who} autorise l'élévation de privilèges (`allowPrivilegeEscalation: true`) : un processus du conteneur peut obtenir plus de droits que son parent (programmes setuid comme `sudo`), et les plateformes partagées refusent souvent ce pod",
                            "{who} allows privilege escalation (`allowPrivilegeEscalation: true`): a process of the container can gain more rights than its parent (setuid programs like `sudo`), and shared platforms often reject this pod"
                        ),
                        tr!(
                            lang,
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

    #[test]
    fn every_kind_of_privilege() {
        let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostNetwork: true\n  hostPID: false\n  hostIPC: true\n  initContainers:\n    - name: i\n      image: busybox:1.37\n      securityContext:\n        privileged: true\n  containers:\n    - name: c\n      image: nginx:1.27\n      securityContext:\n        privileged: false\n        allowPrivilegeEscalation: true\n";
        let found = crate::rules::findings_of(RULE.id, yaml);
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
