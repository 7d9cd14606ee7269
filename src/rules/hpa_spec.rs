//! `hpa-spec`: a HorizontalPodAutoscaler (autoscaling/v2 or v1) the API
//! server rejects: replica bounds, the target reference, metrics whose
//! source does not match their type, targets, scaling behaviour.

use crate::rules::prelude::*;
use crate::rules::values::{dns1123_label, path_segment, qualified_name, quantity};
use crate::rules::values::{key_span, kind_and_name};

pub static RULE: Rule = Rule {
    code: Code {
        id: "hpa-spec",
        family: Family::Value,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "echelle-retour-arriere.md",
        summary: Text {
            fr: "Un HorizontalPodAutoscaler que l'API refuse : `maxReplicas` sous `minReplicas`, cible sans groupe d'API, métrique dont le contenu ne correspond pas à son `type`, seuil manquant ou double",
            en: "A HorizontalPodAutoscaler the API rejects: `maxReplicas` below `minReplicas`, a target without API group, a metric whose content does not match its `type`, a missing or double threshold",
        },
        what: Text {
            fr: "`maxReplicas` est au moins égal à `minReplicas` (1 par défaut) ; `minReplicas: 0` n'est permis qu'avec une métrique `Object` ou `External`. `scaleTargetRef` a un `kind`, un `name` et un `apiVersion` avec son groupe (`apps/v1` pour un Deployment). Chaque métrique remplit exactement le bloc que nomme son `type` (`resource` pour `Resource`, `pods` pour `Pods`…) ; une métrique `Resource` ou `ContainerResource` a un `name` et exactement un de `averageUtilization` et `averageValue` ; une métrique `Pods` a un `averageValue`, une `Object` un `value` ou un `averageValue`, une `External` exactement l'un des deux ; les valeurs cibles sont positives. Dans `behavior`, une règle qui écrit `policies` en donne au moins une, et `tolerance` n'est pas négative.",
            en: "`maxReplicas` is at least `minReplicas` (1 by default); `minReplicas: 0` is only allowed with an `Object` or `External` metric. `scaleTargetRef` has a `kind`, a `name` and an `apiVersion` with its group (`apps/v1` for a Deployment). Each metric fills exactly the block its `type` names (`resource` for `Resource`, `pods` for `Pods`…); a `Resource` or `ContainerResource` metric has a `name` and exactly one of `averageUtilization` and `averageValue`; a `Pods` metric has an `averageValue`, an `Object` one a `value` or an `averageValue`, an `External` one exactly one of them; target values are positive. In `behavior`, a rule that writes `policies` gives at least one, and `tolerance` is not negative.",
        },
        why: Text {
            fr: "Le serveur d'API refuse l'objet entier : l'application garde son nombre de réplicas fixe, et rien ne dit que l'autoscaler n'existe pas. `apiVersion: v1` pour un Deployment (au lieu de `apps/v1`) et un `type: Pods` resté sur un bloc `resource` sont les erreurs classiques.",
            en: "The API server rejects the whole object: the application keeps a fixed number of replicas, and nothing says the autoscaler does not exist. `apiVersion: v1` for a Deployment (instead of `apps/v1`) and a `type: Pods` left on a `resource` block are the classic mistakes.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/hpa-spec/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/hpa-spec/good.yaml"),
    },
    check: Check::Object(check),
};

const MEMBERS: &[(&str, &str)] = &[
    ("Object", "object"),
    ("Pods", "pods"),
    ("Resource", "resource"),
    ("External", "external"),
    ("ContainerResource", "containerResource"),
];

type Cx<'a, 'b> = Emit<'a, 'b>;

