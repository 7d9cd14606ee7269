//! `workload-spec`: a Deployment, StatefulSet, DaemonSet, ReplicaSet or
//! ReplicationController spec the API server rejects (update strategy,
//! progress deadline, `activeDeadlineSeconds` in the template, RC selector).

use crate::rules::prelude::*;
use crate::rules::values::{IntOrPercent, int_or_percent_problem};
use crate::rules::values::{int_or_percent_field, key_span};

pub static RULE: Rule = Rule {
    code: Code {
        id: "workload-spec",
        family: Family::Value,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "deployment.md",
        summary: Text {
            fr: "Une stratégie de mise à jour, un délai ou un sélecteur de contrôleur (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController) que l'API refuse",
            en: "An update strategy, a deadline or a selector of a controller (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController) that the API rejects",
        },
        what: Text {
            fr: "Vérifie ce que le serveur d'API contrôle dans la spec des contrôleurs de pods. Deployment : `rollingUpdate` est interdit avec `type: Recreate` ; `maxSurge` et `maxUnavailable` sont un entier positif ou un pourcentage écrit avec `%` (`25%`), pas tous les deux à 0, et `maxUnavailable` ne dépasse pas `100%` ; `progressDeadlineSeconds` (600 par défaut) est strictement plus grand que `minReadySeconds`. StatefulSet : `rollingUpdate` n'existe qu'avec `type: RollingUpdate`, et son `maxUnavailable` n'est ni 0 ni plus de `100%`. DaemonSet : exactement un de `maxUnavailable` (1 par défaut) et `maxSurge` (0 par défaut) est non nul, aucun au-delà de `100%`. Les cinq contrôleurs refusent `activeDeadlineSeconds` dans le modèle de pod (un pod qui doit tourner en continu n'a pas de date de fin). ReplicationController : un `template` est obligatoire, et son `selector` (les labels du modèle par défaut) doit correspondre aux labels du modèle.",
            en: "Checks what the API server controls in the spec of pod controllers. Deployment: `rollingUpdate` is forbidden with `type: Recreate`; `maxSurge` and `maxUnavailable` are a non-negative integer or a percentage written with `%` (`25%`), not both 0, and `maxUnavailable` does not exceed `100%`; `progressDeadlineSeconds` (600 by default) is strictly greater than `minReadySeconds`. StatefulSet: `rollingUpdate` only exists with `type: RollingUpdate`, and its `maxUnavailable` is neither 0 nor more than `100%`. DaemonSet: exactly one of `maxUnavailable` (1 by default) and `maxSurge` (0 by default) is non-zero, none above `100%`. The five controllers reject `activeDeadlineSeconds` in the pod template (a pod meant to run continuously has no end date). ReplicationController: a `template` is required, and its `selector` (the template labels by default) must match the template labels.",
        },
        why: Text {
            fr: "Le serveur d'API refuse l'objet entier : rien n'est déployé, et l'ancienne version continue de tourner. Ces valeurs se trompent facilement : `maxSurge: \"25\"` entre guillemets n'est pas un pourcentage, `maxSurge: 0` avec `maxUnavailable: 0` bloquerait toute mise à jour, et `minReadySeconds: 600` sans `progressDeadlineSeconds` ferait échouer chaque déploiement.",
            en: "The API server rejects the whole object: nothing is deployed, and the old version keeps running. These values are easy to get wrong: a quoted `maxSurge: \"25\"` is not a percentage, `maxSurge: 0` with `maxUnavailable: 0` would block every rollout, and `minReadySeconds: 600` without `progressDeadlineSeconds` would make every rollout fail.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/workload-spec/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/workload-spec/good.yaml"),
    },
    check: Check::Object(check),
};

