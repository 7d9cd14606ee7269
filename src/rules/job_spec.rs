//! `job-spec`: a Job (or a CronJob's `jobTemplate`) spec the API server
//! rejects: Indexed completion settings, the generated selector,
//! `managedBy`, names too long for the pod labels. The pod failure and
//! success policies are `job-policy`'s.

use crate::rules::prelude::*;
use crate::rules::values::key_span;
use crate::rules::values::{domain_prefixed_path, is_dns1123_label};

pub static RULE: Rule = Rule {
    code: Code {
        id: "job-spec",
        family: Family::Value,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "job-cronjob.md",
        summary: Text {
            fr: "Une spec de Job (ou le `jobTemplate` d'un CronJob) que l'API refuse : sélecteur écrit à la main, mode `Indexed` incomplet, nom trop long pour le label `job-name`",
            en: "A Job spec (or a CronJob's `jobTemplate`) the API rejects: a hand-written selector, an incomplete `Indexed` mode, a name too long for the `job-name` label",
        },
        what: Text {
            fr: "Kubernetes génère lui-même le sélecteur d'un Job et les labels `job-name` et `controller-uid` de ses pods : un `selector` écrit sans `manualSelector: true` est refusé (sauf s'il ne parle que de `job-name`), un label `controller-uid` dans le modèle aussi, et le nom d'un Job ne dépasse pas 63 caractères (il devient la valeur du label `job-name`). Dans un CronJob, `jobTemplate.spec.selector` et `manualSelector: true` sont interdits. `completionMode: Indexed` exige `completions` (et un nom de Job qui, suivi de `-<dernier index>`, reste un label DNS), `parallelism` ≤ 100000 ; `backoffLimitPerIndex` et `maxFailedIndexes` exigent le mode `Indexed`, `maxFailedIndexes` exige `backoffLimitPerIndex` et ne dépasse pas `completions`. `managedBy` est un chemin préfixé par un domaine (`example.com/controleur`) de 63 caractères au plus.",
            en: "Kubernetes generates a Job's selector and the `job-name` and `controller-uid` labels of its pods itself: a `selector` written without `manualSelector: true` is rejected (unless it only mentions `job-name`), so is a `controller-uid` label in the template, and a Job's name has at most 63 characters (it becomes the value of the `job-name` label). In a CronJob, `jobTemplate.spec.selector` and `manualSelector: true` are forbidden. `completionMode: Indexed` requires `completions` (and a Job name that, followed by `-<last index>`, stays a DNS label), `parallelism` ≤ 100000; `backoffLimitPerIndex` and `maxFailedIndexes` require the `Indexed` mode, `maxFailedIndexes` requires `backoffLimitPerIndex` and does not exceed `completions`. `managedBy` is a domain-prefixed path (`example.com/controller`) of at most 63 characters.",
        },
        why: Text {
            fr: "Le serveur d'API refuse le Job entier : la tâche ne s'exécute pas. Le cas le plus courant est le `selector` recopié d'un Deployment : pour un Job, Kubernetes en crée un unique à partir de l'identifiant du Job, pour ne jamais adopter les pods d'un autre Job.",
            en: "The API server rejects the whole Job: the task does not run. The most common case is a `selector` copied from a Deployment: for a Job, Kubernetes creates a unique one from the Job's identifier, so as never to adopt the pods of another Job.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/job-spec/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/job-spec/good.yaml"),
    },
    check: Check::Object(check),
};

const UID_LABELS: &[&str] = &["controller-uid", "batch.kubernetes.io/controller-uid"];
const NAME_LABELS: &[&str] = &["job-name", "batch.kubernetes.io/job-name"];

fn int(spec: &Node, key: &str) -> Option<i64> {
    spec.get(key).and_then(Node::as_i64)
}

