//! `replicas`: a Deployment or StatefulSet with a single pod.
//!
//! Complexity: HPA targets in a hash set, one pass over the Deployments and StatefulSets,
//! each claim a Deployment mounts looked up by name (`Ctx::find`): O(n).

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
            fr: "Signale un Deployment ou un StatefulSet dont `spec.replicas` vaut 1, ou est absent (Kubernetes prend alors 1). `replicas: 0`, qui arrête volontairement l'application, n'est pas signalé, pas plus qu'un objet piloté par un HorizontalPodAutoscaler présent dans les fichiers, ni un Deployment qui se déclare à instance unique avec `strategy: {type: Recreate}` (jamais deux pods à la fois). Pour un Deployment qui monte un PersistentVolumeClaim `ReadWriteOnce` ou qui garde ses données dans son conteneur (une base SQLite), le conseil n'est pas d'ajouter des réplicas mais d'écrire cette stratégie.",
            en: "Flags a Deployment or a StatefulSet whose `spec.replicas` is 1, or absent (Kubernetes then uses 1). `replicas: 0`, which deliberately stops the application, is not flagged, nor is an object driven by a HorizontalPodAutoscaler present in the files, nor a Deployment that declares itself single-instance with `strategy: {type: Recreate}` (never two pods at once). For a Deployment that mounts a `ReadWriteOnce` PersistentVolumeClaim or keeps its data in its container (an SQLite database), the advice is not to add replicas but to write that strategy.",
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
            let recreate = spec_entry
                .value
                .at("strategy.type")
                .and_then(|t| t.as_str())
                .is_some_and(|t| t.trim() == "Recreate");
            if kind == "Deployment" && recreate {
                continue; // Declared single-instance: one pod at a time, by design.
            }
            let single_claim = if kind == "Deployment" {
                single_node_claim(ctx, obj)
            } else {
                None
            };
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
            let help = if let Some(claim) = single_claim {
                msg!(
                    "le volume `{claim}` (`ReadWriteOnce`) ne se monte que sur un nœud : gardez `replicas: 1` et écrivez `strategy: {{type: Recreate}}` sous `spec`, pour qu'une mise à jour arrête l'ancien pod avant de lancer le nouveau (sinon le nouveau peut attendre le volume) ; plusieurs réplicas demandent un volume `ReadWriteMany` ou une base partagée",
                    "volume `{claim}` (`ReadWriteOnce`) mounts on one node only: keep `replicas: 1` and write `strategy: {{type: Recreate}}` under `spec`, so that an update stops the old pod before starting the new one (otherwise the new one can wait for the volume); several replicas need a `ReadWriteMany` volume or a shared database",
                    claim
                )
            } else if kind == "StatefulSet" {
                msg!(
                    "écrivez `replicas: 2` si l'application supporte plusieurs instances ; pour une base de données, un seul réplica est acceptable dans un projet (2 pods ne répliquent pas les données à eux seuls)",
                    "write `replicas: 2` if the application supports several instances; for a database, a single replica is acceptable in a project (2 pods do not replicate the data by themselves)"
                )
            } else {
                msg!(
                    "si l'application supporte plusieurs instances (aucune donnée gardée dans le conteneur), écrivez `replicas: 2` sous `spec` : le Service envoie alors le trafic au pod restant pendant que l'autre est remplacé ; si elle n'en supporte qu'une (une base SQLite dans le conteneur, comme le backend du cours), gardez 1 réplica et dites-le avec `strategy: {{type: Recreate}}`",
                    "if the application supports several instances (no data kept in the container), write `replicas: 2` under `spec`: the Service then sends traffic to the remaining pod while the other is replaced; if it supports only one (an SQLite database in the container, like the course's backend), keep 1 replica and say so with `strategy: {{type: Recreate}}`"
                )
            };
            out.push(ctx.finding(&RULE, obj, span, message, help).with_path(path));
        }
    }
}

/// The first PersistentVolumeClaim the Deployment's pods mount that only one
/// node can mount: `ReadWriteOnce` or `ReadWriteOncePod` in the input, or a
/// claim the input does not declare (`ReadWriteOnce` is what clusters give by default).
fn single_node_claim(ctx: &Ctx, obj: &crate::manifest::Object) -> Option<String> {
    let volumes = obj.root.at("spec.template.spec.volumes")?;
    for v in volumes.items() {
        let Some(claim) = v
            .at("persistentVolumeClaim.claimName")
            .and_then(|c| c.as_str())
        else {
            continue;
        };
        let declared = ctx.find("PersistentVolumeClaim", ctx.ns(obj), claim);
        let shared = declared.is_some_and(|c| {
            c.root.at("spec.accessModes").is_some_and(|m| {
                m.items()
                    .iter()
                    .any(|a| a.as_str().is_some_and(|a| a == "ReadWriteMany"))
            })
        });
        if !shared {
            return Some(claim.to_string());
        }
    }
    None
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

    const VOLUME: &str = "      volumes:\n        - name: donnees\n          persistentVolumeClaim:\n            claimName: donnees\n";

    fn pvc(mode: &str) -> String {
        format!(
            "---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: donnees\nspec:\n  accessModes: [{mode}]\n  resources:\n    requests:\n      storage: 1Gi\n"
        )
    }

    #[test]
    fn recreate_declares_a_single_instance() {
        let d = DEPLOY.replace("REPLICAS", "replicas: 1\n  strategy:\n    type: Recreate");
        assert!(hits(&d).is_empty());
        // A StatefulSet has no `strategy.type: Recreate`: unchanged.
        let s = DEPLOY
            .replace("REPLICAS", "replicas: 1")
            .replace("Deployment", "StatefulSet");
        assert_eq!(hits(&s).len(), 1);
    }

    #[test]
    fn a_read_write_once_claim_gets_the_recreate_advice_not_two_replicas() {
        let d = format!("{}{VOLUME}", DEPLOY.replace("REPLICAS", "replicas: 1"));
        for extra in [pvc("ReadWriteOnce"), pvc("ReadWriteOncePod"), String::new()] {
            let h = hits(&format!("{d}{extra}"));
            assert_eq!(h.len(), 1, "{extra}");
            let help = h[0].help.render(crate::i18n::Lang::Fr);
            assert!(help.contains("gardez `replicas: 1`"), "{help}");
            assert!(help.contains("Recreate"), "{help}");
            assert!(!help.contains("écrivez `replicas: 2`"), "{help}");
        }
        let h = hits(&format!("{d}{}", pvc("ReadWriteMany")));
        let help = h[0].help.render(crate::i18n::Lang::Fr);
        assert!(help.contains("écrivez `replicas: 2`"), "{help}");
    }

    #[test]
    fn autoscaled_objects_are_skipped() {
        let hpa = "---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  minReplicas: 2\n  maxReplicas: 5\n";
        let yaml = format!("{}{hpa}", DEPLOY.replace("  REPLICAS\n", ""));
        assert!(hits(&yaml).is_empty());
    }
}
