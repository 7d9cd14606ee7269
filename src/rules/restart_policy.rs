//! `restart-policy`: a pod template `restartPolicy` its controller does not
//! allow: `Always` only for Deployments, StatefulSets, DaemonSets,
//! ReplicaSets and ReplicationControllers; `OnFailure` or `Never` (never the
//! default `Always`) for Jobs and CronJobs, `Never` with a `podFailurePolicy`.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code {
        id: "restart-policy",
        family: Family::Value,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "job-cronjob.md",
        summary: Text {
            fr: "Un `restartPolicy` de modèle de pod que le contrôleur n'accepte pas (`Never` dans un Deployment, rien ou `Always` dans un Job)",
            en: "A pod template `restartPolicy` its controller does not accept (`Never` in a Deployment, nothing or `Always` in a Job)",
        },
        what: Text {
            fr: "Le `restartPolicy` du modèle de pod dépend du contrôleur. Deployment, StatefulSet, DaemonSet, ReplicaSet et ReplicationController n'acceptent que `Always` (la valeur par défaut) : leurs pods doivent tourner sans fin. Un Job ou un CronJob exige `OnFailure` ou `Never`, écrit explicitement : sans `restartPolicy`, la valeur par défaut `Always` est refusée. Avec un `podFailurePolicy`, seul `Never` est permis. Une valeur mal écrite (`never`) est signalée par `invalid-enum`.",
            en: "The pod template's `restartPolicy` depends on the controller. Deployment, StatefulSet, DaemonSet, ReplicaSet and ReplicationController accept only `Always` (the default): their pods must run without end. A Job or a CronJob requires `OnFailure` or `Never`, written explicitly: without `restartPolicy`, the default `Always` is rejected. With a `podFailurePolicy`, only `Never` is allowed. A misspelt value (`never`) is reported by `invalid-enum`.",
        },
        why: Text {
            fr: "Le serveur d'API refuse l'objet entier. Un Job dont les pods redémarreraient toujours ne finirait jamais ; un Deployment dont les pods s'arrêtent pour de bon ne garderait pas ses réplicas. C'est l'erreur la plus fréquente en écrivant son premier Job : on copie un modèle de Deployment, qui n'a pas de `restartPolicy`.",
            en: "The API server rejects the whole object. A Job whose pods would always restart would never finish; a Deployment whose pods stop for good would not keep its replicas. It is the most frequent mistake when writing a first Job: one copies a Deployment template, which has no `restartPolicy`.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/restart-policy/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/restart-policy/good.yaml"),
    },
    check: Check::Object(check),
};

const POLICIES: &[&str] = &["Always", "OnFailure", "Never"];

fn check(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    let kind = obj.kind.as_str();
    let (job_spec_path, pod_path) = match kind {
        "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "ReplicationController" => {
            (None, "spec.template.spec")
        }
        "Job" => (Some("spec"), "spec.template.spec"),
        "CronJob" => (
            Some("spec.jobTemplate.spec"),
            "spec.jobTemplate.spec.template.spec",
        ),
        _ => return,
    };
    let Some(pod) = obj.root.at(pod_path) else {
        return; // no template: `required-field`.
    };
    let p = &obj.prefix;
    let path = format!("{p}{pod_path}.restartPolicy");
    let value = pod.get("restartPolicy").filter(|n| !n.is_null());
    let written = value.and_then(Node::as_str);
    if written.is_some_and(|v| !POLICIES.contains(&v)) {
        return; // `invalid-enum`.
    }
    let Some(job_spec_path) = job_spec_path else {
        // WL-01
        if let (Some(node), Some(v)) = (value, written)
            && v != "Always"
        {
            out.push(
                with_replace(
                    cx.finding(
                        &RULE,
                        obj,
                        node.span,
                        msg!(
                            "`restartPolicy: {v}` est refusé dans un {kind} : ses pods doivent tourner sans fin, seul `Always` est accepté",
                            "`restartPolicy: {v}` is rejected in a {kind}: its pods must run without end, only `Always` is accepted",
                            v,
                            kind
                        ),
                        msg!(
                            "écrivez `restartPolicy: Always`, ou supprimez la ligne (c'est la valeur par défaut) ; pour une tâche qui doit finir, utilisez un Job",
                            "write `restartPolicy: Always`, or remove the line (it is the default); for a task that must finish, use a Job"
                        ),
                    )
                    .with_path(path),
                    node,
                    "Always",
                ),
            );
        }
        return;
    };
    let failure_policy = obj
        .root
        .at(job_spec_path)
        .and_then(|s| s.get("podFailurePolicy"))
        .is_some_and(|n| !n.is_null());
    let good = if failure_policy { "Never" } else { "OnFailure" };
    match (value, written) {
        (None, _) => {
            let span = obj
                .root
                .at(pod_path.rsplit_once('.').map_or(pod_path, |(parent, _)| parent))
                .and_then(|t| t.entry("spec"))
                .map_or(pod.span, |e| e.key_span);
            out.push(
                cx.finding(
                    &RULE,
                    obj,
                    span,
                    msg!(
                        "le modèle de pod de ce {kind} n'a pas de `restartPolicy` : la valeur par défaut, `Always`, est refusée pour un {kind} (un pod qui redémarre toujours ne finit jamais)",
                        "the pod template of this {kind} has no `restartPolicy`: the default, `Always`, is rejected for a {kind} (a pod that always restarts never finishes)",
                        kind
                    ),
                    msg!(
                        "ajoutez `restartPolicy: {good}` sous `{pod_path}` (`OnFailure` relance le conteneur en cas d'échec, `Never` crée un nouveau pod)",
                        "add `restartPolicy: {good}` under `{pod_path}` (`OnFailure` restarts the container on failure, `Never` creates a new pod)",
                        good,
                        pod_path
                    ),
                )
                .with_path(path),
            );
        }
        (Some(node), Some("Always")) => out.push(with_replace(
            cx.finding(
                &RULE,
                obj,
                node.span,
                msg!(
                    "`restartPolicy: Always` est refusé dans un {kind} : un pod qui redémarre toujours ne finirait jamais",
                    "`restartPolicy: Always` is rejected in a {kind}: a pod that always restarts would never finish",
                    kind
                ),
                msg!(
                    "écrivez `restartPolicy: {good}` (`OnFailure` relance le conteneur en cas d'échec, `Never` crée un nouveau pod)",
                    "write `restartPolicy: {good}` (`OnFailure` restarts the container on failure, `Never` creates a new pod)",
                    good
                ),
            )
            .with_path(path),
            node,
            good,
        )),
        (Some(node), Some("OnFailure")) if failure_policy => out.push(with_replace(
            cx.finding(
                &RULE,
                obj,
                node.span,
                msg!(
                    "avec un `podFailurePolicy`, le modèle de pod doit avoir `restartPolicy: Never` : la politique décide de chaque échec de pod, le conteneur ne doit pas être relancé sur place",
                    "with a `podFailurePolicy`, the pod template must have `restartPolicy: Never`: the policy decides on each pod failure, the container must not be restarted in place"
                ),
                msg!(
                    "écrivez `restartPolicy: Never`",
                    "write `restartPolicy: Never`"
                ),
            )
            .with_path(path),
            node,
            "Never",
        )),
        _ => {}
    }
}