fn check(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    let p = &obj.prefix;
    match obj.kind.as_str() {
        "Job" => {
            let Some(spec) = obj.spec() else { return };
            job(cx, obj, spec, &format!("{p}spec"), false, out);
            generated_selector(cx, obj, spec, out);
        }
        "CronJob" => {
            let Some(spec) = obj.root.at("spec.jobTemplate.spec") else {
                return;
            };
            let path = format!("{p}spec.jobTemplate.spec");
            job(cx, obj, spec, &path, true, out);
            if spec.get("selector").is_some_and(|n| !n.is_null()) {
                out.push(
                    cx.finding(
                        &RULE,
                        obj,
                        key_span(spec, "selector"),
                        msg!(
                            "un CronJob ne choisit pas le sélecteur de ses Jobs : Kubernetes le génère pour chaque Job créé",
                            "a CronJob does not choose the selector of its Jobs: Kubernetes generates one for each Job it creates"
                        ),
                        msg!(
                            "supprimez `selector` de `jobTemplate.spec`",
                            "remove `selector` from `jobTemplate.spec`"
                        ),
                    )
                    .with_path(format!("{path}.selector")),
                );
            }
            if let Some(node) = spec.get("manualSelector")
                && node.as_bool() == Some(true)
            {
                out.push(
                    cx.finding(
                        &RULE,
                        obj,
                        node.span,
                        msg!(
                            "`manualSelector: true` est interdit dans le `jobTemplate` d'un CronJob",
                            "`manualSelector: true` is forbidden in a CronJob's `jobTemplate`"
                        ),
                        msg!(
                            "supprimez la ligne `manualSelector`",
                            "remove the `manualSelector` line"
                        ),
                    )
                    .with_path(format!("{path}.manualSelector")),
                );
            }
        }
        _ => {}
    }
}