fn check(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    let kind = obj.kind.as_str();
    if !matches!(
        kind,
        "Deployment" | "ReplicaSet" | "StatefulSet" | "DaemonSet" | "ReplicationController"
    ) || !obj.api_version.ends_with("v1")
    {
        return;
    }
    let Some(spec) = obj.spec() else {
        if kind == "ReplicationController" {
            rc_template_missing(cx, obj, obj.kind_span(), out);
        }
        return;
    };
    let p = &obj.prefix;
    match kind {
        "Deployment" => deployment(cx, obj, spec, out),
        "StatefulSet" => statefulset(cx, obj, spec, out),
        "DaemonSet" => daemonset(cx, obj, spec, out),
        "ReplicationController" => replication_controller(cx, obj, spec, out),
        _ => {}
    }
    // WL-02: no deadline for pods that run continuously.
    if let Some(pod) = spec.at("template.spec")
        && let Some(e) = pod.entry("activeDeadlineSeconds")
        && !e.value.is_null()
    {
        let n = e.value.scalar_text();
        let mut f = cx
            .finding(
                &RULE,
                obj,
                e.key_span,
                msg!(
                    "`activeDeadlineSeconds: {n}` est interdit dans le modèle de pod d'un {kind} : ses pods doivent tourner sans fin, le contrôleur les recrée dès qu'ils s'arrêtent",
                    "`activeDeadlineSeconds: {n}` is forbidden in the pod template of a {kind}: its pods must run without end, the controller recreates them as soon as they stop",
                    n,
                    kind
                ),
                msg!(
                    "supprimez la ligne ; pour une tâche qui doit finir, utilisez un Job (son `activeDeadlineSeconds` est permis)",
                    "remove the line; for a task that must finish, use a Job (its `activeDeadlineSeconds` is allowed)"
                ),
            )
            .with_path(format!("{p}spec.template.spec.activeDeadlineSeconds"));
        if e.key_span.start.is_known() && e.value.span.start.line == e.key_span.start.line {
            f = f.with_fix(
                e.key_span.start,
                e.key_span.caret_len(),
                crate::diag::Edit::DeleteLine,
                msg!(
                    "Supprimer `activeDeadlineSeconds`",
                    "Remove `activeDeadlineSeconds`"
                ),
            );
        }
        out.push(f);
    }
}

