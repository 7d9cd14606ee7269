//! `unknown-field`: A field that does not exist at that place (with "did you mean").

use crate::rules::prelude::*;
pub static RULE: Rule = Rule {
    code: Code {
        id: "unknown-field",
        family: Family::Schema,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "regles.md#unknown-field",
        summary: Text {
            fr: "Un champ qui n'existe pas à cet endroit (avec « vouliez-vous dire »)",
            en: "A field that does not exist at that place (with \"did you mean\")",
        },
        what: Text {
            fr: "Chaque clé est comparée au schéma officiel de l'objet, à sa place exacte. Tous les champs inconnus sont signalés, avec le champ le plus proche (`contanierPort` → `containerPort`), un champ répété dans lui-même (`resources:` dans `resources:`), ou un champ placé un niveau trop haut ou trop bas.",
            en: "Every key is compared with the object's official schema, at its exact place. Every unknown field is reported, with the closest field (`contanierPort` → `containerPort`), a field repeated inside itself (`resources:` inside `resources:`), or a field placed one level too high or too low.",
        },
        why: Text {
            fr: "Selon la façon dont on l'applique, Kubernetes ignore un champ inconnu ou refuse l'objet. Ignoré, c'est pire : une faute de frappe dans `containerPort` ou `readinessProbe` ne produit aucune erreur, le réglage n'a simplement jamais lieu.",
            en: "Depending on how it is applied, Kubernetes ignores an unknown field or rejects the object. Ignored is worse: a typo in `containerPort` or `readinessProbe` produces no error, the setting simply never happens.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/unknown-field/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/unknown-field/good.yaml"),
    },
    check: Check::Schema,
};

/// Called by the schema walk for a key its schema does not have.
pub fn report(
    cx: &ObjCx,
    obj: &Object,
    place: &crate::schema::Place,
    e: &crate::yaml::Entry,
    fields: &crate::schema::Fields,
    out: &mut Vec<Finding>,
) {
    let key = &*e.key;
    let here = place
        .path
        .strip_suffix(key)
        .unwrap_or(place.path)
        .trim_end_matches(['.', '[', '"'])
        .to_string();
    let holder_is_root = here.is_empty() || here == obj.prefix.trim_end_matches('.');
    let where_ = if holder_is_root {
        Arg::Str(obj.kind.as_str().into())
    } else {
        Arg::Str(format!("`{here}`").into())
    };
    let mut rename = None;
    let help = if fields.holder == Some(key) {
        msg!(
            "`{key}:` est répété à l'intérieur de `{key}:` : supprimez le second et remontez son contenu d'un niveau",
            "`{key}:` is repeated inside `{key}:`: remove the inner one and move its content up one level",
            key
        )
    } else if let Some(s) = fields.closest(key) {
        rename = Some(s.to_string());
        msg!("vouliez-vous dire `{s}` ?", "did you mean `{s}`?", s)
    } else if fields.parent_has(key) {
        msg!(
            "`{key}` existe un niveau au-dessus : vérifiez l'indentation de cette ligne",
            "`{key}` exists one level up: check this line's indentation",
            key
        )
    } else if let Some(child) = fields.child_having(key) {
        msg!(
            "`{key}` se place à l'intérieur de `{child}` : indentez-le sous `{child}:`",
            "`{key}` belongs inside `{child}`: indent it under `{child}:`",
            key,
            child
        )
    } else {
        let mut list: Vec<String> = fields
            .names()
            .filter(|n| *n != "status")
            .map(|n| format!("`{n}`"))
            .collect();
        let more = if list.len() > 12 { ", …" } else { "" };
        list.truncate(12);
        msg!(
            "les champs possibles ici : {list}{more}",
            "the fields allowed here: {list}{more}",
            list,
            more
        )
    };
    let mut f = cx
        .finding(
            &RULE,
            obj,
            e.key_span,
            msg!(
                "champ inconnu `{key}` dans {where_}",
                "unknown field `{key}` in {where_}",
                key,
                where_
            ),
            help,
        )
        .with_path(place.path);
    if let Some(to) = rename
        && e.key_span.start.is_known()
        && e.key_span.caret_len() == key.chars().count() as u32
    {
        f = f.with_fix(
            e.key_span.start,
            key.chars().count() as u32,
            crate::diag::Edit::Replace(to.clone()),
            msg!("Renommer en `{to}`", "Rename to `{to}`", to),
        );
    }
    out.push(f);
}
