//! `missing-identity`: A document without `apiVersion`, `kind` or `metadata.name`.

use crate::rules::prelude::*;
pub static RULE: Rule = Rule {
    code: Code {
        id: "missing-identity",
        family: Family::Input,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "regles.md#missing-identity",
        summary: Text {
            fr: "Un document sans `apiVersion`, `kind` ou `metadata.name`",
            en: "A document without `apiVersion`, `kind` or `metadata.name`",
        },
        what: Text {
            fr: "Chaque document YAML d'un manifeste doit être un dictionnaire avec `apiVersion`, `kind` et `metadata.name` (ou `metadata.generateName`). Les documents vides (`---` en trop) sont ignorés.",
            en: "Every YAML document of a manifest must be a mapping with `apiVersion`, `kind` and `metadata.name` (or `metadata.generateName`). Empty documents (an extra `---`) are skipped.",
        },
        why: Text {
            fr: "Ces trois champs disent à l'API quel objet créer et sous quel nom ; sans eux `kubectl apply` s'arrête. Un oubli typique : `name` écrit au même niveau que `metadata` au lieu d'être indenté dessous.",
            en: "These three fields tell the API which object to create and under which name; without them `kubectl apply` stops. A typical slip: `name` written at the same level as `metadata` instead of indented below it.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/missing-identity/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/missing-identity/good.yaml"),
    },
    check: Check::Document(check),
};

fn check(file: usize, problem: &DocProblem, out: &mut Vec<Finding>) {
    match problem {
        DocProblem::NotAMap { span, .. } => out.push(Finding::new(
            &RULE.code,
            file,
            *span,
            msg!(
                "ce document n'est pas un objet Kubernetes : il devrait commencer par `apiVersion:`, `kind:` et `metadata:`",
                "this document is not a Kubernetes object: it should start with `apiVersion:`, `kind:` and `metadata:`"
            ),
            msg!(
                "un manifeste est un dictionnaire (des clés `nom: valeur`), pas une liste ni un texte seul",
                "a manifest is a mapping (`name: value` keys), not a list or a lone text"
            ),
        )),
        DocProblem::Missing { fields, span, prefix } => {
            let list: Vec<String> = fields.iter().map(|m| format!("`{m}`")).collect();
            out.push(
                Finding::new(
                    &RULE.code,
                    file,
                    *span,
                    msg!(
                        "ce document n'a pas de {list} : Kubernetes ne saurait pas quel objet créer",
                        "this document has no {list}: Kubernetes would not know which object to create",
                        list
                    ),
                    msg!(
                        "chaque objet commence par `apiVersion`, `kind` et `metadata.name` (par exemple `apiVersion: apps/v1`, `kind: Deployment`)",
                        "every object starts with `apiVersion`, `kind` and `metadata.name` (e.g. `apiVersion: apps/v1`, `kind: Deployment`)"
                    ),
                )
                .with_path(prefix.trim_end_matches('.')),
            );
        }
        _ => {}
    }
}