/// `ValidateCrossVersionObjectReference`.
fn reference(c: &mut Cx, r: &Node, path: &str, empty_group_ok: bool) {
    kind_and_name(
        c,
        r,
        path,
        msg!(
            "écrivez le `kind` (`Deployment`) et le `name` de l'objet visé",
            "write the `kind` (`Deployment`) and the `name` of the target object"
        ),
    );
    let api_version = r.get("apiVersion").and_then(Node::as_str).unwrap_or("");
    let kind = r.get("kind").and_then(Node::as_str).unwrap_or("");
    let span = r.get("apiVersion").map_or_else(
        || r.entries().first().map_or(r.span, |e| e.key_span),
        |n| n.span,
    );
    let slashes = api_version.matches('/').count();
    let group = if api_version == "/" {
        ""
    } else {
        api_version.split_once('/').map_or("", |(g, _)| g)
    };
    if slashes > 1 {
        c.err(
            span,
            &format!("{path}.apiVersion"),
            msg!(
                "`apiVersion: {api_version}` n'est pas de la forme `groupe/version`",
                "`apiVersion: {api_version}` is not of the form `group/version`",
                api_version = api_version.to_string()
            ),
            msg!(
                "écrivez par exemple `apiVersion: apps/v1`",
                "write for instance `apiVersion: apps/v1`"
            ),
        );
    } else if group.is_empty() && !empty_group_ok && kind != "ReplicationController" {
        // Every scalable built-in kind but ReplicationController is in `apps`.
        let good = "apps/v1";
        let message = if api_version.is_empty() {
            msg!(
                "`scaleTargetRef` n'a pas d'`apiVersion` : il faut le groupe d'API de l'objet visé",
                "`scaleTargetRef` has no `apiVersion`: the target object's API group is needed"
            )
        } else {
            msg!(
                "`apiVersion: {api_version}` n'a pas de groupe d'API : un {kind} est dans un groupe (`apps/v1` pour un Deployment)",
                "`apiVersion: {api_version}` has no API group: a {kind} is in a group (`apps/v1` for a Deployment)",
                api_version = api_version.to_string(),
                kind = if kind.is_empty() {
                    "objet".to_string()
                } else {
                    kind.to_string()
                }
            )
        };
        c.err(
            span,
            &format!("{path}.apiVersion"),
            message,
            msg!(
                "écrivez `apiVersion: {good}`",
                "write `apiVersion: {good}`",
                good
            ),
        );
    }
}

/// `validateMetricTarget`.
fn target(c: &mut Cx, t: &Node, path: &str) {
    match t.get("type").and_then(Node::as_str) {
        None | Some("") => c.err(
            t.entries().first().map_or(t.span, |e| e.key_span),
            &format!("{path}.type"),
            msg!(
                "la cible n'a pas de `type` : `Utilization`, `Value` ou `AverageValue`",
                "the target has no `type`: `Utilization`, `Value` or `AverageValue`"
            ),
            msg!(
                "ajoutez par exemple `type: Utilization` avec `averageUtilization: 70`",
                "add for instance `type: Utilization` with `averageUtilization: 70`"
            ),
        ),
        _ => {} // other values: `invalid-enum`
    }
    for key in ["value", "averageValue"] {
        if let Some(n) = t.get(key)
            && let Some(v) = quantity(n)
            && v <= 0.0
        {
            let text = n.scalar_text();
            c.err(
                n.span,
                &format!("{path}.{key}"),
                msg!(
                    "`{key}: {text}` : la valeur cible doit être positive",
                    "`{key}: {text}`: the target value must be positive",
                    key,
                    text
                ),
                msg!(
                    "donnez une valeur plus grande que zéro, par exemple `{key}: 100m`",
                    "give a value greater than zero, for instance `{key}: 100m`",
                    key
                ),
            );
        }
    }
}

/// The metric name of a Pods, Object or External source.
fn metric_name(c: &mut Cx, src: &Node, path: &str) {
    let Some(m) = src.get("metric") else { return }; // `required-field`
    match m.get("name").and_then(Node::as_str) {
        None => {}
        Some("") => c.err(
            key_span(m, "name"),
            &format!("{path}.metric.name"),
            msg!("le nom de la métrique est vide", "the metric name is empty"),
            msg!(
                "écrivez le nom de la métrique, par exemple `http_requests_per_second`",
                "write the metric's name, for instance `http_requests_per_second`"
            ),
        ),
        Some(name) => {
            if let Some(problem) = path_segment(name) {
                c.err(
                    m.get("name").map_or(m.span, |n| n.span),
                    &format!("{path}.metric.name"),
                    msg!(
                        "`{name}` n'est pas un nom de métrique accepté : {problem}",
                        "`{name}` is not an accepted metric name: {problem}",
                        name = name.to_string(),
                        problem
                    ),
                    msg!(
                        "retirez `/` et `%` du nom",
                        "remove `/` and `%` from the name"
                    ),
                );
            }
        }
    }
}

