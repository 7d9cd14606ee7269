//! `resources-missing`: a container without CPU/memory requests or limits.
//!
//! Complexity: O(n) in the size of the input set: one pass over the containers of the pod
//! templates ([`Ctx::pod_templates`]), four values looked up per container.

use crate::rules::pitfall_util::{container_anchor, container_label};
use crate::rules::prelude::*;
use crate::yaml::{Node, Span};

pub static RULE: Rule = Rule {
    code: Code {
        id: "resources-missing",
        family: Family::Pitfall,
        severity: Severity::Warning,
        basis: Basis::Judgement,
        chapter: "deployment.md",
        summary: Text {
            fr: "Conteneur sans demandes (`requests`) ou sans limites (`limits`) de CPU et de mémoire",
            en: "Container without CPU and memory `requests` or `limits`",
        },
        what: Text {
            fr: "Pour chaque conteneur de chaque modèle de pod (Pod, Deployment, StatefulSet, Job…, conteneurs d'initialisation compris), vérifie que `resources.limits` donne `cpu` et `memory`, et que `resources.requests` donne `cpu` et `memory`. Une demande absente n'est pas signalée quand la limite correspondante est écrite, car Kubernetes copie alors la limite dans la demande. Un seul message par conteneur dit exactement ce qui manque.",
            en: "For every container of every pod template (Pod, Deployment, StatefulSet, Job…, init containers included), checks that `resources.limits` gives `cpu` and `memory`, and that `resources.requests` gives `cpu` and `memory`. A missing request is not reported when the matching limit is written, because Kubernetes then copies the limit into the request. One message per container says exactly what is missing.",
        },
        why: Text {
            fr: "Sans demandes, le scheduler place le pod à l'aveugle, sur un nœud qui n'a peut-être pas la place. Sans limite de mémoire, une fuite de mémoire peut consommer tout le nœud et faire tomber les pods des autres. Et un namespace soumis à un ResourceQuota, comme ceux de la plateforme du cours, refuse tout simplement de créer les pods qui ne les déclarent pas : le Deployment existe, mais aucun pod n'apparaît.",
            en: "Without requests, the scheduler places the pod blindly, on a node that may lack room. Without a memory limit, a memory leak can eat the whole node and bring down other people's pods. And a namespace under a ResourceQuota, like those of the course platform, simply refuses to create pods that do not declare them: the Deployment exists, but no pod appears.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/resources-missing/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/resources-missing/good.yaml"),
    },
    check: Check::Set(check),
};

/// Default values suggested when nothing else is known.
const DEFAULTS: [(&str, &str, &str); 4] = [
    ("requests", "cpu", "100m"),
    ("requests", "memory", "128Mi"),
    ("limits", "cpu", "500m"),
    ("limits", "memory", "256Mi"),
];

fn describe(group: &str, res: &str) -> Text {
    match (group, res) {
        ("requests", "cpu") => Text {
            fr: "demande de CPU (`requests.cpu`)",
            en: "CPU request (`requests.cpu`)",
        },
        ("requests", _) => Text {
            fr: "demande de mémoire (`requests.memory`)",
            en: "memory request (`requests.memory`)",
        },
        (_, "cpu") => Text {
            fr: "limite de CPU (`limits.cpu`)",
            en: "CPU limit (`limits.cpu`)",
        },
        _ => Text {
            fr: "limite de mémoire (`limits.memory`)",
            en: "memory limit (`limits.memory`)",
        },
    }
}

/// "n'a pas de X" / "n'a ni X, ni Y" ; "is missing a X" / "is missing a X and a Y".
fn lacks(parts: Vec<Text>) -> Msg {
    if parts.len() == 1 {
        let one = parts[0];
        return msg!("n'a pas de {one}", "is missing a {one}", one);
    }
    let items: Vec<Msg> = parts.into_iter().map(|p| msg!("{p}", "a {p}", p)).collect();
    let list = join(
        items,
        Text {
            fr: ", ni ",
            en: ", ",
        },
        Text {
            fr: ", ni ",
            en: " and ",
        },
    );
    msg!("n'a ni {list}", "is missing {list}", list)
}

fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    for t in ctx.pod_templates() {
        for (path, c) in t.containers() {
            let resources = c.get("resources");
            let group = |g: &str| resources.and_then(|r| r.get(g));
            let has = |g: &str, k: &str| {
                group(g)
                    .and_then(|m| m.get(k))
                    .is_some_and(|v| !v.is_null())
            };
            // Which of the four values is missing (a request defaults to its limit).
            let missing: Vec<(&str, &str, &str)> = DEFAULTS
                .iter()
                .copied()
                .filter(|&(g, k, _)| !(has(g, k) || (g == "requests" && has("limits", k))))
                .collect();
            if missing.is_empty() {
                continue;
            }
            let who = container_label(c, &path, t.obj);

            // What goes wrong because of it.
            let mut why = Vec::new();
            if missing.iter().any(|m| m.0 == "requests") {
                why.push(msg!(
                    "le scheduler place le pod à l'aveugle",
                    "the scheduler places the pod blindly"
                ));
            }
            if missing.iter().any(|m| m.0 == "limits" && m.1 == "memory") {
                why.push(msg!(
                    "une fuite de mémoire peut épuiser tout le nœud",
                    "a memory leak can exhaust the whole node"
                ));
            } else if missing.iter().any(|m| m.0 == "limits") {
                why.push(msg!(
                    "un pic de calcul peut ralentir tous les pods du nœud",
                    "a CPU spike can slow down every pod of the node"
                ));
            }
            why.push(msg!("un namespace avec ResourceQuota (comme sur la plateforme du cours) refuse de créer le pod", "a namespace with a ResourceQuota (like on the course platform) refuses to create the pod"));
            let why = join(
                why,
                Text {
                    fr: " ; ",
                    en: "; ",
                },
                Text {
                    fr: " ; ",
                    en: "; ",
                },
            );

            let message = if resources.is_none() {
                msg!(
                    "{who} ne déclare pas de `resources` : ni demandes (`requests`) ni limites (`limits`) de CPU et de mémoire ; {why}",
                    "{who} declares no `resources`: no CPU and memory `requests` nor `limits`; {why}",
                    who,
                    why
                )
            } else {
                let list: Vec<Text> = missing.iter().map(|&(g, k, _)| describe(g, k)).collect();
                let lacks = lacks(list);
                msg!(
                    "{who} {lacks} ; {why}",
                    "{who} {lacks}; {why}",
                    who,
                    lacks,
                    why
                )
            };

            // The lines to add, with the request's value as the suggested limit when there is one
            // (a limit below the request is refused by the API). Only a valid value is ever
            // suggested: an invalid request (`128MB`, flagged by `invalid-quantity`) gives its
            // corrected spelling (`128M`), else the default.
            let value = |g: &str, k: &str, d: &'static str| -> String {
                if g == "limits"
                    && let Some(v) = group("requests")
                        .and_then(|m| m.get(k))
                        .filter(|v| !v.is_null())
                {
                    if crate::rules::values::quantity(v).is_some_and(|q| q > 0.0) {
                        return v.scalar_text();
                    }
                    if let Some(fixed) =
                        crate::rules::invalid_quantity::quantity_hint(&v.scalar_text())
                    {
                        return fixed;
                    }
                }
                d.to_string()
            };
            let mut adds = Vec::new();
            for g in ["requests", "limits"] {
                let keys: Vec<String> = missing
                    .iter()
                    .filter(|m| m.0 == g)
                    .map(|&(g, k, d)| format!("{k}: {}", value(g, k, d)))
                    .collect();
                if keys.is_empty() {
                    continue;
                }
                let keys = keys.join(", ");
                adds.push(if group(g).is_some() {
                    msg!(
                        "`{keys}` sous `resources.{g}`",
                        "`{keys}` under `resources.{g}`",
                        keys,
                        g
                    )
                } else {
                    msg!(
                        "`{g}: {{{keys}}}` sous `resources`",
                        "`{g}: {{{keys}}}` under `resources`",
                        g,
                        keys
                    )
                });
            }
            let help = if resources.is_none() {
                msg!(
                    "ajoutez au conteneur `resources: {{requests: {{cpu: 100m, memory: 128Mi}}, limits: {{cpu: 500m, memory: 256Mi}}}}` (à ajuster selon ce que consomme l'application : `kubectl top pod`)",
                    "add to the container `resources: {{requests: {{cpu: 100m, memory: 128Mi}}, limits: {{cpu: 500m, memory: 256Mi}}}}` (adjust to what the application uses: `kubectl top pod`)"
                )
            } else {
                let adds = join(
                    adds,
                    Text {
                        fr: " et ",
                        en: " and ",
                    },
                    Text {
                        fr: " et ",
                        en: " and ",
                    },
                );
                msg!(
                    "ajoutez {adds} (à ajuster selon ce que consomme l'application : `kubectl top pod`)",
                    "add {adds} (adjust to what the application uses: `kubectl top pod`)",
                    adds
                )
            };

            // Point at the block to complete: the only group concerned if it exists, else `resources`,
            // else the container.
            let groups: Vec<&str> = ["requests", "limits"]
                .into_iter()
                .filter(|g| missing.iter().any(|m| m.0 == *g))
                .collect();
            let key_span =
                |n: Option<&Node>, k: &str| -> Option<Span> { n?.entry(k).map(|e| e.key_span) };
            let (span, at) = match (groups.as_slice(), resources) {
                ([g], Some(r)) if r.get(g).is_some() => {
                    (key_span(Some(r), g), format!("{path}.resources.{g}"))
                }
                (_, Some(_)) => (key_span(Some(c), "resources"), format!("{path}.resources")),
                (_, None) => (None, path.clone()),
            };
            let span = span
                .filter(|s| s.start.is_known())
                .unwrap_or_else(|| container_anchor(c));
            out.push(ctx.finding(&RULE, t.obj, span, message, help).with_path(at));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::rules::prelude::*;

    fn run(resources: &str) -> Vec<Finding> {
        let yaml = format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n{resources}"
        );
        crate::rules::findings_of(RULE.id(), &yaml)
    }

    #[test]
    fn nothing_declared() {
        let f = run("");
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message(crate::i18n::Lang::Fr)
                .contains("ne déclare pas de `resources`"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn limits_only_is_enough_because_requests_default_to_limits() {
        assert!(
            run(
                "      resources:\n        limits:\n          cpu: 500m\n          memory: 256Mi\n"
            )
            .is_empty()
        );
    }

    #[test]
    fn missing_memory_limit_is_named_and_pointed_at() {
        let f = run(
            "      resources:\n        requests:\n          cpu: 100m\n          memory: 512Mi\n        limits:\n          cpu: 500m\n",
        );
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message(crate::i18n::Lang::Fr)
                .contains("`limits.memory`"),
            "{}",
            f[0].message
        );
        assert!(
            !f[0].message(crate::i18n::Lang::Fr).contains("`limits.cpu`"),
            "{}",
            f[0].message
        );
        assert!(
            f[0].help
                .to_string()
                .contains("`memory: 512Mi` sous `resources.limits`"),
            "{}",
            f[0].help
        );
        assert_eq!(f[0].path, "spec.containers[0].resources.limits");
        assert_eq!(f[0].pos.line, 13);
    }

    #[test]
    fn requests_only() {
        let f = run(
            "      resources:\n        requests:\n          cpu: 100m\n          memory: 128Mi\n",
        );
        assert_eq!(f.len(), 1);
        assert!(
            f[0].help
                .to_string()
                .contains("`limits: {cpu: 100m, memory: 128Mi}` sous `resources`"),
            "{}",
            f[0].help
        );
    }
}
