//! `replicas`: a Deployment or StatefulSet with a single pod.

use crate::rules::prelude::*;
use crate::yaml::Value;
use std::collections::HashSet;

pub static RULE: Rule = Rule {
    code: Code {
        id: "replicas",
        family: Family::Pitfall,
        severity: Severity::Info,
        basis: Basis::Judgement,
        chapter: "deployment.md",
        summary: Text {
            fr: "Un seul réplica (ou `replicas` absent) : l'application s'interrompt à chaque mise à jour ou panne",
            en: "A single replica (or no `replicas`): the application goes down at every update or crash",
        },
        what: Text {
            fr: "Signale un Deployment ou un StatefulSet dont `spec.replicas` vaut 1, ou est absent (Kubernetes prend alors 1). `replicas: 0`, qui arrête volontairement l'application, n'est pas signalé, pas plus qu'un objet piloté par un HorizontalPodAutoscaler présent dans les fichiers.",
            en: "Flags a Deployment or a StatefulSet whose `spec.replicas` is 1, or absent (Kubernetes then uses 1). `replicas: 0`, which deliberately stops the application, is not flagged, nor is an object driven by a HorizontalPodAutoscaler present in the files.",
        },
        why: Text {
            fr: "Avec un seul pod, l'application est indisponible chaque fois que ce pod disparaît : panne, redémarrage du nœud, expulsion, et parfois mise à jour. Avec deux réplicas, le Service envoie le trafic au pod restant pendant que l'autre est remplacé. Pour une base de données en StatefulSet, un seul réplica est souvent un choix raisonnable : passer à 2 ne réplique pas les données à lui seul.",
            en: "With a single pod, the application is down every time that pod goes away: crash, node restart, eviction, and sometimes updates. With two replicas, the Service sends traffic to the remaining pod while the other is replaced. For a database in a StatefulSet, one replica is often a reasonable choice: going to 2 does not replicate the data by itself.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/replicas/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/replicas/good.yaml"),
    },
    check: Check::Set(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    // Objects scaled by an autoscaler of the input: (namespace, kind, name).
    let scaled: HashSet<(&str, &str, &str)> = ctx
        .of_kind("HorizontalPodAutoscaler")
        .filter_map(|h| {
            let target = h.root.at("spec.scaleTargetRef")?;
            Some((
                ctx.ns(h),
                target.get("kind")?.as_str()?,
                target.get("name")?.as_str()?,
            ))
        })
        .collect();
    for kind in ["Deployment", "StatefulSet"] {
        for obj in ctx.of_kind(kind) {
            let Some(spec_entry) = obj.root.entry("spec") else {
                continue;
            };
            if !matches!(spec_entry.value.value, Value::Map(_)) {
                continue;
            }
            if scaled.contains(&(ctx.ns(obj), kind, obj.name.as_str())) {
                continue;
            }
            let name = &obj.name;
            let replicas = spec_entry.value.get("replicas");
            let (span, path, message) = match replicas {
                None => (
                    spec_entry.key_span,
                    format!("{}spec", obj.prefix),
                    msg!(
                        "le {kind} `{name}` ne précise pas `replicas` : Kubernetes ne lance alors qu'un seul pod, et l'application s'interrompt à chaque panne ou redémarrage de ce pod",
                        "{kind} `{name}` does not set `replicas`: Kubernetes runs a single pod, and the application goes down at every crash or restart of that pod",
                        kind,
                        name
                    ),
                ),
                Some(r) if r.as_i64() == Some(1) => (
                    r.span,
                    format!("{}spec.replicas", obj.prefix),
                    msg!(
                        "le {kind} `{name}` n'a qu'un réplica : l'application s'interrompt à chaque panne ou redémarrage de ce pod",
                        "{kind} `{name}` has a single replica: the application goes down at every crash or restart of that pod",
                        kind,
                        name
                    ),
                ),
                Some(_) => continue, // 0 is deliberate, 2+ is fine, a wrong type is `field-type`'s.
            };
            let help = if kind == "StatefulSet" {
                msg!(
                    "écrivez `replicas: 2` si l'application supporte plusieurs instances ; pour une base de données, un seul réplica est acceptable dans un projet (2 pods ne répliquent pas les données à eux seuls)",
                    "write `replicas: 2` if the application supports several instances; for a database, a single replica is acceptable in a project (2 pods do not replicate the data by themselves)"
                )
            } else {
                msg!(
                    "écrivez `replicas: 2` sous `spec` : le Service envoie alors le trafic au pod restant pendant que l'autre est remplacé",
                    "write `replicas: 2` under `spec`: the Service then sends traffic to the remaining pod while the other is replaced"
                )
            };
            out.push(ctx.finding(&RULE, obj, span, message, help).with_path(path));
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

    const DEPLOY: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  REPLICAS\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n";

    #[test]
    fn missing_one_zero_two() {
        let missing = hits(&DEPLOY.replace("  REPLICAS\n", ""));
        assert_eq!(missing.len(), 1);
        assert_eq!((missing[0].pos.line, missing[0].path.as_str()), (5, "spec"));
        assert_eq!(hits(&DEPLOY.replace("REPLICAS", "replicas: 1")).len(), 1);
        assert!(hits(&DEPLOY.replace("REPLICAS", "replicas: 0")).is_empty());
        assert!(hits(&DEPLOY.replace("REPLICAS", "replicas: 2")).is_empty());
    }

    #[test]
    fn autoscaled_objects_are_skipped() {
        let hpa = "---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  minReplicas: 2\n  maxReplicas: 5\n";
        let yaml = format!("{}{hpa}", DEPLOY.replace("  REPLICAS\n", ""));
        assert!(hits(&yaml).is_empty());
    }
}
