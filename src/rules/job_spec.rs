//! `job-spec`: a Job (or a CronJob's `jobTemplate`) spec the API server
//! rejects: Indexed completion settings, the generated selector, pod failure
//! and success policies, `managedBy`, names too long for the pod labels.

use crate::rules::prelude::*;
use crate::rules::values::{domain_prefixed_path, is_dns1123_label, qualified_name};

pub static RULE: Rule = Rule {
    code: Code {
        id: "job-spec",
        family: Family::Value,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "job-cronjob.md",
        summary: Text {
            fr: "Une spec de Job (ou le `jobTemplate` d'un CronJob) que l'API refuse : sélecteur écrit à la main, mode `Indexed` incomplet, `podFailurePolicy` ou `successPolicy` mal formés",
            en: "A Job spec (or a CronJob's `jobTemplate`) the API rejects: a hand-written selector, an incomplete `Indexed` mode, a malformed `podFailurePolicy` or `successPolicy`",
        },
        what: Text {
            fr: "Kubernetes génère lui-même le sélecteur d'un Job et les labels `job-name` et `controller-uid` de ses pods : un `selector` écrit sans `manualSelector: true` est refusé (sauf s'il ne parle que de `job-name`), un label `controller-uid` dans le modèle aussi, et le nom d'un Job ne dépasse pas 63 caractères (il devient la valeur du label `job-name`). Dans un CronJob, `jobTemplate.spec.selector` et `manualSelector: true` sont interdits. `completionMode: Indexed` exige `completions` (et un nom de Job qui, suivi de `-<dernier index>`, reste un label DNS), `parallelism` ≤ 100000 ; `backoffLimitPerIndex` et `maxFailedIndexes` exigent le mode `Indexed`, `maxFailedIndexes` exige `backoffLimitPerIndex` et ne dépasse pas `completions`. Chaque règle de `podFailurePolicy` a exactement un de `onExitCodes` et `onPodConditions` ; `onExitCodes.values` n'est pas vide, est trié, sans doublon, sans 0 avec `In`, et son `containerName` nomme un conteneur du modèle ; `FailIndex` exige `backoffLimitPerIndex` ; `podReplacementPolicy` vaut alors `Failed`. `successPolicy` exige le mode `Indexed` et au moins une règle. `managedBy` est un chemin préfixé par un domaine (`example.com/controleur`) de 63 caractères au plus.",
            en: "Kubernetes generates a Job's selector and the `job-name` and `controller-uid` labels of its pods itself: a `selector` written without `manualSelector: true` is rejected (unless it only mentions `job-name`), so is a `controller-uid` label in the template, and a Job's name has at most 63 characters (it becomes the value of the `job-name` label). In a CronJob, `jobTemplate.spec.selector` and `manualSelector: true` are forbidden. `completionMode: Indexed` requires `completions` (and a Job name that, followed by `-<last index>`, stays a DNS label), `parallelism` ≤ 100000; `backoffLimitPerIndex` and `maxFailedIndexes` require the `Indexed` mode, `maxFailedIndexes` requires `backoffLimitPerIndex` and does not exceed `completions`. Each `podFailurePolicy` rule has exactly one of `onExitCodes` and `onPodConditions`; `onExitCodes.values` is not empty, sorted, without duplicates, without 0 with `In`, and its `containerName` names a container of the template; `FailIndex` requires `backoffLimitPerIndex`; `podReplacementPolicy` is then `Failed`. `successPolicy` requires the `Indexed` mode and at least one rule. `managedBy` is a domain-prefixed path (`example.com/controller`) of at most 63 characters.",
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

fn key_span(parent: &Node, key: &str) -> Span {
    parent.entry(key).map_or(parent.span, |e| e.key_span)
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
    let pod_failure = spec.get("podFailurePolicy").filter(|n| !n.is_null());
    if let Some(pfp) = pod_failure {
        pod_failure_policy(cx, obj, spec, pfp, &format!("{path}.podFailurePolicy"), out);
        if let Some(node) = spec.get("podReplacementPolicy")
            && node.as_str() == Some("TerminatingOrFailed")
        {
            out.push(
                cx.finding(
                    &RULE,
                    obj,
                    node.span,
                    msg!(
                        "avec un `podFailurePolicy`, `podReplacementPolicy` doit valoir `Failed` : la politique doit voir chaque pod terminé avant qu'il soit remplacé",
                        "with a `podFailurePolicy`, `podReplacementPolicy` must be `Failed`: the policy must see each pod finish before it is replaced"
                    ),
                    msg!(
                        "écrivez `podReplacementPolicy: Failed`, ou supprimez la ligne (c'est alors la valeur par défaut)",
                        "write `podReplacementPolicy: Failed`, or remove the line (it is then the default)"
                    ),
                )
                .with_path(format!("{path}.podReplacementPolicy")),
            );
        }
    }
    if let Some(sp) = spec.get("successPolicy").filter(|n| !n.is_null()) {
        success_policy(
            cx,
            obj,
            spec,
            sp,
            indexed,
            completions,
            &format!("{path}.successPolicy"),
            out,
        );
    }
}

fn pod_failure_policy(
    cx: &ObjCx,
    obj: &Object,
    spec: &Node,
    pfp: &Node,
    path: &str,
    out: &mut Vec<Finding>,
) {
    let rules = pfp.get("rules").map(Node::items).unwrap_or(&[]);
    let mut err = |span: Span, at: String, message: Msg, help: Msg| {
        out.push(cx.finding(&RULE, obj, span, message, help).with_path(at));
    };
    if rules.len() > 20 {
        let n = rules.len();
        err(
            key_span(pfp, "rules"),
            format!("{path}.rules"),
            msg!(
                "{n} règles dans `podFailurePolicy` : 20 au plus",
                "{n} rules in `podFailurePolicy`: at most 20",
                n
            ),
            msg!(
                "regroupez les codes de sortie de même action dans une seule règle",
                "group the exit codes of the same action into one rule"
            ),
        );
    }
    let containers: Vec<String> = ["containers", "initContainers"]
        .iter()
        .flat_map(|k| {
            spec.at(&format!("template.spec.{k}"))
                .map(Node::items)
                .unwrap_or(&[])
        })
        .filter_map(|c| c.get("name").and_then(Node::as_str).map(str::to_string))
        .collect();
    for (i, rule) in rules.iter().enumerate() {
        let rp = format!("{path}.rules[{i}]");
        let span = rule.entries().first().map_or(rule.span, |e| e.key_span);
        if let Some(a) = rule.get("action")
            && a.as_str() == Some("FailIndex")
            && spec.get("backoffLimitPerIndex").is_none()
        {
            err(
                a.span,
                format!("{rp}.action"),
                msg!(
                    "l'action `FailIndex` exige `backoffLimitPerIndex` (et le mode `Indexed`)",
                    "action `FailIndex` requires `backoffLimitPerIndex` (and the `Indexed` mode)"
                ),
                msg!(
                    "ajoutez `backoffLimitPerIndex: 1` sous la spec du Job, ou choisissez `action: FailJob`",
                    "add `backoffLimitPerIndex: 1` under the Job spec, or choose `action: FailJob`"
                ),
            );
        }
        let exit = rule.get("onExitCodes").filter(|n| !n.is_null());
        let conditions = rule.get("onPodConditions").map(Node::items).unwrap_or(&[]);
        match (exit.is_some(), !conditions.is_empty()) {
            (true, true) => err(
                span,
                rp.clone(),
                msg!(
                    "une règle de `podFailurePolicy` a soit `onExitCodes`, soit `onPodConditions`, pas les deux",
                    "a `podFailurePolicy` rule has either `onExitCodes` or `onPodConditions`, not both"
                ),
                msg!("faites-en deux règles", "make two rules of it"),
            ),
            (false, false) => err(
                span,
                rp.clone(),
                msg!(
                    "cette règle de `podFailurePolicy` ne dit pas quand elle s'applique : il faut `onExitCodes` ou `onPodConditions`",
                    "this `podFailurePolicy` rule does not say when it applies: it needs `onExitCodes` or `onPodConditions`"
                ),
                msg!(
                    "ajoutez par exemple `onExitCodes: {{operator: In, values: [42]}}`",
                    "add for instance `onExitCodes: {{operator: In, values: [42]}}`"
                ),
            ),
            _ => {}
        }
        if conditions.len() > 20 {
            let n = conditions.len();
            err(
                key_span(rule, "onPodConditions"),
                format!("{rp}.onPodConditions"),
                msg!(
                    "{n} conditions : 20 au plus",
                    "{n} conditions: at most 20",
                    n
                ),
                msg!("gardez-en 20 au plus", "keep at most 20"),
            );
        }
        for (j, c) in conditions.iter().enumerate() {
            if let Some(t) = c.get("type")
                && let Some(ty) = t.as_str()
                && let Some(problem) = qualified_name(ty)
            {
                err(
                    t.span,
                    format!("{rp}.onPodConditions[{j}].type"),
                    msg!(
                        "`type: {ty}` n'est pas un nom de condition valide : {problem}",
                        "`type: {ty}` is not a valid condition name: {problem}",
                        ty,
                        problem
                    ),
                    msg!(
                        "écrivez un type de condition de pod, par exemple `DisruptionTarget`",
                        "write a pod condition type, for instance `DisruptionTarget`"
                    ),
                );
            }
        }
        let Some(exit) = exit else { continue };
        let ep = format!("{rp}.onExitCodes");
        if let Some(c) = exit.get("containerName")
            && let Some(name) = c.as_str()
            && !containers.iter().any(|n| n == name)
        {
            let list = containers
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ");
            err(
                c.span,
                format!("{ep}.containerName"),
                msg!(
                    "`containerName: {name}` ne nomme aucun conteneur du modèle de pod ({list})",
                    "`containerName: {name}` names no container of the pod template ({list})",
                    name,
                    list
                ),
                msg!(
                    "écrivez le nom d'un conteneur ou d'un conteneur d'initialisation, ou supprimez la ligne (tous les conteneurs comptent alors)",
                    "write the name of a container or init container, or remove the line (every container then counts)"
                ),
            );
        }
        let in_op = exit.get("operator").and_then(Node::as_str) == Some("In");
        let values = exit.get("values").map(Node::items).unwrap_or(&[]);
        if exit.get("values").is_some() && values.is_empty() {
            err(
                key_span(exit, "values"),
                format!("{ep}.values"),
                msg!(
                    "`onExitCodes.values` est vide : donnez au moins un code de sortie",
                    "`onExitCodes.values` is empty: give at least one exit code"
                ),
                msg!(
                    "écrivez par exemple `values: [1, 42]`",
                    "write for instance `values: [1, 42]`"
                ),
            );
        } else if values.len() > 255 {
            let n = values.len();
            err(
                key_span(exit, "values"),
                format!("{ep}.values"),
                msg!("{n} codes : 255 au plus", "{n} codes: at most 255", n),
                msg!(
                    "utilisez `operator: NotIn` avec la liste inverse",
                    "use `operator: NotIn` with the opposite list"
                ),
            );
        }
        let mut seen = Vec::new();
        let mut ordered = true;
        let mut prev: Option<i64> = None;
        for (j, v) in values.iter().enumerate() {
            let Some(n) = v.as_i64() else { continue };
            if in_op && n == 0 {
                err(
                    v.span,
                    format!("{ep}.values[{j}]"),
                    msg!(
                        "0 n'a pas de sens avec `operator: In` : 0 est le code d'un conteneur qui a réussi",
                        "0 makes no sense with `operator: In`: 0 is the code of a container that succeeded"
                    ),
                    msg!("retirez le 0 de la liste", "remove 0 from the list"),
                );
            }
            if seen.contains(&n) {
                err(
                    v.span,
                    format!("{ep}.values[{j}]"),
                    msg!(
                        "le code {n} apparaît deux fois",
                        "code {n} appears twice",
                        n
                    ),
                    msg!("retirez le doublon", "remove the duplicate"),
                );
            } else {
                seen.push(n);
            }
            if prev.is_some_and(|p| p > n) {
                ordered = false;
            }
            prev = Some(n);
        }
        if !ordered {
            let mut sorted = seen.clone();
            sorted.sort_unstable();
            let sorted = format!(
                "[{}]",
                sorted
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            err(
                key_span(exit, "values"),
                format!("{ep}.values"),
                msg!(
                    "les codes de `onExitCodes.values` doivent être triés par ordre croissant",
                    "the codes of `onExitCodes.values` must be sorted in increasing order"
                ),
                msg!(
                    "écrivez `values: {sorted}`",
                    "write `values: {sorted}`",
                    sorted
                ),
            );
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn success_policy(
    cx: &ObjCx,
    obj: &Object,
    spec: &Node,
    sp: &Node,
    indexed: bool,
    completions: Option<i64>,
    path: &str,
    out: &mut Vec<Finding>,
) {
    let mut err = |span: Span, at: String, message: Msg, help: Msg| {
        out.push(cx.finding(&RULE, obj, span, message, help).with_path(at));
    };
    if !indexed {
        err(
            key_span(spec, "successPolicy"),
            path.to_string(),
            msg!(
                "`successPolicy` exige `completionMode: Indexed` : ses règles parlent d'index réussis",
                "`successPolicy` requires `completionMode: Indexed`: its rules speak of succeeded indexes"
            ),
            msg!(
                "ajoutez `completionMode: Indexed` (avec `completions:`), ou supprimez `successPolicy`",
                "add `completionMode: Indexed` (with `completions:`), or remove `successPolicy`"
            ),
        );
        return;
    }
    let rules = sp.get("rules").map(Node::items).unwrap_or(&[]);
    if rules.is_empty() {
        err(
            key_span(spec, "successPolicy"),
            format!("{path}.rules"),
            msg!(
                "`successPolicy` n'a aucune règle",
                "`successPolicy` has no rule"
            ),
            msg!(
                "ajoutez une règle, par exemple `rules: [{{succeededCount: 1}}]`, ou supprimez `successPolicy`",
                "add a rule, for instance `rules: [{{succeededCount: 1}}]`, or remove `successPolicy`"
            ),
        );
    } else if rules.len() > 20 {
        let n = rules.len();
        err(
            key_span(sp, "rules"),
            format!("{path}.rules"),
            msg!("{n} règles : 20 au plus", "{n} rules: at most 20", n),
            msg!("gardez-en 20 au plus", "keep at most 20"),
        );
    }
    for (i, rule) in rules.iter().enumerate() {
        let rp = format!("{path}.rules[{i}]");
        let indexes = rule.get("succeededIndexes").and_then(Node::as_str);
        let count = rule.get("succeededCount").and_then(Node::as_i64);
        if indexes.is_none() && count.is_none() {
            err(
                rule.span,
                rp.clone(),
                msg!(
                    "cette règle de `successPolicy` n'a ni `succeededCount` ni `succeededIndexes`",
                    "this `successPolicy` rule has neither `succeededCount` nor `succeededIndexes`"
                ),
                msg!(
                    "ajoutez par exemple `succeededCount: 1`",
                    "add for instance `succeededCount: 1`"
                ),
            );
        }
        let Some(c) = completions else { continue };
        let mut total = None;
        if let Some(s) = indexes {
            let node = rule.get("succeededIndexes").unwrap_or(rule);
            if s.len() > 64 * 1024 {
                err(
                    node.span,
                    format!("{rp}.succeededIndexes"),
                    msg!(
                        "`succeededIndexes` dépasse 65536 caractères",
                        "`succeededIndexes` exceeds 65536 characters"
                    ),
                    msg!(
                        "écrivez des intervalles (`0-999`)",
                        "write ranges (`0-999`)"
                    ),
                );
            }
            match indexes_total(s, c) {
                Ok(t) => total = Some(t),
                Err(problem) => err(
                    node.span,
                    format!("{rp}.succeededIndexes"),
                    msg!(
                        "`succeededIndexes: {s}` n'est pas valide : {problem}",
                        "`succeededIndexes: {s}` is not valid: {problem}",
                        s = s.to_string(),
                        problem
                    ),
                    msg!(
                        "écrivez des index croissants de 0 à {last}, séparés par des virgules, avec des intervalles `a-b` (par exemple `0,2-4`)",
                        "write increasing indexes from 0 to {last}, separated by commas, with `a-b` ranges (for instance `0,2-4`)",
                        last = c - 1
                    ),
                ),
            }
        }
        if let Some(n) = count
            && let Some(node) = rule.get("succeededCount")
        {
            let limit = total.map_or(c, |t| t.min(c));
            if n < 0 || n > limit {
                err(
                    node.span,
                    format!("{rp}.succeededCount"),
                    msg!(
                        "`succeededCount: {n}` doit aller de 0 à {limit} (le nombre d'index possibles)",
                        "`succeededCount: {n}` must go from 0 to {limit} (the number of possible indexes)",
                        n,
                        limit
                    ),
                    msg!(
                        "choisissez un nombre de 0 à {limit}",
                        "pick a number from 0 to {limit}",
                        limit
                    ),
                );
            }
        }
    }
}

/// `validateIndexesFormat`: the number of indexes of `0,2-4`, or what is wrong.
fn indexes_total(s: &str, completions: i64) -> Result<i64, Msg> {
    if s.is_empty() {
        return Ok(0);
    }
    let mut last: Option<i64> = None;
    let mut total = 0;
    for interval in s.split(',') {
        let limits: Vec<&str> = interval.split('-').collect();
        if limits.len() > 2 {
            let interval = interval.to_string();
            return Err(msg!(
                "`{interval}` a plus d'un `-`",
                "`{interval}` has more than one `-`",
                interval
            ));
        }
        let num = |t: &str| -> Result<i64, Msg> {
            let n: i64 = t.parse().map_err(|_| {
                let t = t.to_string();
                msg!("`{t}` n'est pas un nombre", "`{t}` is not a number", t)
            })?;
            if n >= completions {
                let t = t.to_string();
                return Err(msg!(
                    "l'index `{t}` dépasse le dernier, {last}",
                    "index `{t}` is beyond the last one, {last}",
                    t,
                    last = completions - 1
                ));
            }
            Ok(n)
        };
        let x = num(limits[0])?;
        let y = if limits.len() == 2 {
            let y = num(limits[1])?;
            if x >= y {
                return Err(msg!(
                    "l'intervalle `{interval}` ne croît pas",
                    "range `{interval}` does not increase",
                    interval = interval.to_string()
                ));
            }
            y
        } else {
            x
        };
        if last.is_some_and(|l| l >= x) {
            return Err(msg!(
                "les index ne sont pas dans l'ordre croissant",
                "the indexes are not in increasing order"
            ));
        }
        total += y - x + 1;
        last = Some(y);
    }
    Ok(total)
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
    use super::*;
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
    fn failure_and_success_policies() {
        let pfp = |rule: &str| {
            job(
                &format!("  podFailurePolicy:\n    rules:\n      - action: FailJob\n{rule}"),
                "",
            )
        };
        assert!(
            paths(&pfp(
                "        onExitCodes:\n          operator: In\n          values: [1, 42]\n"
            ))
            .is_empty()
        );
        assert_eq!(
            paths(&pfp(
                "        onExitCodes:\n          operator: In\n          values: [42, 0, 42]\n"
            )),
            [
                "spec.podFailurePolicy.rules[0].onExitCodes.values",
                "spec.podFailurePolicy.rules[0].onExitCodes.values[1]",
                "spec.podFailurePolicy.rules[0].onExitCodes.values[2]"
            ]
        );
        assert_eq!(
            paths(&pfp(
                "        onExitCodes:\n          containerName: other\n          operator: NotIn\n          values: [0]\n"
            )),
            ["spec.podFailurePolicy.rules[0].onExitCodes.containerName"]
        );
        assert_eq!(
            paths(&pfp("        onPodConditions: []\n")),
            ["spec.podFailurePolicy.rules[0]"]
        );
        assert_eq!(
            paths(&job(
                "  podReplacementPolicy: TerminatingOrFailed\n  podFailurePolicy:\n    rules:\n      - action: Ignore\n        onPodConditions:\n          - type: DisruptionTarget\n",
                ""
            )),
            ["spec.podReplacementPolicy"]
        );
        // JOB-11
        assert_eq!(
            paths(&job(
                "  successPolicy:\n    rules:\n      - succeededCount: 1\n",
                ""
            )),
            ["spec.successPolicy"]
        );
        let indexed = |rules: &str| {
            job(
                &format!(
                    "  completionMode: Indexed\n  completions: 5\n  successPolicy:\n    rules:\n{rules}"
                ),
                "",
            )
        };
        assert!(
            paths(&indexed(
                "      - succeededIndexes: \"0,2-4\"\n        succeededCount: 4\n"
            ))
            .is_empty()
        );
        assert_eq!(
            paths(&indexed("      - succeededIndexes: \"2-4,1\"\n")),
            ["spec.successPolicy.rules[0].succeededIndexes"]
        );
        assert_eq!(
            paths(&indexed("      - succeededCount: 6\n")),
            ["spec.successPolicy.rules[0].succeededCount"]
        );
        assert_eq!(indexes_total("0,2-4", 5).ok(), Some(4));
        assert!(indexes_total("0-5", 5).is_err());
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