fn container_resource_name_ok(name: &str) -> bool {
    if name.contains('/') {
        return qualified_name(name).is_none();
    }
    matches!(name, "cpu" | "memory" | "ephemeral-storage") || name.starts_with("hugepages-")
}

fn check(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    if obj.kind != "HorizontalPodAutoscaler" {
        return;
    }
    let v1 = match obj.api_version.as_str() {
        "autoscaling/v2" => false,
        "autoscaling/v1" => true,
        _ => return,
    };
    let Some(spec) = obj.spec() else { return };
    let mut c = Cx {
        rule: &RULE,
        cx,
        obj,
        out,
    };
    // HPA-04 (minReplicas defaults to 1; the bounds themselves are `out-of-range`'s).
    let min = spec.get("minReplicas").and_then(Node::as_i64);
    if let Some(max_node) = spec.get("maxReplicas")
        && let Some(max) = max_node.as_i64()
        && max >= 1
        && max < min.unwrap_or(1)
    {
        let min = min.unwrap_or(1);
        c.err(
            max_node.span,
            "spec.maxReplicas",
            msg!(
                "`maxReplicas: {max}` est plus petit que `minReplicas: {min}`",
                "`maxReplicas: {max}` is smaller than `minReplicas: {min}`",
                max,
                min
            ),
            msg!(
                "écrivez `maxReplicas:` au moins égal à {min}, ou baissez `minReplicas`",
                "write a `maxReplicas:` of at least {min}, or lower `minReplicas`",
                min
            ),
        );
    }
    if let Some(r) = spec.get("scaleTargetRef").filter(|n| !n.is_null()) {
        reference(&mut c, r, "spec.scaleTargetRef", false);
    }
    let metrics = if v1 {
        &[][..]
    } else {
        spec.get("metrics").map(Node::items).unwrap_or(&[])
    };
    // HPA-02: scaling to zero needs an Object or External metric (v2 defaults to a cpu metric).
    if min == Some(0)
        && !metrics.iter().any(|m| {
            matches!(
                m.get("type").and_then(Node::as_str),
                Some("Object" | "External")
            )
        })
    {
        c.err(
            spec.get("minReplicas").map_or(spec.span, |n| n.span),
            "spec.metrics",
            msg!(
                "`minReplicas: 0` n'est possible qu'avec une métrique `Object` ou `External` : à zéro pod, il n'y a plus de consommation CPU ou mémoire à mesurer",
                "`minReplicas: 0` is only possible with an `Object` or `External` metric: with zero pods, there is no CPU or memory use left to measure"
            ),
            msg!(
                "écrivez `minReplicas: 1`, ou ajoutez une métrique `External` (une file d'attente, par exemple)",
                "write `minReplicas: 1`, or add an `External` metric (a queue, for instance)"
            ),
        );
    }
    for (i, m) in metrics.iter().enumerate() {
        metric(&mut c, m, &format!("spec.metrics[{i}]"));
    }
    if let Some(b) = spec.get("behavior").filter(|n| !n.is_null()) {
        for dir in ["scaleUp", "scaleDown"] {
            let Some(rules) = b.get(dir).filter(|n| !n.is_null()) else {
                continue;
            };
            let path = format!("spec.behavior.{dir}");
            if let Some(p) = rules.get("policies")
                && matches!(p.value, Value::Seq(ref items) if items.is_empty())
            {
                c.err(
                    key_span(rules, "policies"),
                    &format!("{path}.policies"),
                    msg!(
                        "`policies` est vide : écrite, la liste donne au moins une politique",
                        "`policies` is empty: when written, the list gives at least one policy"
                    ),
                    msg!(
                        "supprimez `policies` (les politiques par défaut s'appliquent) ou ajoutez `- {{type: Percent, value: 50, periodSeconds: 60}}`",
                        "remove `policies` (the default policies apply) or add `- {{type: Percent, value: 50, periodSeconds: 60}}`"
                    ),
                );
            }
            if let Some(t) = rules.get("tolerance")
                && let Some(v) = quantity(t)
                && v < 0.0
            {
                let text = t.scalar_text();
                c.err(
                    t.span,
                    &format!("{path}.tolerance"),
                    msg!(
                        "`tolerance: {text}` est négatif",
                        "`tolerance: {text}` is negative",
                        text
                    ),
                    msg!(
                        "écrivez une tolérance de 0 ou plus, par exemple `tolerance: 0.1` (10 %)",
                        "write a tolerance of 0 or more, for instance `tolerance: 0.1` (10%)"
                    ),
                );
            }
        }
    }
}