/// The rules shared by a Job and a CronJob's `jobTemplate.spec`.
fn job(
    cx: &ObjCx,
    obj: &Object,
    spec: &Node,
    path: &str,
    in_cronjob: bool,
    out: &mut Vec<Finding>,
) {
    let mode = spec.get("completionMode").and_then(Node::as_str);
    let indexed = mode == Some("Indexed");
    let mut completions = int(spec, "completions");
    let parallelism = int(spec, "parallelism");
    // A Job (not a CronJob's template) defaults both to 1 when both are omitted.
    if !in_cronjob && completions.is_none() && parallelism.is_none() {
        completions = Some(1);
    }
    let per_index = int(spec, "backoffLimitPerIndex");
    let max_failed = int(spec, "maxFailedIndexes");
    let mut err = |span: Span, field: &str, message: Msg, help: Msg| {
        out.push(
            cx.finding(&RULE, obj, span, message, help)
                .with_path(format!("{path}.{field}")),
        );
    };
    if indexed {
        if completions.is_none() {
            err(
                spec.get("completionMode").map_or(spec.span, |n| n.span),
                "completions",
                msg!(
                    "`completionMode: Indexed` exige `completions` : le nombre d'index à exécuter (de 0 à completions-1)",
                    "`completionMode: Indexed` requires `completions`: the number of indexes to run (from 0 to completions-1)"
                ),
                msg!(
                    "ajoutez par exemple `completions: 5` sous `{path}`",
                    "add for instance `completions: 5` under `{path}`",
                    path = path.to_string()
                ),
            );
        }
        if let Some(n) = parallelism.filter(|n| *n > 100_000) {
            err(
                spec.get("parallelism").map_or(spec.span, |x| x.span),
                "parallelism",
                msg!(
                    "`parallelism: {n}` dépasse 100000, le maximum d'un Job `Indexed`",
                    "`parallelism: {n}` exceeds 100000, the maximum of an `Indexed` Job",
                    n
                ),
                msg!(
                    "choisissez `parallelism` de 100000 au plus",
                    "pick a `parallelism` of 100000 at most"
                ),
            );
        }
        if let (Some(c), Some(m)) = (completions, max_failed)
            && m > c
        {
            err(
                spec.get("maxFailedIndexes").map_or(spec.span, |x| x.span),
                "maxFailedIndexes",
                msg!(
                    "`maxFailedIndexes: {m}` dépasse `completions: {c}` : il ne peut pas échouer plus d'index qu'il n'y en a",
                    "`maxFailedIndexes: {m}` exceeds `completions: {c}`: no more indexes can fail than there are",
                    m,
                    c
                ),
                msg!(
                    "écrivez `maxFailedIndexes: {c}` au plus",
                    "write `maxFailedIndexes: {c}` at most",
                    c
                ),
            );
        } else if let Some(m) = max_failed.filter(|m| *m > 100_000) {
            err(
                spec.get("maxFailedIndexes").map_or(spec.span, |x| x.span),
                "maxFailedIndexes",
                msg!(
                    "`maxFailedIndexes: {m}` dépasse 100000",
                    "`maxFailedIndexes: {m}` exceeds 100000",
                    m
                ),
                msg!("choisissez 100000 au plus", "pick 100000 at most"),
            );
        }
        if let Some(c) = completions.filter(|c| *c > 100_000)
            && per_index.is_some()
        {
            if max_failed.is_none() {
                err(
                    key_span(spec, "backoffLimitPerIndex"),
                    "maxFailedIndexes",
                    msg!(
                        "avec `completions: {c}` (plus de 100000) et `backoffLimitPerIndex`, `maxFailedIndexes` est obligatoire",
                        "with `completions: {c}` (more than 100000) and `backoffLimitPerIndex`, `maxFailedIndexes` is required",
                        c
                    ),
                    msg!(
                        "ajoutez `maxFailedIndexes:` (10000 au plus)",
                        "add `maxFailedIndexes:` (10000 at most)"
                    ),
                );
            }
            for (key, v) in [
                ("parallelism", parallelism),
                ("maxFailedIndexes", max_failed),
            ] {
                if let Some(v) = v.filter(|v| *v > 10_000) {
                    err(
                        spec.get(key).map_or(spec.span, |x| x.span),
                        key,
                        msg!(
                            "`{key}: {v}` dépasse 10000, le maximum quand `completions` dépasse 100000 avec `backoffLimitPerIndex`",
                            "`{key}: {v}` exceeds 10000, the maximum when `completions` exceeds 100000 with `backoffLimitPerIndex`",
                            key,
                            v
                        ),
                        msg!("choisissez 10000 au plus", "pick 10000 at most"),
                    );
                }
            }
        }
    }
    if max_failed.is_some() && per_index.is_none() {
        err(
            key_span(spec, "maxFailedIndexes"),
            "backoffLimitPerIndex",
            msg!(
                "`maxFailedIndexes` n'a de sens qu'avec `backoffLimitPerIndex` (le nombre d'échecs permis par index)",
                "`maxFailedIndexes` only makes sense with `backoffLimitPerIndex` (the number of failures allowed per index)"
            ),
            msg!(
                "ajoutez `backoffLimitPerIndex: 1` (avec `completionMode: Indexed`)",
                "add `backoffLimitPerIndex: 1` (with `completionMode: Indexed`)"
            ),
        );
    }
    if matches!(mode, None | Some("NonIndexed")) {
        for key in ["backoffLimitPerIndex", "maxFailedIndexes"] {
            if let Some(node) = spec.get(key).filter(|n| n.as_i64().is_some()) {
                err(
                    node.span,
                    key,
                    msg!(
                        "`{key}` exige `completionMode: Indexed` : sans index, il n'y a pas d'échecs par index à compter",
                        "`{key}` requires `completionMode: Indexed`: without indexes, there are no per-index failures to count",
                        key
                    ),
                    msg!(
                        "ajoutez `completionMode: Indexed` et `completions:`, ou utilisez `backoffLimit`",
                        "add `completionMode: Indexed` and `completions:`, or use `backoffLimit`"
                    ),
                );
            }
        }
    }
    if let Some(node) = spec.get("managedBy")
        && let Some(v) = node.as_str()
    {
        let problem = domain_prefixed_path(v).or_else(|| {
            (v.len() > 63).then(|| {
                let n = v.len();
                msg!(
                    "{n} caractères : 63 au plus",
                    "{n} characters: at most 63",
                    n
                )
            })
        });
        if let Some(problem) = problem {
            err(
                node.span,
                "managedBy",
                msg!(
                    "`managedBy: {v}` n'est pas valide : {problem}",
                    "`managedBy: {v}` is not valid: {problem}",
                    v,
                    problem
                ),
                msg!(
                    "supprimez la ligne (le contrôleur de Jobs de Kubernetes s'en occupe alors), ou nommez le contrôleur externe, par exemple `kueue.x-k8s.io/multikueue`",
                    "remove the line (Kubernetes's Job controller then handles it), or name the external controller, for instance `kueue.x-k8s.io/multikueue`"
                ),
            );
        }
    }
}

