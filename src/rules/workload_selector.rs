//! `workload-selector`: a workload's selector selects its own pod template.
//!
//! Complexity: O(n) in the objects: each workload is checked against its own template only.
//! Within one object it is quadratic: each of the M `matchLabels` and E `matchExpressions`
//! looks its key up in the L template labels (`Node::get` scans), and each finding renders the
//! selector again: O((M + E)·(M + L)) per object.

use crate::manifest::Object;
use crate::rules::prelude::*;
use crate::yaml::{Node, Value};

pub static RULE: Rule = Rule {
    code: Code {
        id: "workload-selector",
        family: Family::CrossObject,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "deployment.md",
        summary: Text {
            fr: "Le sélecteur d'un Deployment (StatefulSet, DaemonSet, ReplicaSet, Job) ne sélectionne pas les labels de son modèle de pod",
            en: "The selector of a Deployment (StatefulSet, DaemonSet, ReplicaSet, Job) does not select the labels of its pod template",
        },
        what: Text {
            fr: "Pour un Deployment, un StatefulSet, un DaemonSet, un ReplicaSet ou un Job (si son `selector` est écrit), chaque entrée de `spec.selector.matchLabels` doit figurer, avec la même valeur, dans `spec.template.metadata.labels`, et chaque `matchExpressions` (opérateurs `In`, `NotIn`, `Exists`, `DoesNotExist`) doit être vraie pour ces labels. Le message pointe l'entrée du sélecteur qui ne correspond pas et cite les deux jeux de labels.",
            en: "For a Deployment, a StatefulSet, a DaemonSet, a ReplicaSet or a Job (when its `selector` is written), every entry of `spec.selector.matchLabels` must be in `spec.template.metadata.labels` with the same value, and every `matchExpressions` (operators `In`, `NotIn`, `Exists`, `DoesNotExist`) must hold for those labels. The message points at the selector entry that does not match and quotes both label sets.",
        },
        why: Text {
            fr: "Le contrôleur retrouve ses pods grâce au sélecteur : s'il ne reconnaît pas les pods qu'il crée lui-même, il en créerait sans fin. Kubernetes refuse donc l'objet à l'envoi (« `selector` does not match template `labels` ») et rien n'est déployé. C'est presque toujours une faute de frappe, ou un label modifié d'un seul côté.",
            en: "The controller finds its pods through the selector: if it did not recognise the pods it creates itself, it would create them endlessly. Kubernetes therefore rejects the object on apply (\"`selector` does not match template `labels`\") and nothing is deployed. It is almost always a typo, or a label changed on one side only.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/workload-selector/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/workload-selector/good.yaml"),
    },
    check: Check::Set(check),
};

const KINDS: &[&str] = &[
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "Job",
];

/// `app: web, tier: front` (or a word saying there is none).
fn render_labels(labels: Option<&Node>) -> Arg {
    let entries = labels.map(Node::entries).unwrap_or(&[]);
    if entries.is_empty() {
        return Arg::Text(Text {
            fr: "aucun label",
            en: "no label",
        });
    }
    Arg::Str(
        entries
            .iter()
            .map(|e| format!("`{}: {}`", e.key, e.value.scalar_text()))
            .collect::<Vec<_>>()
            .join(", ")
            .into(),
    )
}

fn label<'n>(labels: Option<&'n Node>, key: &str) -> Option<&'n Node> {
    labels.and_then(|l| l.get(key))
}

fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    for kind in KINDS {
        for obj in ctx.of_kind(kind) {
            check_one(ctx, obj, out);
        }
    }
}

