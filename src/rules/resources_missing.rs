//! `resources-missing`: a container without CPU/memory requests or limits.

use crate::finding::{Finding, Severity};
use crate::i18n::{Lang, Text};
use crate::rules::pitfall_util::{container_anchor, container_label};
use crate::rules::{Category, Ctx, Rule};
use crate::tr;
use crate::yaml::{Node, Span};

pub static RULE: Rule = Rule {
    id: "resources-missing",
    severity: Severity::Warning,
    category: Category::Pitfall,
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
          ports:
            - name: http
              containerPort: 8000
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

/// Default values suggested when nothing else is known.
const DEFAULTS: [(&str, &str, &str); 4] = [
    ("requests", "cpu", "100m"),
    ("requests", "memory", "128Mi"),
    ("limits", "cpu", "500m"),
    ("limits", "memory", "256Mi"),
];

fn describe(lang: Lang, group: &str, res: &str) -> String {
    match (lang, group, res) {
        (Lang::Fr, "requests", "cpu") => "demande de CPU (`requests.cpu`)".into(),
        (Lang::Fr, "requests", _) => "demande de mémoire (`requests.memory`)".into(),
        (Lang::Fr, _, "cpu") => "limite de CPU (`limits.cpu`)".into(),
        (Lang::Fr, _, _) => "limite de mémoire (`limits.memory`)".into(),
        (Lang::En, "requests", "cpu") => "CPU request (`requests.cpu`)".into(),
        (Lang::En, "requests", _) => "memory request (`requests.memory`)".into(),
        (Lang::En, _, "cpu") => "CPU limit (`limits.cpu`)".into(),
        (Lang::En, _, _) => "memory limit (`limits.memory`)".into(),
    }
}

/// "n'a pas de X" / "n'a ni X, ni Y" ; "is missing a X" / "is missing a X and a Y".
fn lacks(lang: Lang, parts: &[String]) -> String {
    match (lang, parts) {
        (Lang::Fr, [one]) => format!("n'a pas de {one}"),
        (Lang::Fr, _) => format!("n'a ni {}", parts.join(", ni ")),
        (Lang::En, [one]) => format!("is missing a {one}"),
        (Lang::En, [init @ .., last]) => {
            let init = init
                .iter()
                .map(|p| format!("a {p}"))
                .collect::<Vec<_>>()
                .join(", ");
            format!("is missing {init} and a {last}")
        }
        (Lang::En, []) => String::new(),
    }
}

fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    let lang = ctx.lang;
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
            let who = container_label(lang, c, &path, t.obj);

            // What goes wrong because of it.
            let mut why = Vec::new();
            if missing.iter().any(|m| m.0 == "requests") {
                why.push(tr!(
                    lang,
                    "le scheduler place le pod à l'aveugle",
                    "the scheduler places the pod blindly"
                ));
            }
            if missing.iter().any(|m| m.0 == "limits" && m.1 == "memory") {
                why.push(tr!(
                    lang,
                    "une fuite de mémoire peut épuiser tout le nœud",
                    "a memory leak can exhaust the whole node"
                ));
            } else if missing.iter().any(|m| m.0 == "limits") {
                why.push(tr!(
                    lang,
                    "un pic de calcul peut ralentir tous les pods du nœud",
                    "a CPU spike can slow down every pod of the node"
                ));
            }
            why.push(tr!(lang, "un namespace avec ResourceQuota (comme sur la plateforme du cours) refuse de créer le pod", "a namespace with a ResourceQuota (like on the course platform) refuses to create the pod"));
            let why = why.join(lang.pick(" ; ", "; "));

            let message = if resources.is_none() {
                tr!(
                    lang,
                    "{who} ne déclare pas de `resources` : ni demandes (`requests`) ni limites (`limits`) de CPU et de mémoire ; {why}",
                    "{who} declares no `resources`: no CPU and memory `requests` nor `limits`; {why}"
                )
            } else {
                let list: Vec<String> = missing
                    .iter()
                    .map(|&(g, k, _)| describe(lang, g, k))
                    .collect();
                let lacks = lacks(lang, &list);
                tr!(lang, "{who} {lacks} ; {why}", "{who} {lacks}; {why}")
            };

            // The lines to add, with the request's value as the suggested limit when there is one
            // (a limit below the request is refused by the API).
            let value = |g: &str, k: &str, d: &'static str| -> String {
                if g == "limits"
                    && let Some(v) = group("requests")
                        .and_then(|m| m.get(k))
                        .filter(|v| !v.is_null())
                {
                    return v.scalar_text();
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
                    tr!(
                        lang,
                        "`{keys}` sous `resources.{g}`",
                        "`{keys}` under `resources.{g}`"
                    )
                } else {
                    tr!(
                        lang,
                        "`{g}: {{{keys}}}` sous `resources`",
                        "`{g}: {{{keys}}}` under `resources`"
                    )
                });
            }
            let help = if resources.is_none() {
                tr!(
                    lang,
                    "ajoutez au conteneur `resources: {{requests: {{cpu: 100m, memory: 128Mi}}, limits: {{cpu: 500m, memory: 256Mi}}}}` (à ajuster selon ce que consomme l'application : `kubectl top pod`)",
                    "add to the container `resources: {{requests: {{cpu: 100m, memory: 128Mi}}, limits: {{cpu: 500m, memory: 256Mi}}}}` (adjust to what the application uses: `kubectl top pod`)"
                )
            } else {
                let adds = adds.join(lang.pick(" et ", " and "));
                tr!(
                    lang,
                    "ajoutez {adds} (à ajuster selon ce que consomme l'application : `kubectl top pod`)",
                    "add {adds} (adjust to what the application uses: `kubectl top pod`)"
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

    fn run(resources: &str) -> Vec<Finding> {
        let yaml = format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n{resources}"
        );
        crate::rules::findings_of(RULE.id, &yaml)
    }

    #[test]
    fn nothing_declared() {
        let f = run("");
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.contains("ne déclare pas de `resources`"),
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
        assert!(f[0].message.contains("`limits.memory`"), "{}", f[0].message);
        assert!(!f[0].message.contains("`limits.cpu`"), "{}", f[0].message);
        assert!(
            f[0].help
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
                .contains("`limits: {cpu: 100m, memory: 128Mi}` sous `resources`"),
            "{}",
            f[0].help
        );
    }
}