fn deployment(cx: &ObjCx, obj: &Object, spec: &Node, out: &mut Vec<Finding>) {
    let p = &obj.prefix;
    if let Some(strategy) = spec.get("strategy") {
        let ty = strategy.get("type").and_then(Node::as_str);
        let ru = strategy.get("rollingUpdate").filter(|n| !n.is_null());
        match (ty, ru) {
            (Some("Recreate"), Some(_)) => out.push(
                cx.finding(
                    &RULE,
                    obj,
                    key_span(strategy, "rollingUpdate"),
                    msg!(
                        "`rollingUpdate` est interdit avec `type: Recreate` : la stratégie Recreate arrête tous les anciens pods avant de créer les nouveaux, elle n'a pas de réglage de progression",
                        "`rollingUpdate` is forbidden with `type: Recreate`: the Recreate strategy stops every old pod before creating the new ones, it has no rollout settings"
                    ),
                    msg!(
                        "supprimez le bloc `rollingUpdate`, ou écrivez `type: RollingUpdate` pour une mise à jour progressive",
                        "remove the `rollingUpdate` block, or write `type: RollingUpdate` for a progressive rollout"
                    ),
                )
                .with_path(format!("{p}spec.strategy.rollingUpdate")),
            ),
            (None | Some("RollingUpdate"), Some(ru)) => {
                let path = format!("{p}spec.strategy.rollingUpdate");
                let unavailable = int_or_percent_field(&RULE, cx, obj, (ru, "maxUnavailable"), &path, true, out);
                let surge = int_or_percent_field(&RULE, cx, obj, (ru, "maxSurge"), &path, false, out);
                // Omitted values default to 25%.
                let zero = |v: Option<IntOrPercent>| v.is_some_and(|v| v.value() == 0);
                if zero(unavailable) && zero(surge) {
                    let span = ru
                        .get("maxUnavailable")
                        .map_or_else(|| key_span(strategy, "rollingUpdate"), |n| n.span);
                    out.push(
                        cx.finding(
                            &RULE,
                            obj,
                            span,
                            msg!(
                                "`maxUnavailable` et `maxSurge` valent tous les deux 0 : la mise à jour ne pourrait ni arrêter un ancien pod ni en créer un nouveau, elle ne progresserait jamais",
                                "`maxUnavailable` and `maxSurge` are both 0: the rollout could neither stop an old pod nor create a new one, it would never progress"
                            ),
                            msg!(
                                "mettez `maxSurge: 1` (un pod de plus pendant la mise à jour) ou `maxUnavailable: 1`",
                                "set `maxSurge: 1` (one extra pod during the rollout) or `maxUnavailable: 1`"
                            ),
                        )
                        .with_path(format!("{path}.maxUnavailable")),
                    );
                }
            }
            _ => {}
        }
    }
    // DEP-06: progressDeadlineSeconds (600 by default) > minReadySeconds.
    let min_ready = spec
        .get("minReadySeconds")
        .and_then(Node::as_i64)
        .unwrap_or(0);
    let deadline = spec.get("progressDeadlineSeconds").filter(|n| !n.is_null());
    match deadline {
        Some(d) => {
            if let Some(v) = d.as_i64()
                && v >= 0
                && v <= min_ready
            {
                let good = (min_ready + 60).max(600);
                out.push(
                    cx.finding(
                        &RULE,
                        obj,
                        d.span,
                        msg!(
                            "`progressDeadlineSeconds: {v}` doit être plus grand que `minReadySeconds: {min_ready}` : le déploiement serait déclaré en échec avant qu'un seul pod puisse compter comme prêt",
                            "`progressDeadlineSeconds: {v}` must be greater than `minReadySeconds: {min_ready}`: the rollout would be declared failed before a single pod could count as ready",
                            v,
                            min_ready
                        ),
                        msg!(
                            "écrivez par exemple `progressDeadlineSeconds: {good}`, ou baissez `minReadySeconds`",
                            "write for instance `progressDeadlineSeconds: {good}`, or lower `minReadySeconds`",
                            good
                        ),
                    )
                    .with_path(format!("{p}spec.progressDeadlineSeconds")),
                );
            }
        }
        None if min_ready >= 600 => {
            let good = min_ready + 60;
            let span = spec.get("minReadySeconds").map_or(spec.span, |n| n.span);
            out.push(
                cx.finding(
                    &RULE,
                    obj,
                    span,
                    msg!(
                        "`minReadySeconds: {min_ready}` atteint le délai `progressDeadlineSeconds`, qui vaut 600 par défaut : il doit rester plus petit",
                        "`minReadySeconds: {min_ready}` reaches the `progressDeadlineSeconds` deadline, which is 600 by default: it must stay smaller",
                        min_ready
                    ),
                    msg!(
                        "ajoutez `progressDeadlineSeconds: {good}` sous `spec:`, ou baissez `minReadySeconds`",
                        "add `progressDeadlineSeconds: {good}` under `spec:`, or lower `minReadySeconds`",
                        good
                    ),
                )
                .with_path(format!("{p}spec.minReadySeconds")),
            );
        }
        None => {}
    }
}