fn check_one(ctx: &Ctx, obj: &Object, out: &mut Vec<Finding>) {
    let Some(spec) = obj.spec() else { return };
    let Some(selector) = spec.get("selector") else {
        return;
    };
    if spec.get("template").is_none() {
        return; // `required-field` reports it.
    }
    let labels = obj.root.at("spec.template.metadata.labels");
    let (kind, name) = (&obj.kind, &obj.name);
    let have = render_labels(labels);
    let prefix = &obj.prefix;
    // A selector of the wrong shape is a schema error (`field-type`), already reported.
    let wrong_shape = !matches!(selector.value, Value::Map(_))
        || selector
            .get("matchLabels")
            .is_some_and(|m| !matches!(m.value, Value::Map(_) | Value::Null))
        || selector
            .get("matchExpressions")
            .is_some_and(|m| !matches!(m.value, Value::Seq(_) | Value::Null));
    if wrong_shape {
        return;
    }
    let match_labels = selector
        .get("matchLabels")
        .map(Node::entries)
        .unwrap_or(&[]);
    let expressions = selector
        .get("matchExpressions")
        .map(Node::items)
        .unwrap_or(&[]);

    if match_labels.is_empty() && expressions.is_empty() && *kind != "Job" {
        let span = spec.entry("selector").map_or(selector.span, |e| e.key_span);
        let sample = labels.and_then(|l| l.entries().first()).map_or_else(
            || "app: …".to_string(),
            |e| format!("{}: {}", e.key, e.value.scalar_text()),
        );
        out.push(
            ctx.finding(
                &RULE,
                obj,
                span,
                msg!("le sélecteur du {kind} `{name}` est vide : il doit choisir les labels de son modèle de pod ({have})", "the selector of {kind} `{name}` is empty: it must pick the labels of its pod template ({have})", kind, name, have),
                msg!("écrivez `matchLabels:` sous `selector:`, avec les labels du modèle de pod, par exemple `{sample}`", "write `matchLabels:` under `selector:`, with the labels of the pod template, for example `{sample}`", sample),
            )
            .with_path(format!("{prefix}spec.selector")),
        );
        return;
    }

    // A Job's pods get `job-name` and `controller-uid` labels from the API
    // server (unless `manualSelector: true`): `job-spec` judges a selector on them.
    let generated = |key: &str| {
        *kind == "Job"
            && spec.get("manualSelector").and_then(Node::as_bool) != Some(true)
            && matches!(
                key,
                "job-name"
                    | "controller-uid"
                    | "batch.kubernetes.io/job-name"
                    | "batch.kubernetes.io/controller-uid"
            )
    };
    for e in match_labels {
        let key = &*e.key;
        if generated(key) {
            continue;
        }
        let want = e.value.scalar_text();
        let path = format!("{prefix}spec.selector.matchLabels.{key}");
        match label(labels, key) {
            Some(v) if v.scalar_text() == want => {}
            Some(v) => {
                let got = v.scalar_text();
                out.push(
                    ctx.finding(
                        &RULE,
                        obj,
                        e.value.span,
                        msg!("le sélecteur du {kind} `{name}` demande `{key}: {want}`, mais le modèle de pod porte `{key}: {got}` (labels du sélecteur : {sel} ; labels du modèle, `spec.template.metadata.labels` : {have})", "the selector of {kind} `{name}` asks for `{key}: {want}`, but the pod template has `{key}: {got}` (selector labels: {sel}; template labels, `spec.template.metadata.labels`: {have})", kind, name, key, want, got, sel = render_labels(selector.get("matchLabels")), have),
                        same_value_help(key, &want, &got, name),
                    )
                    .with_path(path),
                );
            }
            None => {
                out.push(
                    ctx.finding(
                        &RULE,
                        obj,
                        e.key_span,
                        msg!("le sélecteur du {kind} `{name}` demande `{key}: {want}`, mais le modèle de pod n'a pas de label `{key}` (labels du sélecteur : {sel} ; labels du modèle, `spec.template.metadata.labels` : {have})", "the selector of {kind} `{name}` asks for `{key}: {want}`, but the pod template has no `{key}` label (selector labels: {sel}; template labels, `spec.template.metadata.labels`: {have})", kind, name, key, want, sel = render_labels(selector.get("matchLabels")), have),
                        msg!("ajoutez `{key}: {want}` sous `spec.template.metadata.labels` (ou retirez-le du sélecteur)", "add `{key}: {want}` under `spec.template.metadata.labels` (or remove it from the selector)", key, want),
                    )
                    .with_path(path),
                );
            }
        }
    }

    for (i, expr) in expressions.iter().enumerate() {
        let Some(key_node) = expr.get("key") else {
            continue;
        };
        let Some(key) = key_node.as_str() else {
            continue;
        };
        if generated(key) {
            continue;
        }
        let Some(op) = expr.get("operator").and_then(Node::as_str) else {
            continue;
        };
        let values: Vec<String> = expr
            .get("values")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .map(Node::scalar_text)
            .collect();
        let got = label(labels, key).map(Node::scalar_text);
        let holds = match op {
            "In" => got.as_ref().is_some_and(|g| values.contains(g)),
            "NotIn" => got.as_ref().is_none_or(|g| !values.contains(g)),
            "Exists" => got.is_some(),
            "DoesNotExist" => got.is_none(),
            _ => continue, // an unknown operator is a schema matter
        };
        if holds {
            continue;
        }
        let list = values
            .iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let actual = match &got {
            Some(g) => msg!(
                "le modèle de pod porte `{key}: {g}`",
                "the pod template has `{key}: {g}`",
                key,
                g
            ),
            None => msg!(
                "le modèle de pod n'a pas de label `{key}`",
                "the pod template has no `{key}` label",
                key
            ),
        };
        let wants = match op {
            "In" if values.len() == 1 => {
                msg!(
                    "le label `{key}: {p0}`",
                    "label `{key}: {p0}`",
                    key,
                    p0 = values[0]
                )
            }
            "In" => msg!(
                "le label `{key}` avec l'une des valeurs {list}",
                "label `{key}` with one of the values {list}",
                key,
                list
            ),
            "NotIn" => msg!(
                "un label `{key}` différent de {list}",
                "a `{key}` label other than {list}",
                key,
                list
            ),
            "Exists" => msg!("un label `{key}`", "a `{key}` label", key),
            _ => msg!("l'absence de label `{key}`", "no `{key}` label", key),
        };
        let help = match op {
            "In" if values.len() == 1 => msg!(
                "écrivez `{key}: {p0}` sous `spec.template.metadata.labels`",
                "write `{key}: {p0}` under `spec.template.metadata.labels`",
                key,
                p0 = values[0]
            ),
            "In" => msg!(
                "donnez au modèle de pod `{key}:` avec l'une de ces valeurs, sous `spec.template.metadata.labels`",
                "give the pod template `{key}:` with one of these values, under `spec.template.metadata.labels`",
                key
            ),
            "Exists" => msg!(
                "ajoutez un label `{key}` sous `spec.template.metadata.labels`",
                "add a `{key}` label under `spec.template.metadata.labels`",
                key
            ),
            _ => msg!(
                "retirez ou changez le label `{key}` du modèle de pod, ou corrigez l'expression du sélecteur",
                "remove or change the `{key}` label of the pod template, or fix the selector expression",
                key
            ),
        };
        out.push(
            ctx.finding(
                &RULE,
                obj,
                key_node.span,
                msg!("le sélecteur du {kind} `{name}` exige {wants} (`matchExpressions`, opérateur `{op}`), mais {actual} (labels du modèle : {have})", "the selector of {kind} `{name}` requires {wants} (`matchExpressions`, operator `{op}`), but {actual} (template labels: {have})", kind, name, wants, op, actual, have),
                help,
            )
            .with_path(format!("{prefix}spec.selector.matchExpressions[{i}].key")),
        );
    }
}