fn with_replace(f: Finding, node: &Node, good: &str) -> Finding {
    if !node.span.start.is_known() || node.span.end.line != node.span.start.line {
        return f;
    }
    let good = good.to_string();
    f.with_fix(
        node.span.start,
        node.span.caret_len(),
        crate::diag::Edit::Replace(good.clone()),
        msg!("Remplacer par `{good}`", "Replace with `{good}`", good),
    )
}

#[cfg(test)]
mod tests {
    use crate::rules::findings_of;

    fn job(kind: &str, extra: &str, policy: &str) -> String {
        if kind == "CronJob" {
            let policy = policy.replace("      ", "          ");
            let extra = extra
                .replace("\n  ", "\n      ")
                .replacen("  ", "      ", 1);
            format!(
                "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: \"@hourly\"\n  jobTemplate:\n    spec:\n{extra}      template:\n        spec:\n{policy}          containers:\n            - name: j\n              image: busybox:1.36\n"
            )
        } else {
            format!(
                "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n{extra}  template:\n    spec:\n{policy}      containers:\n        - name: j\n          image: busybox:1.36\n"
            )
        }
    }

    #[test]
    fn jobs_need_on_failure_or_never() {
        for kind in ["Job", "CronJob"] {
            let f = findings_of("restart-policy", &job(kind, "", ""));
            assert_eq!(f.len(), 1, "{kind} without restartPolicy: {f:?}");
            let f = findings_of(
                "restart-policy",
                &job(kind, "", "      restartPolicy: Always\n"),
            );
            assert_eq!(f.len(), 1, "{kind} Always");
            for ok in ["OnFailure", "Never"] {
                assert!(
                    findings_of(
                        "restart-policy",
                        &job(kind, "", &format!("      restartPolicy: {ok}\n"))
                    )
                    .is_empty(),
                    "{kind} {ok}"
                );
            }
            // A misspelt value is `invalid-enum`'s.
            assert!(
                findings_of(
                    "restart-policy",
                    &job(kind, "", "      restartPolicy: never\n")
                )
                .is_empty()
            );
        }
        let yaml = job("CronJob", "", "");
        assert_eq!(
            findings_of("restart-policy", &yaml)[0].path,
            "spec.jobTemplate.spec.template.spec.restartPolicy"
        );
    }

    #[test]
    fn pod_failure_policy_needs_never() {
        let pfp = "  podFailurePolicy:\n    rules:\n      - action: FailJob\n        onExitCodes:\n          operator: In\n          values: [42]\n";
        assert_eq!(
            findings_of(
                "restart-policy",
                &job("Job", pfp, "      restartPolicy: OnFailure\n")
            )
            .len(),
            1
        );
        assert!(
            findings_of(
                "restart-policy",
                &job("Job", pfp, "      restartPolicy: Never\n")
            )
            .is_empty()
        );
    }

    #[test]
    fn controllers_need_always() {
        let deploy = |policy: &str| {
            format!(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n{policy}      containers:\n        - name: web\n          image: nginx:1.27.0\n"
            )
        };
        assert!(findings_of("restart-policy", &deploy("")).is_empty());
        assert!(findings_of("restart-policy", &deploy("      restartPolicy: Always\n")).is_empty());
        let yaml = deploy("      restartPolicy: Never\n");
        let f = findings_of("restart-policy", &yaml);
        assert_eq!(f.len(), 1);
        // The fix gives a valid value.
        let Some(crate::diag::Edit::Replace(good)) = f[0].fix.as_ref().map(|x| x.edit.clone())
        else {
            panic!("no fix")
        };
        let fixed = yaml.replace("restartPolicy: Never", &format!("restartPolicy: {good}"));
        assert!(findings_of("restart-policy", &fixed).is_empty());
    }
}