fn statefulset(cx: &ObjCx, obj: &Object, spec: &Node, out: &mut Vec<Finding>) {
    let p = &obj.prefix;
    let Some(strategy) = spec.get("updateStrategy") else {
        return;
    };
    let ty = strategy.get("type").and_then(Node::as_str);
    let Some(ru) = strategy.get("rollingUpdate").filter(|n| !n.is_null()) else {
        return;
    };
    let path = format!("{p}spec.updateStrategy.rollingUpdate");
    match ty {
        Some("OnDelete") => out.push(
            cx.finding(
                &RULE,
                obj,
                key_span(strategy, "rollingUpdate"),
                msg!(
                    "`rollingUpdate` n'existe qu'avec `type: RollingUpdate` : avec `OnDelete`, c'est vous qui supprimez les pods un à un",
                    "`rollingUpdate` only exists with `type: RollingUpdate`: with `OnDelete`, you delete the pods one by one yourself"
                ),
                msg!(
                    "supprimez le bloc `rollingUpdate`, ou écrivez `type: RollingUpdate`",
                    "remove the `rollingUpdate` block, or write `type: RollingUpdate`"
                ),
            )
            .with_path(path),
        ),
        None | Some("RollingUpdate") => {
            if let Some(v) = int_or_percent_field(&RULE, cx, obj, (ru, "maxUnavailable"), &path, true, out)
                && v.value() == 0
                && int_or_percent_problem(v, true).is_none()
                && let Some(node) = ru.get("maxUnavailable")
            {
                out.push(
                    cx.finding(
                        &RULE,
                        obj,
                        node.span,
                        msg!(
                            "`maxUnavailable` ne peut pas valoir 0 : la mise à jour ne pourrait remplacer aucun pod",
                            "`maxUnavailable` cannot be 0: the rollout could not replace any pod"
                        ),
                        msg!(
                            "écrivez `maxUnavailable: 1` (la valeur par défaut), ou supprimez la ligne",
                            "write `maxUnavailable: 1` (the default), or remove the line"
                        ),
                    )
                    .with_path(format!("{path}.maxUnavailable")),
                );
            }
        }
        _ => {}
    }
}

fn daemonset(cx: &ObjCx, obj: &Object, spec: &Node, out: &mut Vec<Finding>) {
    let p = &obj.prefix;
    let Some(strategy) = spec.get("updateStrategy") else {
        return;
    };
    if !matches!(
        strategy.get("type").and_then(Node::as_str),
        None | Some("RollingUpdate")
    ) {
        return; // OnDelete ignores rollingUpdate; other values: `invalid-enum`.
    }
    let Some(ru) = strategy.get("rollingUpdate").filter(|n| !n.is_null()) else {
        return;
    };
    let path = format!("{p}spec.updateStrategy.rollingUpdate");
    // Omitted: maxUnavailable 1, maxSurge 0.
    let unavailable =
        int_or_percent_field(&RULE, cx, obj, (ru, "maxUnavailable"), &path, true, out)
            .map_or(1, IntOrPercent::value);
    let surge = int_or_percent_field(&RULE, cx, obj, (ru, "maxSurge"), &path, true, out)
        .map_or(0, IntOrPercent::value);
    if unavailable != 0 && surge != 0 {
        let span = ru.get("maxSurge").map_or(ru.span, |n| n.span);
        let implicit = ru.get("maxUnavailable").is_none();
        let message = if implicit {
            msg!(
                "`maxSurge` est non nul alors que `maxUnavailable` vaut 1 par défaut : un DaemonSet n'accepte qu'un des deux",
                "`maxSurge` is non-zero while `maxUnavailable` is 1 by default: a DaemonSet accepts only one of the two"
            )
        } else {
            msg!(
                "`maxSurge` et `maxUnavailable` sont tous deux non nuls : un DaemonSet n'accepte qu'un des deux (un pod par nœud : soit on en ajoute un avant d'arrêter l'ancien, soit on arrête l'ancien d'abord)",
                "`maxSurge` and `maxUnavailable` are both non-zero: a DaemonSet accepts only one of the two (one pod per node: either a new one starts before the old one stops, or the old one stops first)"
            )
        };
        out.push(
            cx.finding(
                &RULE,
                obj,
                span,
                message,
                msg!(
                    "gardez `maxSurge` et écrivez `maxUnavailable: 0`, ou supprimez `maxSurge`",
                    "keep `maxSurge` and write `maxUnavailable: 0`, or remove `maxSurge`"
                ),
            )
            .with_path(format!("{path}.maxSurge")),
        );
    } else if unavailable == 0 && surge == 0 {
        let span = ru.get("maxUnavailable").map_or(ru.span, |n| n.span);
        out.push(
            cx.finding(
                &RULE,
                obj,
                span,
                msg!(
                    "`maxUnavailable` et `maxSurge` valent 0 : la mise à jour du DaemonSet ne progresserait jamais",
                    "`maxUnavailable` and `maxSurge` are 0: the DaemonSet rollout would never progress"
                ),
                msg!(
                    "écrivez `maxUnavailable: 1` (la valeur par défaut)",
                    "write `maxUnavailable: 1` (the default)"
                ),
            )
            .with_path(format!("{path}.maxUnavailable")),
        );
    }
}