/// Does a user-written selector hold for the labels Kubernetes generates
/// (`job-name=<name>`, `controller-uid=<a random uid>`)?
fn matches_generated(selector: &Node, name: &str) -> bool {
    let value_of = |key: &str| -> Option<Option<&str>> {
        if NAME_LABELS.contains(&key) {
            Some(Some(name))
        } else if UID_LABELS.contains(&key) {
            Some(None) // present, value unknown (random)
        } else {
            None
        }
    };
    for e in selector
        .get("matchLabels")
        .map(Node::entries)
        .unwrap_or(&[])
    {
        match value_of(&e.key) {
            Some(Some(v)) if e.value.scalar_text() == v => {}
            _ => return false,
        }
    }
    for expr in selector
        .get("matchExpressions")
        .map(Node::items)
        .unwrap_or(&[])
    {
        let Some(key) = expr.get("key").and_then(Node::as_str) else {
            continue;
        };
        let values: Vec<String> = expr
            .get("values")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .map(Node::scalar_text)
            .collect();
        let holds = match (expr.get("operator").and_then(Node::as_str), value_of(key)) {
            (Some("In"), Some(Some(v))) => values.iter().any(|x| x == v),
            (Some("In"), _) => false,
            (Some("NotIn"), Some(Some(v))) => !values.iter().any(|x| x == v),
            (Some("NotIn"), _) => true,
            (Some("Exists"), found) => found.is_some(),
            (Some("DoesNotExist"), found) => found.is_none(),
            _ => true, // an invalid operator is another rule's
        };
        if !holds {
            return false;
        }
    }
    true
}

