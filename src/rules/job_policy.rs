//! `job-policy`: a Job's (or a CronJob's `jobTemplate`'s) pod failure or
//! success policy the API server rejects.

use crate::rules::prelude::*;
use crate::rules::values::key_span;
use crate::rules::values::qualified_name;

pub static RULE: Rule = Rule {
    code: Code {
        id: "job-policy",
        family: Family::Value,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "job-cronjob.md",
        summary: Text {
            fr: "Un `podFailurePolicy` ou un `successPolicy` de Job que l'API refuse : règle sans condition, codes de sortie vides, désordonnés ou en double, `successPolicy` hors du mode `Indexed`",
            en: "A Job `podFailurePolicy` or `successPolicy` the API rejects: a rule without condition, empty, unsorted or repeated exit codes, a `successPolicy` outside the `Indexed` mode",
        },
        what: Text {
            fr: "Chaque règle de `podFailurePolicy` (20 au plus) a exactement un de `onExitCodes` et `onPodConditions` ; `onExitCodes.values` n'est pas vide, est trié par ordre croissant, sans doublon, sans 0 avec `operator: In`, et son `containerName` nomme un conteneur du modèle de pod ; le `type` d'une condition est un nom qualifié ; l'action `FailIndex` exige `backoffLimitPerIndex`. Avec un `podFailurePolicy`, `podReplacementPolicy` vaut `Failed`. Un `successPolicy` exige `completionMode: Indexed` et au moins une règle (20 au plus), chacune avec `succeededCount` ou `succeededIndexes` (des index croissants, sous `completions`).",
            en: "Each `podFailurePolicy` rule (at most 20) has exactly one of `onExitCodes` and `onPodConditions`; `onExitCodes.values` is not empty, sorted in increasing order, without duplicates, without 0 with `operator: In`, and its `containerName` names a container of the pod template; a condition's `type` is a qualified name; the `FailIndex` action requires `backoffLimitPerIndex`. With a `podFailurePolicy`, `podReplacementPolicy` is `Failed`. A `successPolicy` requires `completionMode: Indexed` and at least one rule (at most 20), each with `succeededCount` or `succeededIndexes` (increasing indexes, below `completions`).",
        },
        why: Text {
            fr: "Le serveur d'API refuse le Job entier : la tâche ne s'exécute pas. Ces politiques décident seules quand un Job échoue ou réussit : une règle ambiguë (sans condition, ou avec deux) ne saurait pas quoi faire.",
            en: "The API server rejects the whole Job: the task does not run. These policies alone decide when a Job fails or succeeds: an ambiguous rule (without condition, or with two) would not know what to do.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/job-policy/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/job-policy/good.yaml"),
    },
    check: Check::Object(check),
};

fn check(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    let (spec, path, in_cronjob) = match obj.kind.as_str() {
        "Job" => (obj.spec(), format!("{}spec", obj.prefix), false),
        "CronJob" => (
            obj.root.at("spec.jobTemplate.spec"),
            format!("{}spec.jobTemplate.spec", obj.prefix),
            true,
        ),
        _ => return,
    };
    let Some(spec) = spec else { return };
    let path = path.as_str();
    let indexed = spec.get("completionMode").and_then(Node::as_str) == Some("Indexed");
    let mut completions = spec.get("completions").and_then(Node::as_i64);
    // A Job (not a CronJob's template) defaults both to 1 when both are omitted.
    if !in_cronjob && completions.is_none() && spec.get("parallelism").is_none() {
        completions = Some(1);
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
        findings_of("job-policy", yaml)
            .iter()
            .map(|f| f.path.clone())
            .collect()
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
}