/// The help of a selector value that differs from the template's: the same
/// value on both sides, never a placeholder (`app: TODO`) as the value to write.
fn same_value_help(key: &str, want: &str, got: &str, name: &str) -> Msg {
    use crate::rules::pitfall_util::is_label_placeholder;
    match (is_label_placeholder(want), is_label_placeholder(got)) {
        (true, false) => msg!(
            "remplacez `{want}`, une valeur à compléter, par le label du modèle de pod : `{key}: {got}` dans le sélecteur",
            "replace `{want}`, a value to fill in, with the pod template's label: `{key}: {got}` in the selector",
            key = key,
            want = want,
            got = got
        ),
        (false, true) => msg!(
            "remplacez `{got}`, une valeur à compléter, par celle du sélecteur : `{key}: {want}` dans `spec.template.metadata.labels`",
            "replace `{got}`, a value to fill in, with the selector's: `{key}: {want}` in `spec.template.metadata.labels`",
            key = key,
            want = want,
            got = got
        ),
        (true, true) => msg!(
            "choisissez une vraie valeur, par exemple `{key}: {name}`, et écrivez-la des deux côtés : dans le sélecteur et dans `spec.template.metadata.labels`",
            "pick a real value, for example `{key}: {name}`, and write it on both sides: in the selector and in `spec.template.metadata.labels`",
            key = key,
            name = name
        ),
        (false, false) => msg!(
            "écrivez la même valeur des deux côtés : `{key}: {want}` dans le sélecteur et dans `spec.template.metadata.labels` (ou `{got}` partout)",
            "write the same value on both sides: `{key}: {want}` in the selector and in `spec.template.metadata.labels` (or `{got}` everywhere)",
            key = key,
            want = want,
            got = got
        ),
    }
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)]
    use crate::rules::prelude::*;

    fn findings(yaml: &str) -> Vec<Finding> {
        crate::rules::findings_of("workload-selector", yaml)
    }

    fn deployment(selector: &str, labels: &str) -> String {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n{selector}  template:\n    metadata:\n      labels:\n{labels}    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n"
        )
    }

    #[test]
    fn matching_selectors_are_fine() {
        let sel = "    matchLabels:\n      app: web\n    matchExpressions:\n      - key: tier\n        operator: In\n        values: [front, back]\n      - key: canary\n        operator: DoesNotExist\n      - key: env\n        operator: NotIn\n        values: [prod]\n";
        assert!(findings(&deployment(sel, "        app: web\n        tier: front\n")).is_empty());
    }

    #[test]
    fn missing_key_points_at_the_key_and_wrong_value_at_the_value() {
        let f = findings(&deployment(
            "    matchLabels:\n      app: web\n      tier: front\n",
            "        app: webapp\n",
        ));
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(f[0].pos.col, 12, "value of `app`");
        assert!(
            f[0].message(crate::i18n::Lang::Fr)
                .contains("`app: webapp`"),
            "{}",
            f[0].message
        );
        assert_eq!(f[1].pos.col, 7, "key `tier`");
        assert_eq!(f[1].path, "spec.selector.matchLabels.tier");
    }

    #[test]
    fn expressions() {
        let sel = "    matchExpressions:\n      - key: tier\n        operator: In\n        values: [back]\n      - key: app\n        operator: DoesNotExist\n";
        let f = findings(&deployment(sel, "        app: web\n        tier: front\n"));
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(
            f[0].message(crate::i18n::Lang::Fr).contains("`tier: back`"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn empty_selector_and_wrong_shape() {
        let f = findings(&deployment("    matchLabels: {}\n", "        app: web\n"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].help(crate::i18n::Lang::Fr).contains("app: web"),
            "{}",
            f[0].help
        );
        assert!(
            findings(&deployment(
                "    matchLabels: app=web\n",
                "        app: web\n"
            ))
            .is_empty()
        );
    }

    #[test]
    fn a_jobs_generated_labels_count() {
        let job = |sel: &str| {
            format!(
                "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  selector:\n{sel}  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: j\n          image: busybox:1.36\n"
            )
        };
        assert!(
            findings(&job(
                "    matchExpressions:\n      - key: controller-uid\n        operator: Exists\n"
            ))
            .is_empty()
        );
        assert!(findings(&job("    matchLabels:\n      job-name: j\n")).is_empty());
    }

    #[test]
    fn job_without_selector_is_fine() {
        let yaml = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: j\n          image: busybox:1.36\n";
        assert!(findings(yaml).is_empty());
    }
}
