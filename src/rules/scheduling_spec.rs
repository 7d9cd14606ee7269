//! `scheduling-spec`: tolerations, affinity and topology spread rules the API server rejects.

use crate::rules::pod::spec_of;
use crate::rules::prelude::*;
use crate::yaml::Trail;

pub static RULE: Rule = Rule {
    code: Code {
        id: "scheduling-spec",
        family: Family::Value,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "architecture.md",
        summary: Text {
            fr: "Une toleration, une affinité ou une contrainte de répartition que l'API refuse",
            en: "A toleration, an affinity or a spread constraint the API rejects",
        },
        what: Text {
            fr: "Une toleration sans `key` a `operator: Exists` ; `operator: Exists` n'a pas de `value` ; `tolerationSeconds` demande `effect: NoExecute` ; la `value` d'un `Equal` est une valeur de label. Dans une affinité, les opérateurs `In`/`NotIn` ont des `values`, `Exists`/`DoesNotExist` n'en ont pas, `Gt`/`Lt` en ont exactement une ; `nodeSelectorTerms` n'est pas vide ; un `matchFields` porte sur `metadata.name` avec une seule valeur ; un terme d'affinité de Pod a une `topologyKey`. Une contrainte de répartition a une `topologyKey`, et `minDomains` ne va qu'avec `whenUnsatisfiable: DoNotSchedule`.",
            en: "A toleration without a `key` has `operator: Exists`; `operator: Exists` has no `value`; `tolerationSeconds` needs `effect: NoExecute`; an `Equal`'s `value` is a label value. In an affinity, operators `In`/`NotIn` have `values`, `Exists`/`DoesNotExist` have none, `Gt`/`Lt` exactly one; `nodeSelectorTerms` is not empty; a `matchFields` is about `metadata.name` with a single value; a pod affinity term has a `topologyKey`. A spread constraint has a `topologyKey`, and `minDomains` only goes with `whenUnsatisfiable: DoNotSchedule`.",
        },
        why: Text {
            fr: "Le serveur d'API refuse le Pod : le scheduler ne saurait pas interpréter la règle. Ces blocs sont souvent copiés d'une documentation et adaptés à moitié.",
            en: "The API server rejects the Pod: the scheduler could not interpret the rule. These blocks are often copied from documentation and half adapted.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/scheduling-spec/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/scheduling-spec/good.yaml"),
    },
    check: Check::Object(check),
};

fn push(
    cx: &ObjCx,
    obj: &Object,
    span: Span,
    path: String,
    message: Msg,
    help: Msg,
    out: &mut Vec<Finding>,
) {
    out.push(cx.finding(&RULE, obj, span, message, help).with_path(path));
}

/// `In`/`NotIn` need values, `Exists`/`DoesNotExist` none, `Gt`/`Lt` one.
pub fn requirement(
    cx: &ObjCx,
    obj: &Object,
    req: &Node,
    path: &str,
    node: bool,
    out: &mut Vec<Finding>,
) {
    let op = req.get("operator").and_then(Node::as_str).unwrap_or("");
    let values = req.get("values").map(Node::items).unwrap_or(&[]);
    let span = req.get("operator").map_or(req.span, |o| o.span);
    let problem = match op {
        "In" | "NotIn" if values.is_empty() => Some(msg!(
            "`operator: {op}` demande des `values`",
            "`operator: {op}` needs `values`",
            op
        )),
        "Exists" | "DoesNotExist" if !values.is_empty() => Some(msg!(
            "`operator: {op}` n'a pas de `values`",
            "`operator: {op}` has no `values`",
            op
        )),
        "Gt" | "Lt" if node && values.len() != 1 => Some(msg!(
            "`operator: {op}` a exactement une valeur",
            "`operator: {op}` has exactly one value",
            op
        )),
        _ => None,
    };
    if let Some(m) = problem {
        push(
            cx,
            obj,
            span,
            format!("{path}.values"),
            m,
            msg!(
                "ajoutez ou enlevez `values` selon l'opérateur",
                "add or remove `values` according to the operator"
            ),
            out,
        );
    }
}

/// Walks the whole object with one path buffer, grown and cut back at each
/// step (no string allocated per node).
fn walk_requirements(cx: &ObjCx, obj: &Object, n: &Node, trail: &Trail, out: &mut Vec<Finding>) {
    match &n.value {
        Value::Map(entries) => {
            for e in entries {
                let t = Trail::Key(trail, &e.key);
                if &*e.key == "matchExpressions" {
                    let path = t.render();
                    let node = path.contains("nodeAffinity") || path.contains("nodeSelectorTerms");
                    for (i, r) in e.value.items().iter().enumerate() {
                        requirement(cx, obj, r, &format!("{path}[{i}]"), node, out);
                    }
                } else if matches!(e.value.value, Value::Map(_) | Value::Seq(_)) {
                    walk_requirements(cx, obj, &e.value, &t, out);
                }
            }
        }
        Value::Seq(items) => {
            for (i, it) in items.iter().enumerate() {
                if matches!(it.value, Value::Map(_) | Value::Seq(_)) {
                    walk_requirements(cx, obj, it, &Trail::Index(trail, i), out);
                }
            }
        }
        _ => {}
    }
}