fn metric(c: &mut Cx, m: &Node, path: &str) {
    let ty = m.get("type").and_then(Node::as_str).unwrap_or("");
    let expected = MEMBERS.iter().find(|(t, _)| *t == ty).map(|(_, f)| *f);
    let present: Vec<&str> = MEMBERS
        .iter()
        .map(|(_, f)| *f)
        .filter(|f| m.get(f).is_some_and(|n| !n.is_null()))
        .collect();
    if ty.is_empty() {
        c.err(
            m.entries().first().map_or(m.span, |e| e.key_span),
            &format!("{path}.type"),
            msg!(
                "cette métrique n'a pas de `type`",
                "this metric has no `type`"
            ),
            msg!(
                "ajoutez `type: Resource` (avec un bloc `resource`), `Pods`, `Object`, `External` ou `ContainerResource`",
                "add `type: Resource` (with a `resource` block), `Pods`, `Object`, `External` or `ContainerResource`"
            ),
        );
    }
    if let Some(exp) = expected
        && !present.contains(&exp)
    {
        let ty = ty.to_string();
        let have = present
            .first()
            .map(|f| format!("`{f}`"))
            .unwrap_or_else(|| "—".into());
        c.err(
            m.get("type").map_or(m.span, |n| n.span),
            &format!("{path}.{exp}"),
            msg!(
                "une métrique `type: {ty}` se décrit dans un bloc `{exp}`, absent ici (bloc présent : {have})",
                "a `type: {ty}` metric is described in an `{exp}` block, missing here (block present: {have})",
                ty,
                exp,
                have
            ),
            msg!(
                "renommez le bloc en `{exp}:`, ou changez le `type` pour qu'il corresponde au bloc",
                "rename the block to `{exp}:`, or change the `type` to match the block",
                exp
            ),
        );
    }
    if present.len() > 1 || (present.len() == 1 && expected.is_some_and(|e| e != present[0])) {
        for f in &present {
            if Some(*f) == expected {
                continue;
            }
            if present.len() == 1 {
                break; // already said: the block does not match the type
            }
            c.err(
                key_span(m, f),
                &format!("{path}.{f}"),
                msg!(
                    "une métrique ne décrit qu'une source : `{f}` est en trop",
                    "a metric describes a single source: `{f}` is one too many",
                    f = f.to_string()
                ),
                msg!(
                    "faites une métrique par source",
                    "make one metric per source"
                ),
            );
        }
    }
    // The first present source is validated (as the API server does).
    let Some(first) = present.first().copied() else {
        return;
    };
    let Some(src) = m.get(first) else { return };
    let sp = format!("{path}.{first}");
    let t = src.get("target").filter(|n| !n.is_null());
    if let Some(t) = t {
        target(c, t, &format!("{sp}.target"));
    }
    let has = |k: &str| t.is_some_and(|t| t.get(k).is_some_and(|n| !n.is_null()));
    match first {
        "resource" | "containerResource" => {
            match src.get("name").and_then(Node::as_str) {
                Some("") => c.err(
                    key_span(src, "name"),
                    &format!("{sp}.name"),
                    msg!("le nom de la ressource est vide", "the resource name is empty"),
                    msg!("écrivez `name: cpu` ou `name: memory`", "write `name: cpu` or `name: memory`"),
                ),
                Some(n) if first == "containerResource" && !container_resource_name_ok(n) => c.err(
                    src.get("name").map_or(src.span, |x| x.span),
                    &format!("{sp}.name"),
                    msg!(
                        "`name: {n}` n'est pas une ressource de conteneur (`cpu`, `memory`, `ephemeral-storage`)",
                        "`name: {n}` is not a container resource (`cpu`, `memory`, `ephemeral-storage`)",
                        n = n.to_string()
                    ),
                    msg!("écrivez `name: cpu` ou `name: memory`", "write `name: cpu` or `name: memory`"),
                ),
                _ => {}
            }
            if first == "containerResource"
                && let Some(cn) = src.get("container")
                && let Some(name) = cn.as_str()
            {
                let problem = if name.is_empty() {
                    Some(msg!("il est vide", "it is empty"))
                } else {
                    dns1123_label(name)
                };
                if let Some(problem) = problem {
                    c.err(
                        cn.span,
                        &format!("{sp}.container"),
                        msg!(
                            "`container: {name}` n'est pas un nom de conteneur : {problem}",
                            "`container: {name}` is not a container name: {problem}",
                            name = name.to_string(),
                            problem
                        ),
                        msg!(
                            "écrivez le `name` d'un conteneur du modèle de pod",
                            "write the `name` of a container of the pod template"
                        ),
                    );
                }
            }
            let (u, v) = (has("averageUtilization"), has("averageValue"));
            if t.is_some() && !u && !v {
                c.err(
                    key_span(src, "target"),
                    &format!("{sp}.target.averageUtilization"),
                    msg!(
                        "la cible ne donne ni `averageUtilization` (en %) ni `averageValue` (une quantité)",
                        "the target gives neither `averageUtilization` (in %) nor `averageValue` (a quantity)"
                    ),
                    msg!(
                        "ajoutez `averageUtilization: 70` (avec `type: Utilization`)",
                        "add `averageUtilization: 70` (with `type: Utilization`)"
                    ),
                );
            } else if u && v {
                c.err(
                    t.and_then(|t| t.get("averageValue")).map_or(src.span, |n| n.span),
                    &format!("{sp}.target.averageValue"),
                    msg!(
                        "la cible donne à la fois `averageUtilization` et `averageValue` : un seul des deux",
                        "the target gives both `averageUtilization` and `averageValue`: only one of them"
                    ),
                    msg!(
                        "gardez `averageUtilization` avec `type: Utilization`, ou `averageValue` avec `type: AverageValue`",
                        "keep `averageUtilization` with `type: Utilization`, or `averageValue` with `type: AverageValue`"
                    ),
                );
            }
        }
        "pods" => {
            metric_name(c, src, &sp);
            if t.is_some() && !has("averageValue") {
                c.err(
                    key_span(src, "target"),
                    &format!("{sp}.target.averageValue"),
                    msg!(
                        "une métrique `Pods` a une cible `averageValue` (la valeur moyenne par pod)",
                        "a `Pods` metric has an `averageValue` target (the average value per pod)"
                    ),
                    msg!(
                        "écrivez `type: AverageValue` et `averageValue: 100`",
                        "write `type: AverageValue` and `averageValue: 100`"
                    ),
                );
            }
        }
        "object" => {
            if let Some(d) = src.get("describedObject").filter(|n| !n.is_null()) {
                reference(c, d, &format!("{sp}.describedObject"), true);
            }
            metric_name(c, src, &sp);
            if t.is_some() && !has("value") && !has("averageValue") {
                c.err(
                    key_span(src, "target"),
                    &format!("{sp}.target.averageValue"),
                    msg!(
                        "une métrique `Object` a une cible `value` ou `averageValue`",
                        "an `Object` metric has a `value` or `averageValue` target"
                    ),
                    msg!(
                        "écrivez `type: Value` et `value: 100`",
                        "write `type: Value` and `value: 100`"
                    ),
                );
            }
        }
        "external" => {
            metric_name(c, src, &sp);
            let (a, b) = (has("value"), has("averageValue"));
            if t.is_some() && !a && !b {
                c.err(
                    key_span(src, "target"),
                    &format!("{sp}.target.averageValue"),
                    msg!(
                        "une métrique `External` a une cible `value` ou `averageValue`",
                        "an `External` metric has a `value` or `averageValue` target"
                    ),
                    msg!(
                        "écrivez `type: AverageValue` et `averageValue: 10`",
                        "write `type: AverageValue` and `averageValue: 10`"
                    ),
                );
            } else if a && b {
                c.err(
                    t.and_then(|t| t.get("value")).map_or(src.span, |n| n.span),
                    &format!("{sp}.target.value"),
                    msg!(
                        "une métrique `External` a `value` ou `averageValue`, pas les deux",
                        "an `External` metric has `value` or `averageValue`, not both"
                    ),
                    msg!("gardez-en un seul", "keep only one"),
                );
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::findings_of;

    fn hpa(spec: &str) -> String {
        format!(
            "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n{spec}"
        )
    }

    fn paths(yaml: &str) -> Vec<String> {
        findings_of("hpa-spec", yaml)
            .iter()
            .map(|f| f.path.clone())
            .collect()
    }

    const CPU: &str = "  metrics:\n    - type: Resource\n      resource:\n        name: cpu\n        target:\n          type: Utilization\n          averageUtilization: 70\n";

    #[test]
    fn replicas() {
        assert!(paths(&hpa(&format!("  minReplicas: 2\n  maxReplicas: 10\n{CPU}"))).is_empty());
        assert_eq!(
            paths(&hpa(&format!(
                "  minReplicas: 20\n  maxReplicas: 10\n{CPU}"
            ))),
            ["spec.maxReplicas"]
        );
        assert_eq!(
            paths(&hpa(&format!("  minReplicas: 0\n  maxReplicas: 10\n{CPU}"))),
            ["spec.metrics"]
        );
        // No metrics: defaulted to cpu, so scaling to zero is still refused.
        assert_eq!(
            paths(&hpa("  minReplicas: 0\n  maxReplicas: 10\n")),
            ["spec.metrics"]
        );
        assert!(paths(&hpa("  minReplicas: 0\n  maxReplicas: 5\n  metrics:\n    - type: External\n      external:\n        metric:\n          name: queue_depth\n        target:\n          type: AverageValue\n          averageValue: \"10\"\n")).is_empty());
    }

    #[test]
    fn target_reference() {
        let yaml = hpa("  maxReplicas: 5\n")
            .replace("apiVersion: apps/v1\n    kind", "apiVersion: v1\n    kind");
        assert_eq!(paths(&yaml), ["spec.scaleTargetRef.apiVersion"]);
        let rc = hpa("  maxReplicas: 5\n").replace(
            "apiVersion: apps/v1\n    kind: Deployment",
            "apiVersion: v1\n    kind: ReplicationController",
        );
        assert!(paths(&rc).is_empty());
    }

    #[test]
    fn metrics() {
        let m = |body: &str| hpa(&format!("  maxReplicas: 5\n  metrics:\n{body}"));
        assert_eq!(
            paths(&m(
                "    - type: Pods\n      resource:\n        name: cpu\n        target:\n          type: Utilization\n          averageUtilization: 70\n"
            )),
            ["spec.metrics[0].pods"]
        );
        assert_eq!(
            paths(&m(
                "    - type: Resource\n      resource:\n        name: cpu\n        target:\n          type: Utilization\n          averageUtilization: 70\n          averageValue: 100m\n"
            )),
            ["spec.metrics[0].resource.target.averageValue"]
        );
        assert_eq!(
            paths(&m(
                "    - type: Pods\n      pods:\n        metric:\n          name: packets-per-second\n        target:\n          type: AverageValue\n"
            )),
            ["spec.metrics[0].pods.target.averageValue"]
        );
        assert_eq!(
            paths(&m(
                "    - type: Object\n      object:\n        describedObject:\n          apiVersion: v1\n          kind: Service\n          name: web\n        metric:\n          name: requests\n        target:\n          type: Value\n          value: \"0\"\n"
            )),
            ["spec.metrics[0].object.target.value"]
        );
        assert_eq!(
            paths(&hpa(
                "  maxReplicas: 5\n  behavior:\n    scaleDown:\n      policies: []\n"
            )),
            ["spec.behavior.scaleDown.policies"]
        );
        assert!(paths(&hpa("  maxReplicas: 5\n  behavior:\n    scaleDown:\n      stabilizationWindowSeconds: 60\n")).is_empty());
    }

    #[test]
    fn v1() {
        let v1 = |spec: &str| {
            format!(
                "apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n{spec}"
            )
        };
        assert_eq!(
            paths(&v1("  minReplicas: 10\n  maxReplicas: 5\n")),
            ["spec.maxReplicas"]
        );
        assert_eq!(
            paths(&v1("  minReplicas: 0\n  maxReplicas: 5\n")),
            ["spec.metrics"]
        );
        assert!(
            paths(&v1(
                "  maxReplicas: 5\n  targetCPUUtilizationPercentage: 80\n"
            ))
            .is_empty()
        );
    }

    #[test]
    fn metric_without_type() {
        let yaml = hpa(
            "  maxReplicas: 5\n  metrics:\n    - resource:\n        name: cpu\n        target:\n          type: Utilization\n          averageUtilization: 70\n",
        );
        assert_eq!(paths(&yaml), ["spec.metrics[0].type"]);
    }
}
