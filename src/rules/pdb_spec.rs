//! `pdb-spec`: a PodDisruptionBudget the API server rejects: both
//! `minAvailable` and `maxUnavailable`, a number that is neither a
//! non-negative integer nor a percentage of at most 100%, a bad selector.

use crate::rules::prelude::*;
use crate::rules::values::{int_or_percent_field, label_selector};

pub static RULE: Rule = Rule {
    code: Code {
        id: "pdb-spec",
        family: Family::Value,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "echelle-retour-arriere.md",
        summary: Text {
            fr: "Un PodDisruptionBudget que l'API refuse : `minAvailable` et `maxUnavailable` ensemble, `\"50\"` sans `%`, pourcentage au-delà de 100 %",
            en: "A PodDisruptionBudget the API rejects: `minAvailable` and `maxUnavailable` together, `\"50\"` without `%`, a percentage above 100%",
        },
        what: Text {
            fr: "Un PodDisruptionBudget donne soit `minAvailable` (le nombre de pods qui doivent rester disponibles), soit `maxUnavailable` (le nombre qui peut manquer), jamais les deux. Chacun est un entier positif ou un pourcentage écrit avec `%` (`50%`), d'au plus `100%`. Son `selector` suit les règles des sélecteurs de labels.",
            en: "A PodDisruptionBudget gives either `minAvailable` (the number of pods that must stay available) or `maxUnavailable` (the number that may be missing), never both. Each is a non-negative integer or a percentage written with `%` (`50%`), of at most `100%`. Its `selector` follows the rules of label selectors.",
        },
        why: Text {
            fr: "Le serveur d'API refuse l'objet entier : rien ne protège alors l'application pendant les maintenances des nœuds, qui peuvent arrêter tous ses pods à la fois.",
            en: "The API server rejects the whole object: nothing then protects the application during node maintenance, which may stop all its pods at once.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/pdb-spec/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/pdb-spec/good.yaml"),
    },
    check: Check::Object(check),
};

fn check(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    if obj.kind != "PodDisruptionBudget" || obj.api_version != "policy/v1" {
        return;
    }
    let Some(spec) = obj.spec() else { return };
    let p = &obj.prefix;
    let min = spec.get("minAvailable").filter(|n| !n.is_null());
    let max = spec.get("maxUnavailable").filter(|n| !n.is_null());
    if min.is_some()
        && let Some(m) = max
    {
        out.push(
            cx.finding(
                &RULE,
                obj,
                spec.entry("maxUnavailable").map_or(m.span, |e| e.key_span),
                msg!(
                    "`minAvailable` et `maxUnavailable` ne peuvent pas être donnés ensemble : ce sont deux façons de dire la même chose",
                    "`minAvailable` and `maxUnavailable` cannot be given together: they are two ways of saying the same thing"
                ),
                msg!(
                    "gardez-en un seul, par exemple `minAvailable: 1`",
                    "keep only one, for instance `minAvailable: 1`"
                ),
            )
            .with_path(format!("{p}spec")),
        );
    }
    for key in ["minAvailable", "maxUnavailable"] {
        let path = format!("{p}spec");
        int_or_percent_field(&RULE, cx, obj, (spec, key), &path, true, out);
    }
    if let Some(sel) = spec.get("selector").filter(|n| !n.is_null()) {
        for (span, sub, problem) in label_selector(sel) {
            out.push(
                cx.finding(
                    &RULE,
                    obj,
                    span,
                    problem,
                    msg!(
                        "reprenez les labels des pods à protéger, tels qu'écrits dans leur modèle",
                        "use the labels of the pods to protect, as written in their template"
                    ),
                )
                .with_path(format!("{p}spec.selector{sub}")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::findings_of;

    fn paths(spec: &str) -> Vec<String> {
        let yaml = format!(
            "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n{spec}  selector:\n    matchLabels:\n      app: web\n"
        );
        findings_of("pdb-spec", &yaml)
            .iter()
            .map(|f| f.path.clone())
            .collect()
    }

    #[test]
    fn budgets() {
        assert!(paths("  minAvailable: 1\n").is_empty());
        assert!(paths("  maxUnavailable: 100%\n").is_empty());
        assert!(paths("").is_empty());
        assert_eq!(paths("  minAvailable: 1\n  maxUnavailable: 1\n"), ["spec"]);
        assert_eq!(paths("  minAvailable: \"50\"\n"), ["spec.minAvailable"]);
        assert_eq!(paths("  maxUnavailable: 150%\n"), ["spec.maxUnavailable"]);
        assert_eq!(paths("  minAvailable: -1\n"), ["spec.minAvailable"]);
    }

    #[test]
    fn selector() {
        let yaml = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web app\n    matchExpressions:\n      - key: tier\n        operator: In\n        values: []\n";
        let p: Vec<String> = findings_of("pdb-spec", yaml)
            .iter()
            .map(|f| f.path.clone())
            .collect();
        assert_eq!(
            p,
            [
                "spec.selector.matchLabels.app",
                "spec.selector.matchExpressions[0].values"
            ]
        );
    }
}