fn check(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    if !matches!(
        crate::schema::lookup(&obj.api_version, &obj.kind),
        crate::schema::Lookup::Served(_)
    ) {
        return;
    }
    // Every label selector requirement of the object (selectors, affinities).
    let root = Trail::Root(obj.prefix.trim_end_matches('.'));
    walk_requirements(cx, obj, &obj.root, &root, out);
    let Some((spec, sp)) = spec_of(obj) else {
        return;
    };
    for (k, t) in spec
        .get("tolerations")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        let path = format!("{sp}.tolerations[{k}]");
        let key = t.get("key").map(Node::scalar_text).unwrap_or_default();
        let op = t.get("operator").and_then(Node::as_str).unwrap_or("Equal");
        let value = t.get("value").map(Node::scalar_text).unwrap_or_default();
        let span = t.get("operator").map_or(t.span, |n| n.span);
        if key.is_empty() && op != "Exists" {
            push(
                cx,
                obj,
                span,
                format!("{path}.operator"),
                msg!(
                    "une toleration sans `key` tolère tout : elle a `operator: Exists`",
                    "a toleration without a `key` tolerates everything: it has `operator: Exists`"
                ),
                msg!(
                    "ajoutez la `key` du taint, ou écrivez `operator: Exists`",
                    "add the taint's `key`, or write `operator: Exists`"
                ),
                out,
            );
        }
        if op == "Exists" && !value.is_empty() {
            push(
                cx,
                obj,
                t.get("value").map_or(t.span, |n| n.span),
                format!("{path}.value"),
                msg!(
                    "`operator: Exists` n'a pas de `value`",
                    "`operator: Exists` has no `value`"
                ),
                msg!(
                    "enlevez `value`, ou écrivez `operator: Equal`",
                    "remove `value`, or write `operator: Equal`"
                ),
                out,
            );
        }
        if op == "Equal"
            && let Some(problem) = crate::rules::values::label_value(&value)
        {
            push(
                cx,
                obj,
                t.get("value").map_or(t.span, |n| n.span),
                format!("{path}.value"),
                msg!(
                    "`{value}` n'est pas une valeur de taint valide : {problem}",
                    "`{value}` is not a valid taint value: {problem}",
                    value,
                    problem
                ),
                msg!(
                    "une valeur comme `gpu` ou `true`",
                    "a value like `gpu` or `true`"
                ),
                out,
            );
        }
        if t.get("tolerationSeconds").is_some()
            && t.get("effect").and_then(Node::as_str) != Some("NoExecute")
        {
            push(
                cx,
                obj,
                t.get("tolerationSeconds").map_or(t.span, |n| n.span),
                format!("{path}.effect"),
                msg!(
                    "`tolerationSeconds` ne s'écrit qu'avec `effect: NoExecute`",
                    "`tolerationSeconds` is only written with `effect: NoExecute`"
                ),
                msg!(
                    "écrivez `effect: NoExecute`, ou enlevez `tolerationSeconds`",
                    "write `effect: NoExecute`, or remove `tolerationSeconds`"
                ),
                out,
            );
        }
    }
    if let Some(na) = spec.at("affinity.nodeAffinity") {
        let path =
            format!("{sp}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution");
        if let Some(req) = na.get("requiredDuringSchedulingIgnoredDuringExecution") {
            let terms = req.get("nodeSelectorTerms").map(Node::items).unwrap_or(&[]);
            if terms.is_empty() {
                push(
                    cx,
                    obj,
                    req.span,
                    format!("{path}.nodeSelectorTerms"),
                    msg!(
                        "`nodeSelectorTerms` est vide : il faut au moins un terme",
                        "`nodeSelectorTerms` is empty: at least one term is needed"
                    ),
                    msg!(
                        "ajoutez un terme `- matchExpressions: [...]`",
                        "add a term `- matchExpressions: [...]`"
                    ),
                    out,
                );
            }
            for (t, term) in terms.iter().enumerate() {
                for (k, f) in term
                    .get("matchFields")
                    .map(Node::items)
                    .unwrap_or(&[])
                    .iter()
                    .enumerate()
                {
                    let fp = format!("{path}.nodeSelectorTerms[{t}].matchFields[{k}]");
                    if f.get("key").and_then(Node::as_str) != Some("metadata.name") {
                        push(
                            cx,
                            obj,
                            f.get("key").map_or(f.span, |n| n.span),
                            format!("{fp}.key"),
                            msg!(
                                "`matchFields` ne porte que sur `key: metadata.name`",
                                "`matchFields` is only about `key: metadata.name`"
                            ),
                            msg!(
                                "pour un label de nœud, utilisez `matchExpressions`",
                                "for a node label, use `matchExpressions`"
                            ),
                            out,
                        );
                    }
                    let op = f.get("operator").and_then(Node::as_str).unwrap_or("");
                    if matches!(op, "In" | "NotIn")
                        && f.get("values").map(Node::items).unwrap_or(&[]).len() != 1
                    {
                        push(
                            cx,
                            obj,
                            f.span,
                            format!("{fp}.values"),
                            msg!(
                                "`matchFields` avec `{op}` a exactement une valeur",
                                "`matchFields` with `{op}` has exactly one value",
                                op
                            ),
                            msg!("un seul nom de nœud", "a single node name"),
                            out,
                        );
                    }
                }
            }
        }
    }
    for aff in ["podAffinity", "podAntiAffinity"] {
        let Some(a) = spec.at(&format!("affinity.{aff}")) else {
            continue;
        };
        let base = format!("{sp}.affinity.{aff}");
        let mut terms: Vec<(&Node, String)> = Vec::new();
        for (i, t) in a
            .get("requiredDuringSchedulingIgnoredDuringExecution")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            terms.push((
                t,
                format!("{base}.requiredDuringSchedulingIgnoredDuringExecution[{i}]"),
            ));
        }
        for (i, t) in a
            .get("preferredDuringSchedulingIgnoredDuringExecution")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            if let Some(term) = t.get("podAffinityTerm") {
                terms.push((term, format!("{base}.preferredDuringSchedulingIgnoredDuringExecution[{i}].podAffinityTerm")));
            }
        }
        for (t, p) in terms {
            if t.get("topologyKey")
                .is_none_or(|k| k.scalar_text().is_empty())
            {
                push(
                    cx,
                    obj,
                    t.span,
                    format!("{p}.topologyKey"),
                    msg!(
                        "ce terme d'affinité n'a pas de `topologyKey`",
                        "this affinity term has no `topologyKey`"
                    ),
                    msg!(
                        "par exemple `topologyKey: kubernetes.io/hostname`",
                        "for instance `topologyKey: kubernetes.io/hostname`"
                    ),
                    out,
                );
            }
        }
    }
    for (k, c) in spec
        .get("topologySpreadConstraints")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        let path = format!("{sp}.topologySpreadConstraints[{k}]");
        if c.get("topologyKey")
            .is_none_or(|t| t.scalar_text().is_empty())
        {
            push(
                cx,
                obj,
                c.span,
                format!("{path}.topologyKey"),
                msg!(
                    "cette contrainte de répartition n'a pas de `topologyKey`",
                    "this spread constraint has no `topologyKey`"
                ),
                msg!(
                    "par exemple `topologyKey: kubernetes.io/hostname`",
                    "for instance `topologyKey: kubernetes.io/hostname`"
                ),
                out,
            );
        }
        if let Some(m) = c.get("minDomains")
            && c.get("whenUnsatisfiable").and_then(Node::as_str) == Some("ScheduleAnyway")
        {
            push(
                cx,
                obj,
                m.span,
                format!("{path}.minDomains"),
                msg!(
                    "`minDomains` ne va qu'avec `whenUnsatisfiable: DoNotSchedule`",
                    "`minDomains` only goes with `whenUnsatisfiable: DoNotSchedule`"
                ),
                msg!(
                    "enlevez `minDomains`, ou écrivez `whenUnsatisfiable: DoNotSchedule`",
                    "remove `minDomains`, or write `whenUnsatisfiable: DoNotSchedule`"
                ),
                out,
            );
        }
        if c.get("matchLabelKeys")
            .is_some_and(|m| !m.items().is_empty())
            && c.get("labelSelector").is_none()
        {
            push(
                cx,
                obj,
                c.span,
                format!("{path}.matchLabelKeys"),
                msg!(
                    "`matchLabelKeys` demande un `labelSelector`",
                    "`matchLabelKeys` needs a `labelSelector`"
                ),
                msg!(
                    "ajoutez le `labelSelector` des Pods à répartir",
                    "add the `labelSelector` of the Pods to spread"
                ),
                out,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::findings_of;

    fn pod(spec: &str) -> String {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27.0\n{spec}"
        )
    }

    #[test]
    fn tolerations_and_affinities() {
        assert_eq!(
            findings_of(
                "scheduling-spec",
                &pod("  tolerations:\n  - key: gpu\n    operator: Exists\n    value: \"true\"\n")
            )
            .len(),
            1
        );
        assert_eq!(
            findings_of(
                "scheduling-spec",
                &pod("  tolerations:\n  - operator: Equal\n    value: x\n")
            )
            .len(),
            1
        );
        assert!(
            findings_of(
                "scheduling-spec",
                &pod("  tolerations:\n  - operator: Exists\n")
            )
            .is_empty()
        );
        let dep = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  selector:\n    matchExpressions:\n    - key: app\n      operator: In\n  template:\n    metadata:\n      labels: {app: d}\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.27.0\n";
        assert_eq!(findings_of("scheduling-spec", dep).len(), 1);
    }
}