/// JOB-06, JOB-07, JOB-05, JOB-13: a Job's own selector and names.
fn generated_selector(cx: &ObjCx, obj: &Object, spec: &Node, out: &mut Vec<Finding>) {
    let p = &obj.prefix;
    let name = &obj.name;
    let manual = spec.get("manualSelector").and_then(Node::as_bool) == Some(true);
    let selector = spec.get("selector").filter(|n| !n.is_null());
    if manual {
        if selector.is_none() {
            out.push(
                cx.finding(
                    &RULE,
                    obj,
                    spec.get("manualSelector").map_or(spec.span, |n| n.span),
                    msg!(
                        "`manualSelector: true` sans `selector` : vous annoncez choisir le sélecteur, mais il n'y en a pas",
                        "`manualSelector: true` without `selector`: you say you choose the selector, but there is none"
                    ),
                    msg!(
                        "supprimez `manualSelector` (Kubernetes génère alors le sélecteur), ou ajoutez un `selector` qui choisit les labels du modèle",
                        "remove `manualSelector` (Kubernetes then generates the selector), or add a `selector` that picks the template labels"
                    ),
                )
                .with_path(format!("{p}spec.selector")),
            );
        }
    } else {
        if let Some(sel) = selector
            && !matches_generated(sel, name)
        {
            out.push(
                cx.finding(
                    &RULE,
                    obj,
                    key_span(spec, "selector"),
                    msg!(
                        "le Job `{name}` a un `selector` écrit à la main sans `manualSelector: true` : Kubernetes génère lui-même le sélecteur d'un Job (à partir de son identifiant), celui-ci serait refusé",
                        "Job `{name}` has a hand-written `selector` without `manualSelector: true`: Kubernetes generates a Job's selector itself (from its identifier), this one would be rejected",
                        name
                    ),
                    msg!(
                        "supprimez le bloc `selector` : les pods du Job seront reconnus par leur label `job-name: {name}`",
                        "remove the `selector` block: the Job's pods will be recognised by their `job-name: {name}` label",
                        name
                    ),
                )
                .with_path(format!("{p}spec.selector")),
            );
        }
        let labels = spec.at("template.metadata.labels");
        for e in labels.map(Node::entries).unwrap_or(&[]) {
            let key = &*e.key;
            let bad = UID_LABELS.contains(&key)
                || (NAME_LABELS.contains(&key) && e.value.scalar_text() != *name);
            if bad {
                let mut path = format!("{p}spec.template.metadata.labels");
                crate::yaml::push_key(&mut path, key);
                out.push(
                    cx.finding(
                        &RULE,
                        obj,
                        e.key_span,
                        msg!(
                            "le label `{key}` est posé par Kubernetes sur les pods d'un Job (avec l'identifiant ou le nom du Job) : une autre valeur est refusée",
                            "label `{key}` is set by Kubernetes on a Job's pods (with the Job's identifier or name): another value is rejected",
                            key
                        ),
                        msg!(
                            "supprimez ce label du modèle de pod",
                            "remove this label from the pod template"
                        ),
                    )
                    .with_path(path),
                );
            }
        }
        // The name becomes the value of the `job-name` label: at most 63.
        if name.len() > 63 {
            let n = name.len();
            out.push(
                cx.finding(
                    &RULE,
                    obj,
                    obj.name_span(),
                    msg!(
                        "le nom du Job a {n} caractères : il devient la valeur du label `job-name` de ses pods, qui en a 63 au plus",
                        "the Job's name has {n} characters: it becomes the value of its pods' `job-name` label, which has at most 63",
                        n
                    ),
                    msg!(
                        "raccourcissez le nom à 63 caractères au plus",
                        "shorten the name to 63 characters at most"
                    ),
                )
                .with_path(format!("{p}metadata.name")),
            );
        }
    }
    // JOB-05: Indexed pods are named `<name>-<index>`, a DNS label.
    let indexed = spec.get("completionMode").and_then(Node::as_str) == Some("Indexed");
    let completions =
        int(spec, "completions").or_else(|| (spec.get("parallelism").is_none()).then_some(1));
    if indexed && let Some(c) = completions.filter(|c| *c > 0) {
        let host = format!("{name}-{}", c - 1);
        if !is_dns1123_label(&host) && name.len() <= 253 {
            out.push(
                cx.finding(
                    &RULE,
                    obj,
                    obj.name_span(),
                    msg!(
                        "les pods d'un Job `Indexed` ont pour nom d'hôte `<nom>-<index>`, ici jusqu'à `{host}`, qui n'est pas un label DNS (63 caractères au plus, sans point)",
                        "the pods of an `Indexed` Job have the host name `<name>-<index>`, here up to `{host}`, which is not a DNS label (at most 63 characters, no dot)",
                        host
                    ),
                    msg!(
                        "choisissez un nom de Job plus court, sans point",
                        "choose a shorter Job name, without dots"
                    ),
                )
                .with_path(format!("{p}metadata.name")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::findings_of;

    fn job(spec: &str, labels: &str) -> String {
        format!(
            "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: report\nspec:\n{spec}  template:\n    metadata:\n      labels:\n        app: report\n{labels}    spec:\n      restartPolicy: Never\n      containers:\n        - name: report\n          image: busybox:1.36\n"
        )
    }

    fn paths(yaml: &str) -> Vec<String> {
        findings_of("job-spec", yaml)
            .iter()
            .map(|f| f.path.clone())
            .collect()
    }

    #[test]
    fn indexed_mode() {
        // JOB-03: parallelism without completions; both omitted default to 1.
        assert_eq!(
            paths(&job("  completionMode: Indexed\n  parallelism: 2\n", "")),
            ["spec.completions"]
        );
        assert!(paths(&job("  completionMode: Indexed\n", "")).is_empty());
        assert_eq!(
            paths(&job(
                "  completionMode: Indexed\n  completions: 3\n  parallelism: 100001\n",
                ""
            )),
            ["spec.parallelism"]
        );
        // JOB-04
        assert_eq!(
            paths(&job("  backoffLimitPerIndex: 1\n", "")),
            ["spec.backoffLimitPerIndex"]
        );
        assert_eq!(
            paths(&job(
                "  completionMode: Indexed\n  completions: 3\n  maxFailedIndexes: 1\n",
                ""
            )),
            ["spec.backoffLimitPerIndex"]
        );
        assert_eq!(
            paths(&job(
                "  completionMode: Indexed\n  completions: 3\n  backoffLimitPerIndex: 1\n  maxFailedIndexes: 4\n",
                ""
            )),
            ["spec.maxFailedIndexes"]
        );
        assert!(paths(&job("  completionMode: Indexed\n  completions: 3\n  backoffLimitPerIndex: 1\n  maxFailedIndexes: 3\n", "")).is_empty());
    }

    #[test]
    fn generated_selector_and_labels() {
        // JOB-06
        assert_eq!(
            paths(&job(
                "  selector:\n    matchLabels:\n      app: report\n",
                ""
            )),
            ["spec.selector"]
        );
        assert!(
            paths(&job(
                "  selector:\n    matchLabels:\n      job-name: report\n",
                ""
            ))
            .is_empty()
        );
        assert!(paths(&job("  selector: {}\n", "")).is_empty());
        assert!(paths(&job("  selector:\n    matchExpressions:\n      - key: app\n        operator: DoesNotExist\n", "")).is_empty());
        assert_eq!(
            paths(&job("", "        controller-uid: abc\n")),
            ["spec.template.metadata.labels.controller-uid"]
        );
        assert!(paths(&job("", "        job-name: report\n")).is_empty());
        // JOB-07
        assert_eq!(
            paths(&job("  manualSelector: true\n", "")),
            ["spec.selector"]
        );
        assert!(
            paths(&job(
                "  manualSelector: true\n  selector:\n    matchLabels:\n      app: report\n",
                ""
            ))
            .is_empty()
        );
        // JOB-13: the name is the job-name label value.
        let long = job("", "").replace(
            "name: report\nspec",
            &format!("name: {}\nspec", "r".repeat(64)),
        );
        assert_eq!(paths(&long), ["metadata.name"]);
        // JOB-05: Indexed host names are DNS labels.
        let dotted = job("  completionMode: Indexed\n  completions: 2\n", "")
            .replace("name: report\nspec", "name: report.v1\nspec");
        assert_eq!(paths(&dotted), ["metadata.name"]);
    }

    #[test]
    fn managed_by_and_cronjob_template() {
        assert_eq!(paths(&job("  managedBy: kueue\n", "")), ["spec.managedBy"]);
        assert!(paths(&job("  managedBy: kueue.x-k8s.io/multikueue\n", "")).is_empty());
        let cj = |extra: &str| {
            format!(
                "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: \"@daily\"\n  jobTemplate:\n    spec:\n{extra}      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n            - name: c\n              image: busybox:1.36\n"
            )
        };
        assert!(paths(&cj("")).is_empty());
        assert_eq!(
            paths(&cj(
                "      selector:\n        matchLabels:\n          app: c\n"
            )),
            ["spec.jobTemplate.spec.selector"]
        );
        assert_eq!(
            paths(&cj("      manualSelector: true\n")),
            ["spec.jobTemplate.spec.manualSelector"]
        );
        // No completions default in a CronJob's template.
        assert_eq!(
            paths(&cj("      completionMode: Indexed\n")),
            ["spec.jobTemplate.spec.completions"]
        );
    }
}
