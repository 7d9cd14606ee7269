//! `required-field`: A required field is missing (`image`, `name`, `containerPort`, `selector`…).

use crate::rules::prelude::*;
pub static RULE: Rule = Rule {
    code: Code {
        id: "required-field",
        family: Family::Schema,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "regles.md#required-field",
        summary: Text {
            fr: "Un champ obligatoire manque (`image`, `name`, `containerPort`, `selector`…)",
            en: "A required field is missing (`image`, `name`, `containerPort`, `selector`…)",
        },
        what: Text {
            fr: "Les champs que le schéma déclare obligatoires doivent être présents : le `name` et l'`image` d'un conteneur, le `containerPort` d'un port, le `selector` et le `template` d'un Deployment, les `containers` d'un pod…",
            en: "The fields the schema declares required must be present: a container's `name` and `image`, a port's `containerPort`, a Deployment's `selector` and `template`, a pod's `containers`…",
        },
        why: Text {
            fr: "Sans eux l'API refuse l'objet (« spec.template.spec.containers[0].image: Required value »). Le vérificateur le dit avant l'envoi, à la ligne concernée.",
            en: "Without them the API rejects the object (\"spec.template.spec.containers[0].image: Required value\"). The checker says so before sending, at the right line.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/required-field/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/required-field/good.yaml"),
    },
    check: Check::Schema,
};

/// Called by the schema walk for a required field that is absent.
pub fn report(
    cx: &ObjCx,
    obj: &Object,
    place: &crate::schema::Place,
    field: &str,
    owner: Span,
    out: &mut Vec<Finding>,
) {
    let here = place.path;
    let mut full = here.to_string();
    crate::yaml::push_key(&mut full, field);
    let def = place.def;
    let (message, help) = match field {
        "image" => (
            msg!(
                "ce conteneur n'a pas d'`image` : Kubernetes ne sait pas quoi lancer",
                "this container has no `image`: Kubernetes does not know what to run"
            ),
            msg!(
                "ajoutez `image: NOM:VERSION`, par exemple `image: nginx:1.27`",
                "add `image: NAME:TAG`, e.g. `image: nginx:1.27`"
            ),
        ),
        "name" if def.ends_with("core.v1.Container") => (
            msg!(
                "ce conteneur n'a pas de `name`",
                "this container has no `name`"
            ),
            msg!(
                "ajoutez `- name: mon-conteneur` (chaque conteneur d'un pod a un nom unique)",
                "add `- name: my-container` (each container of a pod has a unique name)"
            ),
        ),
        "containerPort" => (
            msg!(
                "cet élément de `ports` n'a pas de `containerPort`",
                "this `ports` item has no `containerPort`"
            ),
            msg!(
                "écrivez `- containerPort: 8000` (le port sur lequel l'application écoute)",
                "write `- containerPort: 8000` (the port the application listens on)"
            ),
        ),
        "selector" => (
            msg!(
                "il manque `selector` : le contrôleur ne saurait pas quels pods sont les siens",
                "`selector` is missing: the controller would not know which pods are its own"
            ),
            msg!(
                "ajoutez `selector: {{matchLabels: {{app: …}}}}` avec les mêmes labels que `template.metadata.labels`",
                "add `selector: {{matchLabels: {{app: …}}}}` with the same labels as `template.metadata.labels`"
            ),
        ),
        "template" => (
            msg!(
                "il manque `template` : le modèle des pods à créer",
                "`template` is missing: the model of the pods to create"
            ),
            msg!(
                "ajoutez `template:` avec `metadata.labels` et `spec.containers`",
                "add `template:` with `metadata.labels` and `spec.containers`"
            ),
        ),
        "containers" => (
            msg!(
                "il manque `containers` : un pod sans conteneur ne lance rien",
                "`containers` is missing: a pod without containers runs nothing"
            ),
            msg!(
                "ajoutez `containers:` avec au moins un `- name: … image: …`",
                "add `containers:` with at least one `- name: … image: …`"
            ),
        ),
        _ => (
            msg!(
                "champ obligatoire manquant : `{field}`",
                "required field missing: `{field}`",
                field
            ),
            msg!(
                "ajoutez `{field}:` ici (`{full}`)",
                "add `{field}:` here (`{full}`)",
                field,
                full
            ),
        ),
    };
    out.push(cx.finding(&RULE, obj, owner, message, help).with_path(full));
}