fn rc_template_missing(cx: &ObjCx, obj: &Object, span: Span, out: &mut Vec<Finding>) {
    out.push(
        cx.finding(
            &RULE,
            obj,
            span,
            msg!(
                "ce ReplicationController n'a pas de `spec.template` : il ne saurait pas quels pods créer",
                "this ReplicationController has no `spec.template`: it would not know which pods to create"
            ),
            msg!(
                "ajoutez `template:` avec `metadata.labels` et `spec.containers` (ou, mieux, utilisez un Deployment)",
                "add `template:` with `metadata.labels` and `spec.containers` (or, better, use a Deployment)"
            ),
        )
        .with_path(format!("{}spec.template", obj.prefix)),
    );
}

fn replication_controller(cx: &ObjCx, obj: &Object, spec: &Node, out: &mut Vec<Finding>) {
    let p = &obj.prefix;
    let name = &obj.name;
    let Some(template) = spec.get("template").filter(|n| !n.is_null()) else {
        rc_template_missing(
            cx,
            obj,
            obj.root.entry("spec").map_or(spec.span, |e| e.key_span),
            out,
        );
        return;
    };
    let labels = template.at("metadata.labels");
    let selector = spec.get("selector").filter(|s| !s.entries().is_empty());
    let Some(selector) = selector else {
        // Defaulted to the template labels.
        if labels.is_none_or(|l| l.entries().is_empty()) {
            out.push(
                cx.finding(
                    &RULE,
                    obj,
                    obj.root.entry("spec").map_or(spec.span, |e| e.key_span),
                    msg!(
                        "le ReplicationController `{name}` n'a ni `selector` ni labels dans son modèle de pod : il ne pourrait pas reconnaître ses pods",
                        "ReplicationController `{name}` has neither a `selector` nor labels in its pod template: it could not recognise its pods",
                        name
                    ),
                    msg!(
                        "ajoutez des labels sous `spec.template.metadata.labels`, par exemple `app: {name}` (le sélecteur les reprend par défaut)",
                        "add labels under `spec.template.metadata.labels`, for instance `app: {name}` (the selector takes them by default)",
                        name
                    ),
                )
                .with_path(format!("{p}spec.selector")),
            );
        }
        return;
    };
    for e in selector.entries() {
        let key = &*e.key;
        let want = e.value.scalar_text();
        let got = labels.and_then(|l| l.get(key)).map(Node::scalar_text);
        if got.as_deref() == Some(want.as_str()) {
            continue;
        }
        let mut path = format!("{p}spec.selector");
        crate::yaml::push_key(&mut path, key);
        let message = match &got {
            Some(g) => msg!(
                "le sélecteur du ReplicationController `{name}` demande `{key}: {want}`, mais le modèle de pod porte `{key}: {g}`",
                "the selector of ReplicationController `{name}` asks for `{key}: {want}`, but the pod template has `{key}: {g}`",
                name,
                key,
                want,
                g
            ),
            None => msg!(
                "le sélecteur du ReplicationController `{name}` demande `{key}: {want}`, mais le modèle de pod n'a pas de label `{key}`",
                "the selector of ReplicationController `{name}` asks for `{key}: {want}`, but the pod template has no `{key}` label",
                name,
                key,
                want
            ),
        };
        out.push(
            cx.finding(
                &RULE,
                obj,
                e.key_span,
                message,
                msg!(
                    "écrivez `{key}: {want}` sous `spec.template.metadata.labels`, ou supprimez `selector` (il reprend alors les labels du modèle)",
                    "write `{key}: {want}` under `spec.template.metadata.labels`, or remove `selector` (it then takes the template labels)",
                    key,
                    want
                ),
            )
            .with_path(path),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::findings_of;

    fn paths(yaml: &str) -> Vec<String> {
        findings_of("workload-spec", yaml)
            .iter()
            .map(|f| f.path.clone())
            .collect()
    }

    fn deployment(spec: &str) -> String {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n{spec}  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27.0\n"
        )
    }

    #[test]
    fn deployment_strategy() {
        // DEP-02
        assert_eq!(
            paths(&deployment(
                "  strategy:\n    type: Recreate\n    rollingUpdate:\n      maxSurge: 1\n"
            )),
            ["spec.strategy.rollingUpdate"]
        );
        assert!(paths(&deployment("  strategy:\n    type: Recreate\n")).is_empty());
        // DEP-03: a quoted number is not a percentage; a negative number is refused.
        assert_eq!(
            paths(&deployment(
                "  strategy:\n    rollingUpdate:\n      maxSurge: \"25\"\n"
            )),
            ["spec.strategy.rollingUpdate.maxSurge"]
        );
        assert_eq!(
            paths(&deployment(
                "  strategy:\n    rollingUpdate:\n      maxSurge: -1\n"
            )),
            ["spec.strategy.rollingUpdate.maxSurge"]
        );
        // DEP-04: both zero, `0%` counts as zero; one omitted defaults to 25%.
        assert_eq!(
            paths(&deployment(
                "  strategy:\n    rollingUpdate:\n      maxSurge: 0%\n      maxUnavailable: 0\n"
            )),
            ["spec.strategy.rollingUpdate.maxUnavailable"]
        );
        assert!(
            paths(&deployment(
                "  strategy:\n    rollingUpdate:\n      maxSurge: 0\n"
            ))
            .is_empty()
        );
        // DEP-05: maxUnavailable at most 100%, maxSurge may exceed it.
        assert_eq!(
            paths(&deployment(
                "  strategy:\n    rollingUpdate:\n      maxUnavailable: 150%\n"
            )),
            ["spec.strategy.rollingUpdate.maxUnavailable"]
        );
        assert!(paths(&deployment("  strategy:\n    rollingUpdate:\n      maxSurge: 150%\n      maxUnavailable: 100%\n")).is_empty());
    }

    #[test]
    fn deployment_progress_deadline() {
        assert_eq!(
            paths(&deployment(
                "  minReadySeconds: 5\n  progressDeadlineSeconds: 5\n"
            )),
            ["spec.progressDeadlineSeconds"]
        );
        assert!(
            paths(&deployment(
                "  minReadySeconds: 5\n  progressDeadlineSeconds: 6\n"
            ))
            .is_empty()
        );
        // The default deadline is 600.
        assert_eq!(
            paths(&deployment("  minReadySeconds: 600\n")),
            ["spec.minReadySeconds"]
        );
        assert!(paths(&deployment("  minReadySeconds: 599\n")).is_empty());
    }

    #[test]
    fn template_deadline_is_forbidden() {
        let yaml = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: d\nspec:\n  selector:\n    matchLabels:\n      app: d\n  template:\n    metadata:\n      labels:\n        app: d\n    spec:\n      activeDeadlineSeconds: 60\n      containers:\n        - name: d\n          image: busybox:1.36\n";
        let f = findings_of("workload-spec", yaml);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].path, "spec.template.spec.activeDeadlineSeconds");
        assert!(f[0].fix.is_some());
    }

    fn statefulset(strategy: &str) -> String {
        format!(
            "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  selector:\n    matchLabels:\n      app: db\n  updateStrategy:\n{strategy}  template:\n    metadata:\n      labels:\n        app: db\n    spec:\n      containers:\n        - name: db\n          image: postgres:16.4\n"
        )
    }

    #[test]
    fn statefulset_strategy() {
        // STS-03
        assert_eq!(
            paths(&statefulset(
                "    type: OnDelete\n    rollingUpdate:\n      partition: 0\n"
            )),
            ["spec.updateStrategy.rollingUpdate"]
        );
        // STS-04: maxUnavailable is not 0, at most 100%.
        assert_eq!(
            paths(&statefulset(
                "    rollingUpdate:\n      maxUnavailable: 0\n"
            )),
            ["spec.updateStrategy.rollingUpdate.maxUnavailable"]
        );
        assert_eq!(
            paths(&statefulset(
                "    rollingUpdate:\n      maxUnavailable: 101%\n"
            )),
            ["spec.updateStrategy.rollingUpdate.maxUnavailable"]
        );
        assert!(paths(&statefulset("    type: RollingUpdate\n    rollingUpdate:\n      maxUnavailable: 50%\n      partition: 1\n")).is_empty());
    }

    fn daemonset(ru: &str) -> String {
        format!(
            "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: d\nspec:\n  selector:\n    matchLabels:\n      app: d\n  updateStrategy:\n    rollingUpdate:\n{ru}  template:\n    metadata:\n      labels:\n        app: d\n    spec:\n      containers:\n        - name: d\n          image: busybox:1.36\n"
        )
    }

    #[test]
    fn daemonset_strategy() {
        // DS-03: maxUnavailable defaults to 1, so maxSurge alone is refused.
        assert_eq!(
            paths(&daemonset("      maxSurge: 1\n")),
            ["spec.updateStrategy.rollingUpdate.maxSurge"]
        );
        assert!(paths(&daemonset("      maxSurge: 1\n      maxUnavailable: 0\n")).is_empty());
        assert_eq!(
            paths(&daemonset("      maxUnavailable: 0\n")),
            ["spec.updateStrategy.rollingUpdate.maxUnavailable"]
        );
        // DS-02: maxSurge is also bounded by 100%.
        assert_eq!(
            paths(&daemonset(
                "      maxSurge: 200%\n      maxUnavailable: 0\n"
            )),
            ["spec.updateStrategy.rollingUpdate.maxSurge"]
        );
        assert!(paths(&daemonset("      maxUnavailable: 10%\n")).is_empty());
    }

    #[test]
    fn replication_controller() {
        let rc = |selector: &str, labels: &str| {
            format!(
                "apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: legacy\nspec:\n{selector}  template:\n    metadata:\n{labels}    spec:\n      containers:\n        - name: app\n          image: nginx:1.27.0\n"
            )
        };
        // RC-01: an omitted selector takes the template labels.
        assert!(paths(&rc("", "      labels:\n        app: legacy\n")).is_empty());
        assert_eq!(paths(&rc("", "      name: x\n")), ["spec.selector"]);
        assert_eq!(
            paths(&rc(
                "  selector:\n    app: other\n",
                "      labels:\n        app: legacy\n"
            )),
            ["spec.selector.app"]
        );
        assert_eq!(
            paths(
                "apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: legacy\nspec:\n  replicas: 1\n"
            ),
            ["spec.template"]
        );
    }

    #[test]
    fn suggested_values_are_valid() {
        for bad in ["\"25\"", "-1", "\"abc\"", "150%"] {
            let yaml = deployment(&format!(
                "  strategy:\n    rollingUpdate:\n      maxUnavailable: {bad}\n"
            ));
            let f = findings_of("workload-spec", &yaml);
            let Some(crate::diag::Edit::Replace(good)) = f[0].fix.as_ref().map(|x| x.edit.clone())
            else {
                panic!("{bad}: no fix")
            };
            let fixed = yaml.replace(
                &format!("maxUnavailable: {bad}"),
                &format!("maxUnavailable: {good}"),
            );
            assert!(
                findings_of("workload-spec", &fixed).is_empty(),
                "{bad} → {good}"
            );
        }
    }
}
