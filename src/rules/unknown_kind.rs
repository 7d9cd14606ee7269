//! `unknown-kind`: A `kind` that does not exist (with the closest suggestion).

use crate::rules::prelude::*;
pub static RULE: Rule = Rule {
    code: Code {
        id: "unknown-kind",
        family: Family::Schema,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "regles.md#unknown-kind",
        summary: Text {
            fr: "Un `kind` qui n'existe pas (avec la suggestion la plus proche)",
            en: "A `kind` that does not exist (with the closest suggestion)",
        },
        what: Text {
            fr: "Le `kind` doit être un type connu de Kubernetes pour son `apiVersion`. S'il ressemble à un type connu (`Deployement`, `deployment`), la règle le propose. Les types venant de CRD (groupes hors Kubernetes, comme `cert-manager.io`) ne sont pas des erreurs : voir `custom-resource`.",
            en: "The `kind` must be a type Kubernetes knows for its `apiVersion`. If it looks like a known type (`Deployement`, `deployment`), the rule suggests it. Kinds from CRDs (groups outside Kubernetes, such as `cert-manager.io`) are not errors: see `custom-resource`.",
        },
        why: Text {
            fr: "L'API répond « no matches for kind » et rien n'est créé. La casse compte : `deployment` n'est pas `Deployment`.",
            en: "The API answers \"no matches for kind\" and nothing is created. Case matters: `deployment` is not `Deployment`.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/unknown-kind/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/unknown-kind/good.yaml"),
    },
    check: Check::Schema,
};

/// Called by the schema pass for a kind that no built-in API group has.
pub fn report(cx: &ObjCx, obj: &Object, suggestion: Option<&'static str>, out: &mut Vec<Finding>) {
    let (kind, api) = (&obj.kind, &obj.api_version);
    let (message, help) = match suggestion {
        Some(s) => {
            let right_api = crate::schema::api_version_of(s).unwrap_or("");
            (
                msg!(
                    "le type `{kind}` n'existe pas ; vouliez-vous dire `{s}` ?",
                    "kind `{kind}` does not exist; did you mean `{s}`?",
                    kind,
                    s
                ),
                msg!(
                    "écrivez `kind: {s}` (avec `apiVersion: {right_api}`) ; la casse compte",
                    "write `kind: {s}` (with `apiVersion: {right_api}`); case matters",
                    s,
                    right_api
                ),
            )
        }
        None => (
            msg!(
                "le type `{kind}` n'existe pas dans `{api}`",
                "kind `{kind}` does not exist in `{api}`",
                kind,
                api
            ),
            msg!(
                "les types du cours : Pod, Deployment, Service, Ingress, ConfigMap, Secret, Namespace, PersistentVolumeClaim ; la liste complète : `kubectl api-resources`",
                "the course's kinds: Pod, Deployment, Service, Ingress, ConfigMap, Secret, Namespace, PersistentVolumeClaim; the full list: `kubectl api-resources`"
            ),
        ),
    };
    out.push(
        cx.finding(&RULE, obj, obj.kind_span(), message, help)
            .with_path(format!("{}kind", obj.prefix)),
    );
}
